"""`manage.py generate_corpus --articles N [--seed S] [--years 5]`: a large archive for
measurements, cloned from the seed articles (articles/services/corpus.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from articles.services.corpus import CorpusError, generate_corpus


class Command(BaseCommand):
    help = (
        "Thêm N bài viết nhân bản từ các bài khởi tạo (chạy `manage.py seed` trước), trải đều "
        "trên nhiều năm và mọi chuyên mục, để đo hiệu năng. Ghi hàng loạt (COPY trên PostgreSQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="số bài cần tạo")
        parser.add_argument("--seed", type=int, default=0, help="hạt giống ngẫu nhiên (mặc định 0)")
        parser.add_argument("--years", type=int, default=5, help="số năm trải bài (mặc định 5)")
        parser.add_argument("--chunk", type=int, default=5000, help="số bài mỗi lần ghi")
        parser.add_argument(
            "--no-analyze",
            action="store_true",
            help="không chạy ANALYZE sau khi ghi (PostgreSQL; autovacuum sẽ làm sau)",
        )

    def handle(self, *args, **options):
        try:
            result = generate_corpus(
                options["articles"],
                seed=options["seed"],
                years=options["years"],
                chunk_size=options["chunk"],
                analyze=not options["no_analyze"],
                progress=self.stdout.write,
            )
        except CorpusError as err:
            raise CommandError(str(err)) from err
        statuses = ", ".join(f"{count} {status}" for status, count in result.by_status.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {result.articles} articles in {result.seconds:.1f} s "
                f"({result.rate:.0f} articles/s): {statuses} "
                f"(of the published, {result.scheduled} scheduled); "
                f"{result.official_mentions} official mentions, {result.unit_mentions} unit "
                f"mentions, {result.tags} tags, {result.captions} captions, "
                f"{result.events} events"
                + ("; search text computed in full" if result.full_search_text else "")
                + (
                    f"; ANALYZE took {result.analyze_seconds:.1f} s of it"
                    if result.analyze_seconds is not None
                    else ""
                )
            )
        )
