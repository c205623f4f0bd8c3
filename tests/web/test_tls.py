"""The LAN certificate authority can vouch only for this machine and home networks."""

from __future__ import annotations

import datetime as dt
import ipaddress
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError
from fastapi.testclient import TestClient

from unknot.web.tls import ensure_certificates

NOW = dt.datetime(2026, 3, 2, 18, 30, tzinfo=dt.UTC)


def _load(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def _ca_key(folder: Path) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key((folder / "ca-key.pem").read_bytes(), None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return key


def _leaf(ca: x509.Certificate, key: ec.EllipticCurvePrivateKey, name: x509.GeneralName) -> Any:
    own = ec.generate_private_key(ec.SECP256R1())
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "rogue")]))
        .issuer_name(ca.subject)
        .public_key(own.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(minutes=5))
        .not_valid_after(NOW + dt.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([name]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False
        )
        .sign(key, hashes.SHA256())
    )


def _verify(ca: x509.Certificate, leaf: x509.Certificate, name: x509.GeneralName) -> None:
    subject: Any = name
    verifier = PolicyBuilder().store(Store([ca])).time(NOW).build_server_verifier(subject)
    verifier.verify(leaf, [])


def test_the_ca_has_critical_name_constraints_for_home_networks_only(tmp_path: Path) -> None:
    files = ensure_certificates(tmp_path, "192.168.1.20", "laptop", now=NOW)
    ext = _load(files.ca_cert).extensions.get_extension_for_class(x509.NameConstraints)
    assert ext.critical
    assert ext.value.excluded_subtrees is None
    permitted = set(ext.value.permitted_subtrees or ())
    assert permitted == {
        x509.DNSName("localhost"),
        x509.DNSName("local"),
        x509.DNSName("laptop"),
        *(
            x509.IPAddress(ipaddress.ip_network(n))
            for n in (
                "10.0.0.0/8",
                "172.16.0.0/12",
                "192.168.0.0/16",
                "127.0.0.0/8",
                "fc00::/7",
                "fe80::/10",
                "::1/128",
            )
        ),
    }


def test_a_leaf_for_another_site_is_rejected_and_ours_verifies(tmp_path: Path) -> None:
    files = ensure_certificates(tmp_path, "192.168.1.20", "laptop", now=NOW)
    ca, key = _load(files.ca_cert), _ca_key(tmp_path)
    _verify(ca, _load(files.cert), x509.DNSName("laptop"))
    _verify(ca, _load(files.cert), x509.IPAddress(ipaddress.ip_address("192.168.1.20")))
    for name in (
        x509.DNSName("example.com"),
        x509.DNSName("bank.example"),
        x509.IPAddress(ipaddress.ip_address("93.184.216.34")),
    ):
        with pytest.raises(VerificationError, match="name constraint"):
            _verify(ca, _leaf(ca, key, name), name)
    printer = x509.DNSName("printer.local")
    _verify(ca, _leaf(ca, key, printer), printer)  # .local is the home network's own


def test_an_address_outside_the_private_ranges_is_allowed_alone(tmp_path: Path) -> None:
    files = ensure_certificates(tmp_path, "100.64.3.4", "laptop", now=NOW)
    ext = _load(files.ca_cert).extensions.get_extension_for_class(x509.NameConstraints)
    networks = {
        n.value for n in ext.value.permitted_subtrees or () if isinstance(n, x509.IPAddress)
    }
    assert ipaddress.ip_network("100.64.3.4/32") in networks
    assert ipaddress.ip_network("100.64.0.0/10") not in networks


def test_the_ca_is_kept_across_restarts_and_new_addresses_in_range(tmp_path: Path) -> None:
    first = ensure_certificates(tmp_path, "192.168.1.20", "laptop", now=NOW)
    ca = first.ca_cert.read_bytes()
    again = ensure_certificates(tmp_path, "10.0.0.7", "laptop", now=NOW)
    assert not again.ca_replaced and again.ca_cert.read_bytes() == ca
    assert (tmp_path / "ca-key.pem").stat().st_mode & 0o777 == 0o600


def test_a_ca_made_without_the_constraint_is_replaced(tmp_path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "unknot local CA")])
    old = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    (tmp_path / "ca.pem").write_bytes(old.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "ca-key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    files = ensure_certificates(tmp_path, "192.168.1.20", "laptop", now=NOW)
    assert files.ca_replaced
    new = _load(files.ca_cert)
    assert new.fingerprint(hashes.SHA256()) != old.fingerprint(hashes.SHA256())
    assert new.extensions.get_extension_for_class(x509.NameConstraints).critical


def test_the_trust_page_says_why_the_key_is_kept_and_where(client: TestClient) -> None:
    page = client.get("/trust", headers={"Accept": "text/html"}).text
    assert "cannot vouch for any other website" in page
    assert "tls folder" in page
