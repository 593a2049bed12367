"""Fast inserts for demo data: PostgreSQL COPY when the database is PostgreSQL, bulk_create otherwise.

Only the demo generators use this. Rows go straight into the tables: no save(), no signals, so neither
django-simple-history's audit rows nor auto_now stamps are made — acceptable for generated demo data, never for
the portal's own writes, which go through the services. Ids are reserved up front (`reserve_ids`), so a generator
can point child rows at parent rows without reading anything back.
"""

import json
from datetime import date, datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Max
from django.utils import timezone

BATCH = 10_000


def is_postgresql():
    return connection.vendor == "postgresql"


def reserve_ids(model, count):
    """The first of `count` consecutive new primary keys of `model`'s table, taken from its sequence."""
    if count <= 0:
        return None
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if is_postgresql():
            # nextval() then setval(): the sequence moves past the whole block in one statement.
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                [table, table, count],
            )
            last = cursor.fetchone()[0]
            return last - count + 1
        highest = model.objects.aggregate(highest=Max("pk"))["highest"] or 0
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            highest = max(highest, row[0] if row else 0)
        return highest + 1


def _defaults(model, columns):
    """Values for the concrete columns a generator leaves out: the field's default, now for auto_now fields."""
    now = timezone.now()
    values = {}
    for field in model._meta.concrete_fields:
        if field.attname in columns or field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values[field.attname] = now
        elif field.has_default() or field.null or field.empty_strings_allowed:
            values[field.attname] = field.get_default()  # None for nullable fields, "" for text ones
        else:
            raise ValueError(f"{model.__name__}.{field.attname} has no default: give it a column")
    return values


def _copy_text(value):
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, (datetime, date)):
        return value.isoformat()
    elif isinstance(value, (int, Decimal, float)):
        return str(value)
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def insert_rows(model, columns, rows, *, batch_size=BATCH):
    """Insert `rows` (tuples of values for `columns`, attnames such as "enterprise_id") into `model`'s table.

    Columns left out get their field's default. Returns the number of rows inserted.
    """
    columns = list(columns)
    defaults = _defaults(model, columns)
    all_columns = columns + list(defaults)
    tail = tuple(defaults.values())
    count = 0
    if is_postgresql():
        table = connection.ops.quote_name(model._meta.db_table)
        column_of = {field.attname: field.column for field in model._meta.concrete_fields}
        names = ", ".join(connection.ops.quote_name(column_of[attname]) for attname in all_columns)
        sql = f"COPY {table} ({names}) FROM STDIN"
        tail_text = "".join("\t" + _copy_text(v) for v in tail)
        buffer = []
        with connection.cursor() as cursor:
            # Foreign keys checked as the rows arrive rather than all at COMMIT: the same checks, without a queue of
            # millions of pending ones held in memory until the seed's transaction ends.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for row in rows:
                buffer.append("\t".join(map(_copy_text, row)) + tail_text)
                if len(buffer) >= batch_size:
                    count += _copy(cursor, sql, buffer)
                    buffer = []
            if buffer:
                count += _copy(cursor, sql, buffer)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return count
    batch = []
    for row in rows:
        batch.append(model(**dict(zip(all_columns, row + tail, strict=True))))
        if len(batch) >= batch_size:
            model.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)
        count += len(batch)
    return count


def _copy(cursor, sql, lines):
    # psycopg 3: COPY … FROM STDIN takes the text through a Copy object.
    with cursor.copy(sql) as copy:
        copy.write("\n".join(lines) + "\n")
    return len(lines)


def analyze(*models):
    """Fresh planner statistics after a bulk load (PostgreSQL's autovacuum would get there, later)."""
    if not is_postgresql():
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
