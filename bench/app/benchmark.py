"""The app as a phone sees it (`make bench-app`): Lighthouse 12.8.2 (mobile, simulated throttling) three times
on each page, medians of the category scores and the main metrics; and the shell's size, gzipped, of every file
the home page loads (HTML, CSS, JavaScript; fonts apart).

The API runs from this checkout on a database of its own with the Bielefeld demo data, its map tiles from a local
stub (devtools/tile_stub.py); Lighthouse drives Debian's Chromium. Nothing leaves the machine. Knobs
(environment): BENCH_RUNS=3 BENCH_DATABASE=volumap_bench_app BENCH_RESULTS=bench/app/results.json and
BENCH_PAGES, name=path pairs; "home" is the results list around Mitte, `{offer}` in a path stands for a
published demo offer, and a path starting with "@" is opened signed in (a resident with a profile in Mitte,
made for the run; Lighthouse sends the session cookie). Default: every resident page of issues 13 to 15.
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from devtools.tile_stub import tile_stub  # noqa: E402
from tests.integration.volunteers.profiles import insert_profiles  # noqa: E402
from tests.support.accounts import make_person  # noqa: E402
from tests.support.database import recreate_database  # noqa: E402
from tests.support.servers import api_server  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
DATABASE = os.environ.get("BENCH_DATABASE", "volumap_bench_app")
MAP = "/#/?ort=Mitte&lat=52.0215&lon=8.5325&umkreis=10&ansicht=karte"
DEFAULT_PAGES = (
    f"home=/ map={MAP} offer=/#/angebot/{{offer}} sign-in=/#/anmelden sign-up=/#/konto/registrieren "
    "forgot-password=/#/passwort-vergessen statement=/#/barrierefreiheit feedback=/#/feedback "
    "easy-language=/#/leichte-sprache notifications=/#/benachrichtigungen account=@/#/konto for-you=@/#/fuer-dich "
    "profile=@/#/profil engagements=@/#/meine-einsaetze my-data=@/#/meine-daten"
)
PAGES = dict(entry.split("=", 1) for entry in os.environ.get("BENCH_PAGES", DEFAULT_PAGES).split())
RESULTS = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench" / "app" / "results.json"))
LIGHTHOUSE = ROOT / "bench" / "app" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
METRICS = ("first-contentful-paint", "largest-contentful-paint", "cumulative-layout-shift", "total-blocking-time",
           "speed-index")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse(url: str, cookie: str | None = None) -> dict[str, Any]:
    extra = [f"--extra-headers={json.dumps({'Cookie': cookie})}"] if cookie else []
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", f"--chrome-flags={CHROME_FLAGS}", "--output=json",
             f"--output-path={report.name}", f"--only-categories={','.join(CATEGORIES)}", *extra],
            check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, timeout=300,
        )
        return json.loads(Path(report.name).read_text())


def resident_session(database_url: str, base_url: str) -> str:
    """A confirmed resident with a profile in Mitte, signed in through the API: the Cookie header to send."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        person = make_person(connection)
        insert_profiles(connection, [{"user_id": person.id, "lat": 52.0215, "lon": 8.5325, "radius_km": 10}])
    with httpx.Client(base_url=base_url) as client:
        csrf = client.get("/api/v1/session").cookies["csrftoken"]
        answer = client.post("/api/v1/session", json={"email": person.email, "password": person.password},
                             headers={"X-CSRFToken": csrf, "Cookie": f"csrftoken={csrf}"})
        answer.raise_for_status()
        session = answer.cookies.get("session") or answer.headers["set-cookie"].split("session=", 1)[1].split(";")[0]
    return f"session={session}; csrftoken={csrf}"


def summary(reports: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "scores": {c: statistics.median(r["categories"][c]["score"] * 100 for r in reports) for c in CATEGORIES},
        "metrics": {m: statistics.median(r["audits"][m]["numericValue"] for r in reports) for m in METRICS},
        "below_full_marks": sorted({
            f"{c}: {ref['id']}" for r in reports for c in CATEGORIES for ref in r["categories"][c]["auditRefs"]
            if ref["weight"] and (r["audits"][ref["id"]]["score"] or 0) < 1
            and r["audits"][ref["id"]]["scoreDisplayMode"] in ("binary", "numeric")
        }),
    }


def shell_size(report: dict[str, Any], base_url: str) -> dict[str, Any]:
    """Every same-origin file the page loaded (not the API's JSON), gzipped at level 9, by kind."""
    kinds = {"Document": "html", "Stylesheet": "css", "Script": "js", "Font": "fonts", "Manifest": "manifest",
             "Image": "images"}
    sizes: dict[str, int] = {}
    files: list[dict[str, Any]] = []
    for item in report["audits"]["network-requests"]["details"]["items"]:
        url, kind = item["url"], kinds.get(item.get("resourceType", ""), "other")
        if not url.startswith(base_url) or "/api/" in url or kind == "other":
            continue
        with urllib.request.urlopen(url, timeout=10) as response:
            body = response.read()
        gzipped = len(gzip.compress(body, 9))
        sizes[kind] = sizes.get(kind, 0) + gzipped
        files.append({"url": url.removeprefix(base_url), "kind": kind, "bytes": len(body), "gzip": gzipped})
    shell = sum(sizes.get(kind, 0) for kind in ("html", "css", "js"))
    return {"shell_gzip_bytes": shell, "by_kind_gzip_bytes": sizes, "files": files}


def main() -> None:
    assert LIGHTHOUSE.exists(), "run `npm ci --prefix bench/app` first (make bench-app does)"
    url = recreate_database(DATABASE)
    env = {**os.environ, "VOLUMAP_DATABASE_URL": url.replace("postgresql://", "postgresql+asyncpg://", 1),
           "VOLUMAP_ENVIRONMENT": "bench"}
    for command in (["migrate"], ["seed"]):
        subprocess.run([str(ROOT / ".venv" / "bin" / "volumap"), *command], check=True, env=env, cwd=ROOT,
                       capture_output=True)
    with psycopg.connect(url) as connection:
        [offer] = connection.execute("SELECT id::text FROM offer WHERE status = 'published' AND geog IS NOT NULL"
                                     " ORDER BY published_at, id LIMIT 1").fetchone() or ("",)
    results: dict[str, Any] = {"runs": RUNS, "lighthouse": "12.8.2", "form_factor": "mobile", "pages": {}}
    with tile_stub() as tiles, api_server({**env, "VOLUMAP_MAP_TILE_URL": tiles.url,
                                           "VOLUMAP_MAP_ATTRIBUTION": "© Kachel-Attrappe"}) as (base_url, _log):
        cookie = resident_session(url, base_url) if any(page.startswith("@") for page in PAGES.values()) else None
        for name, page in PAGES.items():
            signed_in = page.startswith("@")
            path = page.removeprefix("@").replace("{offer}", offer)
            reports = [lighthouse(base_url + path, cookie if signed_in else None) for _ in range(RUNS)]
            results["pages"][name] = {"path": path, "signed_in": signed_in, **summary(reports)}
            if name == "home":
                results["home_shell"] = shell_size(reports[0], base_url)
            print(name, results["pages"][name]["scores"], flush=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)


def print_table(results: dict[str, Any]) -> None:
    print("| page | performance | accessibility | best practices | SEO | FCP ms | LCP ms | CLS | TBT ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, page in results["pages"].items():
        s, m = page["scores"], page["metrics"]
        who = ", signed in" if page.get("signed_in") else ""
        print(f"| {name} (`{page['path']}`{who}) | {s['performance']:.0f} | {s['accessibility']:.0f} | "
              f"{s['best-practices']:.0f} | {s['seo']:.0f} | {m['first-contentful-paint']:.0f} | "
              f"{m['largest-contentful-paint']:.0f} | {m['cumulative-layout-shift']:.3f} | "
              f"{m['total-blocking-time']:.0f} |")
    if "home_shell" in results:
        shell = results["home_shell"]
        print(f"\nshell (HTML + CSS + JS, gzip -9): {shell['shell_gzip_bytes'] / 1024:.1f} KB; by kind: "
              + ", ".join(f"{k} {v / 1024:.1f} KB" for k, v in sorted(shell["by_kind_gzip_bytes"].items())))


if __name__ == "__main__":
    main()
