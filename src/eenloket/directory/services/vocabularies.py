"""Writes to the directory's vocabularies: municipalities, life events and needs, what a life
event usually needs arranging, and the search synonyms (and the rebuilt index)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import history, indexing, rules
from eenloket.directory.models import (
    ContactPoint,
    LifeEvent,
    LifeEventTask,
    Municipality,
    Need,
    Organisation,
    Scheme,
    SearchDocument,
    SearchSynonym,
    SearchTerm,
    Service,
)
from eenloket.directory.search import normalise, stem
from eenloket.directory.services._common import _apply, _by_keys, _require_maintainer
from eenloket.directory.validation import clean_or_raise

# --- vocabularies ------------------------------------------------------------------------------


@transaction.atomic
def municipality_create(*, code: str, name: str, actor: Actor) -> Municipality:
    """Add a municipality by its CBS code; adding an existing code updates its name."""
    _require_maintainer(actor)
    cleaned = clean_or_raise(
        {
            "code": rules.Rule("code", required=True, label=_("Municipality")),
            "name": rules.Rule("text", required=True, max_length=200, label=_("Name")),
        },
        {"code": code, "name": name},
    )
    municipality = Municipality.objects.filter(code=cleaned["code"]).first()
    created = municipality is None
    municipality = municipality or Municipality(code=cleaned["code"])
    _apply(municipality, {"name": cleaned["name"]}, actor=actor, created=created)
    return municipality


@transaction.atomic
def life_event_save(*, actor: Actor, **fields) -> LifeEvent:
    """Add a life event, or change the one with the same key."""
    _require_maintainer(actor)
    cleaned = clean_or_raise(rules.LIFE_EVENT, fields)
    life_event = LifeEvent.objects.select_for_update().filter(key=cleaned["key"]).first()
    created = life_event is None
    life_event = life_event or LifeEvent()
    _apply(life_event, cleaned, actor=actor, created=created)
    return life_event


@transaction.atomic
def need_save(*, actor: Actor, **fields) -> Need:
    """Add a need, or change the one with the same key."""
    _require_maintainer(actor)
    cleaned = clean_or_raise(rules.NEED, fields)
    need = Need.objects.select_for_update().filter(key=cleaned["key"]).first()
    created = need is None
    need = need or Need()
    _apply(need, cleaned, actor=actor, created=created)
    return need


# --- life events: what usually needs arranging --------------------------------------------------


@transaction.atomic
def life_event_task_save(*, life_event: LifeEvent, actor: Actor, **fields) -> LifeEventTask:
    """Add or change (by position) one thing that usually needs arranging after a life event."""
    _require_maintainer(actor)
    cleaned = clean_or_raise(rules.LIFE_EVENT_TASK, fields)
    cleaned["organisation"] = _by_keys(
        Organisation, [cleaned["organisation"]], label=_("organisation")
    )[0]
    if cleaned.get("scheme"):
        service = _by_keys(Service, [cleaned["scheme"]], label=_("scheme"))[0]
        scheme = Scheme.objects.filter(service=service).first()
        if scheme is None:
            raise DomainError(_("Only schemes can be linked to a life event."))
        cleaned["scheme"] = scheme
    else:
        cleaned["scheme"] = None
    task = LifeEventTask.objects.filter(life_event=life_event, position=cleaned["position"]).first()
    created = task is None
    task = task or LifeEventTask(life_event=life_event)
    _apply(task, {"life_event": life_event, **cleaned}, actor=actor, created=created)
    return task


# --- search: synonyms and the index ------------------------------------------------------------


@transaction.atomic
def synonym_save(*, term: str, expansions: str, note: str = "", actor: Actor) -> SearchSynonym:
    """Let a word or phrase also find other words ("bijstand" → "participatiewet
    levensonderhoud"). The phrase is kept normalised: lower case, no accents."""
    _require_maintainer(actor)
    cleaned = clean_or_raise(rules.SYNONYM, {"term": term, "expansions": expansions, "note": note})
    cleaned["term"] = normalise(cleaned["term"])
    if not cleaned["term"]:
        raise DomainError(
            _("A synonym needs a word or phrase with letters or digits."), field="term"
        )
    if not normalise(cleaned["expansions"]):
        raise DomainError(_("Give the words to search for as well."), field="expansions")
    cleaned["stemmed"] = " ".join(stem(w) for w in cleaned["term"].split())
    synonym = SearchSynonym.objects.filter(term=cleaned["term"]).first()
    created = synonym is None
    synonym = synonym or SearchSynonym()
    _apply(synonym, cleaned, actor=actor, created=created)
    return synonym


@transaction.atomic
def synonym_delete(*, synonym: SearchSynonym, actor: Actor) -> None:
    """Remove a synonym (the history keeps what it was)."""
    _require_maintainer(actor)
    history.record_delete(resource=synonym, fields=["term", "expansions"], actor=actor)
    synonym.delete()


@transaction.atomic
def search_reindex(*, actor: Actor) -> int:
    """Rebuild the whole search index; return the number of documents."""
    _require_maintainer(actor)
    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()
    for organisation in Organisation.objects.all():
        indexing.index_organisation(organisation)
    for service in Service.objects.all():
        indexing.index_service(service)
    for point in ContactPoint.objects.all():
        indexing.index_contact_point(point)
    return SearchDocument.objects.count()
