"""Configuration from the environment: demo runs by itself, production refuses unsafe settings."""

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from eenloket.core import config
from eenloket.core.config import ConfigurationError, load

REPO_ROOT = Path(__file__).resolve().parents[4]

# Every variable that configures eenloket; the subprocess tests start from an environment
# without any of them, so the developer's own shell cannot make a test pass.
CONFIG_VARIABLES = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "CSRF_TRUSTED_ORIGINS",
    "EENLOKET_MODE",
    "EENLOKET_DEBUG",
    "EENLOKET_DEMO_LOGIN",
    "EENLOKET_FIELD_KEYS",
    "EENLOKET_ALLOW_SQLITE",
    "EENLOKET_VAR_DIR",
    "EENLOKET_PSEUDONYM_KEY",
    "EENLOKET_PSEUDONYM_KEY_FILE",
    "EENLOKET_LOG_SIGNING_KEY",
    "EENLOKET_LOG_SIGNING_KEY_FILE",
    "EENLOKET_BSN_HASH_KEY",
    "EENLOKET_BSN_HASH_KEY_FILE",
    "EENLOKET_BEHIND_TLS_PROXY",
    "EENLOKET_CLOCK_SHIFT",
    "SECRET_KEY_FILE",
    "EENLOKET_FIELD_KEYS_FILE",
    "DATABASE_URL_FILE",
)


def new_key() -> str:
    return Fernet.generate_key().decode()


@pytest.fixture
def safe_production_env(tmp_path) -> dict[str, str]:
    """A production environment with every setting safe."""
    return {
        "EENLOKET_MODE": "production",
        "SECRET_KEY": "k" * 20 + "Zq7-" * 10,  # 60 characters
        "ALLOWED_HOSTS": "loket.example.nl",
        "DATABASE_URL": "postgres://eenloket:secret@db.example.nl:5432/eenloket",
        "EENLOKET_FIELD_KEYS": new_key(),
        "EENLOKET_PSEUDONYM_KEY": new_key(),
        "EENLOKET_LOG_SIGNING_KEY": new_key(),
        "EENLOKET_BSN_HASH_KEY": new_key(),
        "EENLOKET_VAR_DIR": str(tmp_path / "var"),
    }


def clean_environ() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name not in CONFIG_VARIABLES}


def run_eenloket(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "eenloket", *args],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_demo_mode_loads_with_no_settings_at_all(tmp_path):
    loaded = load({"EENLOKET_VAR_DIR": str(tmp_path)})

    assert loaded.mode == "demo"
    assert not loaded.is_production
    assert loaded.debug is False
    assert loaded.demo_login is True
    assert loaded.secret_key == config.DEMO_SECRET_KEY
    assert loaded.field_keys == [config.DEMO_FIELD_KEY]
    assert loaded.database_url.startswith("sqlite:///")
    assert "testserver" in loaded.allowed_hosts
    assert loaded.secure_cookies is False
    assert loaded.hsts_seconds == 0


def test_safe_production_env_loads(safe_production_env):
    loaded = load(safe_production_env)

    assert loaded.mode == "production"
    assert loaded.is_production
    assert loaded.debug is False
    assert loaded.demo_login is False
    assert loaded.secret_key == safe_production_env["SECRET_KEY"]
    assert loaded.allowed_hosts == ["loket.example.nl"]
    assert loaded.field_keys == [safe_production_env["EENLOKET_FIELD_KEYS"]]
    assert loaded.database_url == safe_production_env["DATABASE_URL"]


def test_production_config_asks_for_secure_cookies_and_a_year_of_hsts(safe_production_env):
    loaded = load(safe_production_env)

    assert loaded.secure_cookies is True
    assert loaded.hsts_seconds >= 31_536_000


def test_production_accepts_several_field_keys_for_rotation(safe_production_env):
    keys = [new_key(), new_key()]
    env = safe_production_env | {"EENLOKET_FIELD_KEYS": ",".join(keys)}

    assert load(env).field_keys == keys


def test_production_accepts_sqlite_only_when_explicitly_allowed(safe_production_env, tmp_path):
    env = safe_production_env | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'desk.sqlite3'}",
        "EENLOKET_ALLOW_SQLITE": "1",
    }

    assert load(env).database_url.startswith("sqlite")


UNSAFE_PRODUCTION_SETTINGS = [
    pytest.param({"SECRET_KEY": None}, "SECRET_KEY", id="secret-key-missing"),
    pytest.param({"SECRET_KEY": ""}, "SECRET_KEY", id="secret-key-empty"),
    pytest.param({"SECRET_KEY": config.DEMO_SECRET_KEY}, "SECRET_KEY", id="secret-key-demo"),
    pytest.param(
        {"SECRET_KEY": "insecure-" + "x" * 60}, "SECRET_KEY", id="secret-key-marked-insecure"
    ),
    pytest.param({"SECRET_KEY": "x" * 49}, "SECRET_KEY", id="secret-key-short"),
    pytest.param({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS", id="allowed-hosts-missing"),
    pytest.param({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS", id="allowed-hosts-blank"),
    pytest.param({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS", id="allowed-hosts-star"),
    pytest.param(
        {"ALLOWED_HOSTS": "loket.example.nl, *"}, "ALLOWED_HOSTS", id="allowed-hosts-with-star"
    ),
    pytest.param({"EENLOKET_FIELD_KEYS": None}, "EENLOKET_FIELD_KEYS", id="field-keys-missing"),
    pytest.param(
        {"EENLOKET_FIELD_KEYS": config.DEMO_FIELD_KEY},
        "EENLOKET_FIELD_KEYS",
        id="field-key-demo",
    ),
    pytest.param(
        {"EENLOKET_FIELD_KEYS": "not-a-fernet-key"},
        "EENLOKET_FIELD_KEYS",
        id="field-key-invalid",
    ),
    pytest.param(
        {"EENLOKET_FIELD_KEYS": "c2hvcnQ="},  # valid base64, but 5 bytes
        "EENLOKET_FIELD_KEYS",
        id="field-key-wrong-length",
    ),
    pytest.param({"EENLOKET_DEBUG": "1"}, "EENLOKET_DEBUG", id="debug-on"),
    pytest.param({"EENLOKET_DEMO_LOGIN": "1"}, "EENLOKET_DEMO_LOGIN", id="demo-login-on"),
    pytest.param({"DATABASE_URL": None}, "DATABASE_URL", id="database-url-missing-means-sqlite"),
    pytest.param(
        {"DATABASE_URL": "sqlite:////srv/eenloket/db.sqlite3"},
        "DATABASE_URL",
        id="database-url-sqlite",
    ),
    pytest.param(
        {"DATABASE_URL": "sqlite:////srv/eenloket/db.sqlite3", "EENLOKET_ALLOW_SQLITE": "0"},
        "DATABASE_URL",
        id="database-url-sqlite-allow-off",
    ),
    pytest.param(
        {"EENLOKET_PSEUDONYM_KEY": None}, "EENLOKET_PSEUDONYM_KEY", id="pseudonym-key-missing"
    ),
    pytest.param(
        {"EENLOKET_PSEUDONYM_KEY": config.DEMO_PSEUDONYM_KEY},
        "EENLOKET_PSEUDONYM_KEY",
        id="pseudonym-key-demo",
    ),
    pytest.param(
        {"EENLOKET_LOG_SIGNING_KEY": None},
        "EENLOKET_LOG_SIGNING_KEY",
        id="log-signing-key-missing",
    ),
    pytest.param(
        {"EENLOKET_LOG_SIGNING_KEY": config.DEMO_LOG_SIGNING_KEY},
        "EENLOKET_LOG_SIGNING_KEY",
        id="log-signing-key-demo",
    ),
    pytest.param(
        {"EENLOKET_BSN_HASH_KEY": None}, "EENLOKET_BSN_HASH_KEY", id="bsn-hash-key-missing"
    ),
    pytest.param(
        {"EENLOKET_BSN_HASH_KEY": config.DEMO_BSN_HASH_KEY},
        "EENLOKET_BSN_HASH_KEY",
        id="bsn-hash-key-demo",
    ),
    pytest.param(
        {"EENLOKET_BSN_HASH_KEY": "c2hvcnQ="}, "EENLOKET_BSN_HASH_KEY", id="bsn-hash-key-short"
    ),
    pytest.param({"EENLOKET_CLOCK_SHIFT": "+400d"}, "EENLOKET_CLOCK_SHIFT", id="clock-shifted"),
]


@pytest.mark.parametrize(("change", "named"), UNSAFE_PRODUCTION_SETTINGS)
def test_production_refuses_each_unsafe_setting_and_names_it(safe_production_env, change, named):
    env = dict(safe_production_env)
    for name, value in change.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value

    with pytest.raises(ConfigurationError) as refused:
        load(env)

    assert len(refused.value.problems) == 1, refused.value.problems
    assert named in refused.value.problems[0]
    assert "refuses to start" in str(refused.value)


def test_production_lists_every_problem_at_once():
    with pytest.raises(ConfigurationError) as refused:
        load({"EENLOKET_MODE": "production", "EENLOKET_DEBUG": "1"})

    message = str(refused.value)
    for name in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "EENLOKET_FIELD_KEYS",
        "EENLOKET_DEBUG",
        "DATABASE_URL",
        "EENLOKET_PSEUDONYM_KEY",
        "EENLOKET_LOG_SIGNING_KEY",
        "EENLOKET_BSN_HASH_KEY",
    ):
        assert name in message


def test_demo_mode_allows_what_production_refuses(tmp_path):
    loaded = load(
        {
            "EENLOKET_VAR_DIR": str(tmp_path),
            "EENLOKET_DEBUG": "1",
            "ALLOWED_HOSTS": "*",
            "SECRET_KEY": "short",
        }
    )

    assert loaded.debug is True
    assert loaded.allowed_hosts == ["*"]


@pytest.mark.parametrize("mode", ["staging", "prod", "development"])
def test_unknown_mode_is_refused_and_named(mode):
    with pytest.raises(ConfigurationError) as refused:
        load({"EENLOKET_MODE": mode})

    assert "EENLOKET_MODE" in str(refused.value)
    assert repr(mode) in str(refused.value)


@pytest.mark.parametrize("mode", ["Production", " PRODUCTION "])
def test_mode_is_read_case_insensitively(safe_production_env, mode):
    assert load(safe_production_env | {"EENLOKET_MODE": mode}).is_production


@pytest.mark.parametrize("flag", ["EENLOKET_DEBUG", "EENLOKET_DEMO_LOGIN"])
@pytest.mark.parametrize("mode", ["demo", "production"])
def test_non_boolean_flag_value_gives_a_clear_message(safe_production_env, flag, mode):
    env = safe_production_env | {"EENLOKET_MODE": mode, flag: "maybe"}

    with pytest.raises(ConfigurationError) as refused:
        load(env)

    [problem] = refused.value.problems
    assert flag in problem
    assert "'maybe'" in problem
    assert "yes/no" in problem


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("YES", True), (" on ", True), ("0", False), ("off", False)],
)
def test_flag_words_are_understood(tmp_path, raw, expected):
    assert load({"EENLOKET_VAR_DIR": str(tmp_path), "EENLOKET_DEBUG": raw}).debug is expected


def test_eenloket_command_refuses_to_start_in_production_without_settings(tmp_path):
    env = clean_environ() | {"EENLOKET_MODE": "production"}

    result = run_eenloket("check", env=env)

    assert result.returncode == 2, result.stderr
    assert "refuses to start" in result.stderr
    assert "SECRET_KEY" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr
    assert "EENLOKET_FIELD_KEYS" in result.stderr
    assert "Traceback" not in result.stderr


def test_generate_field_key_prints_a_fresh_valid_key(safe_production_env):
    env = clean_environ() | {"EENLOKET_MODE": "production"}

    first = run_eenloket("generate_field_key", env=env)
    second = run_eenloket("generate_field_key", env=env)

    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    Fernet(key.encode())  # raises when the key is not a Fernet key
    assert load(safe_production_env | {"EENLOKET_FIELD_KEYS": key}).field_keys == [key]
    assert second.stdout.strip() != key


def test_production_django_settings_are_secure(safe_production_env):
    """settings.py wires the production configuration into Django's security settings."""
    script = (
        "import json; from eenloket import settings as s; print(json.dumps({"
        "'DEBUG': s.DEBUG, 'SESSION_COOKIE_SECURE': s.SESSION_COOKIE_SECURE, "
        "'CSRF_COOKIE_SECURE': s.CSRF_COOKIE_SECURE, "
        "'LANGUAGE_COOKIE_SECURE': s.LANGUAGE_COOKIE_SECURE, "
        "'SECURE_HSTS_SECONDS': s.SECURE_HSTS_SECONDS, "
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "'ALLOWED_HOSTS': s.ALLOWED_HOSTS, 'ENGINE': s.DATABASES['default']['ENGINE'], "
        "'EENLOKET_DEMO_LOGIN': s.EENLOKET_DEMO_LOGIN}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=clean_environ() | safe_production_env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["LANGUAGE_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["ALLOWED_HOSTS"] == ["loket.example.nl"]
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["EENLOKET_DEMO_LOGIN"] is False


def test_production_reads_log_keys_from_files(safe_production_env, tmp_path):
    pseudonym_file = tmp_path / "pseudonym.key"
    pseudonym_file.write_text(new_key() + "\n")
    env = dict(safe_production_env)
    del env["EENLOKET_PSEUDONYM_KEY"]
    env["EENLOKET_PSEUDONYM_KEY_FILE"] = str(pseudonym_file)

    assert len(load(env).pseudonym_key) == 32


def test_production_reads_secret_key_field_keys_and_database_url_from_files(
    safe_production_env, tmp_path
):
    """A container's secrets are files (compose.yaml): every key and the database address."""
    env = dict(safe_production_env)
    for name in config.FROM_FILE:
        (tmp_path / name).write_text(env.pop(name) + "\n")
        env[f"{name}_FILE"] = str(tmp_path / name)

    loaded = load(env)

    assert loaded.secret_key == safe_production_env["SECRET_KEY"]
    assert loaded.field_keys == [safe_production_env["EENLOKET_FIELD_KEYS"]]
    assert loaded.database_url == safe_production_env["DATABASE_URL"]
    env["SECRET_KEY_FILE"] = str(tmp_path / "missing")
    with pytest.raises(ConfigurationError) as refused:
        load(env)
    assert any("SECRET_KEY_FILE" in p and "cannot be read" in p for p in refused.value.problems)


def test_production_names_an_unreadable_key_file(safe_production_env, tmp_path):
    env = dict(safe_production_env)
    del env["EENLOKET_LOG_SIGNING_KEY"]
    env["EENLOKET_LOG_SIGNING_KEY_FILE"] = str(tmp_path / "missing.key")

    with pytest.raises(ConfigurationError) as refused:
        load(env)

    [problem] = refused.value.problems
    assert "EENLOKET_LOG_SIGNING_KEY_FILE" in problem
    assert "cannot be read" in problem


def test_demo_mode_uses_the_demo_bsn_hash_key(tmp_path):
    loaded = load({"EENLOKET_VAR_DIR": str(tmp_path)})

    assert loaded.bsn_hash_key == base64.urlsafe_b64decode(config.DEMO_BSN_HASH_KEY)


def test_production_reads_the_bsn_hash_key_from_a_file(safe_production_env, tmp_path):
    key = new_key()
    key_file = tmp_path / "bsn-hash.key"
    key_file.write_text(key + "\n")
    env = dict(safe_production_env)
    del env["EENLOKET_BSN_HASH_KEY"]
    env["EENLOKET_BSN_HASH_KEY_FILE"] = str(key_file)

    loaded = load(env)

    assert loaded.bsn_hash_key == base64.urlsafe_b64decode(key)
    assert loaded.bsn_hash_key != loaded.pseudonym_key


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("EENLOKET_FIELD_KEYS", "EENLOKET_BSN_HASH_KEY"),
        ("EENLOKET_FIELD_KEYS", "EENLOKET_PSEUDONYM_KEY"),
        ("EENLOKET_PSEUDONYM_KEY", "EENLOKET_LOG_SIGNING_KEY"),
        ("EENLOKET_LOG_SIGNING_KEY", "EENLOKET_BSN_HASH_KEY"),
    ],
)
def test_production_refuses_two_equal_keys(safe_production_env, first, second):
    """#23: one leaked key must not open two doors; spaces do not make it another key."""
    env = safe_production_env | {second: f" {safe_production_env[first]} "}
    with pytest.raises(ConfigurationError) as refused:
        load(env)
    assert any(
        first in problem and second in problem and "same key" in problem
        for problem in refused.value.problems
    )


def test_production_refuses_the_secret_key_or_a_field_key_twice(safe_production_env):
    key = safe_production_env["EENLOKET_FIELD_KEYS"]
    twice = safe_production_env | {"EENLOKET_FIELD_KEYS": f"{new_key()},{key},{key}"}
    with pytest.raises(ConfigurationError, match=r"key 2\) and .*key 3\) are the same"):
        load(twice)
    # A SECRET_KEY that is a field key's text (long enough with spaces around it) is refused too.
    secret = safe_production_env | {"SECRET_KEY": safe_production_env["EENLOKET_BSN_HASH_KEY"]}
    with pytest.raises(ConfigurationError, match="SECRET_KEY and EENLOKET_BSN_HASH_KEY"):
        load(secret)
    assert load(safe_production_env).is_production  # all different: starts


def test_eenloket_check_refuses_to_start_production_with_equal_keys(safe_production_env):
    env = clean_environ() | safe_production_env
    env["EENLOKET_LOG_SIGNING_KEY"] = env["EENLOKET_PSEUDONYM_KEY"]
    result = run_eenloket("check", env=env)
    assert result.returncode != 0
    assert "EENLOKET_PSEUDONYM_KEY and EENLOKET_LOG_SIGNING_KEY are the same key" in result.stderr
