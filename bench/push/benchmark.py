"""Push delivery benchmark: one offer published to 10,000 matching devices, end to end, on real processes.

`make bench-push` runs it through `bench/push/run.sh`. Everything runs from the code snapshot run.sh takes,
against a database of its own (created afresh and migrated), Redis databases of its own (emptied first) and
a VAPID key generated into `bench/push/out/`. Separate processes, each in a process group of its own: the
local push service (`python -m devtools push-service`, which verifies every VAPID JWT and decrypts every message), a
Celery worker (prefork, BENCH_WORKERS processes) and `celery beat` (the outbox relay every 0.2 s, the push
sweep every second).

1. Devices: BENCH_SUBSCRIPTIONS anonymous subscriptions are created on the push service, bound to the VAPID
   key, and registered in `push_subscription` with areas around Bielefeld that hold the offer's point
   (no quiet hours, the highest daily cap); BENCH_KILL_N more around Dortmund for the kill run; one chunk
   per worker process around Paderborn for the warm-ups.
2. Warm-up: an offer in Paderborn is published first, so that every worker process has imported
   everything, opened its connections, its HTTP session and signed its VAPID header before the measurement.
3. Measured run: the `offer.published` outbox event of a published offer in Bielefeld is committed (that is
   "publishing"); beat's relay hands it to the worker, reverse matching writes the deliveries and queues them
   in chunks, the worker sends them. It ends when every delivery is `sent` and the push service holds a
   message for every device. Seconds from the commit to the push service's last message (and the database's
   last `sent_at`); the CPU time of each process group meanwhile, read from /proc (the worker's is its main
   process and its pool). Sends per worker CPU-second = deliveries / worker CPU seconds. Each device must hold
   exactly one new message. A run disturbed by other processes is repeated with a new offer (as bench-search).
4. Crypto-only rate: `encryption.py` in a fresh process encrypts the delivered payload for real subscriptions
   of the run, VAPID header signed once: messages per CPU-second, the ceiling for the pipeline's rate.
5. Kill run: a fresh worker with short leases (VOLUMAP_PUSH_LEASE_S=10, VOLUMAP_PUSH_REQUEUE_AFTER_S=5,
   VOLUMAP_OUTBOX_REDISPATCH_AFTER_S=10), a push service that answers after BENCH_KILL_DELAY_MS; an offer in
   Dortmund is published, and when a third of its devices have their message the worker's whole process group
   gets SIGKILL. A new worker starts at once; the run ends when every delivery is `sent`. Then every device
   is asked for its messages: each must hold exactly one; a message resent because its answer was lost with
   the worker (in doubt) must have replaced the first copy through its Topic. The push service's count of
   pushes it accepted per device (`GET /_control/received`, replaced ones included) says how many devices got
   the offer twice: at most what the killed worker had in flight (BENCH_WORKERS × VOLUMAP_PUSH_IN_FLIGHT).
6. With BENCH_PROFILE=1, before the kill run: the measured run once more with the worker's pool under
   cProfile (`profiled_worker.py`), to say where the worker's CPU time goes.

Results go to `bench/push/results.json` (BENCH_RESULTS); `report.py` prints them as markdown.
"""

from __future__ import annotations

import io
import json
import os
import platform
import pstats
import random
import re
import shlex
import signal
import subprocess
import sys
import sysconfig
import time
import uuid
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx
import psycopg
import redis
from psycopg.types.json import Jsonb

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
OUT = HERE / "out"  # logs, the VAPID key, the beat schedule; git-ignored
BIN = ROOT / ".venv" / "bin"
STDLIB = Path(sysconfig.get_paths()["stdlib"])
sys.path.insert(0, str(ROOT))
from api.domain.push.channels import public_key_of  # noqa: E402
from api.domain.push.notifications import topic  # noqa: E402
from api.settings import Settings  # noqa: E402
from bench.search.benchmark import (  # noqa: E402  (puts the measured code copy on sys.path first)
    CLOCK_TICKS,
    SOURCE,
    CpuMeter,
    _clock,
    _relative,
    code_version,
    run,
    undisturbed,
    wait_for_quiet,
)

# Areas far enough apart (40 km and more) that no offer reaches another area's devices.
BIELEFELD = (52.0215, 8.5325)  # the measured run
DORTMUND = (51.5136, 7.4653)  # the kill run
PADERBORN = (51.7189, 8.7575)  # warm-ups
DEVICE_RADIUS_KM = 5
DEVICE_SPREAD_DEG = 0.01  # homes within about a kilometre of the offer: every area holds it
DAILY_CAP = 50  # the highest the schema allows: repeated attempts on one day must not be capped
OFFER_TITLE = "Müll sammeln am Obersee"
OFFER_CATEGORY = 5  # Umwelt und Naturschutz: a payload as long as a real one
SUBSCRIBE_BATCH = 2000
KILL_AT = 1 / 3  # the share of the kill run's devices served when the worker is killed
IDLE_S = 4.0  # how long the idle worker's CPU (the relay's and sweep's ticks) is read before a measured run

# Every process of a run: the relay soon after a commit, a sweep soon after leases run out.
PIPELINE_SETTINGS = {"VOLUMAP_OUTBOX_RELAY_INTERVAL_S": "0.2", "VOLUMAP_PUSH_SWEEP_INTERVAL_S": "1"}
# The kill run's workers: in-doubt deliveries return after 10 s instead of 6 minutes.
RECOVERY_SETTINGS = {"VOLUMAP_PUSH_LEASE_S": "10", "VOLUMAP_PUSH_REQUEUE_AFTER_S": "5",
                     "VOLUMAP_OUTBOX_REDISPATCH_AFTER_S": "10"}


@dataclass(frozen=True)
class Config:
    """Each field can be set with the environment variable in its comment."""

    subscriptions: int = int(os.environ.get("BENCH_SUBSCRIPTIONS", "10000"))  # BENCH_SUBSCRIPTIONS
    kill_subscriptions: int = int(os.environ.get("BENCH_KILL_N", subscriptions))  # BENCH_KILL_N
    crypto_messages: int = int(os.environ.get("BENCH_CRYPTO_MESSAGES", "3000"))  # BENCH_CRYPTO_MESSAGES
    crypto_rounds: int = int(os.environ.get("BENCH_CRYPTO_ROUNDS", "3"))  # BENCH_CRYPTO_ROUNDS, median kept
    workers: int = int(os.environ.get("BENCH_WORKERS", "2"))  # BENCH_WORKERS, celery worker --concurrency
    port: int = int(os.environ.get("BENCH_PUSH_PORT", "8793"))  # BENCH_PUSH_PORT, the local push service
    database: str = os.environ.get("BENCH_DATABASE", "volumap_bench_push")
    redis_db: int = int(os.environ.get("BENCH_REDIS_DB", "7"))  # BENCH_REDIS_DB, locks and metrics
    broker_db: int = int(os.environ.get("BENCH_BROKER_DB", "6"))  # BENCH_BROKER_DB, Celery's queues
    kill_delay_ms: int = int(os.environ.get("BENCH_KILL_DELAY_MS", "20"))  # BENCH_KILL_DELAY_MS
    profile: bool = os.environ.get("BENCH_PROFILE", "0") == "1"  # BENCH_PROFILE=1: a profiled run too
    timeout_s: int = int(os.environ.get("BENCH_TIMEOUT", "180"))  # BENCH_TIMEOUT, per wait for deliveries
    random_seed: int = int(os.environ.get("BENCH_SEED", "2026"))
    quiet_cpu: float = float(os.environ.get("BENCH_QUIET_CPU", "0.15"))
    quiet_wait_s: int = int(os.environ.get("BENCH_QUIET_WAIT", "300"))
    max_interference: float = float(os.environ.get("BENCH_MAX_INTERFERENCE", "0.05"))
    retries: int = int(os.environ.get("BENCH_RETRIES", "4"))
    results: Path = field(
        default_factory=lambda: Path(os.environ.get("BENCH_RESULTS", str(HERE / "results.json"))))

    @property
    def libpq_dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:5432/{self.database}"

    @property
    def duration_s(self) -> float:
        """bench-search's `undisturbed` falls back on it; every measurement here reports its own seconds."""
        return 0.0

    @property
    def push_service_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        """The environment of every process of the run: its own database, Redis databases and key."""
        return {
            **os.environ,
            "VOLUMAP_DATABASE_URL": f"postgresql+asyncpg://postgres@127.0.0.1:5432/{self.database}",
            "VOLUMAP_REDIS_URL": f"redis://127.0.0.1:6379/{self.redis_db}",
            "VOLUMAP_CELERY_BROKER_URL": f"redis://127.0.0.1:6379/{self.broker_db}",
            "VOLUMAP_VAPID_PRIVATE_KEY_FILE": str(OUT / "vapid.pem"),
            "VOLUMAP_PUSH_INSECURE_HOSTS": "127.0.0.1",
            **PIPELINE_SETTINGS,
        }


class Progress:
    """Step lines with the time spent so far."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    def step(self, message: str) -> None:
        print(f"\n[bench {_clock(time.monotonic() - self.started)} elapsed] {message}", flush=True)


# Processes ---------------------------------------------------------------------------------------------


def shown(command: list[str]) -> str:
    """A command as run.sh's caller would type it, from the repository root."""
    return shlex.join(command).replace(f"{ROOT}/", "")


class ProcessGroup:
    """A command in a process group of its own, its output in out/<name>.log; stopped or killed whole."""

    def __init__(self, name: str, command: list[str], env: dict[str, str]) -> None:
        self.name = name
        self.command = command
        self.env = env
        self.log = OUT / f"{name}.log"

    def start(self) -> ProcessGroup:
        print("  $ " + shown(self.command), flush=True)
        with self.log.open("ab") as log:
            # The snapshot is the working directory: Celery puts it first on sys.path.
            self.process = subprocess.Popen(self.command, cwd=SOURCE, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        return self

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        """SIGTERM to the main process, which shuts a worker's pool down warmly (SIGTERM to the pool
        processes themselves would lose their running tasks); then whatever of the group is left."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def kill(self) -> None:
        """SIGKILL to every process of the group at once, as when a machine or container dies."""
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()


def push_service_command(config: Config) -> list[str]:
    return [str(BIN / "python"), "-m", "devtools", "push-service", "--port", str(config.port)]


def worker_command(config: Config, name: str, *, profiled: bool = False) -> list[str]:
    celery = [str(BIN / "python"), str(HERE / "profiled_worker.py")] if profiled else [str(BIN / "celery")]
    return [*celery, "-A", "workers.celery_app", "worker", f"--concurrency={config.workers}",
            "--loglevel=WARNING", "-n", f"bench-push-{name}@%h"]


def beat_command() -> list[str]:
    return [str(BIN / "celery"), "-A", "workers.celery_app", "beat", "--loglevel=WARNING",
            "--schedule", str(OUT / "celerybeat-schedule")]


class PipelineCpuMeter(CpuMeter):
    """CPU seconds per process group: the benchmark's own groups by process-group id (a worker's main
    process and its pool, the push service, beat), then PostgreSQL of the bench database, this driver and
    everything else (interference), as in bench-search."""

    def __init__(self, database: str, groups: dict[int, str]) -> None:
        super().__init__(database, [], -1)
        self.groups = groups

    def _classify(self, pid: int) -> str:
        try:
            group = self.groups.get(os.getpgid(pid))
        except ProcessLookupError:
            group = None
        return group or super()._classify(pid)

    def process_seconds(self, pid: int) -> float:
        return round((self.last.get(pid, 0) - self.first.get(pid, 0)) / CLOCK_TICKS, 2)


# The local push service -------------------------------------------------------------------------------


class LocalPushService:
    """The control API of `python -m devtools push-service` (devtools/push_service.py)."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=f"{base_url}/_control", timeout=60)

    def wait_until_up(self, process: ProcessGroup) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.process.poll() is not None:
                raise SystemExit(f"the push service exited; see {_relative(process.log)}")
            try:
                self.stats()
                return
            except httpx.TransportError:
                time.sleep(0.1)
        raise SystemExit("the push service did not come up within 30 s")

    def subscribe(self, application_server_key: str, count: int) -> list[dict[str, Any]]:
        response = self.http.post("/subscriptions", json={"application_server_key": application_server_key,
                                                          "count": count})
        response.raise_for_status()
        return response.json()

    def messages(self, mailbox: str) -> list[dict[str, Any]]:
        response = self.http.get(f"/subscriptions/{mailbox}/messages")
        response.raise_for_status()
        return response.json()

    def stats(self) -> dict[str, Any]:
        response = self.http.get("/stats")
        response.raise_for_status()
        return response.json()

    def received(self) -> dict[str, int]:
        """Pushes accepted per subscription, the ones a later push replaced by its Topic included."""
        response = self.http.get("/received")
        response.raise_for_status()
        return response.json()

    def answer_after(self, delay_ms: int) -> None:
        self.http.put("/answer", json={"delay_ms": delay_ms}).raise_for_status()

    def answer_at_once(self) -> None:
        self.http.delete("/answer").raise_for_status()


def _delta(after: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    rejected = Counter(after["rejected"])
    rejected.subtract(before["rejected"])
    return {"received": after["received"] - before["received"],
            "replaced": after["replaced"] - before["replaced"],
            "mailboxes": after["mailboxes"] - before["mailboxes"], "rejected": dict(+rejected)}


# Data --------------------------------------------------------------------------------------------------


def prepare(config: Config) -> str:
    """A fresh database, empty Redis databases and a new VAPID key; returns the key's public half."""
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{config.database}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{config.database}"')
    run([str(BIN / "volumap"), "migrate"], env=config.env, stdout=subprocess.DEVNULL)
    for number in (config.redis_db, config.broker_db):
        redis.Redis(host="127.0.0.1", port=6379, db=number).flushdb()
    for stale in OUT.glob("celerybeat-schedule*"):
        stale.unlink()
    for log in OUT.glob("*.log"):
        log.unlink()
    key = OUT / "vapid.pem"
    run([str(BIN / "volumap"), "vapid", "generate", "--force", str(key)], env=config.env,
        stdout=subprocess.DEVNULL)
    from py_vapid import Vapid

    return public_key_of(Vapid.from_pem(key.read_bytes()))


def register_devices(config: Config, db: psycopg.Connection, push_service: LocalPushService,
                     public_key: str, area: tuple[float, float], count: int, label: str) -> list[str]:
    """`count` subscriptions on the push service, stored as anonymous devices whose areas hold `area`'s
    centre; returns their mailboxes (the push service's subscription ids)."""
    jitter = random.Random(f"{config.random_seed}-{label}")
    mailboxes: list[str] = []
    started = time.monotonic()
    while len(mailboxes) < count:
        created = push_service.subscribe(public_key, min(SUBSCRIBE_BATCH, count - len(mailboxes)))
        with db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO push_subscription (channel, endpoint, p256dh, auth, locale, home, radius_km,"
                " quiet_start, quiet_end, daily_cap) VALUES ('volumap', %s, %s, %s, 'de',"
                " ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, %s, '00:00', '00:00', %s)",
                [(sub["endpoint"], sub["keys"]["p256dh"], sub["keys"]["auth"],
                  area[1] + jitter.uniform(-DEVICE_SPREAD_DEG, DEVICE_SPREAD_DEG),
                  area[0] + jitter.uniform(-DEVICE_SPREAD_DEG, DEVICE_SPREAD_DEG),
                  DEVICE_RADIUS_KM, DAILY_CAP) for sub in created],
            )
        db.commit()
        mailboxes += [sub["id"] for sub in created]
        elapsed = time.monotonic() - started
        left = elapsed / len(mailboxes) * (count - len(mailboxes))
        print(f"    {label}: {len(mailboxes):,}/{count:,} devices, ~{left:.0f} s left", flush=True)
    return mailboxes


def make_organisation(db: psycopg.Connection) -> uuid.UUID:
    organisation_id = uuid.uuid4()
    db.execute(
        "INSERT INTO organisation (id, name, slug, description, verification_status, contact_email, geog)"
        " VALUES (%s, 'Umweltwerkstatt Bielefeld e. V.', 'umweltwerkstatt-bielefeld',"
        " 'Natur vor der Haustür.', 'verified', 'kontakt@umweltwerkstatt.example',"
        " ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography)",
        (organisation_id, BIELEFELD[1], BIELEFELD[0]),
    )
    db.commit()
    return organisation_id


def make_offer(db: psycopg.Connection, organisation_id: uuid.UUID, area: tuple[float, float]
               ) -> uuid.UUID:
    """A published offer at `area`'s centre, as a moderator's approval leaves it (without its event)."""
    offer_id = uuid.uuid4()
    db.execute(
        "INSERT INTO offer (id, organisation_id, title, summary, description, category_ids, commitment,"
        " status, published_at, is_remote, accessible, geog) VALUES (%s, %s, %s,"
        " 'Gemeinsam den Uferweg sauber halten.', '<p>Zangen und Beutel bringen wir mit.</p>', %s,"
        " 'flexible', 'published', now(), false, false, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography)",
        (offer_id, organisation_id, OFFER_TITLE, [OFFER_CATEGORY], area[1], area[0]),
    )
    db.commit()
    return offer_id


def settle(config: Config) -> None:
    """Statistics for the planner and no autovacuum starting on the new rows during a measurement."""
    with psycopg.connect(config.libpq_dsn, autocommit=True) as db:
        for table in ("push_subscription", "offer", "organisation", "outbox_event", "push_delivery"):
            db.execute(f"VACUUM (ANALYZE) {table}")
        db.execute("CHECKPOINT")


def publish(db: psycopg.Connection, offer_id: uuid.UUID) -> tuple[int, float]:
    """Commits the offer's `offer.published` outbox event, as the moderator's approval does; returns the
    event and the wall-clock time of the commit (the push service stamps its messages with that clock)."""
    event_id = db.execute(
        "INSERT INTO outbox_event (kind, payload, dedupe_key, attempts)"
        " VALUES ('offer.published', %s, %s, 0) RETURNING id",
        (Jsonb({"offer_id": str(offer_id)}), f"offer.published:{offer_id}"),
    ).fetchone()[0]
    db.commit()
    return event_id, time.time()


def statuses(db: psycopg.Connection, event_id: int) -> dict[str, int]:
    rows = db.execute("SELECT status, count(*) FROM push_delivery WHERE event_id = %s GROUP BY status",
                      (event_id,)).fetchall()
    db.commit()
    return dict(rows)


def wait_for_deliveries(config: Config, db: psycopg.Connection, push_service: LocalPushService,
                        event_id: int, expected: int, received_before: int, label: str,
                        on_tick: Callable[[int], None] | None = None) -> None:
    """Until every one of the event's `expected` deliveries is `sent` and the push service holds as many
    new messages; progress every two seconds, the time left from the pace since the last report.
    `on_tick` sees the number of messages received so far, every 20 ms."""
    started = last_report = time.monotonic()
    received = reported = 0
    while True:
        received = push_service.stats()["received"] - received_before
        if on_tick is not None:
            on_tick(received)
        if received >= expected:
            counts = statuses(db, event_id)
            if counts.get("sent", 0) == expected:
                return
            settled = {status: n for status, n in counts.items()
                       if status not in ("pending", "sending", "sent")}
            if settled:
                raise SystemExit(f"{label}: deliveries ended as {settled}; see the logs in {_relative(OUT)}")
        now = time.monotonic()
        if now > started + config.timeout_s:
            raise SystemExit(f"{label}: after {config.timeout_s} s, {received:,}/{expected:,} messages "
                             f"received, deliveries {statuses(db, event_id)}; see the logs in "
                             f"{_relative(OUT)}")
        if now >= last_report + 2:
            pace = (received - reported) / (now - last_report)
            left = f"~{max(0, expected - received) / pace:.0f} s left" if pace > 0 else "none in the last 2 s"
            print(f"    {label}: {received:,}/{expected:,} received, {left}", flush=True)
            last_report, reported = now, received
        time.sleep(0.02 if on_tick is not None else 0.1)


def attempts(db: psycopg.Connection, event_id: int) -> dict[str, int]:
    """How many of the event's deliveries took one attempt, two, …"""
    rows = db.execute("SELECT attempts, count(*) FROM push_delivery WHERE event_id = %s"
                      " GROUP BY 1 ORDER BY 1", (event_id,)).fetchall()
    db.commit()
    return {str(number): count for number, count in rows}


def _seconds_since(db: psycopg.Connection, published_at: float, sql: str, event_id: int) -> float | None:
    value = db.execute(sql, (event_id,)).fetchone()[0]
    db.commit()
    return None if value is None else round(float(value) - published_at, 3)


# The measured run --------------------------------------------------------------------------------------


@dataclass
class Pipeline:
    """The running pipeline a measurement works with: its processes, database and push service."""

    config: Config
    db: psycopg.Connection
    push_service: LocalPushService
    organisation_id: uuid.UUID
    groups: dict[str, ProcessGroup]

    def meter(self) -> PipelineCpuMeter:
        return PipelineCpuMeter(self.config.database,
                                {group.pid: name for name, group in self.groups.items()})


def warm_up(pipeline: Pipeline, devices: int, label: str) -> float:
    """Publishes an offer to the warm-up devices and waits until all have it; returns the seconds taken."""
    db, push_service = pipeline.db, pipeline.push_service
    before = push_service.stats()["received"]
    event_id, published_at = publish(db, make_offer(db, pipeline.organisation_id, PADERBORN))
    wait_for_deliveries(pipeline.config, db, push_service, event_id, devices, before, label)
    return round(time.time() - published_at, 2)


def measure_pipeline(pipeline: Pipeline) -> dict[str, Any]:
    config, db = pipeline.config, pipeline.db
    offer_id = make_offer(db, pipeline.organisation_id, BIELEFELD)
    # The worker also runs the relay every 0.2 s and the sweep every second, busy or not: their share of
    # the measured CPU time is estimated from a quiet moment just before.
    with pipeline.meter() as idle:
        time.sleep(IDLE_S)
    idle_cpu_per_s = idle.seconds().get("worker", 0.0) / IDLE_S
    before = pipeline.push_service.stats()
    with pipeline.meter() as meter:
        started = time.monotonic()
        event_id, published_at = publish(db, offer_id)
        wait_for_deliveries(config, db, pipeline.push_service, event_id, config.subscriptions,
                            before["received"], "measured run")
        seconds = time.monotonic() - started
    after = pipeline.push_service.stats()
    last_received_s = round(after["last_received_at"] - published_at, 3)
    received = _delta(after, before)
    cpu_s = meter.seconds()
    worker_cpu_s = cpu_s.get("worker", 0.0)
    result = {
        "event_id": event_id, "deliveries": config.subscriptions, "seconds": round(seconds, 1),
        "publish_to_last_received_s": last_received_s,
        "publish_to_last_sent_s": _seconds_since(db, published_at, "SELECT extract(epoch FROM max(sent_at))"
                                                 " FROM push_delivery WHERE event_id = %s", event_id),
        # Where the time went: the relay's hand-over, reverse matching up to the queued chunks (the delivery
        # rows are queued in a transaction after the one that wrote them), the first chunk's answers.
        "stages_s": {
            "dispatched": _seconds_since(db, published_at, "SELECT extract(epoch FROM dispatched_at)"
                                         " FROM outbox_event WHERE id = %s", event_id),
            "queued": _seconds_since(db, published_at, "SELECT extract(epoch FROM min(queued_at))"
                                     " FROM push_delivery WHERE event_id = %s", event_id),
            "first_chunk_sent": _seconds_since(db, published_at, "SELECT extract(epoch FROM min(sent_at))"
                                               " FROM push_delivery WHERE event_id = %s", event_id),
        },
        "deliveries_per_s": round(config.subscriptions / last_received_s, 1),
        # The worker's main process consumes the queue and hands tasks to the pool, which does the work.
        "cpu_s": cpu_s, "worker_main_cpu_s": meter.process_seconds(pipeline.groups["worker"].pid),
        "machine_busy": round(meter.machine_busy, 3),
        "sends_per_worker_cpu_s": round(config.subscriptions / worker_cpu_s, 1) if worker_cpu_s else None,
        "idle_worker_cpu_per_s": round(idle_cpu_per_s, 3),
        "sends_per_worker_cpu_s_beyond_idle": round(
            config.subscriptions / max(0.01, worker_cpu_s - idle_cpu_per_s * seconds), 1),
        "worker_cpu_ms_per_send": round(worker_cpu_s * 1000 / config.subscriptions, 3),
        "push_service": received, "statuses": statuses(db, event_id), "attempts": attempts(db, event_id),
    }
    result["exactly_once"] = (result["statuses"] == {"sent": config.subscriptions}
                              and received["mailboxes"] == config.subscriptions and received["replaced"] == 0
                              and not received["rejected"])
    print(f"    {config.subscriptions:,} deliveries, publish → last message {last_received_s} s "
          f"({result['deliveries_per_s']:,.0f}/s); worker {worker_cpu_s} CPU s = "
          f"{result['sends_per_worker_cpu_s']} sends per CPU-second; push service "
          f"{cpu_s.get('push_service')} CPU s, PostgreSQL {cpu_s.get('postgres')} CPU s", flush=True)
    return result


# Crypto only -------------------------------------------------------------------------------------------


def encryption_command(request: Path) -> list[str]:
    return [str(BIN / "python"), str(HERE / "encryption.py"), str(request)]


def measure_encryption(pipeline: Pipeline, measured: dict[str, Any], mailbox: str) -> dict[str, Any]:
    """The crypto-only rate in a fresh process, with subscriptions and the payload of the measured run."""
    config, db = pipeline.config, pipeline.db
    # Every measured attempt sent the same text but for the offer's id, so any of the messages will do.
    message = pipeline.push_service.messages(mailbox)[-1]
    payload = json.dumps(message["payload"], ensure_ascii=False, separators=(",", ":"))
    subscriptions = [
        {"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}}
        for endpoint, p256dh, auth in db.execute(
            "SELECT s.endpoint, s.p256dh, s.auth FROM push_delivery d JOIN push_subscription s"
            " ON s.id = d.subscription_id WHERE d.event_id = %s ORDER BY d.id LIMIT %s",
            (measured["event_id"], config.crypto_messages))
    ]
    db.commit()
    request = OUT / "encryption.json"
    request.write_text(json.dumps({"subscriptions": subscriptions, "payload": payload,
                                   "rounds": config.crypto_rounds}))
    command = encryption_command(request)
    print("  $ " + shown(command), flush=True)
    output = subprocess.run(command, cwd=ROOT, env=config.env, check=True, capture_output=True, text=True)
    result = json.loads(output.stdout.splitlines()[-1])
    result["command"] = shown(command)
    print(f"    {result['rate_per_cpu_s']:,.0f} messages per CPU-second (rounds: "
          f"{result['rates_per_cpu_s']}); payload {result['payload_bytes']} bytes", flush=True)
    return result


# Where the worker's CPU goes ---------------------------------------------------------------------------


def _package(filename: str, function: str) -> str:
    """The library a profiled function belongs to: the package under site-packages, the standard library
    module, our own module, or for a function in C its name (such as `ECPrivateKey.exchange (C)`)."""
    path = Path(filename)
    if filename == "~":
        method = re.fullmatch(r"<method '(\w+)' of '([\w.]+)' objects>", function)
        if method:
            return f"{method[2].rsplit('.', 1)[-1]}.{method[1]} (C)"
        return function.strip("<>").removeprefix("built-in method ") + " (C)"
    parts = path.parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].removesuffix(".py")
    if path.is_relative_to(SOURCE.resolve()):
        return ".".join(path.relative_to(SOURCE.resolve()).with_suffix("").parts)
    if path.is_relative_to(STDLIB):
        return "stdlib " + path.relative_to(STDLIB).parts[0].removesuffix(".py")
    return filename


# The steps of `deliver` whose cumulative CPU time the profile reports: (package, function, what it does).
DELIVER_STEPS = (
    ("workers.tasks.push", "_claim", "claim the chunk's rows, daily cap (SQL)"),
    ("workers.tasks.push", "_pushes", "write each notification"),
    ("workers.webpush", "send_all", "send the chunk: all of the next four and waiting for answers"),
    ("workers.webpush", "_start", "encrypt each push and hand its request to libcurl"),
    ("pywebpush", "encode", "encrypt (WebPusher.encode)"),
    ("pywebpush", "__init__", "WebPusher() per message"),
    ("CurlMulti.perform (C)", "<method 'perform' of 'pycurl.CurlMulti' objects>",
     "HTTP requests and answers (libcurl)"),
    ("workers.tasks.push", "_record", "record the answers (SQL)"),
)


def profile_pipeline(pipeline: Pipeline, start_worker: Callable[..., ProcessGroup]) -> dict[str, Any]:
    """BENCH_PROFILE=1: the measured run once more, its worker's pool processes under cProfile (slower, so
    not the measured one); CPU time per task, per step of `deliver`, per library (own time) and the
    functions that take the most. Without a warm-up: the profile includes the pool's first imports."""
    config, db, push_service = pipeline.config, pipeline.db, pipeline.push_service
    for stale in OUT.glob("profile-*.prof"):
        stale.unlink()
    worker = pipeline.groups["worker"] = start_worker("profiled", profiled=True)
    before = push_service.stats()["received"]
    event_id, published_at = publish(db, make_offer(db, pipeline.organisation_id, BIELEFELD))
    wait_for_deliveries(config, db, push_service, event_id, config.subscriptions, before, "profiled run")
    seconds = round(time.time() - published_at, 2)
    worker.stop()
    files = sorted(OUT.glob("profile-*.prof"))
    if not files:
        raise SystemExit(f"the profiled worker wrote no profile; see {_relative(worker.log)}")
    report = io.StringIO()
    stats = pstats.Stats(*(str(file) for file in files), stream=report)
    stats.sort_stats("tottime").print_stats(40)
    stats.sort_stats("cumulative").print_stats(40)
    (OUT / "profile.txt").write_text(report.getvalue())
    by_package: Counter[str] = Counter()
    tasks: Counter[str] = Counter()
    steps: Counter[tuple[str, str]] = Counter()
    functions = []
    for (filename, line, function), (_, calls, own_s, cumulative_s, callers) in stats.stats.items():
        package = _package(filename, function)
        by_package[package] += own_s
        if package.startswith("workers.tasks.") and any("/celery/" in caller[0] for caller in callers):
            tasks[f"{package}.{function}"] += cumulative_s
        if (package, function) in {(step[0], step[1]) for step in DELIVER_STEPS}:
            steps[(package, function)] += cumulative_s
        functions.append({"function": f"{package}:{function}:{line}", "calls": calls,
                          "own_s": round(own_s, 3), "cumulative_s": round(cumulative_s, 3)})
    functions.sort(key=lambda entry: entry["own_s"], reverse=True)
    result = {
        "deliveries": config.subscriptions, "seconds": seconds, "profiled_cpu_s": round(stats.total_tt, 2),
        "processes": len(files), "details": _relative(OUT / "profile.txt"),
        "tasks_s": {name: round(cpu_s, 3) for name, cpu_s in tasks.most_common()},
        "deliver_steps_s": [{"step": what, "function": f"{package}.{function}",
                             "seconds": round(steps[(package, function)], 3)}
                            for package, function, what in DELIVER_STEPS],
        "own_s_by_package": {name: round(own_s, 3) for name, own_s in by_package.most_common(25)},
        "top_functions": functions[:25],
    }
    print(f"    {result['profiled_cpu_s']} CPU s profiled in {len(files)} pool processes; by task: "
          + ", ".join(f"{name} {cpu_s:.2f} s" for name, cpu_s in result["tasks_s"].items()), flush=True)
    return result


# The kill run ------------------------------------------------------------------------------------------


def kill_run(pipeline: Pipeline, mailboxes: list[str], start_worker: Callable[[str], ProcessGroup],
             in_flight: int) -> dict[str, Any]:
    """SIGKILL to the worker when a third of the devices have their message; a new worker finishes.
    `in_flight`: what the killed worker may have had in flight, all its processes together."""
    config, db, push_service = pipeline.config, pipeline.db, pipeline.push_service
    expected = len(mailboxes)
    offer_id = make_offer(db, pipeline.organisation_id, DORTMUND)
    push_service.answer_after(config.kill_delay_ms)
    before = push_service.stats()
    killed: dict[str, Any] = {}

    def kill_when_a_third_arrived(received: int) -> None:
        if killed or received < expected * KILL_AT:
            return
        pipeline.groups["worker"].kill()
        killed["at"] = time.monotonic()
        killed["received"] = push_service.stats()["received"] - before["received"]
        killed["statuses"] = statuses(db, event_id)
        print(f"    SIGKILL to the worker's process group after {killed['received']:,} messages; "
              f"deliveries then: {killed['statuses']}", flush=True)
        pipeline.groups["worker"] = start_worker("successor")
        killed["restarted"] = time.monotonic()

    event_id, published_at = publish(db, offer_id)
    started = time.monotonic()
    wait_for_deliveries(config, db, push_service, event_id, expected, before["received"], "kill run",
                        on_tick=kill_when_a_third_arrived)
    finished = time.monotonic()
    push_service.answer_at_once()
    after = push_service.stats()
    received = _delta(after, before)
    if not killed:
        raise SystemExit("kill run: every delivery was done before the worker could be killed")

    print(f"    asking the push service for each of the {expected:,} devices' messages", flush=True)
    kill_topic = topic("o", offer_id)
    held: Counter[int] = Counter()
    other_topics = 0
    for number, mailbox in enumerate(mailboxes, 1):
        messages = push_service.messages(mailbox)
        held[len(messages)] += 1
        other_topics += sum(message["topic"] != kill_topic for message in messages)
        if number % 2500 == 0:
            print(f"    {number:,}/{expected:,} devices checked", flush=True)
    in_doubt = killed["statuses"].get("sending", 0)
    accepted = push_service.received()
    per_device = Counter(accepted.get(mailbox, 0) for mailbox in mailboxes)
    twice = sum(count for n, count in per_device.items() if n > 1)
    result = {
        "event_id": event_id, "deliveries": expected, "delay_ms": config.kill_delay_ms,
        "settings": RECOVERY_SETTINGS,
        "killed_after_s": round(killed["at"] - started, 2), "received_at_kill": killed["received"],
        "statuses_at_kill": killed["statuses"], "in_doubt": in_doubt,
        "recovery_s": round(finished - killed["at"], 2),
        "worker_restart_s": round(killed["restarted"] - killed["at"], 2),
        "publish_to_last_received_s": round(after["last_received_at"] - published_at, 2),
        "push_service": received, "statuses": statuses(db, event_id), "attempts": attempts(db, event_id),
        "messages_held": {str(n): count for n, count in sorted(held.items())}, "other_topics": other_topics,
        "received_per_device": {str(n): count for n, count in sorted(per_device.items())},
        "devices_twice": twice, "in_flight_bound": in_flight,
    }
    # Each device holds one message, and every extra copy the push service took was a resend of an
    # in-doubt delivery that replaced the first copy by its Topic.
    result["exactly_once"] = (
        result["statuses"] == {"sent": expected} and held == Counter({1: expected}) and other_topics == 0
        and received["mailboxes"] == expected
        and received["received"] - expected == received["replaced"] <= in_doubt
        and per_device[0] == 0 and twice == received["replaced"] <= in_flight
    )
    print(f"    every delivery sent {result['recovery_s']} s after the kill; {received['replaced']} in-doubt "
          f"messages were resent and replaced their first copy (of {in_doubt} in doubt); messages held per "
          f"device: {result['messages_held']}; {twice} devices got it twice (in flight at most {in_flight}); "
          f"exactly once: {result['exactly_once']}", flush=True)
    return result


# Run ---------------------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres") as db:
        postgresql = db.execute("SHOW server_version").fetchone()[0]
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    packages = " ".join(f"{name} {metadata.version(name)}"
                        for name in ("celery", "pywebpush", "http_ece", "cryptography", "pycurl"))
    return {"nproc": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
            "python": platform.python_version(), "postgresql": postgresql, "packages": packages}


def save(results: dict[str, Any], config: Config) -> None:
    config.results.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")


def main() -> None:
    # Stopped with SIGTERM, still stop every process the run started on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    config = Config()
    OUT.mkdir(exist_ok=True)
    progress = Progress()
    # The workers' settings, read from this environment as they read it (no .env in the snapshot).
    settings = Settings(_env_file=None)
    # A chunk for every worker process, so that each of them is warm.
    warmup_devices = config.workers * settings.push_chunk_size
    print(f"Push benchmark: {config.subscriptions:,} devices for the measured run, "
          f"{config.kill_subscriptions:,} for the kill run, {warmup_devices:,} for warm-ups; "
          f"{config.workers} worker processes", flush=True)
    progress.step(f"preparing {config.database}, Redis databases {config.redis_db} and {config.broker_db}, "
                  "a VAPID key")
    public_key = prepare(config)
    results: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"), "code": code_version(),
        "machine": machine(), "config": {k: v for k, v in asdict(config).items() if k != "results"},
        "settings": {"push_chunk_size": settings.push_chunk_size, "push_in_flight": settings.push_in_flight,
                     "push_answer_batch": settings.push_answer_batch,
                     "push_timeout_s": settings.push_timeout_s, **PIPELINE_SETTINGS},
        "commands": {"push_service": shown(push_service_command(config)),
                     "worker": shown(worker_command(config, "measured")), "beat": shown(beat_command())},
    }

    with ExitStack() as stack, psycopg.connect(config.libpq_dsn) as db:
        push_service_process = ProcessGroup("push-service", push_service_command(config), config.env).start()
        stack.callback(push_service_process.stop)
        push_service = LocalPushService(config.push_service_url)
        stack.callback(push_service.http.close)
        push_service.wait_until_up(push_service_process)

        progress.step("registering devices on the push service and in push_subscription")
        started = time.monotonic()
        organisation_id = make_organisation(db)
        register_devices(config, db, push_service, public_key, PADERBORN, warmup_devices, "warm-up area")
        measured = register_devices(config, db, push_service, public_key, BIELEFELD, config.subscriptions,
                                    "measured area")
        doomed = register_devices(config, db, push_service, public_key, DORTMUND, config.kill_subscriptions,
                                  "kill-run area")
        settle(config)
        results["devices"] = {"measured": config.subscriptions, "kill_run": config.kill_subscriptions,
                              "warm_up": warmup_devices, "seconds": round(time.monotonic() - started, 1)}

        def start_worker(name: str, *, profiled: bool = False, **worker_settings: str) -> ProcessGroup:
            env = {**config.env, **worker_settings, **({"BENCH_PROFILE_DIR": str(OUT)} if profiled else {})}
            worker = ProcessGroup(f"worker-{name}", worker_command(config, name, profiled=profiled), env)
            stack.callback(worker.stop)
            return worker.start()

        beat = ProcessGroup("beat", beat_command(), config.env).start()
        stack.callback(beat.stop)
        pipeline = Pipeline(config, db, push_service, organisation_id,
                            {"worker": start_worker("measured"), "push_service": push_service_process,
                             "beat": beat})

        progress.step(f"warm-up: an offer for the {warmup_devices:,} devices around Paderborn")
        results["warm_up_s"] = warm_up(pipeline, warmup_devices, "warm-up")
        progress.step(f"measured run: an offer for the {config.subscriptions:,} devices around Bielefeld")
        results["pipeline"] = undisturbed(config, lambda: measure_pipeline(pipeline))
        save(results, config)
        pipeline.groups["worker"].stop()

        progress.step(f"crypto-only rate: {config.crypto_messages:,} messages × {config.crypto_rounds} rounds"
                      " in a fresh process")
        results["encryption_busy_before"] = wait_for_quiet(config)
        results["encryption"] = measure_encryption(pipeline, results["pipeline"], measured[0])
        sends = results["pipeline"]["sends_per_worker_cpu_s"]
        results["ratio"] = round(sends / results["encryption"]["rate_per_cpu_s"], 3) if sends else None
        save(results, config)

        if config.profile:
            progress.step(f"profiled run: an offer for the {config.subscriptions:,} devices around Bielefeld,"
                          " the worker's pool under cProfile")
            results["profile"] = profile_pipeline(pipeline, start_worker)
            save(results, config)

        progress.step(f"kill run: an offer for the {config.kill_subscriptions:,} devices around Dortmund, "
                      f"the push service answering after {config.kill_delay_ms} ms, SIGKILL to the worker "
                      "after a third")
        pipeline.groups["worker"] = start_worker("doomed", **RECOVERY_SETTINGS)
        results["kill_warm_up_s"] = warm_up(pipeline, warmup_devices, "warm-up of the doomed worker")
        results["kill_run"] = kill_run(pipeline, doomed, lambda name: start_worker(name, **RECOVERY_SETTINGS),
                                       config.workers * settings.push_in_flight)
        results["rejected_overall"] = push_service.stats()["rejected"]

    results["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    save(results, config)
    print(f"\nResults: {_relative(config.results)}", flush=True)


if __name__ == "__main__":
    main()
