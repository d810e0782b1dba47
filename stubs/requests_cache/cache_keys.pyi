from collections.abc import Iterable
from typing import Any

from requests_cache.models import AnyRequest

def create_key(
    request: AnyRequest,
    ignored_parameters: Iterable[str] | None = None,
    match_headers: Iterable[str] | bool | None = False,
    serializer: Any = None,
    content_root_key: str | None = None,
    # The keyword arguments of requests.Session.send (verify, timeout, ...); only
    # ``verify`` is read.
    **request_kwargs: Any,
) -> str: ...
