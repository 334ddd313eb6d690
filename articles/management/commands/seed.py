"""`manage.py seed`: reference data, then the five source pages through the ingestion service."""

from __future__ import annotations

import json
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from articles.ingestion.service import Action, Importer
from articles.models import Article
from articles.services.seeding import SOURCES_DIR, load_reference_data, seed_manifest


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu khởi tạo (chuyên mục, nguồn tin, đơn vị) và nhập các trang nguồn trong "
        "fixtures/sources/ qua cùng quy trình nhập bài. Chạy lại không thay đổi gì."
    )

    def handle(self, *args, **options):
        try:
            reference = load_reference_data()
            manifest = seed_manifest()
        except (OSError, ValueError, KeyError, json.JSONDecodeError) as err:
            raise CommandError(f"Không đọc được dữ liệu khởi tạo: {err}") from err
        for label, counts in reference.items():
            self.stdout.write(
                f"{label}: {counts['created']} tạo mới, {counts['unchanged']} không đổi"
            )

        files = sorted(SOURCES_DIR.glob("*.txt"))
        if not files:
            raise CommandError(f"Không có trang nguồn nào trong {SOURCES_DIR}")
        totals: Counter = Counter()
        importer = Importer(status=Article.Status.PUBLISHED)
        for path in files:
            outcome = importer.import_page(
                data=path.read_bytes(), file_name=path.name, manifest=manifest.get(path.name, {})
            )
            totals[outcome.action] += 1
            line = f"{outcome.action:9} {path.name}  {outcome.title}"
            if outcome.reason:
                line += f"  ({outcome.reason})"
            style = self.style.ERROR if outcome.action == Action.FAILED else self.style.SUCCESS
            self.stdout.write(style(line))
        summary = ", ".join(f"{count} {action}" for action, count in sorted(totals.items()))
        self.stdout.write(f"Trang nguồn: {summary}")
        if totals[Action.FAILED]:
            raise CommandError(f"{totals[Action.FAILED]} trang nguồn không nhập được")
