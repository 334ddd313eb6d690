"""The newsroom's roles as Django groups, and the permissions each one holds.

Applied by the data migration articles/migrations/0002_roles_and_search_index.py through
`sync_roles`, which works on the migration's historical models; a later migration that adds
models (and so permissions) calls it again. Syncing adds what a role lacks and never removes
a permission an administrator granted by hand.
"""

from __future__ import annotations

REPORTER = "Phóng viên"
EDITOR = "Biên tập viên"
ADMINISTRATOR = "Quản trị"

# What the editors curate: every model of these apps, all four permissions.
CURATED_MODELS = {
    "articles": [
        "category",
        "source",
        "event",
        "caption",
        "officialmention",
        "unitmention",
        "mentiontoreview",
        "author",
        "articleauthor",
        "photo",
    ],
    "people": ["unit", "unitalias", "official", "officialalias", "position"],
    "taggit": ["tag"],
}

# Each role: (app_label, codename) pairs. The object rules (own articles, drafts only,
# categories) are in articles.services.workflow; these are what Django's permission checks see.
ROLE_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    REPORTER: [
        ("articles", "add_article"),
        ("articles", "change_article"),
        ("articles", "view_article"),
        ("articles", "add_caption"),
        ("articles", "change_caption"),
        ("articles", "delete_caption"),
        ("articles", "view_caption"),
        # The media library: upload photos and use anyone's; editing and deleting are editors'.
        ("articles", "add_photo"),
        ("articles", "view_photo"),
        ("articles", "view_category"),
        ("articles", "view_source"),
        ("articles", "add_author"),
        ("articles", "view_author"),
        ("articles", "add_articleauthor"),
        ("articles", "change_articleauthor"),
        ("articles", "delete_articleauthor"),
        ("articles", "view_articleauthor"),
        ("taggit", "view_tag"),
    ],
    EDITOR: [
        ("articles", "add_article"),
        ("articles", "change_article"),
        ("articles", "view_article"),
        ("articles", "publish_article"),
        ("articles", "archive_article"),
        ("articles", "edit_any_article"),
        ("articles", "view_provenance"),
        ("articles", "view_articletransition"),
        ("articles", "view_articleslughistory"),
        ("articles", "delete_articleslughistory"),
        ("articles", "view_errorreport"),
        ("articles", "change_errorreport"),
        # The portal's settings (name, hotline, leadership unit) belong to administrators:
        # editors read them. Migration 0003 took change_portalsettings from existing groups.
        ("newsroom", "view_portalsettings"),
        *[
            (app, f"{action}_{model}")
            for app, models in CURATED_MODELS.items()
            for model in models
            for action in ("add", "change", "delete", "view")
        ],
    ],
}


def _model_exists(apps, app_label: str, codename: str) -> bool:
    """Does the model a default permission ("add_photo") is about exist at this migration?"""
    action, _, model = codename.partition("_")
    if action not in ("add", "change", "delete", "view"):
        return True
    try:
        apps.get_model(app_label, model)
    except LookupError:
        return False
    return True


def sync_roles(apps) -> None:
    """Create the three groups and give them their permissions (idempotent)."""
    from django.contrib.auth.management import create_permissions

    # Permissions are created after migrations by a post_migrate signal; a fresh database
    # has none yet, so create them now for every app the roles mention.
    for app_config in apps.get_app_configs():
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = previous or True  # historical app configs have none
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    for name, pairs in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = set(pairs)
        found = [
            p
            for p in Permission.objects.select_related("content_type").filter(
                codename__in={codename for _, codename in wanted}
            )
            if (p.content_type.app_label, p.codename) in wanted
        ]
        missing = {
            (app, codename)
            for app, codename in wanted - {(p.content_type.app_label, p.codename) for p in found}
            if _model_exists(apps, app, codename)  # a later migration adds the model
        }
        if missing:
            raise LookupError(f"permissions not found for role {name}: {sorted(missing)}")
        group.permissions.add(*found)

    admins, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    admins.permissions.add(*Permission.objects.all())


def remove_roles(apps) -> None:
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[REPORTER, EDITOR, ADMINISTRATOR]).delete()
