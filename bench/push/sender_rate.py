"""The push sender's CPU per push against a trivial local server (answers 201 at once), beside the
crypto-only rate, interleaved rounds in one process: prices a change to `workers/webpush.py` without the
pipeline around it.

    VOLUMAP_VAPID_PRIVATE_KEY_FILE=key.pem VOLUMAP_PUSH_INSECURE_HOSTS=127.0.0.1 \
        .venv/bin/python bench/push/sender_rate.py [MODULE ...]

Each MODULE (default `workers.webpush`) must define `PushSender` like workers/webpush.py's; N=4000 pushes
per round (env `N`), sent in chunks of 500 with 200 in flight, as the worker does.
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


def main():
    variants = sys.argv[1:] or ["workers.webpush"]
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
    pushes = [wp.Push(i, PWA, e, p, a, payload, 86400, "normal", "o-abc") for i, (e, p, a) in enumerate(ss)]
    senders = {}
    for v in variants:
        mod = importlib.import_module(v)
        senders[v] = mod.PushSender(get_channels(), "mailto:a@b.de", timeout_s=10, in_flight=200)
        senders[v].send_all(pushes[:300])
    rates = {v: [] for v in variants}
    rates["crypto"] = []
    for _ in range(3):
        for v in variants:
            t = time.process_time()
            res = [r for i in range(0, N, 500) for r in senders[v].send_all(pushes[i : i + 500])]
            assert all(r.status == 201 for r in res), res[:3]
            rates[v].append(N / (time.process_time() - t))
        t = time.process_time()
        for e, p, a in ss:
            WebPusher({"endpoint": e, "keys": {"p256dh": p, "auth": a}}).encode(payload, "aes128gcm")
        rates["crypto"].append(N / (time.process_time() - t))
    server.terminate()
    for sender in senders.values():
        sender.close()
    c = statistics.median(rates["crypto"])
    for v, r in rates.items():
        m = statistics.median(r)
        print(f"{v:20s} {m:8.0f} pushes per CPU-second, {m / c:.3f} x crypto only; rounds {[round(x) for x in r]}")


if __name__ == "__main__":
    main()
