"""The agency's digital signature over a result's PDF.

``DocumentSigner`` is the interface: the agency's certificate on a token or an
HSM (the remote signing services of licensed providers) is the real
implementation to come. The demo and the tests sign with a local self-signed
certificate (``LocalCertificateSigner``): a detached CMS (PKCS #7) signature
in DER over the PDF's bytes, made with ``cryptography``, which anyone can check
with ``openssl cms -verify -binary -inform DER -content result.pdf -in result.p7s
-noverify`` (``-noverify``: the demo certificate chains to no trusted root).
The signature is kept beside the PDF, not embedded in it (pyHanko would embed
a PAdES signature; not used yet).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID
from django.conf import settings


class DocumentSigner(Protocol):
    name: str

    def sign(self, data: bytes) -> bytes:
        """A detached CMS signature (DER) over ``data``."""
        ...


class LocalCertificateSigner:
    """A key and a self-signed certificate in ``folder`` (made on first use, key readable by the owner only)."""

    def __init__(self, folder: Path, common_name: str) -> None:
        self.folder = folder
        self.common_name = common_name
        self._key, self._cert = self._load_or_make()
        self.name = self._cert.subject.rfc4514_string()

    def _load_or_make(self) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
        key_path, cert_path = self.folder / "result-signing.key", self.folder / "result-signing.crt"
        if key_path.exists() and cert_path.exists():
            key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
            if not isinstance(key, rsa.RSAPrivateKey):
                raise ValueError(f"{key_path}: an RSA key is expected")
            return key, x509.load_pem_x509_certificate(cert_path.read_bytes())
        self.folder.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, self.common_name),
                x509.NameAttribute(NameOID.COMMON_NAME, f"{self.common_name} (chứng thư thử nghiệm)"),
            ]
        )
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .sign(key, hashes.SHA256())
        )
        key_bytes = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(key_bytes)
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return key, cert

    def certificate_pem(self) -> bytes:
        return self._cert.public_bytes(serialization.Encoding.PEM)

    def sign(self, data: bytes) -> bytes:
        return (
            pkcs7.PKCS7SignatureBuilder()
            .set_data(data)
            .add_signer(self._cert, self._key, hashes.SHA256())
            .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary])
        )


def signer() -> DocumentSigner:
    """The configured signer: the local certificate in ``RESULT_SIGNING_DIR`` (default ``var/signing``)."""
    folder = Path(getattr(settings, "RESULT_SIGNING_DIR", "") or Path(settings.VAR_DIR) / "signing")
    return LocalCertificateSigner(folder, getattr(settings, "TUPHAP_SITE_NAME", "tuphap"))
