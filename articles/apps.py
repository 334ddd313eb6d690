from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Tin bài"

    def ready(self) -> None:
        # curation connects the merge receivers; touch keeps updated_at honest for
        # Last-Modified; tags gives tags ASCII slugs.
        from . import curation, tags, touch  # noqa: F401
