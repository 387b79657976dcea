"""Apply the Dutch texts in scripts/nl/*.py to locale/nl with polib and compile both catalogues.

Each capability keeps its Dutch texts in its own file under scripts/nl/ (a dict called NL), so
they can be reviewed as plain Python and parallel work does not collide in one file. After
`make messages` adds new strings: `.venv/bin/python scripts/translations_nl.py`.
"""

import importlib.util
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
LOCALE = HERE.parent / "src/eenloket/locale"


def dutch_texts() -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted((HERE / "nl").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"nl_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        texts.update(module.NL)
    return texts


def compile_language(language: str, texts: dict[str, str]) -> list[str]:
    path = LOCALE / language / "LC_MESSAGES/django.po"
    catalogue = polib.pofile(str(path))
    missing = []
    for entry in catalogue:
        if entry.msgid in texts and entry.msgid_plural:
            singular, plural = texts[entry.msgid]
            entry.msgstr_plural = {0: singular, 1: plural}
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif entry.msgid in texts:
            entry.msgstr = texts[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif "fuzzy" in entry.flags or not (entry.msgstr or any(entry.msgstr_plural.values())):
            missing.append(entry.msgid)
    catalogue.metadata["Language"] = language
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalogue.save()
    catalogue.save_as_mofile(str(path.with_suffix(".mo")))
    return missing


if __name__ == "__main__":
    missing = compile_language("nl", dutch_texts())
    compile_language("en", {})
    if missing:
        print("untranslated (add them to a file in scripts/nl/):", *missing, sep="\n  ")
        raise SystemExit(1)
    print("all Dutch texts translated; catalogues compiled")
