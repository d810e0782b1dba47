from collections.abc import Iterable
from typing import Any

import requests
from _typeshed import Incomplete
from requests_cache.backends import BackendSpecifier, BaseCache, StrOrPath
from requests_cache.policy import ExpirationPatterns, ExpirationTime, FilterCallback, KeyCallback

class CachedSession(requests.Session):
    """A ``requests.Session`` with a response cache."""

    cache: BaseCache
    def __init__(
        self,
        cache_name: StrOrPath = "http_cache",
        backend: BackendSpecifier | None = None,
        serializer: Incomplete | None = None,  # str | SerializerPipeline | Stage
        expire_after: ExpirationTime = -1,
        urls_expire_after: ExpirationPatterns | None = None,
        cache_control: bool = False,
        content_root_key: str | None = None,
        allowable_codes: Iterable[int] = (200,),
        allowable_methods: Iterable[str] = ("GET", "HEAD"),
        always_revalidate: bool = False,
        ignored_parameters: Iterable[str] = ...,  # the auth headers and params
        match_headers: Iterable[str] | bool = False,
        filter_fn: FilterCallback | None = None,
        key_fn: KeyCallback | None = None,
        read_only: bool = False,
        stale_if_error: bool | int = False,
        autoclose: bool = True,
        # Backend options (db_path, use_temp, connection, ...) and requests.Session's own.
        **kwargs: Any,
    ) -> None: ...
