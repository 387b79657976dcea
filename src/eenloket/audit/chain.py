"""Hash chains: per log, a fixed number of lanes (decision 0054), each lane one chain per month
anchored to that lane's previous month's last hash, with signed checkpoints whose key lives
outside the database. A writer takes a free lane (``SKIP LOCKED``), so concurrent writers do
not queue behind one another; lane ``k`` numbers its entries from ``k * LANE_SPAN + 1``, so a
position names its lane and positions stay unique within a month.

An entry's hash covers its log, month, position, every field and the previous entry's hash, so
an edited, deleted, inserted or reordered entry breaks the chain; a checkpoint signed with the
log signing key (Ed25519) pins the chain up to its position, so even someone who rewrites the
rest of the chain with fresh hashes is caught.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import uuid
from functools import cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import DatabaseError, connection, models, transaction

from eenloket.audit.models import (
    AuditEntry,
    ChainHead,
    Checkpoint,
    LogLock,
    LogName,
    ProcessingLogEntry,
)
from eenloket.core import clock

GENESIS_HASH = "0" * 64
MODELS: dict[str, type[models.Model]] = {
    LogName.PROCESSING: ProcessingLogEntry,
    LogName.AUDIT: AuditEntry,
}
# Lane k's positions in a month are k * LANE_SPAN + 1, + 2, ...; lane 0 is the chain as it was
# before lanes (decision 0054), so every earlier entry keeps its position and hash.
LANE_SPAN = 10**12
CHAIN_FIELDS = ("chain_month", "position", "prev_hash", "entry_hash")


_PLAIN = (str, int, bool, type(None), list, dict)


def canonical(value):
    if value.__class__ in _PLAIN:
        return value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


@cache
def hashed_attnames(model: type[models.Model]) -> tuple[str, ...]:
    """Return the columns an entry's hash covers: all but the hash itself."""
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname != "entry_hash")


# One encoder, made once: the same output as json.dumps with these arguments.
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str)


def hash_payload(fields: dict) -> str:
    """SHA-256 (hex) of the canonical JSON of an entry's covered fields and its log's name."""
    return hashlib.sha256(_ENCODER.encode(fields).encode()).hexdigest()


# Fields that differ between the lines of one record: the rest of a line's payload is the same
# text, encoded once per record (``Payloads``). In sorted order, as they appear in the JSON.
OPEN_FIELDS = ("data_subject_id", "position", "prev_hash")
_encode_str = json.encoder.encode_basestring_ascii  # what _ENCODER does with a str, in C


def json_value(value) -> str:
    """The canonical JSON of one field's value, as ``_ENCODER`` writes it inside an entry."""
    if value.__class__ is str:
        return _encode_str(value)
    if value.__class__ is int:
        return int.__repr__(value)
    return _ENCODER.encode(value)


def payload_parts(fields: dict) -> list[str] | None:
    """Split an entry's canonical JSON around its OPEN_FIELDS: ``parts[0] + value 1 +
    parts[1] + value 2 + parts[2] + value 3 + parts[3]`` is its payload for any values of
    those three. None if a field's text is not found exactly once (then encode whole)."""
    marked = dict(fields)
    for name in OPEN_FIELDS:
        marked[name] = f"\x00{name}\x00"
    rest = _ENCODER.encode(marked)
    parts = []
    for name in OPEN_FIELDS:
        mark = _encode_str(f"\x00{name}\x00")
        if rest.count(mark) != 1:
            return None
        head, _sep, rest = rest.partition(mark)
        parts.append(head)
    parts.append(rest)
    return parts


def hash_with_parts(parts: list[str], subject, position, prev_hash) -> str:
    payload = (
        parts[0]
        + json_value(subject)
        + parts[1]
        + json_value(position)
        + parts[2]
        + json_value(prev_hash)
        + parts[3]
    )
    return hashlib.sha256(payload.encode()).hexdigest()


class Payloads:
    """Hash processing-log lines, encoding what a record's lines share once: a list read's 50
    lines differ only in subject, position and previous hash. The hash is ``hash_payload``'s."""

    def __init__(self):
        self.base: dict | None = None
        self.parts: list[str] | None = None

    def _same(self, fields: dict) -> bool:
        base = self.base
        if base is None or len(base) != len(fields):
            return False
        for name, value in fields.items():
            if name in OPEN_FIELDS:
                continue
            other = base.get(name, base)
            # The very same object (lines copied from one template), or equal strings: never
            # equal values of different types (1 and true encode differently).
            if value is not other and not (
                value.__class__ is str and other.__class__ is str and value == other
            ):
                return False
        return True

    def digest(self, fields: dict) -> str:
        if "data_subject_id" not in fields:
            return hash_payload(fields)
        if not self._same(fields):
            self.base, self.parts = dict(fields), payload_parts(fields)
        if self.parts is None:
            return hash_payload(fields)
        return hash_with_parts(
            self.parts, fields["data_subject_id"], fields["position"], fields["prev_hash"]
        )


def digest_values(log: str, attnames: tuple[str, ...], values) -> str:
    """Return the hash of an entry given as values in ``attnames`` order.

    SHA-256 over canonical JSON of the log's name and every covered field, the previous
    entry's hash included.
    """
    fields = {name: canonical(value) for name, value in zip(attnames, values, strict=True)}
    fields["log"] = log
    return hash_payload(fields)


def entry_digest(log: str, entry: models.Model) -> str:
    """Return the hash of an entry (a model instance)."""
    attnames = hashed_attnames(type(entry))
    return digest_values(log, attnames, [getattr(entry, name) for name in attnames])


def month_of(moment: dt.datetime) -> dt.date:
    return moment.astimezone(dt.UTC).date().replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


# -- partitions (PostgreSQL) -----------------------------------------------------------------

_known_partitions: set[tuple[str, dt.date]] = set()


def partition_name(table: str, month: dt.date) -> str:
    return f"{table}_{month:%Y%m}"


def ensure_partition(log: str, month: dt.date) -> None:
    """On PostgreSQL, create the month's partition of the log's table if it is missing."""
    if connection.vendor != "postgresql" or (log, month) in _known_partitions:
        return
    table = MODELS[log]._meta.db_table
    name = partition_name(table, month)
    with connection.cursor() as cursor:
        # Check first: an application role with insert-only rights cannot create partitions;
        # they are made ahead by `eenloket audit partitions`, run by the tables' owner.
        cursor.execute("SELECT to_regclass(%s)", [f'"{name}"'])
        if cursor.fetchone()[0] is None:
            # Writers at the first moment of a month would create it at once, and CREATE TABLE
            # IF NOT EXISTS does not hold against a create still uncommitted: the second failed
            # with "already exists" when the first committed, and its whole write with it
            # (seen with 16 writers). So they take turns, and look again once it is theirs.
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])
            cursor.execute("SELECT to_regclass(%s)", [f'"{name}"'])
            if cursor.fetchone()[0] is None:
                cursor.execute(
                    f'CREATE TABLE IF NOT EXISTS "{name}" '
                    f'PARTITION OF "{table}" FOR VALUES FROM (%s) TO (%s)',
                    [month, next_month(month)],
                )
    # Remember it only once it is committed: a rolled-back CREATE leaves no partition behind.
    transaction.on_commit(lambda: _known_partitions.add((log, month)))


def forget_partitions() -> None:
    """Forget which partitions exist (after tests or retention drop tables)."""
    _known_partitions.clear()


# -- signing ---------------------------------------------------------------------------------


@cache
def _signing_key(seed: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(seed)


def _key() -> Ed25519PrivateKey:
    return _signing_key(bytes(settings.EENLOKET_LOG_SIGNING_KEY))


def public_key() -> Ed25519PublicKey:
    return _key().public_key()


def sign(data: bytes) -> bytes:
    """Sign other evidence eenloket issues (a consent receipt as a JWS) with the log's key. The
    signed bytes of a JWS never start with the checkpoint prefix, so the two cannot be mixed."""
    if data.startswith(b"eenloket-checkpoint|"):
        raise ValueError("checkpoint messages are signed by _sign_head only")
    return _key().sign(data)


def key_id() -> str:
    from cryptography.hazmat.primitives import serialization

    raw = public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def _checkpoint_message(log: str, month: dt.date, position: int, head_hash: str) -> bytes:
    return f"eenloket-checkpoint|{log}|{month.isoformat()}|{position}|{head_hash}".encode()


def checkpoint_signature_valid(checkpoint: Checkpoint) -> bool:
    """Tell whether a checkpoint's signature was made with the configured signing key."""
    message = _checkpoint_message(
        checkpoint.log, checkpoint.chain_month, checkpoint.position, checkpoint.head_hash
    )
    try:
        public_key().verify(bytes.fromhex(checkpoint.signature), message)
    except (InvalidSignature, ValueError):
        return False
    return checkpoint.key_id == key_id()


def _sign_head(head: ChainHead) -> Checkpoint:
    message = _checkpoint_message(head.log, head.chain_month, head.last_position, head.last_hash)
    return Checkpoint.objects.create(
        log=head.log,
        chain_month=head.chain_month,
        position=head.last_position,
        head_hash=head.last_hash,
        signed_at=clock.now(),
        key_id=key_id(),
        signature=_key().sign(message).hex(),
    )


# -- appending -------------------------------------------------------------------------------


def lane_of(position: int) -> int:
    return position // LANE_SPAN


def lane_base(lane: int) -> int:
    """The position before a lane's first entry (its chain head's ``last_position`` when empty)."""
    return lane * LANE_SPAN


def _current_head(log: str, lane: int = 0) -> ChainHead:
    """Return the lane's chain head to append to, opening this month's chain when a month has
    passed. Months only move forward: a clock that lags behind the lane's newest chain appends
    to that chain. Must be called with the lane's lock held (``_take_lane``).
    """
    month = month_of(clock.now())
    head = _latest_head(log, lane)
    if head is not None and head.chain_month >= month:
        return head
    if head is not None and head.last_position > lane_base(lane) and head.entries_since_checkpoint:
        _sign_head(head)  # seal the month that ends
        head.entries_since_checkpoint = 0
        head.save(update_fields=["entries_since_checkpoint"])
    anchor = head.last_hash if head is not None else GENESIS_HASH
    return ChainHead.objects.create(
        log=log,
        lane=lane,
        chain_month=month,
        anchor_hash=anchor,
        last_hash=anchor,
        last_position=lane_base(lane),
    )


# On PostgreSQL an append's statements are written out once, not built by the ORM on every
# append: a page that reads personal data appends once, a write two or three times, and the
# ORM's building took more time than the statements themselves (docs/performance.md).
_HEAD_FIELDS = [f.attname for f in ChainHead._meta.concrete_fields]
_LATEST_HEAD_SQL = (
    "SELECT {} FROM {} WHERE log = %s AND lane = %s ORDER BY chain_month DESC LIMIT 1".format(  # noqa: S608 - model names
        ", ".join(f'"{name}"' for name in _HEAD_FIELDS), f'"{ChainHead._meta.db_table}"'
    )
)
_FREE_LANE_SQL = (
    f'SELECT log FROM "{LogLock._meta.db_table}" WHERE log = ANY(%s) '  # noqa: S608 - model name
    "ORDER BY log LIMIT 1 FOR UPDATE SKIP LOCKED"
)
_MOVE_HEAD_SQL = (
    f'UPDATE "{ChainHead._meta.db_table}" '  # noqa: S608 - model name
    "SET last_position = %s, last_hash = %s, entries_since_checkpoint = %s WHERE id = %s"
)


def _latest_head(log: str, lane: int) -> ChainHead | None:
    """The lane's newest chain head (of the latest month)."""
    if connection.vendor != "postgresql":
        return ChainHead.objects.filter(log=log, lane=lane).order_by("-chain_month").first()
    with connection.cursor() as cursor:
        cursor.execute(_LATEST_HEAD_SQL, [log, lane])
        row = cursor.fetchone()
    return None if row is None else ChainHead.from_db(connection.alias, _HEAD_FIELDS, row)


def lane_lock_name(log: str, lane: int) -> str:
    return f"{log}:{lane}"


def _lane_names(log: str) -> list[str]:
    return [lane_lock_name(log, lane) for lane in range(settings.EENLOKET_LOG_LANES)]


def _take_lane(log: str) -> int:
    """Lock a lane of the log for this transaction and return its number.

    The first lane no other transaction holds (``FOR UPDATE SKIP LOCKED``; a lane this
    transaction already holds counts as free), so writers never wait while a lane is free; when
    all are taken, wait for one chosen by process id. On SQLite (one writer at a time anyway)
    this is always lane 0.
    """
    names = _lane_names(log)
    free = _free_lane(names)
    if free is None:
        # Lanes the migration did not make (more lanes configured) are made on first use;
        # until that writer commits, the others wait for it (`audit partitions` makes them
        # ahead).
        make_lanes(log)
        free = _free_lane(names)
    if free is None:
        waited, _made = LogLock.objects.select_for_update().get_or_create(
            log=names[os.getpid() % len(names)]
        )
        free = waited.log
    return int(free.rpartition(":")[2])


def _free_lane(names: list[str]) -> str | None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_FREE_LANE_SQL, [names])
            row = cursor.fetchone()
        return row[0] if row else None
    return (
        LogLock.objects.select_for_update(skip_locked=True)
        .filter(log__in=names)
        .order_by("log")
        .values_list("log", flat=True)
        .first()
    )


def make_lanes(log: str) -> None:
    """Make the lock rows of the log's configured lanes that do not exist yet."""
    LogLock.objects.bulk_create(
        [LogLock(log=name) for name in _lane_names(log)], ignore_conflicts=True
    )


def lock_lanes(log: str) -> None:
    """Wait for every lane of the log (retention, checkpoints): no append runs meanwhile."""
    names = _lane_names(log)
    make_lanes(log)
    list(LogLock.objects.select_for_update().filter(log__in=names).order_by("log"))


def _prepare(log: str, model: type[models.Model], entries: list[models.Model]) -> list[dict]:
    """Do, before the lock, the work on the entries that does not depend on the chain: the
    canonical values their hashes cover (which are also the values the insert sends). Values
    the entries share (the lines of one record are copies of one template) are made canonical
    once."""
    chained = set(CHAIN_FIELDS)
    names = [name for name in hashed_attnames(model) if name not in chained]
    seen: dict[int, object] = {}  # id(value) -> canonical value; the entries keep values alive
    prepared = []
    for entry in entries:
        values = entry.__dict__
        content = {}
        for name in names:
            value = values[name]
            key = id(value)
            if key not in seen:
                seen[key] = canonical(value)
            content[name] = seen[key]
        content["log"] = log
        prepared.append(content)
    return prepared


def _chain_digest(content: dict, entry: models.Model, payloads: Payloads | None = None) -> str:
    """``digest_values`` for a prepared entry once its chain fields are set (the same hash)."""
    content["chain_month"] = canonical(entry.chain_month)
    content["position"] = entry.position
    content["prev_hash"] = entry.prev_hash
    if payloads is None:
        return hash_payload(content)
    return payloads.digest(content)


def _insert(
    model: type[models.Model], entries: list[models.Model], prepared: list[dict], head: ChainHead
) -> None:
    """Insert the numbered entries and move the chain head past them, in one statement.

    On PostgreSQL the rows go as one JSON document (``jsonb_to_recordset``): one parameter
    instead of one per value, built from the canonical values the hashes were computed from,
    so a list page's 200 lines are sent in a fraction of the time ``bulk_create`` needs to
    prepare and quote 3,400 parameters — time spent holding the log lock.
    """
    if connection.vendor != "postgresql":
        model.objects.bulk_create(entries)
        head.save(update_fields=["last_position", "last_hash", "entries_since_checkpoint"])
        return
    for content, entry in zip(prepared, entries, strict=True):
        content["entry_hash"] = entry.entry_hash
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    record = ", ".join(f"{quote(f.attname)} {f.db_type(connection)}" for f in fields)
    insert = "INSERT INTO {} ({}) SELECT {} FROM jsonb_to_recordset(%s::jsonb) AS r({})".format(  # noqa: S608 - model names
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(f"r.{quote(f.attname)}" for f in fields),
        record,
    )
    # A data-modifying WITH always runs to completion, whether or not the UPDATE reads it.
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH appended AS ({insert}) {_MOVE_HEAD_SQL}",
            [
                json.dumps(prepared, separators=(",", ":"), default=str),
                head.last_position,
                head.last_hash,
                head.entries_since_checkpoint,
                head.pk,
            ],
        )
        if cursor.rowcount != 1:
            raise DatabaseError(f"chain head {head.pk} of {head.log} was not moved")


def append(log: str, entries: list[models.Model]) -> list[models.Model]:
    """Append entries (unsaved model instances without chain fields) to the log's chain.

    Prepares the entries before taking a lane; holding the lane numbers and hashes them,
    inserts them in one statement, and signs a checkpoint every EENLOKET_LOG_CHECKPOINT_EVERY
    entries. Runs in the caller's transaction if there is one, else in its own.
    """
    if not entries:
        return entries
    model = MODELS[log]
    prepared = _prepare(log, model, entries)
    # No savepoint of its own: a failed append must fail the whole write it is part of.
    with transaction.atomic(savepoint=False):
        lane = _take_lane(log)
        head = _current_head(log, lane)
        ensure_partition(log, head.chain_month)
        payloads = Payloads()
        for entry, content in zip(entries, prepared, strict=True):
            entry.chain_month = head.chain_month
            entry.position = head.last_position + 1
            entry.prev_hash = head.last_hash
            entry.entry_hash = _chain_digest(content, entry, payloads)
            head.last_position = entry.position
            head.last_hash = entry.entry_hash
        head.entries_since_checkpoint += len(entries)
        if head.entries_since_checkpoint >= settings.EENLOKET_LOG_CHECKPOINT_EVERY:
            _sign_head(head)  # signs the head as it will be once the entries are in
            head.entries_since_checkpoint = 0
        _insert(model, entries, prepared, head)
    return entries


def checkpoint_all() -> list[Checkpoint]:
    """Sign a checkpoint at the head of every live chain that grew since its last checkpoint."""
    made = []
    for log in MODELS:
        with transaction.atomic():
            lock_lanes(log)
            for head in ChainHead.objects.filter(
                log=log, dropped_at__isnull=True, entries_since_checkpoint__gt=0
            ):
                made.append(_sign_head(head))
                head.entries_since_checkpoint = 0
                head.save(update_fields=["entries_since_checkpoint"])
    return made
