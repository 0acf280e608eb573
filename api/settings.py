"""All configuration, read once from the environment (and an optional .env file)."""

from __future__ import annotations

import ipaddress
from functools import cache, lru_cache
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_prefix="VOLUMAP_", extra="ignore")

    environment: str = "development"
    debug: bool = False
    secret_key: str = Field(default="change-me-in-production-0123456789abcdef", min_length=32)

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/volumap"
    # Nearest-first searches may read from a replica; empty means the primary (database_url).
    database_read_url: str = ""
    database_pool_size: int = 10
    # Opening a database connection gives up after this long, and the request answers 503 (docs/operations.md).
    database_connect_timeout_s: float = Field(default=5.0, gt=0)
    redis_url: str = "redis://127.0.0.1:6379/0"
    celery_broker_url: str = "redis://127.0.0.1:6379/1"
    # Every Redis client (sessions, rate limits, caches, locks: api/lib/redis_clients.py) gives up on a
    # connection or a reply after this long: with Redis stopped or frozen, sign-in and signed-in requests
    # answer 503 within about that time instead of hanging (docs/operations.md).
    redis_connect_timeout_s: float = Field(default=1.0, gt=0)
    redis_socket_timeout_s: float = Field(default=1.0, gt=0)

    public_base_url: str = "http://127.0.0.1:8000"
    # Writes with the session cookie are accepted only from pages of the public base URL's origin (the
    # browser's Origin header, else Sec-Fetch-Site; docs/security.md). Further origins the app is served
    # from, comma-separated ("http://127.0.0.1:8000"): e.g. a second address of the same deployment.
    allowed_origins: str = ""
    # The client address for rate limits is the connection's peer; `X-Forwarded-For` counts only when the
    # peer is one of these reverse proxies (comma-separated IPs or CIDRs, "10.0.0.0/8,::1"). Empty: the
    # header is ignored, and anyone could otherwise pick an address of their own.
    trusted_proxies: str = ""
    # The app's map background: a tile URL template ("https://tiles.example/{z}/{x}/{y}.png", "{s}" for
    # subdomains a, b, c), its attribution as plain text, and the deepest zoom the tiles have. Empty: the map
    # shows its markers on a plain background. Its origin is added to the app's Content-Security-Policy.
    map_tile_url: str = ""
    map_attribution: str = ""
    map_max_zoom: int = Field(default=19, ge=1, le=22)

    # west,south,east,north in WGS84: where offers can be. Default: North Rhine-Westphalia.
    service_area_bbox: str = "5.8,50.3,9.5,52.6"
    search_default_radius_km: float = 10.0
    search_max_radius_km: float = 100.0
    search_default_limit: int = 20
    search_max_limit: int = 100
    max_query_string_bytes: int = 4096

    # Street addresses for GET /api/v1/places: a Nominatim-compatible geocoder, asked by the API (never by the
    # device). Empty: off, and the places search offers districts and postcodes only. Its usage policy asks
    # for a User-Agent naming the application and a contact.
    geocoder_url: str = ""
    geocoder_contact: str = "digitalisierung@bielefeld.de"
    geocoder_timeout_s: float = 3.0
    # Answers are kept in Redis this long per normalised query.
    geocoder_cache_s: int = 24 * 3600

    heartbeat_interval_s: float = 30.0
    # Only one scheduler (celery beat) runs; another waits for this long after the first is killed.
    scheduler_lock_s: int = 60
    outbox_relay_interval_s: float = 2.0
    # An event handed to Celery but not completed after this long (its task was lost with a killed worker)
    # is handed over again; longer than any retry's backoff, and every handler is idempotent.
    outbox_redispatch_after_s: int = 900
    # Completed e-mail and push events keep their payload (address, text) this long, then only kind and times;
    # the matches and finished push deliveries of handled events are deleted after as long.
    outbox_retention_days: int = 30

    # Sessions: a cookie holding only a random id; the session lives in Redis.
    session_cookie_secure: bool = True
    session_max_age_s: int = 14 * 24 * 3600
    # Argon2id's cost for password hashes (argon2-cffi's defaults, RFC 9106's low-memory profile: 3 passes over
    # 64 MiB, 4 lanes, about 50 ms of a core). Raising them re-hashes each password at its next sign-in.
    password_hash_time_cost: int = Field(default=3, ge=1)
    password_hash_memory_kib: int = Field(default=64 * 1024, ge=8)
    password_hash_parallelism: int = Field(default=4, ge=1)

    # Outgoing e-mail (verification, password reset, invitations, moderation decisions).
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    smtp_timeout_s: float = 10.0
    mail_from: str = "VoluMap Bielefeld <noreply@volumap.bielefeld.example>"

    email_verification_ttl_hours: int = 48
    password_reset_ttl_minutes: int = 60
    invitation_ttl_days: int = 14

    # Abuse limits ("N/period;M/period"), per account (or e-mail address) and per client address.
    # Addresses get more room: many people can share one (a school, a library, a mobile network).
    rate_limit_signup: str = "3/hour;10/day"
    rate_limit_signup_per_address: str = "10/hour;50/day"
    # Password checks (sign-in, and the password confirming a password change, an e-mail change or an account's
    # deletion; docs/security.md "Password guesses and lock-out"). Every check counts, before the hash is
    # computed, per account and per client address. Keep the account's allowance in each window at least the
    # account-wide wrong-password ceiling of an equal or longer window (50/minute against 50/hour): others'
    # guesses then reach that ceiling before they could use the allowance up.
    rate_limit_login: str = "50/minute;200/hour"
    rate_limit_login_per_address: str = "30/minute;300/hour"
    # Wrong passwords. One client address guessing one account is stopped soon, and for longer the more it
    # fails (a tier each: up to a minute, an hour, a day; a successful check clears its count). Only many
    # addresses together reach the account-wide ceiling, which stops everyone; so one address can lock out
    # only itself. One address guessing many accounts is stopped by the third.
    rate_limit_password_failures_per_account_and_address: str = "5/minute;10/hour;20/day"
    rate_limit_password_failures_per_account: str = "50/hour;200/day"
    rate_limit_password_failures_per_address: str = "50/hour;200/day"
    rate_limit_password_reset: str = "3/hour"
    rate_limit_password_reset_per_address: str = "10/hour"
    rate_limit_verification_resend: str = "3/hour;10/day"
    rate_limit_verification_resend_per_address: str = "10/hour;50/day"
    rate_limit_report: str = "10/hour"
    rate_limit_report_per_address: str = "20/hour"
    # The feedback form (no account needed): per reply address, when one is given, and per client address.
    rate_limit_feedback: str = "5/hour;20/day"
    rate_limit_feedback_per_address: str = "10/hour;50/day"
    # Downloading everything about oneself (GDPR export): a dozen queries each, per account.
    rate_limit_data_export: str = "10/hour;30/day"

    # Web Push. The default channel is the VoluMap PWA (public_base_url); its VAPID private key (PEM, or a
    # file holding it: `volumap vapid generate`) signs every push to its subscriptions.
    vapid_private_key: str = ""
    vapid_private_key_file: str = ""
    # Who push services can reach about our traffic; Apple requires a real mailto: or https: address.
    vapid_contact: str = "mailto:digitalisierung@bielefeld.de"
    # The second channel, the city's Open Innovation City app: on when its origin and key are set. Its back end
    # registers subscriptions with `Authorization: Bearer <oic_channel_token>`.
    oic_app_url: str = ""
    oic_vapid_private_key: str = ""
    oic_vapid_private_key_file: str = ""
    oic_channel_token: str = ""
    # Push endpoints must be https://, except on these hosts (a local push service in development and tests).
    push_insecure_hosts: str = ""
    push_max_subscriptions_per_user: int = 10
    push_anonymous_expiry_days: int = 180
    push_timeout_s: float = 10.0
    # Certificate authorities trusted for push services' TLS (a PEM file); empty: certifi's bundle.
    push_ca_file: str = ""
    # An HTTP(S) proxy to push services (http://host:port); empty: direct, whatever the environment says.
    push_proxy: str = ""
    push_in_flight: int = 200
    # Answers of push services are recorded this many at a time (fewer when no more are on their way); a push
    # holds its place among push_in_flight until its answer is recorded (docs/push.md, "Delivery guarantees").
    push_answer_batch: int = 1
    push_max_attempts: int = 5
    push_chunk_size: int = 500
    push_sweep_interval_s: float = 15.0
    # A worker's claim on deliveries lasts this long (its task's time limit is shorter); after that they
    # count as in doubt and are sent again. Queued deliveries whose task never ran are queued again after
    # push_requeue_after_s.
    push_lease_s: int = 120
    push_requeue_after_s: int = 120
    rate_limit_push_subscribe_per_address: str = "30/hour;100/day"
    # A test notification the device asks for ("does it work here?"): per subscription, and per client address
    # (unknown devices count there too).
    rate_limit_push_test_per_subscription: str = "3/10minutes"
    rate_limit_push_test_per_address: str = "20/hour"
    # A service worker moving its subscription to a new endpoint (`pushsubscriptionchange`).
    rate_limit_push_renewal_per_address: str = "30/hour;100/day"

    # Feedback (the accessibility statement's feedback mechanism) goes by e-mail to this address; empty: to
    # every active moderator and administrator. Feedback, with its optional reply address, is deleted after
    # feedback_retention_days.
    feedback_email: str = ""
    feedback_retention_days: int = 365

    offer_expiry_days: int = 90
    moderation_rejection_reasons: str = (
        "incomplete,misleading,commercial,discriminatory,outside_bielefeld,duplicate,not_volunteering,other"
    )
    precheck_allowed_link_hosts: str = "bielefeld.de,www.bielefeld.de,open-innovation-city.de"
    precheck_flagged_words: str = "bezahlung,verdienst,provision,kaufen,verkaufen,rabatt,gewinnspiel,bitcoin"

    @field_validator("database_url", "database_read_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if value.startswith("postgresql://"):
            return "postgresql+asyncpg://" + value.removeprefix("postgresql://")
        return value

    @field_validator("public_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if web_origin(value) is None:
            raise ValueError("public_base_url must be an http:// or https:// URL")
        return value

    @field_validator("allowed_origins")
    @classmethod
    def _allowed_origins(cls, value: str) -> str:
        for origin in cls._list(value):
            if web_origin(origin) is None or urlsplit(origin).path not in ("", "/"):
                raise ValueError(f"allowed_origins: {origin!r} is not an origin like https://example.org:8443")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _trusted_proxies(cls, value: str) -> str:
        try:
            _networks(value)
        except ValueError as exc:
            raise ValueError(f"trusted_proxies must be IP addresses or CIDRs: {exc}") from None
        return value

    @field_validator("service_area_bbox")
    @classmethod
    def _bbox(cls, value: str) -> str:
        west, south, east, north = (float(part) for part in value.split(","))
        if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
            raise ValueError("service_area_bbox must be west,south,east,north in degrees")
        return value

    @field_validator("map_tile_url")
    @classmethod
    def _tile_url(cls, value: str) -> str:
        if value and not (
            value.startswith(("https://", "http://")) and all(part in value for part in ("{z}", "{x}", "{y}"))
        ):
            raise ValueError("map_tile_url must be an http(s) URL template with {z}, {x} and {y}")
        return value

    @property
    def map_tile_origins(self) -> list[str]:
        """Where the map's tiles come from, for the Content-Security-Policy ("{s}" is any of a, b, c)."""
        if not self.map_tile_url:
            return []
        scheme, rest = self.map_tile_url.split("://", 1)
        host = rest.split("/", 1)[0]
        hosts = [host.replace("{s}", sub) for sub in "abc"] if "{s}" in host else [host]
        return [f"{scheme}://{name}" for name in hosts]

    @property
    def origins(self) -> frozenset[str]:
        """The origins whose pages may write with the session cookie: the public base URL's and allowed_origins."""
        return _origins(self.public_base_url, self.allowed_origins)

    @property
    def uses_https(self) -> bool:
        return self.public_base_url.startswith("https://")

    @property
    def trusted_proxy_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return _networks(self.trusted_proxies)

    @property
    def service_area(self) -> tuple[float, float, float, float]:
        west, south, east, north = (float(part) for part in self.service_area_bbox.split(","))
        return west, south, east, north

    def in_service_area(self, lat: float, lon: float) -> bool:
        west, south, east, north = self.service_area
        return west <= lon <= east and south <= lat <= north

    @staticmethod
    def _list(value: str) -> list[str]:
        return [part.strip() for part in value.split(",") if part.strip()]

    @field_validator("vapid_contact")
    @classmethod
    def _vapid_contact(cls, value: str) -> str:
        if not value.startswith(("mailto:", "https:")):
            raise ValueError("vapid_contact must be a mailto: or https: address")
        return value

    @field_validator("feedback_email")
    @classmethod
    def _feedback_email(cls, value: str) -> str:
        if not value.strip():
            return ""
        try:
            return validate_email(value.strip(), check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise ValueError(f"feedback_email is not an e-mail address: {exc}") from None

    @property
    def push_insecure_host_list(self) -> list[str]:
        return [host.lower() for host in self._list(self.push_insecure_hosts)]

    @property
    def rejection_reasons(self) -> list[str]:
        return self._list(self.moderation_rejection_reasons)

    @property
    def allowed_link_hosts(self) -> list[str]:
        return [host.lower() for host in self._list(self.precheck_allowed_link_hosts)]

    @property
    def flagged_words(self) -> list[str]:
        return [word.lower() for word in self._list(self.precheck_flagged_words)]

    @property
    def sync_database_url(self) -> str:
        """The same database for psycopg (migrations, workers, bulk seeding)."""
        return self.database_url.replace("+asyncpg", "+psycopg", 1)

    @property
    def libpq_dsn(self) -> str:
        """The database as a plain libpq URL (psql, pgbench, psycopg.connect)."""
        return self.database_url.replace("+asyncpg", "", 1)


_DEFAULT_PORTS = {"http": 80, "https": 443}


def web_origin(url: str) -> str | None:
    """The origin of an http(s) URL as a browser writes it in `Origin` ("https://example.org",
    "http://127.0.0.1:8000"; no default port), or None for anything else ("null", "file://…")."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{scheme}://{host}" if port in (None, _DEFAULT_PORTS[scheme]) else f"{scheme}://{host}:{port}"


@cache
def _origins(public_base_url: str, allowed_origins: str) -> frozenset[str]:
    listed = (web_origin(url) for url in (public_base_url, *Settings._list(allowed_origins)))
    return frozenset(origin for origin in listed if origin)


@cache
def _networks(trusted_proxies: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in Settings._list(trusted_proxies))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
