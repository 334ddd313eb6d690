from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("can-bo/", views.OfficialListView.as_view(), name="officials"),
    path("can-bo/<slug:slug>/", views.OfficialDetailView.as_view(), name="official"),
    path("don-vi/", views.UnitTreeView.as_view(), name="units"),
    path("don-vi/<slug:slug>/", views.UnitDetailView.as_view(), name="unit"),
]
