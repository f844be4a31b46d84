"""The table behind CACHES["ratelimit"], so a fresh clone needs `migrate` and nothing else.

Created whatever CACHES says (production may point the alias at Redis): the table is the
fallback store, and it costs nothing while empty. Same layout as `createcachetable`.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "newsroom_ratelimit"


def create_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_table, drop_table, elidable=False)]
