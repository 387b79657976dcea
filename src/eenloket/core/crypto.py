"""Encryption of personal data at rest, with keys that live outside the database.

EENLOKET_FIELD_KEYS holds one or more Fernet keys: the first encrypts, all decrypt, so keys can
be rotated by putting a new key in front and re-encrypting at leisure.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(plaintext: str) -> str:
    """Return ``plaintext`` encrypted with the current field key."""
    return _fernet(tuple(settings.EENLOKET_FIELD_KEYS)).encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    """Return the plaintext of ``token``; raise ValueError when no key fits or it was altered."""
    try:
        return _fernet(tuple(settings.EENLOKET_FIELD_KEYS)).decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("encrypted value cannot be read with the configured field keys") from error


def encrypt_bytes(plaintext: bytes) -> bytes:
    """Return ``plaintext`` (a file's content) encrypted with the current field key."""
    return _fernet(tuple(settings.EENLOKET_FIELD_KEYS)).encrypt(plaintext)


def decrypt_bytes(token: bytes) -> bytes:
    """Return the content encrypted in ``token`` with any of the field keys; raise ValueError
    when no key fits or it was altered."""
    try:
        return _fernet(tuple(settings.EENLOKET_FIELD_KEYS)).decrypt(token)
    except InvalidToken as error:
        raise ValueError("encrypted file cannot be read with the configured field keys") from error


def reencrypt(token: bytes) -> bytes:
    """Return ``token`` encrypted again with the current (first) field key, for rotation."""
    try:
        return _fernet(tuple(settings.EENLOKET_FIELD_KEYS)).rotate(token)
    except InvalidToken as error:
        raise ValueError("encrypted value cannot be read with the configured field keys") from error


def under_current_key(token: bytes) -> bool:
    """Tell whether ``token`` is encrypted with the current (first) field key: rotation skips
    it, so an interrupted rotation resumes where it stopped (retention/key_rotation.py)."""
    try:
        Fernet(settings.EENLOKET_FIELD_KEYS[0]).decrypt(token)
    except InvalidToken:
        return False
    return True


def generate_key() -> str:
    """Return a new random field key."""
    return Fernet.generate_key().decode()
