"""Search in the directory: analysing Dutch text, keeping the index, and answering queries.

One design for both databases (docs/decisions/0006-directory-search.md):

- Python normalises words (lower case, no accents), drops Dutch stop words, splits compounds
  ("huurtoeslag" → "huur" + "toeslag") with a lexicon, and adds the synonyms application
  managers keep. Misspelt words are corrected against the words the directory holds.
- PostgreSQL finds candidates with its own 'dutch' text search configuration
  (``SearchVector``/``SearchQuery``, a GIN index) and ranks them with ``SearchRank``.
  SQLite has no Dutch stemmer, so Python stems with the same Snowball algorithm PostgreSQL
  uses (``dutch_porter`` in snowballstemmer == PostgreSQL's dutch_stem) and finds candidates
  with one ``LIKE`` per word.
- The best candidates are then ordered by one Python scorer on both databases, so the same
  query gives the same top results on both.

A search runs a fixed number of queries (synonyms, words, candidates, the best documents)
whatever the result size.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet, Value

from eenloket.directory.models import SearchDocument, SearchSynonym, SearchTerm


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Dutch function words that say nothing about the need ("ik kan de huur niet betalen").
STOP_WORDS = _word_set(
    """
    aan al alle alles als altijd ander andere anders ben bij bijna binnen daar daarna daarom
    dan dat de den der des deze die dit doe doen door dus een eens eigenlijk en er ergens even
    geen gehad geweest graag had hadden heb hebben hebt heeft hem hen het hier hij hoe hoeveel
    hun ik in is ja je jij jou jouw jullie kan kun kunnen kunt maar me mee meer men met mij
    mijn moet moeten mogen na naar net niet niets nog nu of om omdat ons onze ook op over te
    tegen toch toen tot u uit uw van veel voor waar waarom wanneer want was wat we weer wel
    welk welke werd wie wij wil willen word worden wordt zal zich zij zijn zo zonder zou zouden
    zullen iets iemand krijg krijgen kon moest mocht gaat ga gaan help helpen hulp nodig vraag
    vragen weet weten zit zitten sinds heel erg
    """
)
# "hulp", "help", "nodig", "vraag" are everywhere in the directory and in questions: as query
# words they only add noise. They stay searchable through names and synonyms.

# Word parts for splitting compounds on both sides; the words the directory holds are added.
COMPOUND_PARTS = _word_set(
    """
    hulp huis uitzetting ontruiming aangifte achterstand adres alimentatie arbeid arbeids
    armoede belasting bijslag bijstand
    boete budget collectief dak dienst eigen energie financiering gebonden geld gemeente
    geboorte gezin huur inkomen jongeren kind kinder kinderopvang kosten krediet kwijt lening
    loket loon nabestaanden ondernemer onderwijs ongeschikt ongeschiktheid opvang ouderdom
    overlijden partner pensioen premie regeling reis risico schade scheiding schelding schuld
    schulden steun student studie tegemoetkoming thuis toelage toeslag uitkering uitvaart
    verhuizing verlening verzekering vergoeding werk werkloos werkloosheid wet woning zorg
    zorgverzekering zelfstandig betaling betalings leeftijd jong gehandicapt bijzonder
    bijzondere levensonderhoud ziekte ziek beurs vrouw man ouder ouders baan
    """
)
LINKING = ("s", "en", "e")  # tussenklanken: "betalingsregeling", "kinderenbijslag"

WEIGHT_A, WEIGHT_B, WEIGHT_C = 3.0, 2.0, 1.0
PART_WEIGHT = 0.6  # a part of a compound counts less than the whole word
FUZZY_WEIGHT = 0.8  # a corrected spelling counts a little less
SYNONYM_WEIGHT = 0.9
CANDIDATES = 200  # PostgreSQL hands over its best this many for the final ordering
DEFAULT_LIMIT = 25
MAX_QUERY_WORDS = 12
MAX_PHRASE_WORDS = 5


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("dutch_porter")


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """Return the Snowball Dutch stem of a normalised word (as PostgreSQL's 'dutch' does)."""
    return _stemmer().stemWord(word)


def normalise(text: str) -> str:
    """Lower-case, strip accents (ë → e) and turn everything but letters and digits to spaces."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def words(text: str) -> list[str]:
    """Return the normalised words of ``text`` that carry meaning (no stop words)."""
    return [w for w in normalise(text).split() if len(w) >= 2 and w not in STOP_WORDS]


def split_compound(
    word: str, lexicon: Iterable[str] | frozenset[str] = COMPOUND_PARTS
) -> list[str]:
    """Split a Dutch compound into known parts ("huurtoeslag" → ["huur", "toeslag"]).

    Returns [] when the word is no compound of known parts. Parts are at least 3 letters; a
    linking s, e or en between parts is allowed.
    """
    lexicon = lexicon if isinstance(lexicon, frozenset | set) else frozenset(lexicon)
    return _split(word, lexicon, depth=0)


def _split(word: str, lexicon, depth: int) -> list[str]:
    if depth > 3 or len(word) < 6:
        return []
    for i in range(len(word) - 3, 2, -1):  # longest head first
        head, tail = word[:i], word[i:]
        if head not in lexicon:
            continue
        for link in ("", *LINKING):
            if link and not tail.startswith(link):
                continue
            rest = tail[len(link) :]
            if len(rest) < 3:
                continue
            if rest in lexicon:
                return [head, rest]
            deeper = _split(rest, lexicon, depth + 1)
            if deeper:
                return [head, *deeper]
    return []


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count 1), stopping early above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


# ---------------------------------------------------------------------------------------------
# The index


@dataclass
class Fields:
    """The texts of one document by weight, as the indexer receives them."""

    a: list[str] = field(default_factory=list)
    b: list[str] = field(default_factory=list)
    c: list[str] = field(default_factory=list)


def _expand_text(text: str, lexicon: frozenset[str]) -> list[str]:
    """Return the words of ``text`` plus the parts of its compounds."""
    result = []
    for word in words(text):
        result.append(word)
        result.extend(split_compound(word, lexicon))
    return result


def _padded(tokens: Iterable[str]) -> str:
    unique = sorted(set(tokens))
    return f" {' '.join(unique)} " if unique else ""


def index_document(
    *,
    kind: str,
    object_id,
    key: str,
    title: str,
    title_en: str,
    summary: str,
    summary_en: str,
    organisation_name: str,
    public: bool,
    fields: Fields,
    facets: Iterable[str],
) -> None:
    """Write (or rewrite) the search document of one row, and learn its words."""
    own_words = {w for text in fields.a + fields.b + fields.c for w in words(text)}
    lexicon = COMPOUND_PARTS | frozenset(w for w in own_words if len(w) >= 3)
    expanded = {
        weight: _expand_text(" ".join(texts), lexicon)
        for weight, texts in (("a", fields.a), ("b", fields.b), ("c", fields.c))
    }
    stems = {weight: [stem(w) for w in tokens] for weight, tokens in expanded.items()}
    values = {
        "key": key,
        "title": title[:200],
        "title_en": title_en[:200],
        "summary": summary,
        "summary_en": summary_en,
        "organisation_name": organisation_name[:200],
        "public": public,
        "terms_a": _padded(stems["a"]),
        "terms_b": _padded(stems["b"]),
        "terms_c": _padded(stems["c"]),
        "terms": _padded(stems["a"] + stems["b"] + stems["c"]),
        "text_a": " ".join(expanded["a"]),
        "text_b": " ".join(expanded["b"]),
        "text_c": " ".join(expanded["c"]),
        "facets": _padded(facets),
    }
    document, _created = SearchDocument.objects.update_or_create(
        kind=kind, object_id=object_id, defaults=values
    )
    if connection.vendor == "postgresql":
        SearchDocument.objects.filter(pk=document.pk).update(
            vector=SearchVector("text_a", weight="A", config="dutch")
            + SearchVector("text_b", weight="B", config="dutch")
            + SearchVector("text_c", weight="C", config="dutch")
        )
    learned = {w for w in own_words if 3 <= len(w) <= 64 and not w.isdigit()}
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=w, first=w[0], length=len(w)) for w in sorted(learned)],
        ignore_conflicts=True,
    )


def unindex(*, kind: str, object_id) -> None:
    SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()


# ---------------------------------------------------------------------------------------------
# Queries


@dataclass
class Alternative:
    word: str  # a normalised surface word (PostgreSQL stems it itself)
    weight: float

    @property
    def stem(self) -> str:
        return stem(self.word)


@dataclass
class Group:
    """One thing the searcher asked for, with the words that may stand for it."""

    source: str
    alternatives: list[Alternative]
    weight: float = 1.0
    from_synonym: bool = False


@dataclass
class Filters:
    life_event: str = ""
    need: str = ""
    organisation_kind: str = ""
    municipality: str = ""

    def q(self) -> Q:
        condition = Q()
        if self.life_event:
            condition &= Q(facets__contains=f" le:{self.life_event} ")
        if self.need:
            condition &= Q(facets__contains=f" need:{self.need} ")
        if self.organisation_kind:
            condition &= Q(facets__contains=f" kind:{self.organisation_kind} ")
        if self.municipality:
            condition &= Q(facets__contains=f" muni:{self.municipality} ") | Q(
                facets__contains=" muni:* "
            )
        return condition

    @property
    def any(self) -> bool:
        return bool(self.life_event or self.need or self.organisation_kind or self.municipality)


@dataclass
class Hit:
    document: SearchDocument
    score: float


def _phrases(tokens: list[str]) -> list[str]:
    result = []
    for size in range(1, MAX_PHRASE_WORDS + 1):
        for start in range(0, len(tokens) - size + 1):
            result.append(" ".join(tokens[start : start + size]))
    return result


def analyse(text: str) -> list[Group]:
    """Turn a query into groups of alternative words, using synonyms and the known words.

    Runs two queries: the synonyms whose phrase occurs in the text, and the known words that
    could be the intended spelling of a query word.
    """
    all_tokens = normalise(text).split()[: MAX_QUERY_WORDS * 2]
    query_words = [w for w in all_tokens if len(w) >= 2 and w not in STOP_WORDS][:MAX_QUERY_WORDS]
    phrases = _phrases(all_tokens)
    stemmed_phrases = [" ".join(stem(w) for w in phrase.split()) for phrase in phrases]
    synonyms = list(
        SearchSynonym.objects.filter(Q(term__in=phrases) | Q(stemmed__in=stemmed_phrases))
        .values_list("term", "expansions")
        .order_by("term")
        if phrases
        else []
    )
    shape = Q()
    for word in query_words:
        if len(word) >= 4:
            shape |= Q(first=word[0], length__gte=len(word) - 2, length__lte=len(word) + 2)
    shape |= Q(word__in=query_words)
    known = set(SearchTerm.objects.filter(shape).values_list("word", flat=True))
    lexicon = COMPOUND_PARTS | frozenset(known)

    groups: list[Group] = []
    covered_by_phrase: set[str] = set()
    for term, expansions in synonyms:
        term_words = term.split()
        if len(term_words) > 1:
            covered_by_phrase.update(stem(w) for w in term_words if w not in STOP_WORDS)
        alternatives = [Alternative(w, SYNONYM_WEIGHT) for w in words(expansions)]
        for alternative in list(alternatives):
            alternatives += [
                Alternative(p, SYNONYM_WEIGHT * PART_WEIGHT)
                for p in split_compound(alternative.word, lexicon)
            ]
        if alternatives:
            groups.append(Group(term, alternatives, weight=1.0, from_synonym=True))

    for word in query_words:
        alternatives = [Alternative(word, 1.0)]
        alternatives += [Alternative(p, PART_WEIGHT) for p in split_compound(word, lexicon)]
        if word not in known and len(word) >= 4 and not word.isdigit():
            limit = 1 if len(word) <= 6 else 2
            close = sorted(
                (d, w)
                for w in known
                if w[0] == word[0] and (d := _distance(word, w, limit)) <= limit
            )[:2]
            for _d, w in close:
                alternatives.append(Alternative(w, FUZZY_WEIGHT))
                alternatives += [
                    Alternative(p, FUZZY_WEIGHT * PART_WEIGHT) for p in split_compound(w, lexicon)
                ]
        # A word that a synonym phrase already explains still counts, but less.
        weight = 0.5 if stem(word) in covered_by_phrase else 1.0
        groups.append(Group(word, alternatives, weight=weight))
    return groups


class Candidate(NamedTuple):
    """The part of a search document needed to score it (no model instance: cheap by the
    thousand)."""

    pk: int
    title: str
    terms_a: str
    terms_b: str
    terms_c: str
    terms: str


CANDIDATE_FIELDS = ("pk", "title", "terms_a", "terms_b", "terms_c", "terms")
HEAVY_FIELDS = ("vector", "text_a", "text_b", "text_c")  # for the index only, never shown


def _score(candidate: Candidate, groups: list[Group], idf: dict[str, float]) -> float:
    a = set(candidate.terms_a.split())
    b = set(candidate.terms_b.split())
    c = set(candidate.terms_c.split())
    total, matched, asked = 0.0, 0, 0
    for group in groups:
        best = 0.0
        for alternative in group.alternatives:
            s = alternative.stem
            weight = WEIGHT_A if s in a else WEIGHT_B if s in b else WEIGHT_C if s in c else 0.0
            best = max(best, weight * alternative.weight * idf.get(s, 1.0))
        total += best * group.weight
        if not group.from_synonym:
            asked += 1
            matched += best > 0
    coverage = (1 + matched) / (1 + asked)
    return total * coverage


def _idf(rows: list[Candidate], stems: set[str]) -> dict[str, float]:
    """Weigh rare words up: a word in few of the candidates says more than one in many."""
    counts = dict.fromkeys(stems, 0)
    for document in rows:
        for term in set(document.terms.split()) & stems:
            counts[term] += 1
    n = max(len(rows), 1)
    return {term: 1.0 + math.log((n + 1) / (count + 1)) for term, count in counts.items()}


def _all_alternatives(groups: list[Group]) -> list[Alternative]:
    seen, result = set(), []
    for group in groups:
        for alternative in group.alternatives:
            if alternative.word not in seen:
                seen.add(alternative.word)
                result.append(alternative)
    return result


def run(
    text: str, *, filters: Filters, visible_lines: QuerySet | None, limit: int = DEFAULT_LIMIT
) -> list[Hit]:
    """Return the best documents for ``text``, best first.

    ``visible_lines``: None for someone who sees no private documents (only public ones);
    for a worker, the ids of the direct lines they may see (a subquery, decision 0053): every
    other direct line's document is left out of every query below, so a hidden line is never
    a candidate, never counted and never returned.

    Four queries whatever the result size (three when nothing matches): synonyms, known words,
    the candidates (only what scoring needs), and the full documents of the best ones.
    """
    documents = SearchDocument.objects.filter(filters.q())
    if visible_lines is None:
        documents = documents.filter(public=True)
    else:
        documents = documents.filter(
            ~Q(kind=SearchDocument.Kind.CONTACT_POINT) | Q(object_id__in=visible_lines)
        )
    documents = documents.defer(*HEAVY_FIELDS)
    groups = analyse(text) if text.strip() else []
    alternatives = _all_alternatives(groups)
    if not alternatives:
        if not filters.any:
            return []
        rows = documents.order_by("kind", "title")[:limit]
        return [Hit(document, 0.0) for document in rows]

    if connection.vendor == "postgresql":
        query = None
        for alternative in alternatives:
            part = SearchQuery(Value(alternative.word), config="dutch", search_type="plain")
            query = part if query is None else query | part
        candidates = (
            documents.filter(vector=query)
            .annotate(rank=SearchRank(F("vector"), query, weights=[0.1, 0.2, 0.4, 1.0]))
            .order_by("-rank", "title")[:CANDIDATES]
        )
    else:
        condition = Q()
        for stem_ in {alternative.stem for alternative in alternatives}:
            condition |= Q(terms__contains=f" {stem_} ")
        candidates = documents.filter(condition)
    rows = [Candidate(*values) for values in candidates.values_list(*CANDIDATE_FIELDS)]

    idf = _idf(rows, {alternative.stem for alternative in alternatives})
    scored = [(score, row) for row in rows if (score := _score(row, groups, idf)) > 0]
    scored.sort(key=lambda pair: (-pair[0], pair[1].title))
    best = scored[:limit]
    # The best rows passed every filter above in the candidates query: fetched by key alone,
    # so the visibility subquery and the filters are not built and run a second time.
    chosen = SearchDocument.objects.filter(pk__in=[row.pk for _score, row in best])
    full = {d.pk: d for d in chosen.defer(*HEAVY_FIELDS)}
    return [Hit(full[row.pk], score) for score, row in best]
