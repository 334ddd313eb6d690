from django.urls import path

from . import preview, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("tin-tuc/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path(
        "tin-tuc/<slug:slug>/in/",
        views.ArticleDetailView.as_view(print_view=True),
        name="print",
    ),
    path("chuyen-muc/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("the/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("luu-tru/<int:year>/", views.ArchiveView.as_view(), name="archive_year"),
    path("luu-tru/<int:year>/<int:month>/", views.ArchiveView.as_view(), name="archive_month"),
    path(
        "luu-tru/<int:year>/<int:month>/<int:day>/",
        views.ArchiveView.as_view(),
        name="archive_day",
    ),
    path("su-kien/", views.EventListView.as_view(), name="events"),
    path("su-kien/<int:year>/<int:month>/", views.EventListView.as_view(), name="events_month"),
    path("su-kien/<slug:slug>/", views.EventDetailView.as_view(), name="event"),
    path("xem-truoc/<int:pk>/", preview.ArticlePreviewView.as_view(), name="preview"),
    path("tac-gia/<slug:slug>/", views.AuthorView.as_view(), name="author"),
]
