from datetime import datetime, timedelta

from _typeshed import Incomplete
from requests import Response
from requests.structures import CaseInsensitiveDict
from requests_cache.models.request import CachedRequest

class BaseResponse(Response):
    """The cache-related attributes of every response a ``CachedSession`` returns."""

    created_at: datetime
    expires: datetime | None
    cache_key: str
    revalidated: bool
    def __init__(self, created_at: datetime = ..., expires: datetime | None = None) -> None: ...
    @property
    def from_cache(self) -> bool: ...
    @property
    def is_expired(self) -> bool: ...

class OriginalResponse(BaseResponse):
    """A response that came from the network."""

    def __init__(self, **kwargs: Incomplete) -> None: ...

class CachedResponse(BaseResponse):
    """A response read back from the cache."""

    def __init__(
        self,
        content: bytes | None = None,
        decoded_content: Incomplete = None,
        next: CachedRequest | None = None,
        cookies: Incomplete = ...,
        created_at: datetime | None = None,
        elapsed: timedelta = ...,
        encoding: str | None = None,
        expires: datetime | None = None,
        headers: CaseInsensitiveDict[str] = ...,
        history: list[CachedResponse] = ...,
        reason: str | None = None,
        request: CachedRequest = ...,
        status_code: int = 0,
        url: str | None = None,
    ) -> None: ...
