"""Writes for the register of processing activities and the controllership."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.audit import processing, register
from eenloket.audit.models import Controllership, ProcessingActivity, ProcessingActivityVersion
from eenloket.core import legal_sources
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError

if TYPE_CHECKING:
    from eenloket.directory.models import Organisation

# key -> (version id, time looked up). A register change reaches other processes within the TTL.
_version_cache: dict[str, tuple[object, float]] = {}
_cache_lock = threading.Lock()
VERSION_CACHE_SECONDS = 60


def forget_cached_versions() -> None:
    with _cache_lock:
        _version_cache.clear()


def _stored(definition: register.ActivityDefinition) -> dict:
    """What a version holds: the definition, its citations spelled out (a confirmation that
    changes makes a new version too)."""
    content = definition.content()
    content["legal_sources"] = legal_sources.describe(definition.legal_sources)
    return content


def _content_hash(definition: register.ActivityDefinition, controllership) -> str:
    content = _stored(definition) | {
        "controllership": str(controllership.pk) if controllership else None
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _default_controllership() -> Controllership | None:
    return Controllership.objects.filter(is_default=True).prefetch_related("joint").first()


@transaction.atomic
def register_sync(*, actor: Actor | None = None) -> list[ProcessingActivityVersion]:
    """Store the register's definitions; make a new version for each entry whose content or
    controllership changed. Return the versions made."""
    controllership = _default_controllership()
    made = []
    for definition in register.ACTIVITIES:
        activity, _created = ProcessingActivity.objects.get_or_create(key=definition.key)
        latest = activity.versions.order_by("-version").first()
        digest = _content_hash(definition, controllership)
        if latest is not None and latest.content_hash == digest:
            continue
        content = _stored(definition)
        del content["key"]
        version = ProcessingActivityVersion.objects.create(
            activity=activity,
            version=(latest.version + 1) if latest else 1,
            controllership=controllership,
            content_hash=digest,
            **content,
        )
        made.append(version)
        if latest is not None and actor is not None:
            processing.record_change(
                actor=actor,
                action="register.activity_changed",
                object_type="processing_activity",
                object_id=definition.key,
                changes={"old_version": latest.version, "new_version": version.version},
            )
    forget_cached_versions()
    return made


def activity_version_id(key: str):
    """Return the id of the register version in force for the activity ``key``."""
    now = time.monotonic()
    with _cache_lock:
        cached = _version_cache.get(key)
    if cached and now - cached[1] < VERSION_CACHE_SECONDS:
        return cached[0]
    register.definition(key)  # unknown activities fail here, loudly
    version_id = (
        ProcessingActivityVersion.objects.filter(activity__key=key)
        .order_by("-version")
        .values_list("id", flat=True)
        .first()
    )
    if version_id is None:
        register_sync()
        version_id = (
            ProcessingActivityVersion.objects.filter(activity__key=key)
            .order_by("-version")
            .values_list("id", flat=True)
            .first()
        )
    with _cache_lock:
        _version_cache[key] = (version_id, now)
    return version_id


@transaction.atomic
def controllership_create(
    *,
    name: str,
    lead: Organisation,
    joint: list[Organisation] = (),
    arrangement_reference: str = "",
    make_default: bool = True,
    actor: Actor,
) -> Controllership:
    """Record who is responsible for the desk's processing; joint controllers need an
    arrangement (AVG art. 26). Making it the default re-versions the register."""
    name = name.strip()
    if not name:
        raise DomainError(_("Give the controllership a name."), field="name")
    joint = [organisation for organisation in joint if organisation.pk != lead.pk]
    if joint and not arrangement_reference.strip():
        raise DomainError(
            _("Joint controllers need a written arrangement: say where it can be read."),
            field="arrangement_reference",
        )
    if Controllership.objects.filter(name=name).exists():
        raise DomainError(_("A controllership with this name already exists."), field="name")
    if make_default:
        Controllership.objects.filter(is_default=True).update(is_default=False)
    controllership = Controllership.objects.create(
        name=name,
        lead=lead,
        arrangement_reference=arrangement_reference.strip(),
        is_default=make_default,
    )
    controllership.joint.set(joint)
    processing.record_change(
        actor=actor,
        action="register.controllership_created",
        object_type="controllership",
        object_id=controllership.pk,
        changes={
            "lead": str(lead.pk),
            "joint": sorted(str(o.pk) for o in joint),
            "default": make_default,
        },
    )
    if make_default:
        register_sync(actor=actor)
    return controllership
