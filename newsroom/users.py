"""People's names as they are written.

A Vietnamese name is one string, family name first ("Nguyễn Văn Phóng"); Django's user has a
first and a last name and `get_full_name()` writes "first last" ("Văn Phóng Nguyễn"). The
admin keeps the whole name in `first_name` (newsroom/admin.py, one field "Họ và tên");
`full_name` reads it, and puts a family name kept apart in `last_name` (older rows) first.
"""

from __future__ import annotations


def written_name(user) -> str:
    """The user's name in the order written ("" when none was given)."""
    parts = (user.last_name or "", user.first_name or "")
    return " ".join(" ".join(part.split()) for part in parts if part.strip())


def full_name(user) -> str:
    """The name to show for a user: as written, else the username."""
    return written_name(user) or user.get_username()
