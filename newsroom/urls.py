"""Root URLs: the admin and the public portal."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = f"Quản trị {settings.PORTAL_NAME}"
admin.site.site_title = "Quản trị tin bài"
admin.site.index_title = "Tòa soạn"

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("", include("people.urls")),
    path("", include("articles.urls")),
]

# Uploaded photos, served by Django in development only (static() is empty with DEBUG off;
# in production the web server serves MEDIA_ROOT).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
