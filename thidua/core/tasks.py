"""Background work of the core app, run by the huey consumer (`thidua run_huey`)."""

from django.db import connection
from huey.contrib.djhuey import db_task


@db_task()
def sqlite_checkpoint() -> None:
    """Copy the pages a large write left in SQLite's WAL into the database file.

    PASSIVE: it copies what no reader still needs and never waits for, or blocks, anybody; if
    it leaves pages behind, SQLite's own automatic checkpoint takes them on a later commit.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
