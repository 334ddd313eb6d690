"""Move the visits and article views counted in the cache into the database now (cron, or
before a deploy)."""

from django.core.management.base import BaseCommand

from newsroom import visitors


class Command(BaseCommand):
    help = (
        "Ghi số lượt truy cập và lượt xem bài viết đang chờ trong bộ nhớ đệm vào cơ sở dữ "
        "liệu và nạp lại tổng số. Trang web tự làm việc này tối đa mỗi phút một lần; lệnh "
        "này dùng cho cron hoặc trước khi triển khai (cần bộ nhớ đệm dùng chung: Redis hoặc "
        "thư mục tệp)."
    )

    def handle(self, *args, **options):
        reports: list[str] = []
        baseline = visitors.flush(reports=reports)
        self.stdout.write(
            f"Hôm nay {baseline['today']}, tháng này {baseline['month']}, "
            f"tổng {baseline['total']} lượt truy cập đã ghi vào cơ sở dữ liệu."
        )
        for line in reports:
            self.stdout.write(line)
