"""Search: recall on everyday queries, Dutch analysis, filters, direct lines, query count."""

import json

import pytest
from django.db import connection

from eenloket.core.actor import Actor
from eenloket.directory import evaluation, search, selectors, services
from eenloket.directory.models import ContactPoint, Organisation, SearchDocument
from eenloket.directory.search import Filters
from eenloket.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference_content(db, reference_once):
    """The reference content, loaded once for this module (conftest.py): every test here that
    touches the directory wants it."""
    return reference_once


RECALL_AT_3 = 0.9
# Every direct line (a subquery, compiled afresh by each search): as a system job sees them.
ALL_LINES = ContactPoint.objects.values("pk")


def test_the_query_set_has_at_least_40_everyday_queries():
    cases = json.loads(evaluation.QUERIES.read_text(encoding="utf-8"))
    assert len(cases) >= 40
    assert all(1 <= len(case["expected"]) <= 3 for case in cases)


def test_recall_at_3_on_everyday_queries(reference_content):
    recall, outcomes = evaluation.evaluate()
    misses = [(o.query, o.expected, o.top) for o in outcomes if o.recall < 1]
    print(f"recall@3 on {connection.vendor}: {recall:.3f} over {len(outcomes)} queries")
    assert recall >= RECALL_AT_3, misses


def _top(text, n=3, **filters):
    hits = search.run(text, filters=Filters(**filters), visible_lines=ALL_LINES, limit=n)
    return [evaluation.label(hit.document) for hit in hits]


def test_compound_and_separate_words_find_the_same_scheme(reference_content):
    assert _top("huurtoeslag", 1) == _top("toeslag voor de huur", 1) == ["scheme:huurtoeslag"]


def test_a_misspelt_word_is_corrected_to_a_known_word(reference_content):
    assert _top("kinderbijsslag", 1) == ["scheme:kinderbijslag"]
    assert _top("zorgtoelsag", 1) == ["scheme:zorgtoeslag"]


def test_stop_words_alone_find_nothing(reference_content):
    assert _top("ik kan het niet") == []


def test_a_synonym_kept_by_an_application_manager_changes_what_is_found(reference_content, manager):
    assert "scheme:huurtoeslag" not in _top("woonbijdrage")
    services.synonym_save(term="woonbijdrage", expansions="huurtoeslag", actor=manager)
    assert _top("woonbijdrage", 1) == ["scheme:huurtoeslag"]


def test_filters_narrow_the_results(reference_content):
    by_event = search.run("kind", filters=Filters(life_event="birth"), visible_lines=None, limit=50)
    assert by_event and all(" le:birth " in hit.document.facets for hit in by_event)
    keys = {hit.document.key for hit in by_event}
    assert "aangifte-geboorte" in keys and "ww" not in keys
    by_kind = search.run(
        "uitkering", filters=Filters(organisation_kind="municipality"), visible_lines=None
    )
    assert by_kind and all("kind:municipality" in hit.document.facets for hit in by_kind)
    by_need = search.run("", filters=Filters(need="debts"), visible_lines=None, limit=100)
    assert "schuldhulpverlening" in {h.document.key for h in by_need}
    assert "ww" not in {h.document.key for h in by_need}


def test_municipality_filter_keeps_national_and_local_but_not_other_places(
    reference_content, system
):
    amsterdam_only = services.scheme_create(
        organisation=Organisation.objects.get(key="gemeente-utrecht"),
        key="alleen-amsterdam",
        name="Stadspas huurhulp",
        gives="Hulp bij de huur",
        areas=["0363"],
        actor=system,
    )
    assert amsterdam_only
    in_utrecht, in_amsterdam = (
        {
            hit.document.key
            for hit in search.run(
                "huur", filters=Filters(municipality=code), visible_lines=None, limit=100
            )
        }
        for code in ("0344", "0363")
    )
    assert "huurtoeslag" in in_utrecht and "huurtoeslag" in in_amsterdam  # national
    assert "betalingsregeling-huur" in in_utrecht and "betalingsregeling-huur" not in in_amsterdam
    assert "alleen-amsterdam" in in_amsterdam and "alleen-amsterdam" not in in_utrecht


def _direct_line(system, **fields):
    team = factories.TeamFactory(organisation=Organisation.objects.get(key="uwv"))
    return services.contact_point_create(
        team=team,
        name="Directe lijn WW (demo)",
        service_level_hours=8,
        phone="030 - 000 00 01",
        topics="ww aanvraag vastgelopen",
        schemes=["ww"],
        actor=system,
        **fields,
    )


def test_direct_lines_are_found_by_workers_only(reference_content, system, actor):
    point = _direct_line(system)
    as_worker = selectors.search(actor=actor, text="ww vastgelopen", filters=Filters())
    assert point.pk in {h.document.object_id for h in as_worker.contact_points}
    for outsider in (Actor.anonymous(), Actor.worker(factories.UserFactory(), None)):
        results = selectors.search(actor=outsider, text="ww vastgelopen", filters=Filters())
        assert results.hits and not results.contact_points


def test_search_runs_four_queries_whatever_the_number_of_results(
    reference_content, system, django_assert_num_queries
):
    organisation = Organisation.objects.get(key="uwv")
    with django_assert_num_queries(4):
        few = search.run("werkloos", filters=Filters(), visible_lines=ALL_LINES, limit=200)
    for n in range(40):
        services.service_create(
            organisation=organisation, name=f"Werkloosheidsloket {n}", actor=system
        )
    with django_assert_num_queries(4):
        many = search.run("werkloos", filters=Filters(), visible_lines=ALL_LINES, limit=200)
    assert len(many) >= len(few) + 40


def test_compound_splitting():
    assert search.split_compound("huurtoeslag") == ["huur", "toeslag"]
    assert search.split_compound("betalingsregeling") == ["betalings", "regeling"]
    assert search.split_compound("schuldhulpverlening") == ["schuld", "hulp", "verlening"]
    assert search.split_compound("huur") == []
    assert search.split_compound("appeltaart") == []


def test_normalise_and_words():
    assert search.normalise("Één café-tje!") == "een cafe tje"
    assert search.words("Ik kan de huur niet betalen") == ["huur", "betalen"]


def test_python_stemmer_agrees_with_postgresql_dutch(postgres_only):
    words = [
        "huur", "toeslagen", "uitkeringen", "schulden", "betalen", "werkloos",
        "kinderbijslag", "aanvragen", "overleden", "gemeentelijke", "opvang",
        "studiefinanciering", "nabestaanden", "regelingen", "ziekte", "boetes",
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, (ts_lexize('dutch_stem', w))[1] FROM unnest(%s::text[]) AS w", [words]
        )
        postgres = dict(cursor.fetchall())
    assert {w: search.stem(w) for w in words} == postgres


def test_postgresql_documents_have_a_dutch_vector(reference_content, postgres_only):
    document = SearchDocument.objects.get(key="huurtoeslag")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT vector::text FROM directory_searchdocument WHERE id = %s", [document.pk]
        )
        (vector,) = cursor.fetchone()
    assert "'huurtoeslag':" in vector and "'toeslag':" in vector and "'hur':" in vector


def test_reindex_rebuilds_the_same_index(reference_content, system, capsys):
    from django.core.management import call_command

    before = _top("ik kan de huur niet betalen")
    count = SearchDocument.objects.count()
    call_command("directory", "reindex")
    assert f"{count} documents" in capsys.readouterr().out
    assert _top("ik kan de huur niet betalen") == before
    call_command("directory", "search", "huurtoeslag")
    assert "Huurtoeslag" in capsys.readouterr().out.splitlines()[0]
