from django.urls import path

from . import preview, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("tin-tuc/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("chuyen-muc/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("su-kien/<slug:slug>/", views.EventDetailView.as_view(), name="event"),
    path("xem-truoc/<int:pk>/", preview.ArticlePreviewView.as_view(), name="preview"),
    path("tac-gia/<slug:slug>/", views.AuthorView.as_view(), name="author"),
]
