"""Users in each newsroom role, for the workflow tests."""

from __future__ import annotations

import itertools

from django.apps import apps
from django.contrib.auth.models import Group, User

from articles.models import CategoryPermission
from articles.services.roles import ADMINISTRATOR, EDITOR, REPORTER, sync_roles

ROLES = {"reporter": REPORTER, "editor": EDITOR, "admin": ADMINISTRATOR, "nogroup": None}
PASSWORD = "mat-khau-thu-nghiem"
_numbers = itertools.count(1)


def make_user(role: str, *, categories=(), username: str | None = None) -> User:
    """A staff user in the group of `role` ("reporter", "editor", "admin", "nogroup")."""
    user = User.objects.create_user(
        username or f"{role}{next(_numbers)}", password=PASSWORD, is_staff=True
    )
    group_name = ROLES[role]
    if group_name:
        if not Group.objects.filter(name=group_name).exists():
            sync_roles(apps)  # a transactional test flushed the migration's rows
        user.groups.add(Group.objects.get(name=group_name))
    for category in categories:
        CategoryPermission.objects.create(user=user, category=category)
    return User.objects.get(pk=user.pk)  # fresh: no cached permissions
