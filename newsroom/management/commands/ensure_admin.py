"""`manage.py ensure_admin`: a first administrator with a one-time random password.

No password ships with the project: when no superuser exists, one is created with a password
generated here and printed once, to be changed after the first login.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Tạo tài khoản quản trị đầu tiên với mật khẩu ngẫu nhiên nếu chưa có (in ra một lần)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "Đã có tài khoản quản trị. Quên mật khẩu: "
                "python manage.py changepassword <tên đăng nhập>"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Tài khoản quản trị: {username} / mật khẩu một lần: {password}\n"
                "Đăng nhập tại http://127.0.0.1:8000/quan-tri/ rồi đổi mật khẩu ngay."
            )
        )
