from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("can-bo/<slug:slug>/", views.OfficialDetailView.as_view(), name="official"),
    path("don-vi/<slug:slug>/", views.UnitDetailView.as_view(), name="unit"),
]
