"""A real ClamAV daemon (clamd) on 127.0.0.1 for tests, with a tiny database of its own.

No freshclam and no network: the only signatures are the EICAR test string, as a whole-file
hash (.hdb) and as a body signature (.ndb) that finds it inside any file (a PDF carrying it).
Skipped, with the reason, when clamd is not installed (``apt-get install clamav-daemon``).
"""

from __future__ import annotations

import hashlib
import shutil
import socket
import subprocess
import time

import pytest

from eenloket.testing.smtp import free_port

# The EICAR anti-virus test file: harmless, and every scanner reports it.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!H+H*"


def _write_database(directory) -> None:
    directory.mkdir()
    md5 = hashlib.md5(EICAR).hexdigest()  # noqa: S324 - ClamAV's .hdb format is md5
    (directory / "eicar.hdb").write_text(f"{md5}:{len(EICAR)}:Eicar-Test-Signature\n")
    (directory / "eicar.ndb").write_text(f"Eicar-Test-Signature-Body:0:*:{EICAR.hex()}\n")


def _wait_for(port: int, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"clamd stopped at start:\n{log.read_text() if log.exists() else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"zPING\0")
                if sock.recv(16).startswith(b"PONG"):
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail("clamd did not answer within 60 seconds")


@pytest.fixture(scope="session")
def clamd_address(tmp_path_factory):
    """Start clamd for the test session; yield its address (tcp://127.0.0.1:<port>)."""
    binary = shutil.which("clamd") or (
        "/usr/sbin/clamd" if shutil.which("/usr/sbin/clamd") else None
    )
    if binary is None:
        pytest.skip("clamd is not installed (apt-get install clamav-daemon): no real scanner")
    root = tmp_path_factory.mktemp("clamd")
    _write_database(root / "db")
    port = free_port()
    log = root / "clamd.log"
    config = root / "clamd.conf"
    config.write_text(
        f"DatabaseDirectory {root / 'db'}\n"
        f"TCPSocket {port}\n"
        "TCPAddr 127.0.0.1\n"
        "Foreground yes\n"
        f"LogFile {log}\n"
        f"LocalSocket {root / 'clamd.sock'}\n"
        "StreamMaxLength 30M\n"
    )
    process = subprocess.Popen(  # noqa: S603 - our own clamd binary and config file
        [binary, f"--config-file={config}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(port, process, log)
        yield {"tcp": f"tcp://127.0.0.1:{port}", "unix": f"unix://{root / 'clamd.sock'}"}
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def clamd(settings, clamd_address):
    """Point EENLOKET_CLAMD at the test session's clamd (over TCP)."""
    settings.EENLOKET_CLAMD = clamd_address["tcp"]
    return clamd_address
