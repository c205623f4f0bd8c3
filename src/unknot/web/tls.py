"""A local certificate authority and a server certificate for ``unknot serve --lan``.

Phones only allow wake lock, offline pages and notifications on a secure (HTTPS) page, so the
LAN server needs a certificate the phone trusts. unknot makes its own small CA once (kept in
the config folder, private key readable only by the owner) and signs a server certificate for
the machine's LAN address and host name; the person installs the CA on their phone once.

The CA carries a critical Name Constraints extension (RFC 5280 §4.2.1.10): it can vouch only
for this machine's LAN address and host name, ``localhost``, names under ``.local`` and the
private and loopback address ranges. A copy of the config folder therefore cannot be used to
intercept the phone's HTTPS to any other site. Its key stays in the config folder (readable
only by the owner) because the laptop's address changes with DHCP and each new address needs a
new server certificate; ``/trust`` says so. A CA made before the constraint existed is replaced
on the next ``serve --lan``, and the phone must trust the new one.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_DAYS = 3650
CA_NAME = "unknot local CA"
# The private (RFC 1918), loopback, IPv6 unique-local and link-local ranges: DHCP may give the
# laptop any address in them, and no public site lives there.
PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "127.0.0.0/8",
        "fc00::/7",
        "fe80::/10",
        "::1/128",
    )
)
# "local" as a dNSName constraint covers every name under .local (RFC 5280: a constraint
# matches the name itself and any name below it).
LOCAL_NAMES = ("localhost", "local")
SERVER_DAYS = 397  # the longest validity phones accept for a server certificate


@dataclass(frozen=True)
class TlsFiles:
    ca_cert: Path
    cert: Path
    key: Path
    ca_replaced: bool = False  # a new CA was made in place of one the phone may trust


def name_constraints(address: str, hostname: str) -> x509.NameConstraints:
    """What the CA may vouch for: the LAN address and host name, and nothing public."""
    ip = ipaddress.ip_address(address)
    networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = list(PRIVATE_NETWORKS)
    if not any(ip in network for network in networks):
        networks.append(ipaddress.ip_network(f"{ip}/{ip.max_prefixlen}"))
    names = [n for n in dict.fromkeys((*LOCAL_NAMES, hostname.lower().rstrip("."))) if n]
    permitted: list[x509.GeneralName] = [x509.DNSName(n) for n in names]
    permitted += [x509.IPAddress(n) for n in networks]
    return x509.NameConstraints(permitted_subtrees=permitted, excluded_subtrees=None)


def _covers(cert: x509.Certificate, wanted: x509.NameConstraints) -> bool:
    """Whether an existing CA is constrained and allows every name ``wanted`` lists."""
    try:
        ext = cert.extensions.get_extension_for_class(x509.NameConstraints)
    except x509.ExtensionNotFound:
        return False
    have = set(ext.value.permitted_subtrees or ())
    return (
        ext.critical
        and not ext.value.excluded_subtrees
        and set(wanted.permitted_subtrees or ()) <= have
    )


def lan_address() -> str | None:
    """A non-loopback IPv4 address of this machine, if it has one."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return None
    for info in infos:
        address = str(info[4][0])
        if not ipaddress.ip_address(address).is_loopback:
            return address
    return None


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _key_bytes(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _load_or_make_ca(
    folder: Path, now: dt.datetime, constraints: x509.NameConstraints
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey, bool]:
    """The CA and its key, and whether a new one replaced an existing CA."""
    cert_path, key_path = folder / "ca.pem", folder / "ca-key.pem"
    existed = cert_path.exists()
    if existed and key_path.exists():
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        fresh = cert.not_valid_after_utc > now + dt.timedelta(days=30)
        if fresh and _covers(cert, constraints):
            return cert, key, False
    cert, key = _make_ca(now, constraints)
    _write_private(key_path, _key_bytes(key))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert, key, existed


def _make_ca(
    now: dt.datetime, constraints: x509.NameConstraints
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    # The date tells the person which "unknot local CA" on the phone is the current one.
    label = f"{CA_NAME} {now:%Y-%m-%d}"
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, label)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(constraints, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return cert, key


def ensure_certificates(
    folder: Path, address: str, hostname: str, now: dt.datetime | None = None
) -> TlsFiles:
    """The CA (made once) and a server certificate for ``address`` and ``hostname``."""
    now = now or dt.datetime.now(dt.UTC)
    ca_cert, ca_key, replaced = _load_or_make_ca(folder, now, name_constraints(address, hostname))
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = [
        x509.IPAddress(ipaddress.ip_address(address)),
        x509.DNSName(hostname),
        x509.DNSName("localhost"),
    ]
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname)]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=SERVER_DAYS))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    files = TlsFiles(
        folder / "ca.pem", folder / "server.pem", folder / "server-key.pem", ca_replaced=replaced
    )
    _write_private(files.key, _key_bytes(key))
    files.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return files
