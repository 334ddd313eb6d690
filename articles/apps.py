from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Tin bài"

    def ready(self) -> None:
        from . import curation  # noqa: F401  (connects the merge receivers)
