"""The site's URLs plus /bench/hello/, the cheapest response the same stack can give."""

from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    """One line of work: the ceiling that the guide page is compared with."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello), path("", include("guidesite.urls"))]
