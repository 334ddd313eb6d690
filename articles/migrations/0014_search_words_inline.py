"""PostgreSQL: each article's distinct search words, stored in its row, for the newest matches.

`search_words` is a generated column: the distinct words of `search_text` (folded words
separated by single spaces, see articles.search.search_document) as a tsvector without
positions (~1.6 kB, half of `search_vector`), computed by the database on every write like
`search_vector` (0004). Made from the words as they are (`array_to_tsvector`), not by the
text-search parser: a third of `to_tsvector`'s cost (~0.4 ms an article instead of 1.4 on a
loaded machine), the same lexemes for this text (checked on 5,000 articles); words over 254
characters are left out (a lexeme must be under 2 kB). Its storage is MAIN, so
the value stays in the row instead of TOAST: testing whether an article has the reader's
words then costs ~2 µs instead of a TOAST read (~8 µs), and the search's newest window walks
the publication index testing each row (articles.search.newest_matches) instead of reading
the GIN index's lists of the whole archive (20-60 ms for words in a quarter of the articles).
No index on it: the GIN index stays on `search_vector`.

PostgreSQL 15 cannot give ADD COLUMN a storage, so the values that ADD COLUMN wrote go back
into the rows with VACUUM FULL (a second rewrite: ~1 min at 100,000 articles; nothing to do
on an empty table). Hence not atomic: VACUUM cannot run in a transaction.
"""

from django.db import migrations


def add_search_words(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = 'articles_article' AND column_name = 'search_words'"
        )
        if cursor.fetchone():
            return
        cursor.execute(
            "ALTER TABLE articles_article ADD COLUMN search_words tsvector GENERATED ALWAYS AS "
            "(array_to_tsvector(array_remove(string_to_array(regexp_replace("
            "COALESCE(search_text, ''), '[^ ]{255}[^ ]*', '', 'g'), ' '), ''))) STORED"
        )
        cursor.execute("ALTER TABLE articles_article ALTER COLUMN search_words SET STORAGE MAIN")
        cursor.execute("SELECT EXISTS (SELECT 1 FROM articles_article)")
        if cursor.fetchone()[0]:
            cursor.execute("VACUUM (FULL, ANALYZE) articles_article")


def drop_search_words(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE articles_article DROP COLUMN IF EXISTS search_words")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("articles", "0013_position_sighting_rank_index")]

    operations = [migrations.RunPython(add_search_words, drop_search_words)]
