"""Data migration: the groups Phóng viên, Biên tập viên and Quản trị with their permissions."""

from django.db import migrations


def forwards(apps, schema_editor):
    from articles.roles import sync_roles

    sync_roles(apps)


def backwards(apps, schema_editor):
    from articles.roles import remove_roles

    remove_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("people", "0002_official_aliases"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
