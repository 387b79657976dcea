"""The container image's promises, read from the Dockerfile, compose.yaml and .dockerignore
(#22): two stages, the final one without compilers or build tools and not root, the same Python
and lock as pyproject.toml and the Makefile, the same gunicorn command as docs/deploy.md and
scripts/deploy_check.sh (so the three cannot drift), health checks on the endpoints that exist.
No docker needed: scripts/container_check.sh builds and runs the image where a daemon runs."""

import json
import re
import shlex
import tomllib
from pathlib import Path

import pytest
import yaml

from eenloket.core import config, health

ROOT = Path(__file__).resolve().parents[4]
GUNICORN = "gunicorn --config python:eenloket.gunicorn_config eenloket.wsgi:application"
BUILD_TOOLS = re.compile(
    r"^(gcc|g\+\+|cpp|clang|make|cmake|build-essential|binutils|cargo|rustc|git|"
    r"python3?-pip|.*-dev)(:.*|=.*)?$"
)
APP_SERVICES = ("web", "worker")
COMPOSE_SERVICES = ("db", "web", "worker", "clamd")


def instructions(text: str) -> list[tuple[str, str]]:
    """The Dockerfile as (INSTRUCTION, arguments), continuation lines joined, comments gone."""
    joined = re.sub(
        r"\\\n",
        " ",
        "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")),
    )
    found = []
    for line in joined.splitlines():
        if line.strip():
            word, _sep, rest = line.strip().partition(" ")
            found.append((word.upper(), " ".join(rest.split())))
    return found


def stages(parsed) -> list[list[tuple[str, str]]]:
    """The instructions of each stage (the part after each FROM, FROM included)."""
    result: list[list[tuple[str, str]]] = []
    for instruction in parsed:
        if instruction[0] == "FROM":
            result.append([])
        if result:
            result[-1].append(instruction)
    return result


def installed_packages(run: str) -> list[str]:
    """The package names an ``apt-get install`` in a RUN line asks for."""
    names = []
    for command in re.split(r"&&|;", run):
        words = shlex.split(command)
        if "apt-get" in words and "install" in words:
            names += [w for w in words[words.index("install") + 1 :] if not w.startswith("-")]
    return names


def _deploy_check() -> str:
    """scripts/deploy_check.sh with its commands named as the docs name them."""
    text = (ROOT / "scripts" / "deploy_check.sh").read_text()
    return text.replace('"$BIN/gunicorn"', "gunicorn").replace('"$BIN/eenloket"', "eenloket")


@pytest.fixture(scope="module")
def dockerfile():
    parsed = instructions((ROOT / "Dockerfile").read_text())
    return {"all": parsed, "stages": stages(parsed)}


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_the_image_is_built_in_two_stages_from_the_same_python(dockerfile):
    first, *_middle, final = dockerfile["stages"]
    assert len(dockerfile["stages"]) >= 2
    assert first[0][1].endswith(" AS builder")
    assert first[0][1].split()[0] == final[0][1].split()[0] == "${PYTHON_IMAGE}"
    assert ("COPY", "--from=builder /opt/venv /opt/venv") in final


def test_the_python_of_the_image_is_the_python_of_pyproject(dockerfile):
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = pyproject["project"]["requires-python"].removeprefix(">=")
    assert wanted == pyproject["tool"]["mypy"]["python_version"]
    [default] = [arg for word, arg in dockerfile["all"] if word == "ARG" and "PYTHON_IMAGE" in arg]
    assert re.fullmatch(rf"PYTHON_IMAGE=python:{re.escape(wanted)}-slim-\w+", default)


def test_the_builder_installs_from_the_lock_file_with_the_makefiles_uv(dockerfile):
    builder = dockerfile["stages"][0]
    copied = " ".join(arg for word, arg in builder if word == "COPY")
    assert "pyproject.toml" in copied and "uv.lock" in copied
    syncs = [arg for word, arg in builder if word == "RUN" and "uv sync" in arg]
    assert syncs and all("--frozen" in run and "--no-dev" in run for run in syncs)
    uv = re.search(r"^UV_VERSION := (\S+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    env = " ".join(arg for word, arg in builder if word == "ENV")
    assert f"UV_VERSION={uv.group(1)}" in env


def test_the_final_stage_has_no_build_tools_and_does_not_run_as_root(dockerfile):
    final = dockerfile["stages"][-1]
    runs = [arg for word, arg in final if word == "RUN"]
    packages = [name for run in runs for name in installed_packages(run)]
    assert packages, "the final stage installs Pango for WeasyPrint"
    assert any(name.startswith("libpango") for name in packages)
    assert [name for name in packages if BUILD_TOOLS.match(name)] == []
    assert not [run for run in runs if re.search(r"\b(pip|uv) (install|sync)\b", run)]
    users = [arg for word, arg in final if word == "USER"]
    assert users, "the final stage names its user"
    assert users[-1].split(":")[0] not in {"root", "0"}
    # USER comes after every RUN: nothing is run as root after the switch, and the command
    # runs as that user.
    words = [word for word, _arg in final]
    assert words.index("USER") > max(i for i, word in enumerate(words) if word == "RUN")


def test_one_gunicorn_command_for_the_image_the_docs_and_the_deploy_check(dockerfile):
    [command] = [arg for word, arg in dockerfile["stages"][-1] if word == "CMD"]
    assert " ".join(json.loads(command)) == GUNICORN
    assert GUNICORN in (ROOT / "docs" / "deploy.md").read_text()
    assert GUNICORN in (ROOT / "docs" / "operations.md").read_text()
    script = _deploy_check()
    assert GUNICORN in " ".join(script.replace("\\\n", " ").split())
    every = "\n".join(
        p.read_text() for p in [ROOT / "docs" / "deploy.md", ROOT / "docs" / "operations.md"]
    )
    assert "gunicorn eenloket.wsgi:application" not in every, "an older command is left"


def test_the_images_health_check_calls_the_liveness_endpoint(dockerfile):
    [check] = [arg for word, arg in dockerfile["stages"][-1] if word == "HEALTHCHECK"]
    assert "/health/" in check and health.HEALTH == "/health/"


def test_compose_has_the_four_services_each_with_a_health_check(compose):
    services = compose["services"]
    for name in COMPOSE_SERVICES:
        check = services[name].get("healthcheck")
        assert check and check.get("test") and not check.get("disable"), name
    assert health.READY in " ".join(services["web"]["healthcheck"]["test"])
    assert services["db"]["image"].startswith("postgres:")
    assert "clamd:3310" in services["web"]["environment"]["EENLOKET_CLAMD"]


def test_the_worker_is_the_scheduler_and_its_health_check_reads_its_heartbeat(compose):
    worker = compose["services"]["worker"]
    command = worker["command"]
    assert command[:2] == ["eenloket", "worker"]
    heartbeat = command[command.index("--heartbeat") + 1]
    assert heartbeat in " ".join(worker["healthcheck"]["test"])
    assert "eenloket worker --interval 5 --heartbeat" in _deploy_check()


def test_the_keys_come_from_secret_files_one_per_purpose(compose):
    named = ("EENLOKET_PSEUDONYM_KEY", "EENLOKET_LOG_SIGNING_KEY", "EENLOKET_BSN_HASH_KEY")
    for name in APP_SERVICES:
        service = compose["services"][name]
        environment = service["environment"]
        files = []
        for setting in (*config.FROM_FILE, *named):
            assert setting not in environment, f"{name}: {setting} as a value"
            path = environment[f"{setting}_FILE"]
            secret = path.removeprefix("/run/secrets/")
            assert secret in service["secrets"], (name, setting)
            files.append(compose["secrets"][secret]["file"])
        assert len(set(files)) == len(files), "one file per purpose"
    script = (ROOT / "scripts" / "compose_secrets.sh").read_text()
    for secret in compose["secrets"]:
        assert f"write {secret} " in script, f"scripts/compose_secrets.sh makes {secret}"


def test_the_build_context_leaves_out_keys_and_local_state():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for name in (".git", ".venv", "var", "secrets", ".env", "**/node_modules"):
        assert name in ignored, name
    assert "src" not in ignored and "uv.lock" not in ignored
