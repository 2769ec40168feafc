"""The raw transcript's encryption: Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`).

The key comes from the setting (environment variable) HEARTLINE_TRANSCRIPT_KEY: one or more Fernet
keys (`Fernet.generate_key()`, 32 bytes, url-safe base64), comma-separated. The first encrypts; all
decrypt, so a key is rotated by putting the new one first and running `heartline transcripts reseal`. Without the
setting the key is derived from SECRET_KEY (SHA-256 of a fixed label and the secret): fine for a demo
or a single server, but rotating SECRET_KEY would then make the stored raw text unreadable — set
HEARTLINE_TRANSCRIPT_KEY in production and keep it apart from the database backups. docs/transcripts.md.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DERIVATION_LABEL = b"heartline transcripts raw text v1\x00"


def _keys() -> list[bytes]:
    configured = str(getattr(settings, "HEARTLINE_TRANSCRIPT_KEY", "") or "")
    if configured:
        return [k.strip().encode() for k in configured.split(",") if k.strip()]
    digest = hashlib.sha256(DERIVATION_LABEL + str(settings.SECRET_KEY).encode()).digest()
    return [base64.urlsafe_b64encode(digest)]


def _fernet() -> MultiFernet:
    return _fernet_for(tuple(_keys()))


@functools.lru_cache(maxsize=4)
def _fernet_for(keys: tuple[bytes, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "HEARTLINE_TRANSCRIPT_KEY must be Fernet keys (32 bytes, url-safe base64), comma-separated; "
            "make one with: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
        ) from exc


def canonical(document: dict[str, Any]) -> bytes:
    """The document as the bytes that are sealed and digested (same document, same bytes)."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def digest(document: dict[str, Any] | bytes) -> str:
    """Whether a re-delivered transcript differs from the stored one, without decrypting it."""
    return hashlib.sha256(document if isinstance(document, bytes) else canonical(document)).hexdigest()


def seal(document: dict[str, Any] | bytes) -> str:
    """The document (or its canonical bytes) encrypted with the first key, as text."""
    return _fernet().encrypt(document if isinstance(document, bytes) else canonical(document)).decode("ascii")


class UnreadableRawText(Exception):
    """The stored raw text does not open with the configured keys (a lost or rotated-away key)."""


def unseal(token: str) -> dict[str, Any]:
    try:
        opened: dict[str, Any] = json.loads(_fernet().decrypt(token.encode("ascii")))
    except InvalidToken as exc:
        raise UnreadableRawText(
            "the raw transcript cannot be decrypted with HEARTLINE_TRANSCRIPT_KEY's keys (was the key changed?)"
        ) from exc
    return opened


def reseal(token: str) -> str:
    """The token encrypted with the first key (after a rotation)."""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise UnreadableRawText(
            "a raw transcript cannot be decrypted with HEARTLINE_TRANSCRIPT_KEY's keys: keep the old key listed"
        ) from exc
