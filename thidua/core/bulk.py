"""Fast, audited bulk inserts for imports of tens of thousands of rows.

The ORM builds a Python object per row and per history row, which caps an import at a few
thousand rows a second. Here the rows go in with one `executemany`, and their history rows
(django-simple-history's table, history_type "+", the importing user) with one
INSERT … SELECT, on SQLite and PostgreSQL alike.
"""

from typing import Any, Sequence

from django.db import connection, models, transaction
from django.utils import timezone


def bulk_insert_audited(model: type[models.Model], rows: Sequence[dict[str, Any]], *, actor, batch_size: int = 10_000) -> int:
    """Insert `rows` (column name -> value; timestamps are added) and their audit history."""
    if not rows:
        return 0
    quote = connection.ops.quote_name
    table = model._meta.db_table
    now = timezone.now()
    columns = [c for c in rows[0] if c not in ("created_at", "updated_at")]
    field_names = {f.column for f in model._meta.concrete_fields}
    has_updated = "updated_at" in field_names
    all_columns = [*columns, "created_at", *(["updated_at"] if has_updated else [])]
    insert = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in all_columns)}) "
        f"VALUES ({', '.join(['%s'] * len(all_columns))})"
    )
    stamp = [now, *([now] if has_updated else [])]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX({quote('id')}), 0) FROM {quote(table)}")
        last_id = cursor.fetchone()[0]
        for start in range(0, len(rows), batch_size):
            chunk = rows[start : start + batch_size]
            cursor.executemany(insert, [[row[c] for c in columns] + stamp for row in chunk])
        history = getattr(model, "history", None)
        if history is not None:
            historical = history.model
            tracked = [
                f.column for f in historical._meta.concrete_fields
                if f.column not in ("history_id", "history_date", "history_change_reason", "history_type", "history_user_id")
            ]
            cursor.execute(
                f"INSERT INTO {quote(historical._meta.db_table)} "
                f"({', '.join(quote(c) for c in tracked)}, {quote('history_date')}, {quote('history_change_reason')}, "
                f"{quote('history_type')}, {quote('history_user_id')}) "
                f"SELECT {', '.join(quote(c) for c in tracked)}, %s, NULL, '+', %s FROM {quote(table)} "
                f"WHERE {quote('id')} > %s AND {quote('created_at')} = %s",
                [now, getattr(actor, "pk", None), last_id, now],
            )
    return len(rows)
