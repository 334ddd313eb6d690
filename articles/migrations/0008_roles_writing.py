"""Data migration: the roles also cover authors, mentions to review and old slugs."""

from django.db import migrations


def forwards(apps, schema_editor):
    from articles.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_history_tracks_workflow_fields"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
