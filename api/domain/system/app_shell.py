"""The PWA as the API serves it, and the API docs page.

Every file of the app is served under `/assets/<version>/`, where the version is a hash of all of them, with
a year's `Cache-Control: immutable`: a changed file has a new address, so nothing stale is ever used.
`index.html` (at `/`) and the service worker (`/sw.js`) are `no-cache`; the server writes the version into
both, and into the service worker the list of files it keeps for offline use, taken from the folder (no list
kept by hand). `/schema` shows Swagger UI 5 from `pwa/vendor/` under a Content-Security-Policy whose only
inline script is the start-up script, allowed by its hash.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from litestar import Controller, Request, Response, Router, get
from litestar.file_system import BaseLocalFileSystem
from litestar.openapi.plugins import OpenAPIRenderPlugin
from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler, PathType
from litestar.types.file_types import FileInfo

from api.lib.http_cache import APP_FILES
from api.lib.resources import shipped_folder
from api.lib.security_headers import add_pwa_security_headers, add_security_headers

ASSET_PREFIX = "/assets"
# Written by the server into index.html and offline.html: "ASSETS/app.js" becomes "/assets/<version>/app.js".
ASSETS_PLACEHOLDER = "ASSETS/"
IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
# Not part of the app: Python packaging, sass sources, the API docs' own bundle (1.7 MB) and licence notes.
_NOT_SERVED = ("__init__.py", "__pycache__/", "styles/")
_NOT_PRECACHED = ("vendor/swagger-ui/", "vendor/LICENSES.md", "index.html", "sw.js")


@dataclass(frozen=True)
class AppShell:
    folder: Path
    version: str
    files: tuple[str, ...]
    """Every served file, relative to the folder, sorted."""

    @property
    def base(self) -> str:
        return f"{ASSET_PREFIX}/{self.version}"

    def url(self, file: str) -> str:
        return f"{self.base}/{file}"

    def precached(self) -> list[str]:
        """What the service worker keeps for offline use: the whole app but the API docs' bundle."""
        return [self.url(file) for file in self.files if not file.startswith(_NOT_PRECACHED)]

    def page(self, file: str) -> bytes:
        return (self.folder / file).read_text(encoding="utf-8").replace(ASSETS_PLACEHOLDER, f"{self.base}/").encode()

    def service_worker(self) -> bytes:
        script = (self.folder / "sw.js").read_text(encoding="utf-8")
        return (script.replace('"__VERSION__"', json.dumps(self.version))
                .replace('"__ASSETS__"', json.dumps(self.base))
                .replace('["__PRECACHE__"]', json.dumps(["/", *self.precached()]))).encode()


def _served(relative: str) -> bool:
    return not any(relative == skip or relative.startswith(skip) for skip in _NOT_SERVED)


@cache
def app_shell() -> AppShell:
    folder = shipped_folder("api.pwa")
    files = tuple(sorted(
        path.relative_to(folder).as_posix() for path in folder.rglob("*")
        if path.is_file() and _served(path.relative_to(folder).as_posix())
    ))
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.encode() + b"\0" + (folder / file).read_bytes() + b"\0")
    return AppShell(folder=folder, version=digest.hexdigest()[:12], files=files)


class _ServedFiles(BaseLocalFileSystem):
    """The folder, but only the app's files: not its Python packaging or sass sources."""

    def __init__(self, shell: AppShell) -> None:
        self._served = {str(shell.folder / file) for file in shell.files}

    async def info(self, path: PathType, **kwargs: Any) -> FileInfo:
        if str(Path(path)) not in self._served:
            raise FileNotFoundError(path)
        return await super().info(path, **kwargs)


async def _immutable(response: Response[Any]) -> Response[Any]:
    response.headers["Cache-Control"] = IMMUTABLE
    return await add_pwa_security_headers(response)


def _page(content: bytes, media_type: str, **headers: str) -> Response[bytes]:
    return Response(content, media_type=media_type, headers={"Cache-Control": NO_CACHE, **headers})


# Swagger UI's start-up: the only inline script of the docs page, allowed by its hash. The CSRF header lets
# "Try it out" work for a signed-in person (the cookie is readable by design, see api/lib/auth.py).
_SWAGGER_START = (
    "SwaggerUIBundle({url: '/schema/openapi.json', dom_id: '#swagger-ui', deepLinking: true,"
    " requestInterceptor: (r) => { const m = document.cookie.match(/(?:^|; )csrftoken=([^;]*)/);"
    " if (m) r.headers['X-CSRFToken'] = decodeURIComponent(m[1]); return r; }});"
)
_SWAGGER_HASH = base64.b64encode(hashlib.sha256(_SWAGGER_START.encode()).digest()).decode()
DOCS_CONTENT_SECURITY_POLICY = (
    f"default-src 'self'; script-src 'self' 'sha256-{_SWAGGER_HASH}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


class AppShellController(Controller):
    include_in_schema = False
    opt = APP_FILES

    @get("/", name="app", cache_control=None, after_request=add_pwa_security_headers)
    async def index(self) -> Response[bytes]:
        return _page(app_shell().page("index.html"), "text/html")

    @get("/sw.js", name="service-worker", after_request=add_pwa_security_headers)
    async def service_worker(self) -> Response[bytes]:
        # The scope stays "/" although the script is fetched from there: it controls the whole app.
        return _page(app_shell().service_worker(), "text/javascript")


class SwaggerDocsPlugin(OpenAPIRenderPlugin):
    """Swagger UI 5 at /schema, from pwa/vendor (the docs must work without the internet)."""

    def __init__(self) -> None:
        super().__init__(path=["/", "/swagger"])

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        shell = app_shell()
        return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>VoluMap API</title>
  <link rel="icon" type="image/png" href="{shell.url('vendor/swagger-ui/favicon-32x32.png')}">
  <link rel="stylesheet" href="{shell.url('vendor/swagger-ui/swagger-ui.css')}">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{shell.url('vendor/swagger-ui/swagger-ui-bundle.js')}"></script>
  <script>{_SWAGGER_START}</script>
</body>
</html>
""".encode()

    def receive_router(self, router: Router) -> None:
        router.after_request = _docs_headers


async def _docs_headers(response: Response[Any]) -> Response[Any]:
    response.headers.setdefault("Content-Security-Policy", DOCS_CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Frame-Options", "DENY")
    return await add_security_headers(response)


def app_shell_handlers() -> list[ControllerRouterHandler]:
    shell = app_shell()
    return [
        AppShellController,
        create_static_files_router(path=shell.base, directories=[shell.folder], file_system=_ServedFiles(shell),
                                   name="assets", after_request=_immutable, include_in_schema=False, opt=APP_FILES),
    ]
