# Stubs for pyrate-limiter 4.x (written against 4.5): only what inatsdk uses (see
# stubs/README.md). The package ships py.typed; these stubs add what its annotations leave
# open: RedisBucket.init is overloaded on the kind of Redis client (a synchronous client
# gives a bucket, an asyncio one a coroutine).
import sqlite3
from abc import ABCMeta
from collections.abc import Awaitable, Coroutine
from enum import Enum
from types import TracebackType
from typing import Any, ClassVar, overload

from _typeshed import Incomplete
from redis import Redis
from redis.asyncio import Redis as AsyncRedis

class Duration(Enum):
    """Intervals in milliseconds."""

    SECOND = 1000
    MINUTE = 60000
    HOUR = 3600000
    DAY = 86400000
    WEEK = 604800000
    def __mul__(self, mutiplier: float) -> int: ...
    def __rmul__(self, multiplier: float) -> int: ...
    def __add__(self, another_duration: Duration | int) -> int: ...
    def __radd__(self, another_duration: Duration | int) -> int: ...
    def __int__(self) -> int: ...
    @staticmethod
    def readable(value: int) -> str: ...

class Rate:
    """At most ``limit`` items per ``interval`` milliseconds."""

    limit: int
    interval: int
    burst: int
    def __init__(self, limit: int, interval: int | Duration, burst: int | None = None) -> None: ...

class AbstractBucket(metaclass=ABCMeta):
    failing_rate: Rate | None
    is_async: ClassVar[bool | None]
    @property
    def rates(self) -> list[Rate]: ...
    @rates.setter
    def rates(self, value: list[Rate]) -> None: ...
    def close(self) -> None: ...

class BucketFactory(metaclass=ABCMeta):
    def get_buckets(self) -> list[AbstractBucket]: ...

class InMemoryBucket(AbstractBucket):
    def __init__(self, rates: list[Rate], algorithm: Incomplete | None = None) -> None: ...

class SQLiteBucket(AbstractBucket):
    conn: sqlite3.Connection
    def __init__(
        self,
        rates: list[Rate],
        conn: sqlite3.Connection,
        table: str,
        lock: Incomplete | None = None,
        algorithm: Incomplete | None = None,
    ) -> None: ...
    @classmethod
    def init_from_file(
        cls,
        rates: list[Rate],
        table: str = "rate_bucket",
        db_path: str | None = None,
        create_new_table: bool = True,
        use_file_lock: bool = False,
        algorithm: Incomplete | None = None,
    ) -> SQLiteBucket: ...

class RedisBucket(AbstractBucket):
    def __init__(
        self,
        rates: list[Rate],
        redis: Redis | AsyncRedis,
        bucket_key: str,
        script_hash: str,
        algorithm: Incomplete | None = None,
    ) -> None: ...
    @overload
    @classmethod
    def init(
        cls,
        rates: list[Rate],
        redis: Redis,
        bucket_key: str,
        algorithm: Incomplete | None = None,
    ) -> RedisBucket: ...
    @overload
    @classmethod
    def init(
        cls,
        rates: list[Rate],
        redis: AsyncRedis,
        bucket_key: str,
        algorithm: Incomplete | None = None,
    ) -> Coroutine[Any, Any, RedisBucket]: ...

class Limiter:
    """Lets an item go when every rate of its bucket allows it."""

    buffer_ms: int
    def __init__(
        self,
        argument: BucketFactory | AbstractBucket | Rate | list[Rate],
        buffer_ms: int = 50,
    ) -> None: ...
    def buckets(self) -> list[AbstractBucket]: ...
    def dispose(self, bucket: int | AbstractBucket) -> bool: ...
    # An awaitable only with an asynchronous bucket; a synchronous one gives a bool.
    def try_acquire(
        self, name: str = "pyrate", weight: int = 1, blocking: bool = True, timeout: float = -1
    ) -> bool | Awaitable[bool]: ...
    async def try_acquire_async(
        self, name: str = "pyrate", weight: int = 1, blocking: bool = True, timeout: float = -1
    ) -> bool: ...
    def close(self) -> None: ...
    def __enter__(self) -> Limiter: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
