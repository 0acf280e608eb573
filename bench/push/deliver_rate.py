"""The worker's `deliver` task in one process, step by step, beside the crypto-only rate: prices a change to
`workers/tasks/push.py` or `workers/webpush.py` without the pipeline's other processes (beat, relay and sweep
ticks, the Celery consumer, the push service decrypting), so two versions of the code can be compared
alternately within minutes on a shared machine.

    BENCH_DATABASE=volumap_bench_push_trial .venv/bin/python bench/push/deliver_rate.py            # this tree
    BENCH_SOURCE=/tmp/h5-head/src BENCH_DATABASE=... .venv/bin/python bench/push/deliver_rate.py   # another

It needs a database bench-push left behind (run `bench/push/run.sh` once, e.g. the short trial at the top of
it): the offer event with the most deliveries is sent again and again. Its subscriptions' endpoints are
pointed at a trivial local server that answers 201 at once (port BENCH_SINK_PORT=8798), so rerun bench-push
before using that database for anything else. Each round: the deliveries back to `pending`, the day's
allowances emptied, then `deliver` (the task's own function, chunks of `VOLUMAP_PUSH_CHUNK_SIZE`) over all of
them, timed with `time.process_time`; each step (`_claim`, `_pushes`, `send_all` and within it the
encryption, `_record`) is timed by wrapping it. Then the crypto-only rate over the same subscriptions, as
`bench/push/encryption.py` measures it. Rounds alternate (ROUNDS=5); printed as one JSON line: each round's
rates and ratio, and the median CPU per send of each step. bench/RESULTS.md, "Issue 17: the worker's CPU per
send", has its figures.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SOURCE = (HERE.parents[1] / os.environ.get("BENCH_SOURCE", ".")).resolve()
sys.path.insert(0, str(SOURCE))
DATABASE = os.environ.get("BENCH_DATABASE", "volumap_bench_push")
PORT = int(os.environ.get("BENCH_SINK_PORT", "8798"))
ROUNDS = int(os.environ.get("ROUNDS", "5"))
# CPU the sink spends per push before it answers (BENCH_SINK_BUSY_US, default 0): 350 makes it about as slow as
# the local push service, which verifies and decrypts every message, so that answers trickle in as they do in
# bench-push (the sending loop then turns more often, with fewer answers to record per turn).
BUSY_S = int(os.environ.get("BENCH_SINK_BUSY_US", "0")) / 1e6
os.environ.update({
    "VOLUMAP_DATABASE_URL": f"postgresql+asyncpg://postgres@127.0.0.1:5432/{DATABASE}",
    "VOLUMAP_VAPID_PRIVATE_KEY_FILE": str(HERE / "out" / "vapid.pem"),
    "VOLUMAP_PUSH_INSECURE_HOSTS": "127.0.0.1",
    "VOLUMAP_REDIS_URL": os.environ.get("VOLUMAP_REDIS_URL", "redis://127.0.0.1:6379/7"),
})
SINK = f"""
import time
from aiohttp import web
async def answer(request):
    await request.read()
    started = time.process_time()
    while time.process_time() - started < {BUSY_S}:
        pass
    return web.Response(status=201)
app = web.Application(); app.router.add_post("/{{tail:.*}}", answer)
web.run_app(app, host="127.0.0.1", port={PORT}, access_log=None, print=None)
"""

from pywebpush import WebPusher  # noqa: E402
from sqlalchemy import text  # noqa: E402

import workers.tasks.push as push  # noqa: E402
import workers.webpush as webpush  # noqa: E402
from workers.db import get_engine  # noqa: E402

spent: Counter[str] = Counter()


def timed(owner: Any, name: str, label: str) -> None:
    """Wraps `owner.name` so that its CPU time adds up in `spent[label]`."""
    original: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - started

    setattr(owner, name, wrapper)


class TimedMulti:
    """The sender's libcurl multi handle, its calls timed (`spent["curl <method>"]`) and counted."""

    def __init__(self, multi: Any) -> None:
        self.multi = multi

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.multi, name)

        def call(*args: Any) -> Any:
            started = time.process_time()
            try:
                return method(*args)
            finally:
                spent[f"curl {name}"] += time.process_time() - started
                calls[f"curl {name}"] += 1

        return call


calls: Counter[str] = Counter()


def main() -> None:
    sink = subprocess.Popen([sys.executable, "-c", SINK])
    try:
        run()
    finally:
        sink.terminate()


def run() -> None:
    engine = get_engine()
    with engine.begin() as connection:
        event_id = connection.execute(text(
            "SELECT d.event_id FROM push_delivery d JOIN outbox_event e ON e.id = d.event_id"
            " WHERE e.kind = 'offer.published' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")).scalar_one()
        connection.execute(text(
            "UPDATE push_subscription SET endpoint = regexp_replace(endpoint, '^http://[^/]+', :origin)"
            " WHERE id IN (SELECT subscription_id FROM push_delivery WHERE event_id = :event)"),
            {"origin": f"http://127.0.0.1:{PORT}", "event": event_id})
        ids = list(connection.execute(text(
            "SELECT id FROM push_delivery WHERE event_id = :event ORDER BY id"), {"event": event_id}).scalars())
        subscriptions = [{"endpoint": row.endpoint, "keys": {"p256dh": row.p256dh, "auth": row.auth}}
                         for row in connection.execute(text(
                             "SELECT s.endpoint, s.p256dh, s.auth FROM push_delivery d"
                             " JOIN push_subscription s ON s.id = d.subscription_id WHERE d.event_id = :event"
                             " ORDER BY d.id"), {"event": event_id})]
    time.sleep(1.5)  # the sink starting

    def reset() -> None:
        with engine.begin() as connection:
            connection.execute(text(
                "UPDATE push_delivery SET status = 'pending', attempts = 0, sent_at = NULL, not_before = now(),"
                " claimed_until = NULL WHERE event_id = :event"), {"event": event_id})
            connection.execute(text("DELETE FROM push_allowance"))

    chunk = push.get_settings().push_chunk_size
    chunks = [ids[start:start + chunk] for start in range(0, len(ids), chunk)]
    for owner, name, label in ((push, "_claim", "claim"), (push, "_pushes", "notifications"),
                               (push, "_record", "record"), (webpush.PushSender, "send_all", "send_all"),
                               (webpush.WebPusher, "encode", "encode")):
        timed(owner, name, label)
    # WebPusher() itself (its __init__) is timed as what `_start` spends outside `encode`.
    timed(webpush.PushSender, "_start", "start")

    reset()
    for ids_ in chunks[:2]:  # warm-up: imports, connections, the VAPID header
        push.deliver.run(ids_)
    sender = webpush.sender()
    sender.multi = TimedMulti(sender.multi)  # type: ignore[assignment]
    rounds: list[dict[str, float]] = []
    crypto: list[float] = []
    sample = [(s, json.dumps({"type": "offer.published", "title": "x" * 60, "body": "y" * 100,
                              "url": "/#/angebot/" + "0" * 36, "tag": "o-" + "0" * 22}).encode())
              for s in subscriptions]
    for _ in range(ROUNDS):
        reset()
        spent.clear()
        calls.clear()
        started = time.process_time()
        sent = sum(push.deliver.run(ids_) for ids_ in chunks)
        total = time.process_time() - started
        assert sent == len(ids), f"{sent} of {len(ids)} sent"
        with engine.begin() as connection:
            # `now()` is the transaction's start: one `sent_at` per transaction that recorded answers.
            transactions = connection.execute(text(
                "SELECT count(DISTINCT sent_at) FROM push_delivery WHERE event_id = :event"),
                {"event": event_id}).scalar_one()
        rounds.append({"deliver": total, "transactions": transactions, **spent,
                       **{f"{name} calls": count for name, count in calls.items()}})
        started = time.process_time()
        for subscription, body in sample:
            WebPusher(subscription).encode(body, "aes128gcm")
        crypto.append(len(sample) / (time.process_time() - started))
    n = len(ids)
    per_send_ms = {step: round(statistics.median(r.get(step, 0.0) for r in rounds) / n * 1000, 4)
                   for step in ("deliver", "claim", "notifications", "send_all", "start", "encode", "record",
                                *sorted(name for name in rounds[0] if name.startswith("curl ")
                                        and not name.endswith(" calls")))}
    curl_calls = {name: statistics.median(r.get(name, 0) for r in rounds)
                  for name in sorted(rounds[0]) if name.endswith(" calls")}
    rates = [n / r["deliver"] for r in rounds]
    print(json.dumps({
        "source": str(SOURCE), "deliveries": n, "rounds": ROUNDS,
        "deliver_per_cpu_s": [round(rate) for rate in rates], "crypto_per_cpu_s": [round(rate) for rate in crypto],
        "ratio": round(statistics.median(rates) / statistics.median(crypto), 3),
        "ratios": [round(rate / c, 3) for rate, c in zip(rates, crypto, strict=True)],
        "per_send_ms": per_send_ms, "curl_calls": curl_calls, "busy_us": round(BUSY_S * 1e6),
        "record_transactions": statistics.median(r["transactions"] for r in rounds),
    }))


if __name__ == "__main__":
    main()
