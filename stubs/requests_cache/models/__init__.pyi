from typing import TypeAlias

from requests import PreparedRequest, Request
from requests_cache.models.request import CachedRequest as CachedRequest
from requests_cache.models.response import CachedResponse as CachedResponse
from requests_cache.models.response import OriginalResponse as OriginalResponse

AnyResponse: TypeAlias = OriginalResponse | CachedResponse
AnyRequest: TypeAlias = Request | PreparedRequest | CachedRequest
AnyPreparedRequest: TypeAlias = PreparedRequest | CachedRequest
