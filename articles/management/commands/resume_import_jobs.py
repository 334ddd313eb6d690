"""Queue again the background imports whose worker is gone (also done when a worker starts)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from articles.ingestion.archive import background_available, resume_stalled_jobs


class Command(BaseCommand):
    help = (
        "Đưa lại vào hàng đợi các lượt nhập lưu trữ bị dừng giữa chừng "
        "(tiến trình chạy nền đã mất hoặc lâu không tiến triển)."
    )

    def handle(self, *args, **options):
        if not background_available():
            raise CommandError(
                "Nhập chạy nền cần Redis: đặt biến môi trường REDIS_URL (hoặc IMPORT_QUEUE_URL)."
            )
        try:
            resumed = resume_stalled_jobs()
        except Exception as err:
            raise CommandError(f"Không kiểm tra được hàng đợi: {err}") from err
        self.stdout.write(f"Đã đưa lại {len(resumed)} lượt nhập vào hàng đợi.")
