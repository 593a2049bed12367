"""The URLconf of `make bench` (settings.BENCH_BARE_VIEW): the portal's own URLs plus the bare view."""

from django.http import HttpResponse
from django.urls import path

from bureau.urls import handler400, handler403, handler404, handler500
from bureau.urls import urlpatterns as portal_urlpatterns


def bench_bare(request):
    """The throughput baseline of `make bench`: the whole middleware stack (sign-in included) and nothing else."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [*portal_urlpatterns, path("bench/bare/", bench_bare)]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
