"""Data migration: the roles also get the permissions of models added after 0003.

Authors, mention review list, old slugs, readers' error reports and the portal settings.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from articles.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_roles_writing"), ("articles", "0009_merge_search")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
