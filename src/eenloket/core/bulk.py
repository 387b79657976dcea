"""Loading many rows at once, for the seed and the benchmark only (never for real records).

``insert`` sends a list of unsaved model instances with COPY on PostgreSQL and with
``bulk_create`` elsewhere. COPY skips the per-value preparation of ``bulk_create`` for the plain
field types (text, numbers, dates, UUIDs, foreign keys) and is the server's fastest way in.
No save signals, no ``full_clean``: only for rows a generator made valid.
"""

import json
from collections.abc import Callable

from django.db import connection, models

# Field classes whose Python value psycopg copies as it is.
_AS_IS = frozenset(
    {
        models.CharField,
        models.TextField,
        models.UUIDField,
        models.DateField,
        models.DateTimeField,
        models.IntegerField,
        models.SmallIntegerField,
        models.BigIntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.BooleanField,
        models.ForeignKey,
        models.OneToOneField,
    }
)


def insert(model: type[models.Model], objs: list) -> None:
    """Insert ``objs`` (instances of ``model``) in one statement."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model._base_manager.bulk_create(objs)
        return
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
    prepare = [_adapter(f) for f in fields]
    quote = connection.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    )
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for obj in objs:
            copy.write_row([adapt(obj) for adapt in prepare])


def _adapter(field) -> Callable:
    """How the attribute of ``field`` becomes a value psycopg copies."""
    name = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: field.pre_save(obj, add=True)
    if type(field) is models.JSONField:
        encoder = field.encoder
        return lambda obj: json.dumps(getattr(obj, name), cls=encoder)
    if type(field) in _AS_IS:
        return lambda obj: getattr(obj, name)
    return lambda obj: field.get_db_prep_save(getattr(obj, name), connection)
