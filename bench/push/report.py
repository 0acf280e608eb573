"""Prints bench/push/results.json (or the results file given) as markdown: the tables of the push section
of bench/RESULTS.md."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TARGET_SECONDS, TARGET_RATIO, TARGET_DELIVERIES = 15.0, 0.45, 10_000


def _verdict(ok: bool) -> str:
    return "pass" if ok else "**fail**"


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {count:,}" for name, count in sorted(counts.items()))


def measured_run(results: dict[str, Any]) -> list[str]:
    pipeline, settings, commands = results["pipeline"], results["settings"], results["commands"]
    stages, cpu = pipeline["stages_s"], pipeline["cpu_s"]
    disturbed = pipeline["interference"] > results["config"]["max_interference"]
    mark = " †" if disturbed else ""
    return [
        f"**Processes**: `{commands['worker']}`; `{commands['beat']}` separately (relay every "
        f"{settings['VOLUMAP_OUTBOX_RELAY_INTERVAL_S']} s, sweep every "
        f"{settings['VOLUMAP_PUSH_SWEEP_INTERVAL_S']} s); `{commands['push_service']}`. Chunks of "
        f"{settings['push_chunk_size']} deliveries, "
        f"{settings['push_in_flight']} requests in flight per worker process, answers recorded "
        f"{settings.get('push_answer_batch', 50)} at a time.",
        "",
        f"### Measured run: one offer, {pipeline['deliveries']:,} matching devices",
        "",
        "| publish → last message s | publish → last `sent_at` s | deliveries/s | relay hand-over s "
        "| deliveries queued s | first chunk sent s | worker CPU s (main process) | sends per worker CPU-s "
        "| push service CPU s | PostgreSQL CPU s | other CPU s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {pipeline['publish_to_last_received_s']:.2f} | {pipeline['publish_to_last_sent_s']:.2f} "
        f"| {pipeline['deliveries_per_s']:,.0f} | {stages['dispatched']:.2f} | {stages['queued']:.2f} "
        f"| {stages['first_chunk_sent']:.2f} "
        f"| {cpu.get('worker', 0):.2f} ({pipeline['worker_main_cpu_s']:.2f}) "
        f"| {pipeline['sends_per_worker_cpu_s']:,.0f}{mark} | {cpu.get('push_service', 0):.2f} "
        f"| {cpu.get('postgres', 0):.2f} | {cpu.get('other', 0):.2f} |",
        "",
        "Times in seconds after the commit of the `offer.published` outbox event. *Worker CPU*: utime + "
        "stime of the worker's main process and its pool, from /proc; the push service (which verifies every "
        f"VAPID JWT and decrypts every message), beat ({cpu.get('beat', 0):.2f} s) and PostgreSQL are "
        "processes of their own and not counted. The idle worker (relay and sweep ticks) used "
        f"{pipeline['idle_worker_cpu_per_s']:.3f} CPU s per second just before; without that share, "
        f"{pipeline['sends_per_worker_cpu_s_beyond_idle']:,.0f} sends per worker CPU-second. Machine busy "
        f"during the run: {pipeline['machine_busy']:.0%}; other processes used "
        f"{pipeline['interference']:.1%} of it (attempt {pipeline['attempts']}"
        f"{'; † more than allowed' if disturbed else ''}).",
        "",
    ]


def crypto_only(results: dict[str, Any]) -> list[str]:
    encryption = results["encryption"]
    rates = ", ".join(f"{rate:,.0f}" for rate in encryption["rates_per_cpu_s"])
    return [
        "### Crypto only (same run, a fresh process)",
        "",
        f"`{encryption['command']}`: `WebPusher(subscription).encode(payload, \"aes128gcm\")` for "
        f"{encryption['messages_per_round']:,} subscriptions of the measured run with its "
        f"{encryption['payload_bytes']}-byte payload, the VAPID header signed once "
        f"({encryption['vapid_signing_ms']} ms); {encryption['rounds']} rounds: {rates} messages per "
        f"CPU-second, median **{encryption['rate_per_cpu_s']:,.0f}**.",
        "",
    ]


def where_the_cpu_goes(profile: dict[str, Any]) -> list[str]:
    total = profile["profiled_cpu_s"]
    lines = [
        f"### Where the worker's CPU goes (cProfile, a separate run of {profile['deliveries']:,} deliveries)",
        "",
        f"{total:.2f} CPU s in {profile['processes']} pool processes (the profiler slows Python code down, "
        f"so only the shares count); details in `{profile['details']}`.",
        "",
        "| task or step | CPU s | share |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| task `{name}` | {seconds:.2f} | {seconds / total:.0%} |"
              for name, seconds in profile["tasks_s"].items()]
    lines += [f"| `deliver`: {step['step']} (`{step['function']}`) | {step['seconds']:.2f} | "
              f"{step['seconds'] / total:.0%} |" for step in profile["deliver_steps_s"]]
    packages = ", ".join(f"{name} {own_s:.2f}"
                         for name, own_s in list(profile["own_s_by_package"].items())[:12])
    return [*lines, "", f"Own time by library (s): {packages}.", ""]


def kill_run(kill: dict[str, Any]) -> list[str]:
    held = ", ".join(f"{count:,} devices hold {n}" for n, count in kill["messages_held"].items())
    return [
        f"### Kill run: SIGKILL to the worker mid-fan-out, {kill['deliveries']:,} devices",
        "",
        f"The push service answered after {kill['delay_ms']} ms; both workers with "
        f"{', '.join(f'{name}={value}' for name, value in kill['settings'].items())}.",
        "",
        "| killed after s | messages then | deliveries then | in doubt | recovery s (kill → all sent) "
        "| resent and replaced by Topic | devices that got it twice | bound: in flight | final deliveries "
        "| attempts | messages per device |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |",
        f"| {kill['killed_after_s']:.2f} | {kill['received_at_kill']:,} "
        f"| {_counts(kill['statuses_at_kill'])} "
        f"| {kill['in_doubt']:,} | {kill['recovery_s']:.2f} | {kill['push_service']['replaced']:,} "
        f"| {kill.get('devices_twice', '–')} | {kill.get('in_flight_bound', '–')} "
        f"| {_counts(kill['statuses'])} | {_counts(kill['attempts'])} | {held} |",
        "",
    ]


def targets(results: dict[str, Any]) -> list[str]:
    pipeline, encryption, kill, ratio = (results["pipeline"], results["encryption"], results.get("kill_run"),
                                         results["ratio"])
    seconds = pipeline["publish_to_last_received_s"]
    in_time = pipeline["deliveries"] >= TARGET_DELIVERIES and seconds <= TARGET_SECONDS
    lines = [
        "**Targets**:",
        "",
        "| target | measured | verdict |",
        "| --- | --- | --- |",
        f"| whole pipeline ≥ {TARGET_RATIO:g} × the crypto-only rate per worker CPU-second "
        f"| {pipeline['sends_per_worker_cpu_s']:,.0f} / {encryption['rate_per_cpu_s']:,.0f} = {ratio:.2f} × "
        f"| {_verdict(ratio >= TARGET_RATIO)} |",
        f"| {TARGET_DELIVERIES:,} deliveries within {TARGET_SECONDS:g} s of publishing "
        f"({results['machine']['nproc']} cores) | {pipeline['deliveries']:,} in {seconds:.2f} s "
        f"| {_verdict(in_time)} |",
        f"| each device gets the offer once (measured run) | {pipeline['push_service']['mailboxes']:,} new "
        f"messages, {pipeline['push_service']['replaced']} replaced | {_verdict(pipeline['exactly_once'])} |",
    ]
    if kill:
        lines.append(
            "| a worker killed (SIGKILL) mid-fan-out and started again: every device served exactly once "
            f"| {kill['messages_held'].get('1', 0):,}/{kill['deliveries']:,} devices hold one message; "
            f"{kill['push_service']['replaced']:,} in-doubt resends replaced their first copy "
            f"| {_verdict(kill['exactly_once'])} |")
        if "devices_twice" in kill:
            lines.append(
                "| devices that got the offer twice ≤ what the killed worker had in flight (worker processes "
                f"× requests in flight) | {kill['devices_twice']:,} ≤ {kill['in_flight_bound']:,} "
                f"| {_verdict(kill['devices_twice'] <= kill['in_flight_bound'])} |")
    return lines


def tables(results: dict[str, Any]) -> str:
    machine, code = results["machine"], results["code"]
    changes = f" with uncommitted changes to {', '.join(code['uncommitted'])}" if code["uncommitted"] else ""
    lines = [
        f"Run of {results['started_at']}, code of commit {code['commit']}{changes}. Generated by "
        "`bench/push/report.py` from `bench/push/results.json`.",
        "",
        f"**Machine**: {machine['nproc']} cores ({machine['cpu']}), Linux {machine['kernel']}, Python "
        f"{machine['python']}, PostgreSQL {machine['postgresql'].split()[0]}; {machine['packages']}.",
        "",
        *measured_run(results),
        *crypto_only(results),
    ]
    if "profile" in results:
        lines += where_the_cpu_goes(results["profile"])
    if "kill_run" in results:
        lines += kill_run(results["kill_run"])
    return "\n".join(lines + targets(results))


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "results.json"
    print(tables(json.loads(source.read_text())))


if __name__ == "__main__":
    main()
