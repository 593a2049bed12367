"""The portal's Redis cache (bureau/redis_cache.py): Django's, with one redis-py client per connection pool."""

import pytest
from django.conf import settings

from bureau.redis_cache import RedisCache

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="a real Redis")


def test_it_caches_in_redis_with_one_client_for_every_call():
    cache = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": "test-redis-cache"})
    cache.set("answer", {"n": 42}, 30)

    assert cache.get("answer") == {"n": 42}
    assert cache.get_many(["answer", "missing"]) == {"answer": {"n": 42}}
    first = cache._cache.get_client()
    assert cache._cache.get_client() is first
    assert cache._cache.get_client(write=True) is first  # one server: reads and writes share its pool
    cache.delete("answer")
    assert cache.get("answer") is None


def test_the_settings_use_it():
    assert settings.CACHES["default"]["BACKEND"] == "bureau.redis_cache.RedisCache"
