"""Dutch is complete and the compiled catalogues match their sources."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_compiled_catalogue_matches_source(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES/django.po"))
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES/django.mo"))
    translated_po = {
        e.msgid: e.msgstr for e in po if e.msgstr and not e.obsolete and "fuzzy" not in e.flags
    }
    translated_mo = {e.msgid: e.msgstr for e in mo if e.msgid}
    assert translated_mo == translated_po, "run: make messages"


def test_every_dutch_text_is_translated():
    po = polib.pofile(str(LOCALE / "nl/LC_MESSAGES/django.po"))
    missing = [e.msgid for e in po if not e.obsolete and (not e.msgstr or "fuzzy" in e.flags)]
    assert missing == []
