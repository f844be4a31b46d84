"""The stored German full-text vectors of an article, the GIN index and the trigger.

A trigger rather than Article.save() or the article_save service: seed scripts, the bench
and tests write with bulk_create() and update(), which bypass both, and a vector that goes
stale silently is worse than none. The trigger fires only when a searched column changes.
On SQLite the column exists but stays empty (search falls back to plain matching), and
neither the index nor the trigger is created.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

HEAD = """
    setweight(to_tsvector('german', coalesce(NEW.headline, '')), 'A') ||
    setweight(to_tsvector('german', coalesce(NEW.kicker, '')), 'B') ||
    setweight(to_tsvector('german', coalesce(NEW.lead, '')), 'C')
"""

CREATE = f"""
CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_head := {HEAD};
    NEW.search_vector := NEW.search_head ||
        setweight(to_tsvector('german', coalesce(NEW.body, '')), 'D');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER articles_article_search_vector
BEFORE INSERT OR UPDATE OF headline, kicker, lead, body, search_vector, search_head
ON articles_article
FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();

UPDATE articles_article SET search_vector = NULL;

CREATE INDEX articles_search_gin ON articles_article USING gin (search_vector);
"""

DROP = """
DROP INDEX IF EXISTS articles_search_gin;
DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article;
DROP FUNCTION IF EXISTS articles_article_search_vector();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_editor_groups"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="search_head",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="article",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fields=["search_vector"], name="articles_search_gin"
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        ),
    ]
