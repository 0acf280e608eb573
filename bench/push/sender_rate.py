"""The push sender's CPU per push against a trivial local server (answers 201 at once), beside the
crypto-only rate, interleaved rounds in one process: prices a change to `workers/webpush.py` without the
pipeline around it.

    VOLUMAP_VAPID_PRIVATE_KEY_FILE=key.pem VOLUMAP_PUSH_INSECURE_HOSTS=127.0.0.1 \
        .venv/bin/python bench/push/sender_rate.py [MODULE ...]

Each MODULE (default `workers.webpush`) must define `PushSender` like workers/webpush.py's; N=4000 pushes
per round (env `N`), sent in chunks of 500 with 200 in flight, as the worker does.

With `BATCHES=1,50` (and `VOLUMAP_DATABASE_URL` pointing at a migrated database, such as bench-push's
`volumap_bench_push`), workers/webpush.py's sender also runs once per batch size with its answers recorded as
the worker records them (`workers.tasks.push._record`, one transaction per batch, into `push_delivery` rows
made for these pushes and deleted afterwards): what recording answers as they come costs beside batches.
"""

import base64
import importlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pywebpush import WebPusher

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import workers.webpush as wp  # noqa: E402
from api.domain.push.channels import PWA, get_channels  # noqa: E402

N = int(os.environ.get("N", 4000))
PORT = 8799
SERVER = r"""
from aiohttp import web
import asyncio
async def h(request):
    await request.read()
    return web.Response(status=201)
app = web.Application(); app.router.add_post("/push/{id}", h)
web.run_app(app, host="127.0.0.1", port=PORT, access_log=None, print=None)
""".replace("PORT", str(PORT))


def b64(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def subs(n):
    out = []
    for i in range(n):
        key = (
            ec.generate_private_key(ec.SECP256R1())
            .public_key()
            .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        )
        out.append((f"http://127.0.0.1:{PORT}/push/{i:08d}abcdefabcdefabcdef", b64(key), b64(os.urandom(16))))
    return out


class Recorder:
    """Delivery rows for the pushes, and the worker's way of recording their answers."""

    def __init__(self, endpoints: list[tuple[str, str, str]]) -> None:
        from sqlalchemy import text

        from workers.db import get_engine

        self.text = text
        self.connection = get_engine().connect()
        with self.connection.begin():
            self.event_id = self.connection.execute(text(
                "INSERT INTO outbox_event (kind, payload, attempts) VALUES ('push.notify', '{}', 1) RETURNING id"
            )).scalar_one()
            ids = self.connection.execute(text(
                "INSERT INTO push_subscription (channel, endpoint, p256dh, auth, home, radius_km)"
                " SELECT 'volumap', endpoint, p256dh, auth, ST_SetSRID(ST_MakePoint(8.53, 52.02), 4326)::geography, 5"
                " FROM unnest(CAST(:endpoints AS text[]), CAST(:keys AS text[]), CAST(:auths AS text[]))"
                " AS given(endpoint, p256dh, auth) RETURNING id"),
                {"endpoints": [e for e, _, _ in endpoints], "keys": [p for _, p, _ in endpoints],
                 "auths": [a for _, _, a in endpoints]}).scalars().all()
            self.delivery_ids = self.connection.execute(text(
                "INSERT INTO push_delivery (event_id, subscription_id, status, attempts)"
                " SELECT :event, id, 'sending', 1 FROM unnest(CAST(:ids AS uuid[])) AS id ORDER BY id RETURNING id"),
                {"event": self.event_id, "ids": ids}).scalars().all()
        self.attempts = {delivery_id: 1 for delivery_id in self.delivery_ids}
        self.calls = 0

    def reset(self) -> None:
        with self.connection.begin():
            self.connection.execute(self.text("UPDATE push_delivery SET status = 'sending' WHERE event_id = :event"),
                                    {"event": self.event_id})
        self.calls = 0

    def record(self, answers) -> None:
        from workers.tasks.push import _record

        self.calls += 1
        with self.connection.begin():
            _record(self.connection, answers, self.attempts)

    def close(self) -> None:
        with self.connection.begin():
            self.connection.execute(self.text(
                "DELETE FROM push_subscription WHERE id IN (SELECT subscription_id FROM push_delivery"
                " WHERE event_id = :event)"), {"event": self.event_id})
            self.connection.execute(self.text("DELETE FROM outbox_event WHERE id = :event"), {"event": self.event_id})
        self.connection.close()


def main():
    variants = sys.argv[1:] or ["workers.webpush"]
    batches = [int(size) for size in os.environ.get("BATCHES", "").split(",") if size]
    server = subprocess.Popen([sys.executable, "-c", SERVER])
    time.sleep(1.5)
    payload = json.dumps(
        {
            "type": "offer.published",
            "title": "x" * 60,
            "body": "y" * 100,
            "url": "https://volumap.example/#/angebot/" + "0" * 36,
            "tag": "o:" + "0" * 32,
        }
    ).encode()
    ss = subs(N)
    recorder = Recorder(ss) if batches else None
    ids = recorder.delivery_ids if recorder else list(range(N))
    pushes = [wp.Push(ids[i], PWA, e, p, a, payload, 86400, "normal", "o-abc") for i, (e, p, a) in enumerate(ss)]
    senders = {}
    for v in variants:
        mod = importlib.import_module(v)
        senders[v] = mod.PushSender(get_channels(), "mailto:a@b.de", timeout_s=10, in_flight=200)
        senders[v].send_all(pushes[:300])
    for size in batches:
        senders[f"record every {size}"] = wp.PushSender(get_channels(), "mailto:a@b.de", timeout_s=10, in_flight=200,
                                                        answer_batch=size)
    rates = {v: [] for v in senders}
    rates["crypto"] = []
    transactions = {}
    for _ in range(3):
        for v, sender in senders.items():
            on_answers = None
            if v.startswith("record every"):
                recorder.reset()
                on_answers = recorder.record
            t = time.process_time()
            res = [r for i in range(0, N, 500) for r in sender.send_all(pushes[i : i + 500], on_answers)]
            assert all(r.status == 201 for r in res), res[:3]
            rates[v].append(N / (time.process_time() - t))
            if on_answers is not None:
                transactions[v] = recorder.calls
        t = time.process_time()
        for e, p, a in ss:
            WebPusher({"endpoint": e, "keys": {"p256dh": p, "auth": a}}).encode(payload, "aes128gcm")
        rates["crypto"].append(N / (time.process_time() - t))
    server.terminate()
    for sender in senders.values():
        sender.close()
    if recorder:
        recorder.close()
    c = statistics.median(rates["crypto"])
    for v, r in rates.items():
        m = statistics.median(r)
        recorded = f"; {transactions[v]} transactions per round" if v in transactions else ""
        print(f"{v:20s} {m:8.0f} pushes per CPU-second, {m / c:.3f} x crypto only; rounds {[round(x) for x in r]}"
              f"{recorded}")


if __name__ == "__main__":
    main()
