"""The public portal's addresses (Vietnamese words, ASCII).

Two namespaces: "articles" for the news pages, and "people" for the officials' and units'
pages, which live in articles.views.directory because they show coverage.
"""

from django.urls import path

from . import feeds
from .views import directory, news, preview, readers, search

app_name = "articles"

urlpatterns = [
    path("", news.HomeView.as_view(), name="home"),
    path("tin-tuc/<slug:slug>/", news.ArticleDetailView.as_view(), name="detail"),
    path(
        "tin-tuc/<slug:slug>/in/",
        news.ArticleDetailView.as_view(print_view=True),
        name="print",
    ),
    path("chuyen-muc/<slug:slug>/", news.CategoryView.as_view(), name="category"),
    path("the/<slug:slug>/", news.TagView.as_view(), name="tag"),
    path("luu-tru/", news.archive_latest, name="archive"),
    path("luu-tru/<int:year>/", news.ArchiveView.as_view(), name="archive_year"),
    path("luu-tru/<int:year>/<int:month>/", news.ArchiveView.as_view(), name="archive_month"),
    path(
        "luu-tru/<int:year>/<int:month>/<int:day>/",
        news.ArchiveView.as_view(),
        name="archive_day",
    ),
    path("su-kien/", news.EventListView.as_view(), name="events"),
    path("su-kien/<int:year>/<int:month>/", news.EventListView.as_view(), name="events_month"),
    path("su-kien/<slug:slug>/", news.EventDetailView.as_view(), name="event"),
    path("xem-truoc/<int:pk>/", preview.ArticlePreviewView.as_view(), name="preview"),
    path("tac-gia/<slug:slug>/", news.AuthorView.as_view(), name="author"),
    path("tim-kiem/", search.SearchView.as_view(), name="search"),
    path("tin-tuc/<slug:slug>/danh-gia/", readers.rate, name="rate"),
    path("tin-tuc/<slug:slug>/bao-loi/", readers.report_error, name="report-error"),
    path("rss/", feeds.LatestArticlesFeed(), name="rss"),
    path("rss/<slug:slug>/", feeds.CategoryFeed(), name="rss-category"),
]

# Included by newsroom.urls under the "people" namespace.
directory_urlpatterns = [
    path("can-bo/", directory.OfficialListView.as_view(), name="officials"),
    path("can-bo/<slug:slug>/", directory.OfficialDetailView.as_view(), name="official"),
    path("don-vi/", directory.UnitTreeView.as_view(), name="units"),
    path("don-vi/<slug:slug>/", directory.UnitDetailView.as_view(), name="unit"),
]
