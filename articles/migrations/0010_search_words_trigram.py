"""The search vocabulary (SearchWord) with a trigram index; pg_trgm is created here.

PostgreSQL only for the extension and the index (CREATE EXTENSION needs a role that may
create it: a superuser or, since PostgreSQL 13, the database owner, as pg_trgm is trusted).
On SQLite the table exists without the index and "Did you mean" uses difflib.
The vocabulary is filled from the published articles at the end.
"""

import re
from collections import Counter

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

WORD = re.compile(r"[^\W\d_]{4,40}")
INDEX = "CREATE INDEX articles_searchword_trgm ON articles_searchword USING gin (word gin_trgm_ops)"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS articles_searchword_trgm")


def fill(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    SearchWord = apps.get_model("articles", "SearchWord")
    counts = Counter()
    rows = Article.objects.filter(status="published").values_list(
        "headline", "kicker", "lead", "body"
    )
    for row in rows.iterator(chunk_size=2000):
        counts.update({w.lower() for text in row for w in WORD.findall(text or "")})
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, ndoc=n) for w, n in counts.items()], batch_size=5000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_german_slugs_and_former_slugs"),
    ]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("word", models.CharField(max_length=40, unique=True, verbose_name="word")),
                ("ndoc", models.PositiveIntegerField(default=1, verbose_name="articles")),
            ],
            options={"verbose_name": "search word", "verbose_name_plural": "search words"},
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="searchword",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fields=["word"], name="articles_searchword_trgm",
                        opclasses=["gin_trgm_ops"],
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(create_index, drop_index)],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
