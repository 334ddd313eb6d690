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
