"""Checks on the words of a signal: no personal data, and how alike two descriptions are."""

from __future__ import annotations

import re

import snowballstemmer

# What a signal may never carry: a BSN (9 digits), a date, a Dutch postcode, a phone number,
# an e-mail address or an IBAN. Names cannot be recognised reliably: the form asks for none.
PERSONAL_DATA = re.compile(
    r"\b\d{9}\b"
    r"|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b"
    r"|\b\d{4}\s?[A-Za-z]{2}\b(?=\s|$|[,.;])"
    r"|(?:\+31|\b0)[\s-]?\d(?:[\s-]?\d){8}\b"
    r"|[\w.+-]+@[\w-]+\.[\w.]+"
    r"|\b[A-Z]{2}\d{2}\s?[A-Z]{4}(?:\s?\d){10}\b"
)

_STOPWORDS = set(
    [
        "de",
        "het",
        "een",
        "en",
        "van",
        "in",
        "op",
        "te",
        "voor",
        "met",
        "is",
        "dat",
        "die",
        "niet",
        "er",
        "aan",
        "bij",
        "om",
        "ook",
        "als",
        "zijn",
        "wordt",
        "worden",
        "kan",
        "kon",
        "moet",
        "hij",
        "zij",
        "ze",
        "hun",
        "haar",
        "zijn",
        "we",
        "wij",
        "u",
        "je",
        "ik",
        "of",
        "maar",
        "door",
        "dan",
        "nog",
        "naar",
        "over",
        "uit",
        "tot",
        "geen",
        "wel",
        "meer",
        "al",
        "heeft",
        "hebben",
        "had",
        "was",
        "waren",
    ]
)
_STEMMER = snowballstemmer.stemmer("dutch")


def has_personal_data(text: str) -> bool:
    return bool(PERSONAL_DATA.search(text or ""))


def words(text: str) -> set[str]:
    """The stemmed content words of a text (Dutch), for comparing descriptions."""
    tokens = [t for t in re.findall(r"[^\W\d_]+", (text or "").lower()) if len(t) > 2]
    return set(_STEMMER.stemWords([t for t in tokens if t not in _STOPWORDS]))


def similarity(a: str, b: str) -> float:
    """How alike two descriptions are: the share of content words they have in common."""
    first, second = words(a), words(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)
