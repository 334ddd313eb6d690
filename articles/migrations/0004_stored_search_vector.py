"""PostgreSQL: the articles' search vector stored in a column, with the GIN index on it.

`search_vector` is a generated column, `to_tsvector('simple', search_text)`, STORED: the
database computes it on every INSERT and UPDATE whatever writes the row (save(), update(),
bulk_create, COPY), and ADD COLUMN computes it for every existing row (the data step). It is
kept out of the model state like the index before it (SQLite has no tsvector; a model field
would also be loaded with every article). `articles.search.StoredSearchVector` reads it.

Before, ranking recomputed `to_tsvector` from the text for every matching row: 30 s for
"cong an" at 100,000 articles. The expression index of 0002 is replaced by an index on the
column, under the same name.

Also composite indexes on the mentions, official (or unit) first then article, for the
officials' and units' visibility checks, counts and coverage lists.
"""

from django.db import migrations, models

SEARCH_INDEX = "articles_article_search_gin"


def add_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")
    schema_editor.execute(
        "ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(search_text, ''))) STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} ON articles_article USING gin (search_vector)"
    )


def drop_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} ON articles_article "
        "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_desk_note_and_review_index"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_search_vector, drop_search_vector),
        migrations.AddIndex(
            model_name="officialmention",
            index=models.Index(fields=["official", "article"], name="articles_mention_official"),
        ),
        migrations.AddIndex(
            model_name="unitmention",
            index=models.Index(fields=["unit", "article"], name="articles_mention_unit"),
        ),
    ]
