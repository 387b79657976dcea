"""The virus scanner: a client for ClamAV's daemon (clamd), speaking its INSTREAM protocol over
TCP or a unix socket, and the rule for when no scanner is configured (docs/decisions/0029).

``EENLOKET_CLAMD`` names the daemon: ``tcp://127.0.0.1:3310`` or ``unix:///run/clamav/clamd.ctl``.
INSTREAM: send ``zINSTREAM\\0``, then the content in chunks, each preceded by its length as four
bytes (network order), then four zero bytes; clamd answers ``stream: OK\\0``,
``stream: <signature> FOUND\\0`` or ``... ERROR\\0``.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    """The scanner could not be reached or gave no usable answer: never accept the file."""


class ScannerMisconfigured(ScannerUnavailable):
    """EENLOKET_CLAMD is not a tcp:// or unix:// address."""


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str = ""  # what clamd found, when not clean


class ClamdScanner:
    def __init__(self, address: str, *, timeout: float = 30.0):
        self.address = address
        self.timeout = timeout
        parts = urlsplit(address)
        self._target: tuple[str, int] | str
        if parts.scheme == "tcp" and parts.hostname and parts.port:
            self._family, self._target = socket.AF_INET, (parts.hostname, parts.port)
        elif parts.scheme == "unix" and parts.path:
            self._family, self._target = socket.AF_UNIX, parts.path
        else:
            raise ScannerMisconfigured(
                f"EENLOKET_CLAMD={address!r}: use tcp://host:port or unix:///path"
            )

    def _connect(self) -> socket.socket:
        sock = socket.socket(self._family, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self._target)
        except OSError as error:
            sock.close()
            raise ScannerUnavailable(
                f"clamd at {self.address} cannot be reached: {error}"
            ) from None
        return sock

    def _command(self, command: bytes, chunks: Iterable[bytes] = ()) -> str:
        sock = self._connect()
        try:
            sock.sendall(b"z" + command + b"\0")
            for chunk in chunks:
                if chunk:
                    sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            if command == b"INSTREAM":
                sock.sendall(struct.pack("!L", 0))
            answer = b""
            while not answer.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                answer += part
        except OSError as error:
            raise ScannerUnavailable(f"clamd at {self.address} failed: {error}") from None
        finally:
            sock.close()
        if not answer.endswith(b"\0"):
            raise ScannerUnavailable(f"clamd at {self.address} gave no complete answer")
        return answer[:-1].decode("utf-8", "replace").strip()

    def version(self) -> str:
        return self._command(b"VERSION")

    def scan(self, chunks: Iterable[bytes]) -> ScanResult:
        """Scan the content given as chunks; raise ScannerUnavailable when there is no verdict."""
        answer = self._command(b"INSTREAM", chunks)
        verdict = answer.split(":", 1)[-1].strip()
        if verdict == "OK":
            return ScanResult(clean=True)
        if verdict.endswith(" FOUND"):
            return ScanResult(clean=False, signature=verdict[: -len(" FOUND")].strip())
        # "INSTREAM size limit exceeded. ERROR" and the like: no verdict, so no acceptance.
        raise ScannerUnavailable(f"clamd at {self.address} gave no verdict: {answer[:200]}")


def configured_scanner() -> ClamdScanner | None:
    """The scanner EENLOKET_CLAMD names, or None when there is none."""
    address = settings.EENLOKET_CLAMD
    if not address:
        return None
    return ClamdScanner(address, timeout=settings.EENLOKET_CLAMD_TIMEOUT)


def unscanned_allowed() -> bool:
    """Without a scanner, a file may be accepted (marked "not scanned") only in demo mode or
    while debugging; a real desk (production, DEBUG off) refuses every upload."""
    return settings.EENLOKET_MODE == "demo" or settings.DEBUG
