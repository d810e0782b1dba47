from typing import Any

from _typeshed import Incomplete
from redis import Redis
from requests_cache.backends.base import BaseCache

class RedisCache(BaseCache):
    def __init__(
        self,
        namespace: str = "http_cache",
        connection: Redis | None = None,
        serializer: Incomplete | None = None,  # str | SerializerPipeline | Stage
        ttl: bool = True,
        ttl_offset: int = 3600,
        # Passed to redis.Redis when no connection is given, and to BaseCache.
        **kwargs: Any,
    ) -> None: ...
