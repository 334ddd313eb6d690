"""`manage.py parse_source FILE`: the parse of one page as JSON, without touching the database."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.ingestion.decode import IngestionError
from articles.ingestion.pipeline import analyse_bytes


class Command(BaseCommand):
    help = (
        "In kết quả phân tích một trang (tiêu đề, ngày, tác giả, nguồn, nội dung, cán bộ, "
        "đơn vị, sự kiện, cảnh báo) dưới dạng JSON; không ghi gì vào cơ sở dữ liệu."
    )
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="tệp trang (.txt hoặc .html), - cho stdin")
        parser.add_argument("--compact", action="store_true", help="JSON trên một dòng")

    def handle(self, *args, file: str, compact: bool, **options):
        if file == "-":
            import sys

            data, name = sys.stdin.buffer.read(), "<stdin>"
        else:
            path = Path(file)
            try:
                if path.stat().st_size > settings.IMPORT_MAX_BYTES:
                    raise CommandError(
                        f"{file}: tệp quá lớn (giới hạn {settings.IMPORT_MAX_BYTES} byte)"
                    )
                data, name = path.read_bytes(), path.name
            except FileNotFoundError as err:
                raise CommandError(f"{file}: không có tệp này") from err
            except IsADirectoryError as err:
                raise CommandError(f"{file}: là thư mục, không phải tệp") from err
            except OSError as err:
                raise CommandError(f"{file}: không đọc được ({err.strerror or err})") from err
        try:
            page = analyse_bytes(data, filename=name)
        except IngestionError as err:
            raise CommandError(f"{file}: {err}") from err
        indent = None if compact else 2
        self.stdout.write(json.dumps(page.to_contract_dict(), ensure_ascii=False, indent=indent))
