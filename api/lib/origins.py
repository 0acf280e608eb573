"""Which page a browser's write comes from. The CSRF token proves the caller could read VoluMap's cookie;
this also refuses a correct token sent from another origin (a leaked token, a sibling site sharing cookies).
The rule, for unsafe methods that carry the session cookie (docs/security.md):

- `Origin` present: it must be one of settings.origins (the public base URL's, plus allowed_origins);
- no `Origin`, `Sec-Fetch-Site` present: it must be `same-origin` or `none` (typed or bookmarked by the person);
- neither (API clients, scripts): the CSRF token alone decides, as before.
"""

from __future__ import annotations

from collections.abc import Mapping

from api.lib.errors import ForbiddenError
from api.lib.messages import msg
from api.lib.problem_types import FOREIGN_ORIGIN
from api.settings import get_settings, web_origin

_OWN_SITE = frozenset({"same-origin", "none"})
# The refused value goes back in the detail; a header can be long, the detail need not be.
_SHOWN_CHARS = 100


class ForeignOriginError(ForbiddenError):
    problem_type = FOREIGN_ORIGIN


def check_origin(headers: Mapping[bytes, bytes]) -> None:
    """Raises ForeignOriginError unless the request's Origin (or Sec-Fetch-Site) says it comes from one of
    VoluMap's own pages; `headers` are the ASGI scope's, lower-case names."""
    origin = headers.get(b"origin")
    if origin is not None:
        text = origin.decode("latin-1").strip()
        if web_origin(text) not in get_settings().origins:
            raise ForeignOriginError(msg(
                "Changes made with a session cookie must come from VoluMap's own pages, not from {origin}",
                origin=text[:_SHOWN_CHARS],
            ))
        return
    site = headers.get(b"sec-fetch-site")
    if site is not None and site.decode("latin-1").strip().lower() not in _OWN_SITE:
        raise ForeignOriginError(msg(
            "Changes made with a session cookie must come from VoluMap's own pages (the browser says: {site})",
            site=site.decode("latin-1")[:_SHOWN_CHARS],
        ))
