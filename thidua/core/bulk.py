"""Fast, audited bulk inserts for imports of tens of thousands of rows.

The ORM builds a Python object per row and per history row, which caps an import at a few
thousand rows a second. Here the rows go in with one COPY (PostgreSQL) or `executemany`
(SQLite), and their history rows (django-simple-history's table, history_type "+", the
importing user) with one INSERT … SELECT.
"""

from contextlib import contextmanager
from typing import Any, Callable, Iterator, Sequence

from django.db import connection, models, transaction
from django.utils import timezone

from thidua.core.tasks import sqlite_checkpoint


def bulk_insert_audited(
    model: type[models.Model],
    rows: Sequence[dict[str, Any]] | Sequence[Sequence[Any]],
    *,
    actor,
    columns: Sequence[str] | None = None,
    batch_size: int = 10_000,
) -> int:
    """Insert `rows` and their audit history; timestamps are added. On PostgreSQL the rows go in
    with COPY, elsewhere with executemany; the audit rows with one INSERT … SELECT.

    Rows are dicts (column name -> value), or tuples in the order of `columns`: the faster
    form for 100 000s of rows, as no dict is built per row.
    """
    if not rows:
        return 0
    if columns is None:
        columns = [c for c in rows[0] if c not in ("created_at", "updated_at")]
        rows = [[row[c] for c in columns] for row in rows]
    quote = connection.ops.quote_name
    table = model._meta.db_table
    now = timezone.now()
    by_column = {f.column: f for f in model._meta.concrete_fields}
    has_updated = "updated_at" in by_column
    all_columns = [*columns, "created_at", *(["updated_at"] if has_updated else [])]
    column_list = ", ".join(quote(c) for c in all_columns)
    # Stored as the ORM stores it: the audit rows below find the new rows by this exact value.
    stamp = connection.ops.adapt_datetimefield_value(now)
    stamps = (stamp, stamp) if has_updated else (stamp,)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX({quote('id')}), 0) FROM {quote(table)}")
        last_id = cursor.fetchone()[0]
        if connection.vendor == "postgresql":
            # COPY streams the rows in one statement: executemany would be a round trip per row.
            with cursor.cursor.copy(f"COPY {quote(table)} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, *stamps))
        else:
            insert = f"INSERT INTO {quote(table)} ({column_list}) VALUES ({', '.join(['%s'] * len(all_columns))})"
            adapters = _date_adapters([by_column[c] for c in columns])
            for start in range(0, len(rows), batch_size):
                chunk = rows[start : start + batch_size]
                if adapters:
                    chunk = [_adapted(row, adapters) for row in chunk]
                cursor.executemany(insert, [(*row, *stamps) for row in chunk])
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
                [stamp, getattr(actor, "pk", None), last_id, stamp],
            )
    return len(rows)


def _date_adapters(fields: Sequence[models.Field]) -> dict[int, Callable[[Any], Any]]:
    """Date and datetime columns adapted here, once per distinct value, instead of by the
    driver's adapter once per cell (on SQLite a Python call for every date of every row)."""
    adapters = {}
    for position, field in enumerate(fields):
        if isinstance(field, models.DateTimeField):
            adapters[position] = _memo(connection.ops.adapt_datetimefield_value)
        elif isinstance(field, models.DateField):
            adapters[position] = _memo(connection.ops.adapt_datefield_value)
    return adapters


def _memo(adapt: Callable[[Any], Any]) -> Callable[[Any], Any]:
    cache: dict[Any, Any] = {}

    def adapted(value):
        try:
            return cache[value]
        except KeyError:
            result = cache[value] = adapt(value)
            return result

    return adapted


def _adapted(row: Sequence[Any], adapters: dict[int, Callable[[Any], Any]]) -> list[Any]:
    row = list(row)
    for position, adapt in adapters.items():
        row[position] = adapt(row[position])
    return row


@contextmanager
def checkpoint_in_background() -> Iterator[None]:
    """On SQLite, the transaction inside moves its WAL pages into the database file after it
    commits, in the background worker, instead of in its own commit.

    An import of 100 000 rows rewrites tens of thousands of index pages: SQLite's automatic
    checkpoint would copy them all (seconds) inside the importing request. Here automatic
    checkpoints are off for this connection until the block ends, and a task does the copy once
    the transaction has committed. Should the worker not run, nothing is lost: the next commit
    of any other connection checkpoints as usual. Other databases: nothing changes.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        every = cursor.fetchone()[0]
        cursor.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA wal_autocheckpoint = {int(every)}")
    transaction.on_commit(sqlite_checkpoint)
