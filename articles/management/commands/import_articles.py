"""`manage.py import_articles PATH [PATH …]`: import scraped pages through the ingestion service.

A PATH is a file, a folder (searched recursively), a glob, or `-` for standard input. Each page
is its own transaction and gets one line; a summary follows. Exit status: 0 when every page
landed (created, updated or unchanged), 1 when some failed, 2 for a usage error.
"""

from __future__ import annotations

import glob
import json
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.ingestion.service import Action, Importer, PageOutcome
from articles.models import Article, Category

PAGE_SUFFIXES = {".txt", ".htm", ".html", ".text"}


class UsageError(CommandError):
    def __init__(self, message: str):
        super().__init__(message, returncode=2)


def iter_sources(paths: list[str], stdin, *, limit: int) -> Iterator[tuple[str, bytes | None, str]]:
    """Yield (name, data, problem) for every page the paths designate, one at a time.

    `data` is None when the page cannot be read; `problem` then says why. Pages are read
    lazily so that memory stays flat however large the corpus.
    """
    for raw in paths:
        if raw == "-":
            yield "<stdin>", stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read(), ""
            continue
        path = Path(raw)
        if path.is_dir():
            found = False
            for child in sorted(path.rglob("*")):
                is_page = child.suffix.lower() in PAGE_SUFFIXES
                if is_page and child.is_file() and not child.name.startswith("."):
                    found = True
                    yield from _read(child, limit)
            if not found:
                yield str(path), None, "thư mục không có trang nào (.txt, .html)"
            continue
        if any(ch in raw for ch in "*?["):
            matches = sorted(glob.glob(raw, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                yield raw, None, "mẫu không khớp tệp nào"
            for match in files:
                yield from _read(match, limit)
            continue
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

    def handle(self, *args, paths, status, category, dry_run, update, json_report, **options):
        limit = options.get("max_bytes") or settings.IMPORT_MAX_BYTES
        if limit <= 0:
            raise UsageError("--max-bytes phải là số dương")
        category_obj = None
        if category:
            category_obj = Category.objects.filter(slug=category).first()
            if category_obj is None:
                known = ", ".join(Category.objects.values_list("slug", flat=True)) or "(chưa có)"
                raise UsageError(f"không có chuyên mục {category!r}; có: {known}")
        report_path = Path(json_report) if json_report else None
        if report_path and not report_path.parent.exists():
            raise UsageError(f"không có thư mục để ghi báo cáo: {report_path.parent}")

        interactive = self.stderr.isatty() if hasattr(self.stderr, "isatty") else False
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
        sources = iter_sources(paths, sys.stdin, limit=limit)
        for index, (name, data, problem) in enumerate(sources, 1):
            if data is None:
                outcome = PageOutcome(name, Action.FAILED, problem)
            else:
                outcome = importer.import_page(
                    data=data, file_name=Path(name).name if name != "<stdin>" else name
                )
                outcome.file_name = name
            totals[outcome.action] += 1
            if report_path:
                outcomes.append(outcome.as_dict())
            self._line(outcome)
            if interactive:
                self.stderr.write(f"\r{index} trang…", ending="")
        if interactive:
            self.stderr.write("\r", ending="")
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
