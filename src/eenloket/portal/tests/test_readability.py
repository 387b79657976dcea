"""Plain language: the Flesch-Douma measure and the jargon list behave as they should, and every
citizen-facing template, rendered with the scenario data, passes (the report of #11)."""

import pytest

from eenloket.core.readability import JARGON, MINIMUM, page_text, score, syllables


@pytest.mark.parametrize(
    ("word", "count"),
    [("huur", 1), ("toeslag", 2), ("aanvraag", 2), ("gemeente", 3), ("bijstand", 2), ("ik", 1)],
)
def test_syllables_are_counted_by_dutch_vowel_groups(word, count):
    assert syllables(word) == count


def test_an_official_sentence_scores_low_and_its_jargon_is_named():
    official = (
        "Indien de betrokkene niet tijdig de benodigde bewijsstukken verstrekt, wordt de "
        "aanvraag conform de geldende beleidsregels buiten behandeling gesteld, waarna "
        "derhalve geen beschikking inzake de toekenning van de uitkering zal volgen."
    )
    result = score(official)
    assert result.reading_ease < MINIMUM
    assert {"indien", "betrokkene", "conform", "derhalve", "beschikking", "inzake"} <= set(
        result.jargon
    )
    assert not result.plain


def test_plain_sentences_score_high_and_pass():
    result = score("U krijgt een brief. Daarin staat wat u moet doen. Bel ons als u hulp wilt.")
    assert result.reading_ease >= MINIMUM and result.plain


def test_page_text_reads_only_what_is_in_main_and_ends_sentences_at_blocks():
    html = (
        "<html><head><title>Titel</title></head><body><nav>Menu</nav><main>"
        "<h1>Mijn overzicht</h1><p>U hebt een vraag</p><select><option>x</option></select>"
        "</main></body></html>"
    )
    text = page_text(html)
    assert "Menu" not in text and "Titel" not in text and "x" not in text.split()
    assert score(text).sentences == 2


def test_every_jargon_word_has_a_plain_alternative():
    assert all(plain.strip() and plain != word for word, plain in JARGON.items())


@pytest.mark.django_db
def test_every_citizen_template_is_plain_dutch_b1():
    from eenloket.portal.readability_report import report

    rows = report()
    assert len(rows) >= 16  # the portal pages, the letter and the citizen's messages
    names = {name for name, _score in rows}
    assert {"portal/consent_give.html", "portal/act_for.html"} <= names
    failing = [(name, r.reading_ease, r.jargon) for name, r in rows if not r.plain]
    assert failing == []
    # Messages and documents (docs/messages-and-documents.md) are measured too.
    measured = [name for name, _r in rows]
    for page in ("portal/messages.html", "portal/message.html", "portal/document_upload.html"):
        assert page in measured
    assert "messages/citizen_message/nl/notice" in measured
    assert "documents: every refusal of a file" in measured
