"""A PostgreSQL sequence hands out tree ids, so concurrent new threads never share one."""

from django.db import migrations

SEQUENCE = "comments_comment_tree_id_seq"


def create_sequence(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite serializes writers; MAX(tree_id)+1 is safe there.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(tree_id), 0) + 1 FROM comments_comment")
        start = cursor.fetchone()[0]
        cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE} AS integer START WITH {int(start)}")


def drop_sequence(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = [("comments", "0001_initial")]

    operations = [migrations.RunPython(create_sequence, drop_sequence)]
