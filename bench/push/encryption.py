"""The crypto-only rate of `bench/push`: what one CPU-second of pywebpush's encryption alone can send.

`benchmark.py` runs it in a fresh Python process, after the measured pipeline run, with subscriptions of
that run (real ones, created on the local push service) and the payload the pipeline delivered:

    python bench/push/encryption.py INPUT.json    # {"subscriptions": [...], "payload": "...", "rounds": 3}

It signs the VAPID header once with the worker's own code (`VapidHeaders`, cached per push-service origin
as in the worker), then encrypts every message as the worker does, `WebPusher(subscription).encode(payload,
"aes128gcm")`: a fresh ephemeral key, ECDH and HKDF per message (RFC 8291). No HTTP, no database. Each
round goes over all subscriptions once; the process's CPU time (time.process_time) per round gives messages
per CPU-second. Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

from pywebpush import WebPusher

SOURCE = Path(__file__).resolve().parents[2] / os.environ.get("BENCH_SOURCE", ".")
sys.path.insert(0, str(SOURCE.resolve()))
from api.domain.push.channels import PWA, get_channels  # noqa: E402
from api.settings import get_settings  # noqa: E402
from workers.webpush import VapidHeaders  # noqa: E402

# cryptography loads its backends on first use; these messages are not counted.
WARM_UP_MESSAGES = 100


def main() -> None:
    request = json.loads(Path(sys.argv[1]).read_text())
    subscriptions = request["subscriptions"]
    payload = request["payload"].encode()
    channel = get_channels()[PWA]
    signing_started = time.process_time()
    VapidHeaders(get_settings().vapid_contact).for_push(channel, subscriptions[0]["endpoint"])
    signing_s = time.process_time() - signing_started

    for subscription in subscriptions[:WARM_UP_MESSAGES]:
        WebPusher(subscription).encode(payload, "aes128gcm")
    rates = []
    for _ in range(request["rounds"]):
        started = time.process_time()
        for subscription in subscriptions:
            WebPusher(subscription).encode(payload, "aes128gcm")
        rates.append(len(subscriptions) / (time.process_time() - started))
    print(json.dumps({
        "messages_per_round": len(subscriptions), "rounds": len(rates), "payload_bytes": len(payload),
        "rates_per_cpu_s": [round(rate, 1) for rate in rates],
        "rate_per_cpu_s": round(statistics.median(rates), 1),
        "vapid_signing_ms": round(signing_s * 1000, 2),
    }))


if __name__ == "__main__":
    main()
