"""The portal's settings belong to administrators: editors keep view_portalsettings only.

Syncing the roles never removes a permission (see articles/services/roles.py), so this
migration syncs them, then takes add/change_portalsettings from the editors' group; the
reverse gives change_portalsettings back, as 0002 had granted it.
"""

from django.db import migrations

TAKEN = ["add_portalsettings", "change_portalsettings"]


def _editors_and_permissions(apps, codenames):
    from articles.services.roles import EDITOR

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name=EDITOR).first()
    permissions = Permission.objects.filter(
        content_type__app_label="newsroom", codename__in=codenames
    )
    return editors, permissions


def take_from_editors(apps, schema_editor):
    from articles.services.roles import sync_roles

    sync_roles(apps)
    editors, permissions = _editors_and_permissions(apps, TAKEN)
    if editors is not None:
        editors.permissions.remove(*permissions)


def give_back_to_editors(apps, schema_editor):
    editors, permissions = _editors_and_permissions(apps, ["change_portalsettings"])
    if editors is not None:
        editors.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_stored_search_vector")]

    operations = [migrations.RunPython(take_from_editors, give_back_to_editors)]
