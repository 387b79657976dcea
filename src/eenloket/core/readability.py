"""Plain-language checks for citizen-facing text (#11, docs/portal.md): the Dutch Flesch-Douma
reading ease and a maintained list of official jargon with its plain alternative.

Flesch-Douma (Douma 1960): 206.84 - 0.77 x syllables per 100 words - 0.93 x words per sentence.
60 or more reads as plain language for most adults (B1). Syllables are counted by vowel groups
("ij" counts as one vowel), which is close enough for Dutch prose; a score is a signal for a
writer, not a verdict on a text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Official words a citizen should not meet, with what to write instead (B1).
JARGON = {
    "beschikking": "besluit",
    "toetsingsinkomen": "inkomen",
    "verwerkingsverantwoordelijke": "de organisatie die uw gegevens gebruikt",
    "grondslag": "reden",
    "betrokkene": "u",
    "bestuursorgaan": "organisatie",
    "dwangsom": "geld dat de organisatie u moet betalen",
    "ingebrekestelling": "brief dat het besluit te laat is",
    "verdaging": "uitstel",
    "opschorting": "pauze",
    "verstrekken": "geven",
    "conform": "volgens",
    "inzake": "over",
    "middels": "met",
    "teneinde": "om",
    "derhalve": "daarom",
    "alsmede": "en",
    "onverwijld": "meteen",
    "terstond": "meteen",
    "indien": "als",
    "ten behoeve van": "voor",
    "dient u": "moet u",
}

MINIMUM = 60
_VOWELS = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:['\u2019-][A-Za-zÀ-ÿ]+)*")
_SENTENCE_END = re.compile(r"[.!?:;]+(?:\s|$)|\n+")


def syllables(word: str) -> int:
    return max(1, len(_VOWELS.findall(word.lower().replace("ij", "y"))))


@dataclass(frozen=True)
class Score:
    reading_ease: float
    words: int
    sentences: int
    jargon: tuple[str, ...]

    @property
    def plain(self) -> bool:
        return self.reading_ease >= MINIMUM and not self.jargon


def score(text: str) -> Score:
    sentences = [s for s in _SENTENCE_END.split(text) if _WORD.search(s)]
    words = _WORD.findall(text)
    if not words:
        return Score(100.0, 0, 0, ())
    per_100 = 100 * sum(syllables(w) for w in words) / len(words)
    per_sentence = len(words) / max(1, len(sentences))
    ease = 206.84 - 0.77 * per_100 - 0.93 * per_sentence
    lowered = text.lower()
    jargon = tuple(sorted(w for w in JARGON if re.search(rf"\b{re.escape(w)}\b", lowered)))
    return Score(round(ease, 1), len(words), len(sentences), jargon)


class _MainText(HTMLParser):
    """The visible text of a page's <main>: every block element ends a sentence."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "dt", "dd", "label", "button", "td", "th", "div"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.depth = 0
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        if tag in ("script", "style", "select", "option"):
            self.skip += 1
        if self.depth and tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        if tag in ("script", "style", "select", "option"):
            self.skip -= 1
        if self.depth and tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = _MainText()
    parser.feed(html)
    return re.sub(r"[ \t]+", " ", "".join(parser.parts)).strip()
