"""Push services are reached over TLS, and their certificate is checked against the configured authorities
(`VOLUMAP_PUSH_CA_FILE`, certifi's bundle by default): a local push service behind a certificate of a
test authority is reached when that authority is trusted, and refused (a retry, nothing sent) when not."""

from __future__ import annotations

import ipaddress
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from api.domain.push.channels import get_channels
from devtools.push_service import start_in_thread
from tests.support.push_service import PushServiceClient
from workers.webpush import Outcome, Push, PushSender


@dataclass(frozen=True)
class Authority:
    ca_file: Path
    cert_file: Path
    key_file: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


@pytest.fixture(scope="module")
def authority(tmp_path_factory) -> Authority:
    """A certificate authority of this test and a server certificate it signed for 127.0.0.1."""
    folder = tmp_path_factory.mktemp("tls")
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name("VoluMap test CA")).issuer_name(_name("VoluMap test CA"))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name("127.0.0.1")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = Authority(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    paths.ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths.cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths.key_file.write_bytes(_pem(key))
    return paths


@pytest.fixture(scope="module")
def tls_push_service(authority: Authority) -> Iterator[PushServiceClient]:
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(authority.cert_file, authority.key_file)
    with start_in_thread(ssl_context=server_context) as running:
        assert running.base_url.startswith("https://")
        client = PushServiceClient(running.base_url, verify=ssl.create_default_context(cafile=authority.ca_file))
        yield client
        client.close()


def _pushes(service: PushServiceClient, count: int) -> list[Push]:
    created = service.subscribe_many(get_channels()["volumap"].public_key, count)
    return [Push(n, "volumap", sub["endpoint"], sub["keys"]["p256dh"], sub["keys"]["auth"],
                 f'{{"title": "TLS {n}"}}'.encode(), 60, "normal", f"t{n}") for n, sub in enumerate(created)]


def test_a_push_service_whose_authority_is_trusted_gets_every_message(tls_push_service, authority,
                                                                    monkeypatch) -> None:
    # A proxy named only in the environment is not used (it would refuse: nothing listens on port 9).
    monkeypatch.setenv("https_proxy", "http://127.0.0.1:9")
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    tls_push_service.reset()
    pushes = _pushes(tls_push_service, 5)
    sender = PushSender(get_channels(), "mailto:test@example.org", timeout_s=5, in_flight=3,
                        ca_file=str(authority.ca_file))
    try:
        results = sender.send_all(pushes)
    finally:
        sender.close()

    assert [(r.outcome, r.status) for r in sorted(results, key=lambda r: r.delivery_id)] == \
        [(Outcome.delivered, 201)] * 5
    for push in pushes:
        (message,) = tls_push_service.messages(push.endpoint.rsplit("/", 1)[1])
        assert message["payload"] == {"title": f"TLS {push.delivery_id}"}


def test_a_push_service_with_an_untrusted_certificate_is_not_sent_to(tls_push_service) -> None:
    tls_push_service.reset()
    pushes = _pushes(tls_push_service, 2)
    sender = PushSender(get_channels(), "mailto:test@example.org", timeout_s=5, in_flight=3)  # certifi's bundle
    try:
        results = sender.send_all(pushes)
    finally:
        sender.close()

    assert {r.outcome for r in results} == {Outcome.retry}
    assert all("certificate" in (r.error or "").lower() for r in results), [r.error for r in results]
    assert tls_push_service.stats()["received"] == 0
