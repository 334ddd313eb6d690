"""PostgreSQL: the search GIN index keeps a small pending list, emptied now.

A GIN index with `fastupdate` (the default) queues new entries in a pending list that every
search reads in full, until a VACUUM or an insert past `gin_pending_list_limit` (4 MB by
default, 64 MB in the archive generator's session) merges it into the index. After the
generator, 26 MB (3,323 pages) were read by every search: "phong chay chua chay" read 3,400
index pages instead of 80. The index's own limit, 512 kB, overrides any session's, so a search
reads at most 64 pending pages, and bulk inserts still batch their entries; the list left now
is merged by `gin_clean_pending_list`.
"""

from django.db import migrations

SEARCH_INDEX = "articles_article_search_gin"


def small_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER INDEX {SEARCH_INDEX} SET (gin_pending_list_limit = 512)")
    schema_editor.execute(f"SELECT gin_clean_pending_list('{SEARCH_INDEX}'::regclass)")


def default_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER INDEX {SEARCH_INDEX} RESET (gin_pending_list_limit)")


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_admin_list_indexes")]

    operations = [migrations.RunPython(small_pending_list, default_pending_list)]
