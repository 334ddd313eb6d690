"""Background import of an archive (a ZIP, or a folder on the server): accept, queue, run, resume.

- `read_zip` / `read_folder` check the archive before anything is written: at most
  IMPORT_ARCHIVE_MAX_FILES pages and IMPORT_ARCHIVE_MAX_BYTES uncompressed in all (a zip bomb is
  refused however small it is), no member outside the archive ("../", absolute paths), no
  encrypted member; files that are not pages (.txt, .html, .htm) are left out and said so.
- `create_job` writes the job and one pending row per page in one transaction, then queues it
  on the RQ queue IMPORT_QUEUE (Redis at IMPORT_QUEUE_URL, REDIS_URL by default).
- `run_import_job` is what the worker runs: it takes the pending rows in order; each page is
  imported through the one `Importer` in the same transaction that marks its row done and
  counts it, so a worker killed at any moment leaves every row done (article saved) or pending
  (nothing saved). A row is claimed by a conditional UPDATE, so two workers on one job never
  import a page twice; the Importer's content fingerprint is a second guard.
- `resume_stalled_jobs` (run when a worker starts, at its maintenance ticks and by
  `manage.py resume_import_jobs`) queues again the jobs whose worker is gone: a process that
  no longer exists on this machine, or no progress for IMPORT_JOB_STALE_SECONDS; and queued
  jobs whose queue entry was lost.
- Cancelling: a queued job is cancelled at once; a running one stops before its next file.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import time
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles.ingestion.service import Action, Importer, PageOutcome
from articles.models import ImportJob, ImportJobFile

logger = logging.getLogger(__name__)

PAGE_SUFFIXES = (".txt", ".html", ".htm")

# What each Importer action is called in the admin, and the job's counter it adds to.
ACTION_LABELS = {
    Action.CREATED: "Tạo bài mới",
    Action.UPDATED: "Cập nhật",
    Action.UNCHANGED: "Không đổi (đã có)",
    Action.SKIPPED: "Bỏ qua",
    Action.FAILED: "Lỗi",
}
_COUNTERS = {
    Action.CREATED: "created",
    Action.UPDATED: "updated",
    Action.UNCHANGED: "unchanged",
    Action.SKIPPED: "skipped",
    Action.FAILED: "failed",
}


class ArchiveError(Exception):
    """An archive refused as a whole, with a message for the person who sent it."""


@dataclass
class Member:
    """One page file of an archive: its name, and its bytes or how to read them.

    A ZIP's members are read one at a time while the job's rows are written (`load`), so an
    archive of thousands of pages is never held in memory whole. A folder's are read by the
    worker (both None).
    """

    name: str
    data: bytes | None = None
    refusal: str = ""
    reader: Callable[[], bytes] | None = None

    def load(self) -> bytes:
        if self.data is None and self.reader is not None:
            return self.reader()
        return self.data or b""


@dataclass
class Archive:
    members: list[Member]
    left_out: list[str] = field(default_factory=list)

    def notice(self) -> str:
        """What was left out, in a sentence (empty when nothing was)."""
        if not self.left_out:
            return ""
        shown = ", ".join(f"“{name}”" for name in self.left_out[:5])
        more = f" và {len(self.left_out) - 5} tệp khác" if len(self.left_out) > 5 else ""
        return (
            f"Bỏ qua {len(self.left_out)} tệp không phải trang (.txt, .html, .htm): {shown}{more}."
        )


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _is_page(name: str) -> bool:
    return name.lower().endswith(PAGE_SUFFIXES)


def _is_furniture(parts: tuple[str, ...]) -> bool:
    """Files an archiver adds by itself (macOS resource forks, hidden files)."""
    return any(part == "__MACOSX" or part.startswith(".") for part in parts)


def _too_large(size: int) -> str:
    limit = settings.IMPORT_MAX_BYTES
    return f"tệp quá lớn ({_number(size)} byte, giới hạn {_number(limit)} byte)"


def _check_totals(count: int, total_bytes: int) -> None:
    if count > settings.IMPORT_ARCHIVE_MAX_FILES:
        raise ArchiveError(
            f"Lưu trữ có {_number(count)} trang, quá giới hạn "
            f"{_number(settings.IMPORT_ARCHIVE_MAX_FILES)} trang mỗi lượt nhập; hãy chia nhỏ."
        )
    if total_bytes > settings.IMPORT_ARCHIVE_MAX_BYTES:
        raise ArchiveError(
            f"Lưu trữ giải nén ra {_number(total_bytes)} byte, quá giới hạn "
            f"{_number(settings.IMPORT_ARCHIVE_MAX_BYTES)} byte; hãy chia nhỏ."
        )


def read_zip(fileobj) -> Archive:
    """The pages of a ZIP, checked as a whole before any is kept; ArchiveError if refused."""
    try:
        archive = zipfile.ZipFile(fileobj)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as err:
        raise ArchiveError("Tệp tải lên không phải tệp ZIP hợp lệ.") from err
    pages, left_out = [], []
    for info in infos:
        name = unicodedata.normalize("NFC", info.filename)
        path = PurePosixPath(name.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
            raise ArchiveError(
                f"Tệp ZIP chứa đường dẫn không an toàn “{name}”: không nhận lưu trữ này."
            )
        if info.is_dir() or _is_furniture(path.parts):
            continue
        if not _is_page(name):
            left_out.append(name)
            continue
        if info.flag_bits & 0x1:
            raise ArchiveError(f"Tệp “{name}” trong ZIP được mã hóa: hãy nén lại không mật khẩu.")
        pages.append((name, info))
    if not pages:
        raise ArchiveError("Tệp ZIP không có trang nào (.txt, .html, .htm).")
    # The sizes the archive declares, before reading a byte of it: a zip bomb stops here.
    _check_totals(len(pages), sum(info.file_size for _, info in pages))

    members = []
    for name, info in pages:
        if info.file_size > settings.IMPORT_MAX_BYTES:
            members.append(Member(name, b"", refusal=_too_large(info.file_size)))
        else:
            members.append(Member(name, reader=partial(_read_member, archive, info, name)))
    return Archive(members, left_out)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    try:
        with archive.open(info) as stream:
            # Never more than the declared size: zipfile stops there and checks the CRC.
            return stream.read(settings.IMPORT_MAX_BYTES + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as err:
        raise ArchiveError(f"Không đọc được tệp “{name}” trong ZIP (tệp ZIP hỏng).") from err


def read_uploads(files) -> Archive:
    """Page files uploaded together (more than the preview page takes), checked like a ZIP."""
    members, left_out, total = [], [], 0
    for upload in files:
        name = unicodedata.normalize("NFC", upload.name)
        if not _is_page(name):
            left_out.append(name)
            continue
        if upload.size > settings.IMPORT_MAX_BYTES:
            members.append(Member(name, b"", refusal=_too_large(upload.size)))
            continue
        data = upload.read(settings.IMPORT_MAX_BYTES + 1)
        total += len(data)
        members.append(Member(name, data))
    if not members:
        raise ArchiveError("Không có trang nào (.txt, .html, .htm) trong các tệp tải lên.")
    _check_totals(len(members), total)
    return Archive(members, left_out)


def server_folders() -> list[Path]:
    """The folders on the server an administrator allowed archives to be read from."""
    return [Path(folder) for folder in settings.IMPORT_SERVER_FOLDERS]


def read_folder(folder: str) -> Archive:
    """The pages under one of the configured server folders (names only: read when imported)."""
    roots = {str(root): root for root in server_folders()}
    if folder not in roots:
        raise ArchiveError("Thư mục này không nằm trong danh sách quản trị viên cho phép.")
    root = roots[folder].resolve()
    if not root.is_dir():
        raise ArchiveError(f"Không có thư mục “{folder}” trên máy chủ.")
    members, left_out, total = [], [], 0
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if _is_furniture(relative.parts) or not path.is_file():
            continue
        if path.is_symlink() or not path.resolve().is_relative_to(root):
            left_out.append(str(relative))
            continue
        if not _is_page(path.name):
            left_out.append(str(relative))
            continue
        size = path.stat().st_size
        total += size
        member = Member(unicodedata.normalize("NFC", relative.as_posix()))
        if size > settings.IMPORT_MAX_BYTES:
            member.refusal = _too_large(size)
        members.append(member)
        _check_totals(len(members), total)
    if not members:
        raise ArchiveError("Thư mục không có trang nào (.txt, .html, .htm).")
    return Archive(members, left_out)


def _read_folder_member(job: ImportJob, name: str) -> bytes | str:
    """The bytes of a folder job's file, or the reason they cannot be read."""
    root = Path(job.source_name).resolve()
    path = (root / name).resolve()
    if not path.is_relative_to(root):
        return "đường dẫn nằm ngoài thư mục nhập"
    try:
        with path.open("rb") as stream:
            return stream.read(settings.IMPORT_MAX_BYTES + 1)
    except OSError:
        return "không đọc được tệp trên máy chủ (đã bị xóa hoặc đổi tên?)"


# --- the queue ------------------------------------------------------------------------------


def background_available() -> bool:
    """Can a job run? With a queue (Redis), or inline where settings ask for it (tests)."""
    return settings.IMPORT_JOBS_INLINE or bool(settings.IMPORT_QUEUE_URL)


def import_queue():
    import django_rq

    return django_rq.get_queue(settings.IMPORT_QUEUE)


def enqueue(job_id: int) -> None:
    """Put the job on the queue (or run it here, when IMPORT_JOBS_INLINE). Never raises."""
    if settings.IMPORT_JOBS_INLINE:
        run_import_job(job_id)
        return
    if not settings.IMPORT_QUEUE_URL:  # the admin says so; resume_import_jobs queues it later
        return
    try:
        queued = import_queue().enqueue(
            run_import_job,
            job_id,
            job_timeout=settings.IMPORT_JOB_TIMEOUT,
            result_ttl=24 * 3600,
            failure_ttl=7 * 24 * 3600,
        )
    except Exception:  # Redis down: the job stays queued, resume_import_jobs queues it later
        logger.exception("could not queue import job %s", job_id)
        return
    ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        queue_job_id=queued.id
    )


@transaction.atomic
def create_job(
    *,
    archive: Archive,
    kind: str,
    source_name: str,
    user,
    article_status: str,
    category=None,
) -> ImportJob:
    """The job and one pending row per page, in one transaction; queued once committed.

    ArchiveError (and nothing written) if a ZIP member turns out unreadable.
    """
    job = ImportJob.objects.create(
        kind=kind,
        source_name=source_name[:500],
        created_by=user,
        article_status=article_status,
        category=category,
        total=len(archive.members),
        error=archive.notice(),
    )
    now = timezone.now()
    refused = 0
    rows, held = [], 0
    for position, member in enumerate(archive.members):
        row = ImportJobFile(job=job, position=position, name=member.name[:500])
        if member.refusal:
            row.status, row.action, row.reason = "done", Action.FAILED, member.refusal
            row.processed_at = now
            refused += 1
        else:
            row.data = member.load()
            held += len(row.data)
        rows.append(row)
        # Written in batches of bounded size: memory stays flat whatever the archive's size.
        if len(rows) >= 200 or held >= 16 * 1024 * 1024:
            ImportJobFile.objects.bulk_create(rows)
            rows, held = [], 0
    ImportJobFile.objects.bulk_create(rows)
    if refused:
        ImportJob.objects.filter(pk=job.pk).update(processed=refused, failed=refused)
        job.refresh_from_db()
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def request_cancel(job: ImportJob) -> bool:
    """Cancel a queued job now, or ask a running one to stop before its next file."""
    now = timezone.now()
    if ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.CANCELLED, cancel_requested=True, finished_at=now
    ):
        return True
    return bool(
        ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
            cancel_requested=True
        )
    )


# --- the worker's side ----------------------------------------------------------------------


def _me() -> dict:
    return {"worker_host": socket.gethostname()[:255], "worker_pid": os.getpid()}


def run_import_job(job_id: int) -> str:
    """Import the job's pending files in order (the task the worker runs)."""
    Status = ImportJob.Status
    me = _me()
    if not ImportJob.objects.filter(pk=job_id, status__in=[Status.QUEUED, Status.RUNNING]).update(
        status=Status.RUNNING, heartbeat_at=timezone.now(), **me
    ):
        return "bỏ qua: lượt nhập đã kết thúc"
    ImportJob.objects.filter(pk=job_id, started_at=None).update(started_at=timezone.now())
    job = ImportJob.objects.select_related("created_by", "category").get(pk=job_id)
    importer = Importer(status=job.article_status, category=job.category, user=job.created_by)
    pending = job.files.filter(status=ImportJobFile.Status.PENDING).order_by("position")
    try:
        while True:
            if ImportJob.objects.filter(pk=job_id, cancel_requested=True).exists():
                return _finish(job_id, Status.CANCELLED)
            next_id = pending.values_list("pk", flat=True).first()
            if next_id is None:
                return _finish(job_id, Status.DONE)
            _import_file(job, next_id, importer, me)
            if settings.IMPORT_FILE_PAUSE_SECONDS:
                time.sleep(settings.IMPORT_FILE_PAUSE_SECONDS)
    except Exception as err:
        logger.exception("import job %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            status=Status.FAILED,
            finished_at=timezone.now(),
            error=f"Lỗi nội bộ ({type(err).__name__}); các tệp đã xử lý vẫn được giữ.",
        )
        raise


def _finish(job_id: int, status: str) -> str:
    now = timezone.now()
    ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).update(
        status=status, finished_at=now, heartbeat_at=now
    )
    return status


def _import_file(job: ImportJob, file_id: int, importer: Importer, me: dict) -> None:
    """One file: claimed, imported, recorded and counted in one transaction."""
    try:
        with transaction.atomic():
            now = timezone.now()
            claimed = ImportJobFile.objects.filter(
                pk=file_id, status=ImportJobFile.Status.PENDING
            ).update(status=ImportJobFile.Status.DONE, processed_at=now)
            if not claimed:  # another worker took it
                return
            row = ImportJobFile.objects.get(pk=file_id)
            data = (
                bytes(row.data)
                if job.kind == ImportJob.Kind.ZIP
                else _read_folder_member(job, row.name)
            )
            if isinstance(data, str):
                outcome = PageOutcome(row.name, Action.FAILED, data)
            else:
                outcome = importer.import_page(data=data, file_name=row.name)
            ImportJobFile.objects.filter(pk=file_id).update(
                action=outcome.action,
                reason=outcome.reason[:2000],
                article_id=outcome.article_id,
                data=b"",
            )
            counter = _COUNTERS.get(outcome.action, "failed")
            ImportJob.objects.filter(pk=job.pk).update(
                processed=F("processed") + 1,
                **{counter: F(counter) + 1},
                heartbeat_at=timezone.now(),
                **me,
            )
    except Exception:
        importer.forget_lookups()
        raise


# --- resuming -------------------------------------------------------------------------------


def _process_gone(pid: int) -> bool:
    """Is process `pid` of this machine gone (or a zombie nobody reaped)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"


def _queue_entry_lost(job: ImportJob) -> bool:
    """A queued job whose entry in Redis is gone or ended (Redis restarted, flushed…)."""
    if not job.queue_job_id:
        return True
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    try:
        entry = Job.fetch(job.queue_job_id, connection=import_queue().connection)
    except NoSuchJobError:
        return True
    return entry.get_status(refresh=False) in {"finished", "failed", "stopped", "canceled"}


def stalled_jobs() -> list[ImportJob]:
    """Unfinished jobs nobody is working on."""
    stale_before = timezone.now() - datetime.timedelta(seconds=settings.IMPORT_JOB_STALE_SECONDS)
    host = socket.gethostname()[:255]
    stalled = []
    for job in ImportJob.objects.unfinished():
        if job.status == ImportJob.Status.RUNNING:
            if (
                job.heartbeat_at is None
                or job.heartbeat_at < stale_before
                or (job.worker_host == host and job.worker_pid and _process_gone(job.worker_pid))
            ):
                stalled.append(job)
        elif not settings.IMPORT_JOBS_INLINE and _queue_entry_lost(job):
            stalled.append(job)
    return stalled


def resume_stalled_jobs() -> list[int]:
    """Queue again every stalled job (each by one caller only); their ids."""
    resumed = []
    for job in stalled_jobs():
        now = timezone.now()
        taken = ImportJob.objects.filter(
            pk=job.pk, status=job.status, heartbeat_at=job.heartbeat_at
        ).update(status=ImportJob.Status.QUEUED, worker_pid=None, heartbeat_at=now)
        if not taken:
            continue
        if job.cancel_requested:
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.CANCELLED, finished_at=now
            )
            continue
        resumed.append(job.pk)
        enqueue(job.pk)
    return resumed
