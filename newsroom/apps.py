from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """Holds the project-wide templates, static files and template filters."""

    name = "newsroom"
    verbose_name = "Cổng thông tin"
