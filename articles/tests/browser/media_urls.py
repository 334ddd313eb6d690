"""The site's URLs plus uploaded media, for the live server of the browser tests.

newsroom/urls.py serves MEDIA_ROOT only with DEBUG on (django.conf.urls.static); tests run
with DEBUG off, and a test's MEDIA_ROOT is a temporary folder read at request time.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from newsroom.urls import urlpatterns as site_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *site_urlpatterns]
