"""A local stand-in for a map tile server (`GET /{z}/{x}/{y}.png`), so that the map's tests and the app
benchmark draw a background without any request leaving the machine. Every tile is the same small PNG, a pale
square with a grid line; the server counts what it was asked for."""

from __future__ import annotations

import re
import struct
import threading
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TILE_PATH = re.compile(r"^/(\d{1,2})/(\d{1,7})/(\d{1,7})\.png$")
SIZE = 256


def _png(width: int, height: int, pixel: object) -> bytes:
    """An 8-bit RGB PNG; `pixel(x, y)` gives each (r, g, b)."""
    rows = b"".join(
        b"\0" + b"".join(bytes(pixel(x, y)) for x in range(width))  # type: ignore[operator]
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


TILE = _png(SIZE, SIZE, lambda x, y: (200, 210, 220) if x == 0 or y == 0 else (236, 240, 245))


@dataclass
class TileStub:
    url: str = ""
    """The tile URL template for VOLUMAP_MAP_TILE_URL."""
    requests: Counter[str] = field(default_factory=Counter)


@contextmanager
def tile_stub(host: str = "127.0.0.1", port: int = 0) -> Iterator[TileStub]:
    state = TileStub()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802  (http.server's hook name)
            state.requests[self.path] += 1
            found = TILE_PATH.match(self.path.split("?", 1)[0])
            body = TILE if found else b"not a tile"
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "image/png" if found else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "public, max-age=86400")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer((host, port), Handler)
    state.url = f"http://{host}:{server.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def serve(host: str, port: int) -> None:
    with tile_stub(host, port) as stub:
        print(f"tile stub: VOLUMAP_MAP_TILE_URL={stub.url}", flush=True)
        threading.Event().wait()
