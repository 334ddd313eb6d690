"""Delete the admin import page's expired previews (articles/admin/import_previews.py)."""

from django.core.management.base import BaseCommand

from articles.admin import import_previews


class Command(BaseCommand):
    help = (
        "Xóa các bản xem trước của trang nhập bài đã hết hạn (IMPORT_PREVIEW_SECONDS); "
        "--all xóa cả những bản còn hạn. Chạy định kỳ (cron), ví dụ mỗi giờ."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Xóa mọi bản xem trước, kể cả còn hạn."
        )

    def handle(self, *args, **options):
        removed = import_previews.sweep(everything=options["all"])
        self.stdout.write(f"Đã xóa {removed} bản xem trước.")
