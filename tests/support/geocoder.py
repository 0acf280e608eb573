"""A local fake of a Nominatim-compatible geocoder (`GET /search`) for the places tests: it answers what the
test sets, counts the calls, keeps the last query and headers, and can be told to be slow or to fail."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class FakeGeocoder:
    url: str = ""
    places: list[dict[str, Any]] = field(default_factory=list)
    status: int = 200
    delay_s: float = 0.0
    calls: int = 0
    last_query: dict[str, str] = field(default_factory=dict)
    last_headers: dict[str, str] = field(default_factory=dict)


def nominatim_place(lat: float, lon: float, road: str, house_number: str, postcode: str, city: str,
                    suburb: str | None = None) -> dict[str, Any]:
    """One jsonv2 result with addressdetails, the way Nominatim answers."""
    address = {"road": road, "house_number": house_number, "postcode": postcode, "city": city, "country_code": "de"}
    if suburb:
        address["suburb"] = suburb
    return {"place_id": 1, "lat": str(lat), "lon": str(lon), "category": "place", "type": "house",
            "display_name": f"{house_number}, {road}, {city}, {postcode}, Deutschland", "address": address}


@contextmanager
def fake_geocoder() -> Iterator[FakeGeocoder]:
    state = FakeGeocoder()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802  (http.server's hook name)
            parts = urlsplit(self.path)
            state.calls += 1
            state.last_query = {key: values[0] for key, values in parse_qs(parts.query).items()}
            state.last_headers = dict(self.headers.items())
            if state.delay_s:
                time.sleep(state.delay_s)
            body = json.dumps(state.places if state.status == 200 else {"error": "boom"}).encode()
            try:
                self.send_response(state.status if parts.path == "/search" else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the API gave up waiting (timeout tests)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
