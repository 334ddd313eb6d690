"""Data and PostgreSQL-only schema the models do not describe.

- The groups Phóng viên, Biên tập viên and Quản trị with their permissions
  (definitions in articles/services/roles.py).
- On PostgreSQL, a full-text GIN index on the articles' search text. It is created with SQL
  and kept out of the model state on purpose: a GinIndex in Meta.indexes would be re-created
  by SQLite's table rebuilds (and fail there). Its expression must stay identical to the one
  `articles.search` filters on, `SearchVector("search_text", config="simple")`, so that the
  planner uses it.
"""

from django.db import migrations

SEARCH_INDEX = "articles_article_search_gin"


def create_roles(apps, schema_editor):
    from articles.services.roles import sync_roles

    sync_roles(apps)


def remove_roles(apps, schema_editor):
    from articles.services.roles import remove_roles

    remove_roles(apps)


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} ON articles_article "
        "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
    )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("newsroom", "0001_initial"),
        ("people", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(create_roles, remove_roles),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
