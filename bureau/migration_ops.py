"""Migration operations that only some databases can run.

`make run` uses SQLite when no DATABASE_URL is given; production and the tests use PostgreSQL. An index PostgreSQL
needs at a province's scale but SQLite cannot create (e.g. with NULLS FIRST on a column) is kept in the model's
state everywhere, so makemigrations stays quiet, and created only on PostgreSQL.
"""

from django.db import migrations


class PostgresOnlyAddIndex(migrations.AddIndex):
    """AddIndex whose index exists on PostgreSQL only; on other databases the state changes and nothing is created."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
