"""`manage.py import_articles PATH [PATH …]`: import scraped pages through the ingestion service.

A PATH is a file, a folder (searched recursively), a glob, or `-` for standard input. Pages are
decoded, parsed and recognised in `--jobs` worker processes and written in batches, each page
all or nothing. Each page gets one line on standard output and a summary follows; when standard
output is a terminal only failed pages get a line, and when standard error is a terminal a
progress bar (tqdm) runs there. Exit status: 0 when every page landed (created, updated or
unchanged), 1 when some failed, 2 for a usage error.
"""

from __future__ import annotations

import glob
import json
import os
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from articles.ingestion.service import Action, Importer, PageInput, PageOutcome
from articles.models import Article, Category

PAGE_SUFFIXES = {".txt", ".htm", ".html", ".text"}


class UsageError(CommandError):
    def __init__(self, message: str):
        super().__init__(message, returncode=2)


def iter_paths(paths: list[str]) -> Iterator[tuple[str, Path | None, str]]:
    """Yield (name, path, problem) for every page the paths designate (`-`: path None).

    `problem` is set when the path designates nothing to read (then `path` is None).
    """
    for raw in paths:
        if raw == "-":
            yield "<stdin>", None, ""
            continue
        path = Path(raw)
        if path.is_dir():
            found = False
            for child in sorted(path.rglob("*")):
                is_page = child.suffix.lower() in PAGE_SUFFIXES
                if is_page and child.is_file() and not child.name.startswith("."):
                    found = True
                    yield str(child), child, ""
            if not found:
                yield str(path), None, "thư mục không có trang nào (.txt, .html)"
            continue
        if any(ch in raw for ch in "*?["):
            matches = sorted(glob.glob(raw, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                yield raw, None, "mẫu không khớp tệp nào"
            for match in files:
                yield str(match), match, ""
            continue
        yield str(path), path, ""


def iter_sources(paths: list[str], stdin, *, limit: int) -> Iterator[tuple[str, bytes | None, str]]:
    """Yield (name, data, problem) for every page the paths designate, one at a time.

    `data` is None when the page cannot be read; `problem` then says why. Pages are read
    lazily so that memory stays flat however large the corpus.
    """
    for name, path, problem in iter_paths(paths):
        if problem:
            yield name, None, problem
        elif path is None:
            yield name, stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read(), ""
        else:
            yield from _read(path, limit)


def _read(path: Path, limit: int) -> Iterator[tuple[str, bytes | None, str]]:
    try:
        size = path.stat().st_size
        if size > limit:
            # Not read at all: the service would refuse it anyway, and it may be huge.
            message = f"tệp quá lớn ({size:,} byte, giới hạn {limit:,} byte)"
            yield str(path), None, message.replace(",", ".")
            return
        yield str(path), path.read_bytes(), ""
    except FileNotFoundError:
        yield str(path), None, "không có tệp hoặc thư mục này"
    except IsADirectoryError:
        yield str(path), None, "là thư mục"
    except PermissionError:
        yield str(path), None, "không có quyền đọc"
    except OSError as err:
        yield str(path), None, f"không đọc được: {err.strerror or err}"


def page_inputs(sources) -> Iterator[PageInput]:
    """The command's sources as the importer's inputs (provenance keeps the file's name)."""
    for name, data, problem in sources:
        file_name = Path(name).name if name != "<stdin>" else name
        yield PageInput(file_name, data, problem=problem, label=name)


def usable_cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU affinity)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def is_terminal(stream) -> bool:
    return bool(getattr(stream, "isatty", None) and stream.isatty())


def one_line(text: str) -> str:
    """`text` with its control and line-separating characters escaped ("\\n", "\\u2028")."""
    return "".join(
        repr(char)[1:-1] if unicodedata.category(char) in _BREAKING else char for char in text
    )


_BREAKING = {"Cc", "Zl", "Zp"}


class Command(BaseCommand):
    help = (
        "Nhập bài từ các trang đã thu thập (tệp, thư mục, mẫu glob, hoặc - cho đầu vào chuẩn). "
        "Mỗi trang một giao dịch; chạy lại không tạo bài trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--status",
            choices=[Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.PUBLISHED],
            default=Article.Status.DRAFT,
            help="trạng thái của bài mới (mặc định: draft)",
        )
        parser.add_argument("--category", help="đường dẫn (slug) của chuyên mục cho bài mới")
        parser.add_argument("--dry-run", action="store_true", help="phân tích, không ghi gì")
        parser.add_argument(
            "--update",
            action="store_true",
            help="phân tích lại và cập nhật phần do trình nhập quản lý (giữ chỉnh sửa của BTV)",
        )
        parser.add_argument("--json-report", metavar="FILE", help="ghi báo cáo JSON vào FILE")
        parser.add_argument(
            "--max-bytes", type=int, help="giới hạn kích thước một tệp (mặc định theo cài đặt)"
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=usable_cores(),
            help="số tiến trình phân tích trang song song (mặc định: số lõi CPU, %(default)s)",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=50,
            help="số trang ghi trong một giao dịch (mỗi trang vẫn được ghi trọn hoặc không)",
        )

    def handle(self, *args, paths, status, category, dry_run, update, json_report, **options):
        limit = options.get("max_bytes") or settings.IMPORT_MAX_BYTES
        if limit <= 0:
            raise UsageError("--max-bytes phải là số dương")
        jobs, batch_size = options.get("jobs", 1), options.get("batch_size", 50)
        if jobs < 1 or batch_size < 1:
            raise UsageError("--jobs và --batch-size phải là số dương")
        category_obj = None
        if category:
            category_obj = Category.objects.filter(slug=category).first()
            if category_obj is None:
                known = ", ".join(Category.objects.values_list("slug", flat=True)) or "(chưa có)"
                raise UsageError(f"không có chuyên mục {category!r}; có: {known}")
        report_path = Path(json_report) if json_report else None
        if report_path and not report_path.parent.exists():
            raise UsageError(f"không có thư mục để ghi báo cáo: {report_path.parent}")

        totals: Counter = Counter()
        outcomes: list[dict] = []
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            # Each page is its own transaction; waiting for the WAL flush of every one would
            # bound the import by disk latency. A crash can lose the last few pages' commits
            # (never corrupt anything), and re-running the import restores them idempotently.
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO OFF")
        importer = Importer(
            status=status, category=category_obj, update=update, dry_run=dry_run, max_bytes=limit
        )
        # On a terminal, a page's line would scroll the bar away: only failures get one there.
        every_line = not is_terminal(self.stdout)
        bar = self._progress_bar(paths)
        sources = page_inputs(iter_sources(paths, sys.stdin, limit=limit))
        try:
            for outcome in importer.import_pages(sources, jobs=jobs, batch_size=batch_size):
                totals[outcome.action] += 1
                if report_path:
                    outcomes.append(outcome.as_dict())
                if every_line or outcome.action == Action.FAILED:
                    if bar is None:
                        self._line(outcome)
                    else:
                        with bar.external_write_mode():
                            self._line(outcome)
                if bar is not None:
                    bar.update()
        except BrokenProcessPool as err:
            raise CommandError(
                "một tiến trình phân tích trang đã dừng đột ngột (thiếu bộ nhớ?); các trang đã "
                "báo ở trên đã được ghi, chạy lại lệnh để nhập tiếp (không tạo bài trùng)"
            ) from err
        finally:
            if bar is not None:
                bar.close()
        elapsed = time.perf_counter() - started

        pages = sum(totals.values())
        summary = ", ".join(
            f"{totals[action]} {action}"
            for action in (Action.CREATED, Action.UPDATED, Action.UNCHANGED, Action.SKIPPED)
        )
        summary += f", {totals[Action.FAILED]} failed"
        rate = pages / elapsed if elapsed else 0.0
        prefix = "Thử (không ghi gì): " if dry_run else ""
        self.stdout.write(f"{prefix}{pages} trang: {summary} ({elapsed:.2f} s, {rate:.0f} trang/s)")
        if report_path:
            report = {"dry_run": dry_run, "totals": dict(totals), "pages": outcomes}
            report_path.write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")
        if totals[Action.FAILED]:
            raise CommandError(f"{totals[Action.FAILED]} trang không nhập được", returncode=1)

    def _progress_bar(self, paths: list[str]) -> tqdm | None:
        """A bar on standard error when it is a terminal; its total counts the files first
        (a listing, nothing read), unless a page comes from standard input."""
        if not is_terminal(self.stderr):
            return None
        total = None if "-" in paths else sum(1 for _ in iter_paths(paths))
        return tqdm(
            total=total,
            file=getattr(self.stderr, "_out", self.stderr),
            unit=" trang",
            desc="Nhập bài",
            dynamic_ncols=True,
        )

    def _line(self, outcome: PageOutcome) -> None:
        """One line per page, whatever its name holds (a newline in a file name is shown
        as "\\n"), so that scripts reading the output count pages by lines."""
        line = f"{outcome.action:9} {one_line(outcome.file_name)}"
        if outcome.title:
            line += f"  «{one_line(outcome.title)}»"
        if outcome.reason:
            line += f"  — {one_line(outcome.reason)}"
        if outcome.action == Action.FAILED:
            self.stdout.write(self.style.ERROR(line))
        else:
            self.stdout.write(line)
