"""Root URLs: the admin and the public portal."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from health_check.views import HealthCheckView

from articles.sitemaps import SITEMAPS
from articles.urls import directory_urlpatterns

from . import views

admin.site.site_header = f"Quản trị {settings.PORTAL_NAME}"
admin.site.site_title = "Quản trị tin bài"
admin.site.index_title = "Tòa soạn"

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("robots.txt", views.robots_txt, name="robots"),
    # For the load balancer: 200 when the database, the cache and the media storage answer,
    # 500 otherwise (README, "Production"). ?format=json for a machine-readable answer.
    path(
        "suc-khoe/",
        HealthCheckView.as_view(
            checks=[
                "health_check.checks.Database",
                "health_check.checks.Cache",
                "health_check.checks.Storage",
            ]
        ),
        name="health",
    ),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("", include((directory_urlpatterns, "people"))),
    path("", include("articles.urls")),
]

# Uploaded photos, served by Django in development only (static() is empty with DEBUG off;
# in production the web server serves MEDIA_ROOT).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
