"""Django's Redis cache, with one redis-py client per connection pool instead of one per cache call.

Django's RedisCacheClient makes a new `redis.Redis` for every get or set, and redis-py fills each new client's table
of reply callbacks (a few hundred entries): two cache reads a request (the dashboard's, the registry list's) spent a
tenth of a cached page's time on it. A client holds no connection of its own (it borrows one from the pool for each
command, and the pool starts afresh in a forked worker), so one client per pool serves every thread.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _Client(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            # Two threads may both make one: either serves; the pool is the same.
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Client
