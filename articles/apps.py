from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Tin bài"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects every receiver of the app)
