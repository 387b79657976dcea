"""Normalised names for finding duplicates: "Van der Berg", "van den Berg" and "Berg" meet.

Dutch surnames carry prefixes ("voorvoegsels") that people leave out, write in front or behind,
capitalise differently or merge ("Vandenberg"); diacritics get lost on forms ("Çelik", "Celik");
married women are often known by their partner's name while the BRP holds their birth name.
"""

from __future__ import annotations

import re
import unicodedata

# The prefixes of Dutch (and some Flemish, German, French, Arabic) surnames, as separate words.
# After folding, "'t" and "d'" lose their apostrophe and become "t" and "d".
PREFIXES = frozenset(
    (
        "van", "de", "der", "den", "het", "ten", "ter", "te", "in", "op", "t", "d", "da",
        "das", "di", "du", "des", "la", "le", "los", "von", "vom", "zu", "el", "al",
    )
)  # fmt: skip
_NOT_LETTER = re.compile(r"[^a-z ]+")


def fold(text: str) -> str:
    """Return ``text`` lowercased, without diacritics, with only letters and single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("ß", "ss").replace("ij", "y")  # Dijk/Dyk, a common spelling drift
    plain = plain.replace("'", " ").replace("-", " ")
    return " ".join(_NOT_LETTER.sub(" ", plain).split())


def surname_key(prefix: str, surname: str) -> str:
    """Return the surname without prefixes, diacritics, spaces or case: "van der Berg" → "berg".

    A long prefix written into the surname ("Vandenberg") is stripped too, to meet "van den Berg".
    """
    words = fold(f"{prefix} {surname}").split()
    core = [word for word in words if word not in PREFIXES] or words
    key = "".join(core)
    # Only the long merged prefixes: "Van"+name or "De"+name would also strip real names
    # (Vanderbilt aside, "Terpstra", "Elzinga", "Dekker" must stay whole).
    if len(words) == 1:
        for merged in ("vanden", "vander", "vande"):
            if key.startswith(merged) and len(key) > len(merged) + 2:
                return key[len(merged) :]
    return key


def given_key(given_names: str) -> str:
    """Return the first given name, folded: "Sandra Maria" → "sandra"."""
    words = fold(given_names).split()
    return words[0] if words else ""
