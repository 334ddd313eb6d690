"""Hello world, and a page rendering a 30-item list through a template."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

ITEMS = [
    {"title": f"Tin số {number}: Công an tỉnh Hậu Giang triển khai công tác", "number": number}
    for number in range(1, 31)
]


def hello(request):
    return HttpResponse("Hello, world")


def items(request):
    return render(request, "items.html", {"items": ITEMS})


urlpatterns = [path("hello/", hello), path("items/", items)]
