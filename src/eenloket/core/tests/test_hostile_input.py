"""Hostile input everywhere (#26): every form the back office and the portal show gets
hypothesis-generated values in every field — unicode, control characters, very long strings,
HTML and script, SQL-looking text, wrong types, missing, repeated and extra fields — and every
route gets odd ids. Never a server error; a refusal names what is wrong on the page (a field's
error, or the form's); and a refused form stores nothing, not even half.

The forms are found by asking every route of the authorisation matrix as an actor it lets in
and reading the page's HTML, so a new form is fuzzed without a line here. Deeper runs:
``EENLOKET_FUZZ_EXAMPLES=200 pytest src/eenloket/core/tests/test_hostile_input.py``.
"""

import os
import uuid
from urllib.parse import quote

import pytest
from django.apps import apps
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eenloket.testing import authz
from eenloket.testing.forms import CORPUS, forms_on, hostile_data
from eenloket.testing.route_matrix import ROUTES

EXAMPLES = int(os.environ.get("EENLOKET_FUZZ_EXAMPLES", "5"))
# Who is asked first for a page: the roles that see the most forms.
PREFERENCE = (
    authz.COORDINATOR,
    authz.FRONTLINE,
    authz.PARTNER_WITH_BASIS,
    authz.APP_MANAGER,
    authz.PRIVACY_OFFICER,
    authz.CITIZEN,
    authz.REP_IN_SCOPE,
    authz.ANONYMOUS,
)
# Log lines, sessions, throttles and the outbox may grow on a refusal; records may not.
NOT_RECORDS = {"audit", "sessions", "django_tasks_db", "scheduling", "contenttypes", "auth"}
COUNTED = [
    m
    for m in apps.get_models()
    if m._meta.app_label not in NOT_RECORDS
    and m._meta.model_name not in {"loginthrottle", "message", "workernotification"}
    and not m._meta.proxy
]


def _first_allowed(entry):
    return next((a for a in PREFERENCE if a in entry.allow), None)


def _counts() -> dict:
    """Rows per model, in one query: it runs around every post (about 400 a run), and a count
    per model made it 200 queries each time."""
    quote = connection.ops.quote_name
    columns = ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in COUNTED)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        row = cursor.fetchone()
    return {m._meta.label: n for m, n in zip(COUNTED, row, strict=True)}


def _forms(world):
    """Every (actor, form) the pages of the matrix show, once per action and method."""
    found = {}
    routes = authz.all_routes()
    for key, entry in sorted(ROUTES.items()):
        actor = _first_allowed(entry)
        if actor is None or entry.method != "get" or key not in routes:
            continue
        url = authz.fill(routes[key], authz.ids_for(entry, world))
        with transaction.atomic():
            response = authz.fresh_client(world, actor).get(url)
            transaction.set_rollback(True)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in forms_on(url, response.content.decode()):
            found.setdefault((form.method, form.action), (actor, form))
    return sorted(found.values(), key=lambda pair: (pair[1].action, pair[1].method))


@pytest.fixture(scope="module")
def forms(world, django_db_blocker):
    with django_db_blocker.unblock():
        return _forms(world)


def test_the_pages_offer_many_forms(forms):
    """A sanity check on the finder: the intake, a case's sub-pages, the portal are in."""
    actions = {form.action for _actor, form in forms}
    assert len(forms) >= 30, actions
    assert "/werk/aanmelden/" in actions
    assert "/mijn/vraag/" in actions


def _error_shown(html: str) -> bool:
    return any(
        marker in html
        for marker in ("utrecht-form-field-error-message", "utrecht-alert--error", 'role="alert"')
    )


def _check(world, actor, form, data) -> None:
    """Send ``data`` to ``form`` as ``actor``: never a 500; a refusal shows its message and
    stores nothing."""
    client = authz.fresh_client(world, actor)
    with transaction.atomic():
        before = _counts()
        response = getattr(client, form.method)(form.action, data)
        status = response.status_code
        after = _counts() if status == 400 else before
        html = response.content.decode(errors="replace") if status == 400 else ""
        transaction.set_rollback(True)
    assert status < 500, f"{form.method} {form.action} {data!r}: {status}"
    if status == 400:
        assert _error_shown(html), f"400 without a message: {form.action} {data!r}"
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        assert not changed, f"stored half-way by {form.action}: {changed}"


# Sent to every form every run, whatever hypothesis draws: the same value in every field.
FIXED = ("<script>window.__pwned=1</script>", "x" * 20_000, "\x00", "' OR '1'='1' --")


def _fuzz(world, actor, form):
    """A hypothesis test posting hostile values in every field of ``form`` as ``actor``.
    Derandomized (the same examples each run, so CI is stable); a deeper run with
    EENLOKET_FUZZ_EXAMPLES draws new ones."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize="EENLOKET_FUZZ_EXAMPLES" not in os.environ,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=hostile_data(sorted(form.fields)))
    def post_hostile(data):
        _check(world, actor, form, data)

    def run():
        for value in FIXED:
            _check(world, actor, form, dict.fromkeys(form.fields, value))
        post_hostile()

    return run


# The forms are fuzzed in shards, so the workers of a parallel run share the two minutes.
SHARDS = 4


@pytest.mark.django_db
@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_form_field_survives_hostile_input(world, forms, shard):
    failures = []
    for actor, form in forms[shard::SHARDS]:
        try:
            _fuzz(world, actor, form)()
        except AssertionError as error:  # collect, so one run names every broken form
            failures.append(str(error).splitlines()[0][:600])
    assert not failures, "\n".join(failures)


ODD_IDS = [str(uuid.uuid4()), "00000000-0000-0000-0000-000000000000"]


@pytest.mark.django_db
@given(odd=st.sampled_from(ODD_IDS + list(CORPUS[:12])))
@settings(
    max_examples=EXAMPLES * 2,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_odd_ids_in_urls_are_not_found_never_an_error(world, odd):
    """Every route with an id, asked by an actor it lets in, with an id that is not one of its
    objects (or is no id at all): a 404 or a form's answer, never a server error."""
    routes = authz.all_routes()
    for key, entry in ROUTES.items():
        route = routes.get(key, "")
        actor = _first_allowed(entry)
        if "<" not in route or actor is None:
            continue
        ids = authz.ids_for(entry, world)
        for part in authz.parts(route):
            odd_ids = {**ids, part: quote(odd, safe="")}
            url = authz.fill(route, odd_ids)
            with transaction.atomic():
                response = getattr(authz.fresh_client(world, actor), entry.method)(url)
                transaction.set_rollback(True)
            assert response.status_code < 500, f"{entry.method} {url}: {response.status_code}"
