"""WSGI entry point (gunicorn newsroom.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

django_application = get_wsgi_application()

# Page-cache hits are answered in front of Django's handler (articles/views/hitpath.py).
from articles.views.hitpath import HitPathApp  # noqa: E402 (needs the settings loaded)

application = HitPathApp(django_application)
