"""WSGI entry point (gunicorn newsroom.wsgi)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.utils.module_loading import import_string

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()
# WSGI applications around Django's handler (settings.WSGI_WRAPPERS): page-cache hits are
# answered in front of it (articles/views/hitpath.py).
for wrapper in settings.WSGI_WRAPPERS:
    application = import_string(wrapper)(application)
