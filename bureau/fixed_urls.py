"""`reverse()` of URL names that take no arguments, worked out once per URLconf.

Every page's navigation bar links about twenty such names and the dashboard's figures forty more; `reverse()` walks
the resolver each time (about 20 µs), which came to a tenth of the dashboard's server time (docs/scaling.md). The
answer depends only on the name, the URLconf and the script prefix, which are the cache's key.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def fixed_url(name):
    """reverse(name) for a name without arguments."""
    return _reversed(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@lru_cache(maxsize=1024)
def _reversed(name, urlconf, prefix):
    return reverse(name, urlconf=urlconf)
