"""URLs for the serving benchmark: the project's URLs plus a bare "hello" view."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from tuphap.urls import handler403, handler404, handler500  # noqa: F401
from tuphap.urls import urlpatterns as project_urlpatterns


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"hello", content_type="text/plain")


urlpatterns = [path("_bench/hello", hello), *project_urlpatterns]
