"""Root URLs: the admin and the public portal."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from health_check.views import HealthCheckView

from articles import sitemaps
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
    # The sitemap index and its pieces (articles/sitemaps.py); the month and year pieces
    # come before `sitemap-<section>.xml`, whose <section> would match them too.
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path(
        "sitemap-tin-tuc-<int:year>-<int:month>.xml",
        sitemaps.articles_month,
        name="sitemap-articles",
    ),
    path("sitemap-su-kien-<int:year>.xml", sitemaps.events_year, name="sitemap-events"),
    path("sitemap-<section>.xml", sitemaps.section, name="sitemap-section"),
    path("", include((directory_urlpatterns, "people"))),
    path("", include("articles.urls")),
]

# Uploaded photos, served by Django in development only (static() is empty with DEBUG off;
# in production the web server serves MEDIA_ROOT).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
