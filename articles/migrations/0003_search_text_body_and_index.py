"""Search text now covers the body too; PostgreSQL gets a full-text GIN index on it.

The index is created with SQL on PostgreSQL only and kept out of the model state on purpose:
a GinIndex in Meta.indexes would be re-created by SQLite's table rebuilds (and fail there).
Its expression must stay identical to the one `articles.search` filters on,
`SearchVector("search_text", config="simple")`, so that the planner uses it.
"""

from django.db import migrations

INDEX = "articles_article_search_gin"


def refill_search_text(apps, schema_editor):
    from articles.search import search_document

    Article = apps.get_model("articles", "Article")
    fields = ["pk", "title", "lead", "body", "byline", "author_unit"]
    batch = []
    for row in Article.objects.only(*fields[1:]).order_by("pk").iterator(chunk_size=500):
        row.search_text = search_document(
            title=row.title,
            lead=row.lead,
            body=row.body,
            byline=row.byline,
            author_unit=row.author_unit,
        )
        batch.append(row)
        if len(batch) >= 500:
            Article.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Article.objects.bulk_update(batch, ["search_text"])


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article "
        "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [
        migrations.RunPython(refill_search_text, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
