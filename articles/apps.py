from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Tin bài"

    def ready(self) -> None:
        from django.conf import settings
        from PIL import Image

        from . import signals  # noqa: F401  (connects every receiver of the app)

        # Every Pillow use in the process (Django's ImageField check included) meets the same
        # pixel bound as our uploads: a larger image warns, twice as large is refused.
        Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS

    def warm_up(self) -> None:
        """Before gunicorn forks its workers (newsroom/warmup.py): the portal clock's
        nine-part UNION compiled once per database (~50 ms the first time: the ORM's lazy
        parts); compiling opens no connection."""
        from django.conf import settings

        from .views import caching

        for alias in settings.DATABASES:
            caching._last_modified_sql(alias)

    def warm_up_worker(self) -> None:
        """In each worker before its first request: its database connection, with the portal
        clock's statement prepared on it. A database that does not answer is left for the
        first request to report."""
        import logging

        from django.db import DatabaseError, connections, router

        from .models import Article
        from .views import caching

        try:
            caching._compute_last_modified()
        except DatabaseError as error:
            logging.getLogger(__name__).warning("worker warm-up: no database (%s)", error)
            connection = connections[router.db_for_read(Article)]
            if connection.connection is not None and not connection.is_usable():
                connection.close()
