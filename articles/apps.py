from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Tin bài"

    def ready(self) -> None:
        # curation connects the merge receivers; touch keeps updated_at honest for Last-Modified.
        from . import curation, touch  # noqa: F401
