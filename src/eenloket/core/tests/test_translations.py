"""Dutch is complete and the compiled catalogues match their sources."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def _translations(catalogue):
    result = {}
    for entry in catalogue:
        if not entry.msgid or entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
            if any(forms):
                result[entry.msgid] = forms
        elif entry.msgstr:
            result[entry.msgid] = entry.msgstr
    return result


@pytest.mark.parametrize("language", ["nl", "en"])
def test_compiled_catalogue_matches_source(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES/django.po"))
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES/django.mo"))
    assert _translations(mo) == _translations(po), "run: make messages"


def test_every_dutch_text_is_translated():
    po = polib.pofile(str(LOCALE / "nl/LC_MESSAGES/django.po"))
    translated = _translations(po)
    missing = [e.msgid for e in po if e.msgid and not e.obsolete and e.msgid not in translated]
    assert missing == []
