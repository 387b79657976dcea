"""The clamd client against a real ClamAV daemon started for the tests (testing/clamd.py)."""

import pytest

from eenloket.documents import scanner
from eenloket.testing.clamd import EICAR
from eenloket.testing.smtp import free_port

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize("over", ["tcp", "unix"])
def test_a_clean_file_is_ok_and_eicar_is_found_over_tcp_and_a_unix_socket(clamd_address, over):
    clamd = scanner.ClamdScanner(clamd_address[over], timeout=10)
    assert clamd.scan([PDF]) == scanner.ScanResult(clean=True)
    found = clamd.scan([EICAR])
    assert not found.clean and found.signature.startswith("Eicar-Test-Signature")
    assert "ClamAV" in clamd.version()


def test_eicar_inside_a_pdf_sent_in_many_small_chunks_is_found(clamd_address):
    content = PDF + EICAR + b"\n%%EOF\n"
    chunks = [content[i : i + 7] for i in range(0, len(content), 7)]
    result = scanner.ClamdScanner(clamd_address["tcp"]).scan(chunks)
    assert not result.clean


def test_a_scanner_that_is_not_there_raises_unavailable():
    clamd = scanner.ClamdScanner(f"tcp://127.0.0.1:{free_port()}", timeout=2)
    with pytest.raises(scanner.ScannerUnavailable):
        clamd.scan([PDF])


@pytest.mark.parametrize("address", ["127.0.0.1:3310", "http://x:1", "tcp://nohost", "unix://"])
def test_an_address_that_is_not_tcp_or_unix_is_a_configuration_error(address):
    with pytest.raises(scanner.ScannerMisconfigured):
        scanner.ClamdScanner(address)
