"""Read eenloket's configuration from the environment, and refuse unsafe production settings.

Kept free of Django imports so that settings.py can call it before Django is set up, and so
that tests can check every rule with a plain dictionary.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from eenloket.core.login_config import LoginConfig, load_login
from eenloket.core.worker_login_config import load_worker_login

MODES = ("demo", "production")

# The key that demo mode uses when none is given. Production refuses it (and any key that
# contains "insecure"), so a copied demo configuration can never run a real desk.
DEMO_SECRET_KEY = "demo-insecure-eenloket-secret-key-never-use-in-production"
# A fixed, well-known Fernet key for demo data only; production refuses it by value.
DEMO_FIELD_KEY = base64.urlsafe_b64encode(b"eenloket-demo-field-key-32-bytes").decode()

# Demo keys for the logs: the pseudonym key turns person ids into log pseudonyms, the signing
# key (an Ed25519 seed) signs the hash-chain checkpoints. Production refuses both by value.
DEMO_PSEUDONYM_KEY = base64.urlsafe_b64encode(b"eenloket-demo-pseudonym-key-32by").decode()
DEMO_LOG_SIGNING_KEY = base64.urlsafe_b64encode(b"eenloket-demo-log-signing-seed32").decode()
# Demo key for the keyed hash that finds a person by BSN (HMAC-SHA256): the hash is stored in
# the database, the key never is. Production refuses it by value.
DEMO_BSN_HASH_KEY = base64.urlsafe_b64encode(b"eenloket-demo-bsn-hash-key-32byt").decode()

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class ConfigurationError(Exception):
    """The environment does not describe a configuration eenloket may run with."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(
            "eenloket refuses to start:\n" + "\n".join(f"  - {problem}" for problem in problems)
        )


@dataclass(frozen=True)
class Config:
    mode: str
    debug: bool
    secret_key: str
    allowed_hosts: list[str]
    database_url: str
    var_dir: Path
    field_keys: list[str]
    demo_login: bool
    secure_cookies: bool
    hsts_seconds: int
    trusted_origins: list[str]
    pseudonym_key: bytes
    log_signing_key: bytes
    bsn_hash_key: bytes
    login: LoginConfig = field(default_factory=LoginConfig)
    worker_login: dict = field(default_factory=dict)  # slug -> WorkerLoginProvider

    @property
    def is_production(self) -> bool:
        return self.mode == "production"


def _flag(env: Mapping[str, str], name: str, default: bool, problems: list[str]) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    problems.append(f"{name}={raw!r} is not a yes/no value (use 1/0, true/false, yes/no, on/off)")
    return default


def _list(env: Mapping[str, str], name: str) -> list[str]:
    return [item.strip() for item in env.get(name, "").split(",") if item.strip()]


def _is_valid_fernet_key(key: str) -> bool:
    return _decode_key(key) is not None


def _decode_key(key: str) -> bytes | None:
    """Return the 32 bytes of a url-safe base64 key, or None when it is not one."""
    try:
        raw = base64.urlsafe_b64decode(key.strip().encode())
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == 32 else None


def _secret_from_env_or_file(
    env: Mapping[str, str], name: str, demo_default: str, production: bool, problems: list[str]
) -> bytes:
    """Read a 32-byte key from NAME, or from the file NAME_FILE names (never the database)."""
    value = env.get(name, "")
    file_name = env.get(f"{name}_FILE", "")
    if not value and file_name:
        try:
            value = Path(file_name).read_text().strip()
        except OSError as error:
            problems.append(f"{name}_FILE={file_name!r} cannot be read: {error.strerror}")
            return b""
    if not value:
        if production:
            problems.append(f"{name} (or {name}_FILE) is not set")
            return b""
        value = demo_default
    raw = _decode_key(value)
    if raw is None:
        problems.append(
            f"{name} is not a url-safe base64 key of 32 bytes "
            "(make one with: eenloket generate_field_key)"
        )
        return b""
    if production and value.strip() == demo_default:
        problems.append(f"{name} is the demo key")
    return raw


# Settings that may come from a file as well (``NAME_FILE``: a container's secret), besides
# the three keys that _secret_from_env_or_file reads.
FROM_FILE = ("SECRET_KEY", "EENLOKET_FIELD_KEYS", "DATABASE_URL")


def _with_files(env: Mapping[str, str], problems: list[str]) -> dict[str, str]:
    """The environment with each FROM_FILE setting that is unset read from ``NAME_FILE``."""
    merged = dict(env)
    for name in FROM_FILE:
        file_name = env.get(f"{name}_FILE", "")
        if env.get(name) or not file_name:
            continue
        try:
            merged[name] = Path(file_name).read_text().strip()
        except OSError as error:
            problems.append(f"{name}_FILE={file_name!r} cannot be read: {error.strerror}")
    return merged


def equal_keys(secret_key: str, field_keys: list[str], named: dict[str, bytes]) -> list[str]:
    """Say which of the keys are the same (#23): one leaked key must not open two doors. The
    field keys, the pseudonym, log-signing and BSN-hash keys and SECRET_KEY are compared by
    their bytes (a key written with or without padding or spaces is the same key)."""

    def forms(text: str) -> set[bytes]:
        raw = _decode_key(text) if text.strip() else None
        return {text.strip().encode()} | ({raw} if raw else set())

    keys = [("SECRET_KEY", forms(secret_key))]
    keys += [
        (f"EENLOKET_FIELD_KEYS (key {number})", forms(key))
        for number, key in enumerate(field_keys, start=1)
    ]
    keys += [(name, {raw}) for name, raw in named.items() if raw]
    return [
        f"{other} and {name} are the same key: give each its own"
        for index, (name, these) in enumerate(keys)
        for other, those in keys[:index]
        if these & those - {b""}
    ]


def load(env: Mapping[str, str]) -> Config:
    """Return the configuration the environment describes, or raise ConfigurationError.

    Demo mode has safe local defaults. Production mode fails closed: every setting that would
    make a real desk unsafe is listed, all at once, so an operator fixes them in one go.
    """
    problems: list[str] = []
    env = _with_files(env, problems)
    mode = env.get("EENLOKET_MODE", "demo").strip().lower()
    if mode not in MODES:
        raise ConfigurationError([f"EENLOKET_MODE={mode!r} is unknown; use 'demo' or 'production'"])
    production = mode == "production"

    var_dir = Path(env.get("EENLOKET_VAR_DIR", "var")).resolve()
    debug = _flag(env, "EENLOKET_DEBUG", False, problems)
    demo_login = _flag(env, "EENLOKET_DEMO_LOGIN", not production, problems)
    secret_key = env.get("SECRET_KEY", "" if production else DEMO_SECRET_KEY)
    allowed_hosts = _list(env, "ALLOWED_HOSTS") or (
        [] if production else ["127.0.0.1", "localhost", "testserver"]
    )
    field_keys = _list(env, "EENLOKET_FIELD_KEYS") or ([] if production else [DEMO_FIELD_KEY])
    database_url = env.get("DATABASE_URL", f"sqlite:///{var_dir / 'eenloket.sqlite3'}")

    for key in field_keys:
        if not _is_valid_fernet_key(key):
            problems.append(
                "EENLOKET_FIELD_KEYS holds a key that is not a url-safe base64 key of 32 bytes "
                "(make one with: eenloket generate_field_key)"
            )
            break

    pseudonym_key = _secret_from_env_or_file(
        env, "EENLOKET_PSEUDONYM_KEY", DEMO_PSEUDONYM_KEY, production, problems
    )
    log_signing_key = _secret_from_env_or_file(
        env, "EENLOKET_LOG_SIGNING_KEY", DEMO_LOG_SIGNING_KEY, production, problems
    )
    bsn_hash_key = _secret_from_env_or_file(
        env, "EENLOKET_BSN_HASH_KEY", DEMO_BSN_HASH_KEY, production, problems
    )

    if production:
        if not secret_key:
            problems.append("SECRET_KEY is not set")
        elif secret_key == DEMO_SECRET_KEY or "insecure" in secret_key or len(secret_key) < 50:
            problems.append("SECRET_KEY is the demo key, marked insecure, or shorter than 50 chars")
        if not allowed_hosts:
            problems.append("ALLOWED_HOSTS is not set (comma-separated host names)")
        if "*" in allowed_hosts:
            problems.append("ALLOWED_HOSTS may not contain '*'")
        if not field_keys:
            problems.append("EENLOKET_FIELD_KEYS is not set (the keys that encrypt personal data)")
        if DEMO_FIELD_KEY in field_keys:
            problems.append("EENLOKET_FIELD_KEYS holds the demo key")
        problems += equal_keys(
            secret_key,
            field_keys,
            {
                "EENLOKET_PSEUDONYM_KEY": pseudonym_key,
                "EENLOKET_LOG_SIGNING_KEY": log_signing_key,
                "EENLOKET_BSN_HASH_KEY": bsn_hash_key,
            },
        )
        if debug:
            problems.append("EENLOKET_DEBUG is on")
        if env.get("EENLOKET_CLOCK_SHIFT", "").strip():
            problems.append("EENLOKET_CLOCK_SHIFT is set (it moves the clock, for tests only)")
        if demo_login:
            problems.append("EENLOKET_DEMO_LOGIN is on")
        if database_url.startswith("sqlite") and not _flag(
            env, "EENLOKET_ALLOW_SQLITE", False, problems
        ):
            problems.append(
                "DATABASE_URL points to SQLite; production runs on PostgreSQL "
                "(set EENLOKET_ALLOW_SQLITE=1 only for a single-desk install, see docs/decisions)"
            )

    login = load_login(env, production=production, problems=problems)
    worker_login = load_worker_login(env, production=production, problems=problems)

    if problems:
        raise ConfigurationError(problems)

    return Config(
        mode=mode,
        debug=debug,
        secret_key=secret_key,
        allowed_hosts=allowed_hosts,
        database_url=database_url,
        var_dir=var_dir,
        field_keys=field_keys,
        demo_login=demo_login,
        secure_cookies=production,
        hsts_seconds=31_536_000 if production else 0,
        trusted_origins=_list(env, "CSRF_TRUSTED_ORIGINS"),
        pseudonym_key=pseudonym_key,
        log_signing_key=log_signing_key,
        bsn_hash_key=bsn_hash_key,
        login=login,
        worker_login=worker_login,
    )
