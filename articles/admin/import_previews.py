"""Files waiting between the import page's preview and its confirmation, on disk, not in the
session.

One directory per user under IMPORT_PREVIEW_DIR, one per preview inside it, named by a random
token: `<dir>/<user id>/<token>/manifest.json` plus the uploaded files as `0`, `1`, ... The
session only remembers which tokens it made, so confirming needs the same user *and* the same
session. A preview expires after IMPORT_PREVIEW_SECONDS (refused, then deleted); expired ones
are swept whenever someone makes a new preview and by `manage.py clear_import_previews`. Each
user holds at most IMPORT_PREVIEW_MAX_COUNT previews and IMPORT_PREVIEW_MAX_BYTES of files.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

SESSION_KEY = "article_import_previews"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
MANIFEST = "manifest.json"


class PreviewError(Exception):
    """The preview cannot be kept; the message says why, in Vietnamese."""


class PreviewLimitError(PreviewError):
    """The user already holds as many previews (or bytes) as allowed."""


@dataclass
class StagedFile:
    name: str
    path: Path
    size: int

    def read(self) -> bytes:
        return self.path.read_bytes()


@dataclass
class Preview:
    token: str
    created: float
    status: str
    category: int | None
    files: list[StagedFile]


def _root() -> Path:
    return Path(settings.IMPORT_PREVIEW_DIR)


def _user_dir(user) -> Path:
    return _root() / str(int(user.pk))


def _expired(created: float, now: float) -> bool:
    return now - created > settings.IMPORT_PREVIEW_SECONDS


def _read_manifest(directory: Path) -> dict | None:
    try:
        return json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _size_label(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def sweep(*, everything: bool = False, now: float | None = None) -> int:
    """Delete expired previews of every user (all of them with `everything`); how many.

    Several workers may sweep at once: a preview another one removed first is skipped. The
    users' directories stay (a new preview may be arriving in one)."""
    now = time.time() if now is None else now
    removed = 0
    try:
        user_dirs = [d for d in _root().iterdir() if d.is_dir()]
    except OSError:
        return 0
    for user_dir in user_dirs:
        try:
            previews = list(user_dir.iterdir())
        except OSError:
            continue
        for directory in previews:
            manifest = _read_manifest(directory)
            try:
                # Without a readable manifest: a preview that never finished being written.
                stale = manifest is None and now - directory.stat().st_mtime > 60
            except OSError:
                continue
            if everything or stale or (manifest and _expired(manifest["created"], now)):
                shutil.rmtree(directory, ignore_errors=True)
                removed += 1
    return removed


def _usage(user) -> tuple[int, int]:
    """(previews, bytes) the user holds now."""
    count = size = 0
    directory = _user_dir(user)
    if directory.is_dir():
        for preview in directory.iterdir():
            manifest = _read_manifest(preview)
            if manifest:
                count += 1
                size += sum(item["size"] for item in manifest["files"])
    return count, size


def create(request, *, files: list[tuple[str, bytes]], status: str, category: int | None) -> str:
    """Store the files of a new preview for request.user; its token. Raises
    PreviewLimitError when the user's cap would be passed."""
    sweep()
    user = request.user
    count, used = _usage(user)
    incoming = sum(len(data) for _, data in files)
    if count >= settings.IMPORT_PREVIEW_MAX_COUNT:
        raise PreviewLimitError(
            f"Bạn đang có {count} bản xem trước chưa xác nhận (tối đa "
            f"{settings.IMPORT_PREVIEW_MAX_COUNT}). Hãy xác nhận hoặc hủy bớt, hoặc đợi chúng "
            f"hết hạn sau {settings.IMPORT_PREVIEW_SECONDS // 60} phút."
        )
    if used + incoming > settings.IMPORT_PREVIEW_MAX_BYTES:
        limit = _size_label(settings.IMPORT_PREVIEW_MAX_BYTES)
        raise PreviewLimitError(
            f"Các bản xem trước chưa xác nhận của bạn sẽ vượt {limit} (đang giữ "
            f"{_size_label(used)}, thêm {_size_label(incoming)}). Hãy xác nhận hoặc hủy bớt, "
            "hoặc tải lên ít tệp hơn."
        )
    token = secrets.token_urlsafe(16)
    directory = _user_dir(user) / token
    items = []
    try:
        directory.mkdir(parents=True)
        for index, (name, data) in enumerate(files):
            (directory / str(index)).write_bytes(data)
            items.append({"name": name, "file": str(index), "size": len(data)})
        manifest = {"created": time.time(), "status": status, "category": category}
        manifest["files"] = items
        # Written last: a preview without its manifest is unfinished and never offered.
        (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    except OSError as err:
        shutil.rmtree(directory, ignore_errors=True)
        logger.error("import preview not stored in %s: %s", _root(), err)
        raise PreviewError(
            "Không lưu được bản xem trước (thư mục tạm IMPORT_PREVIEW_DIR không ghi được); "
            "không có gì được nhập. Hãy báo quản trị hệ thống."
        ) from err
    request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), token]
    return token


def load(request, token: str) -> Preview | None:
    """The user's preview `token` made in this session; None if unknown, foreign or expired
    (an expired one is deleted)."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    if token not in request.session.get(SESSION_KEY, []):
        return None
    directory = _user_dir(request.user) / token
    manifest = _read_manifest(directory)
    if manifest is None:
        return None
    if _expired(manifest["created"], time.time()):
        discard(request, token)
        return None
    files = [
        StagedFile(item["name"], directory / item["file"], item["size"])
        for item in manifest["files"]
    ]
    return Preview(token, manifest["created"], manifest["status"], manifest["category"], files)


def discard(request, token: str) -> None:
    """Forget a preview: its files and the session's note of it."""
    if _TOKEN.match(token or ""):
        shutil.rmtree(_user_dir(request.user) / token, ignore_errors=True)
    tokens = request.session.get(SESSION_KEY, [])
    if token in tokens:
        request.session[SESSION_KEY] = [t for t in tokens if t != token]
