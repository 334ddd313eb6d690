from django.urls import path

from . import feeds, reader_views, search_views, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("tin-tuc/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("chuyen-muc/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("su-kien/<slug:slug>/", views.EventDetailView.as_view(), name="event"),
    path("tim-kiem/", search_views.SearchView.as_view(), name="search"),
    path("tin-tuc/<slug:slug>/danh-gia/", reader_views.rate, name="rate"),
    path("tin-tuc/<slug:slug>/bao-loi/", reader_views.report_error, name="report-error"),
    path("rss/", feeds.LatestArticlesFeed(), name="rss"),
    path("rss/<slug:slug>/", feeds.CategoryFeed(), name="rss-category"),
]
