from abc import ABCMeta
from collections.abc import MutableMapping
from typing import Any, TypeVar

from _typeshed import Incomplete
from requests_cache.models import CachedResponse

_KT = TypeVar("_KT")
_VT = TypeVar("_VT")

class BaseCache:
    """The in-memory backend, and the base class of every other one."""

    cache_name: str
    responses: BaseStorage[str, CachedResponse]
    redirects: BaseStorage[str, str]
    def __init__(self, cache_name: str = "http_cache", **kwargs: Any) -> None: ...
    def clear(self) -> None:
        """Delete every response and redirect."""
    def close(self) -> None: ...

class BaseStorage(MutableMapping[_KT, _VT], metaclass=ABCMeta):
    """A dict-like interface to one table, namespace or folder of a backend."""

    def __init__(
        self,
        serializer: Incomplete | None = None,  # str | SerializerPipeline | Stage
        decode_content: bool = False,
        **kwargs: Any,
    ) -> None: ...
    def close(self) -> None: ...
