from _typeshed import Incomplete
from requests.structures import CaseInsensitiveDict

class CachedRequest:
    """A serializable stand-in for ``requests.PreparedRequest``."""

    body: bytes | None
    headers: CaseInsensitiveDict[str]
    method: str | None
    url: str | None
    def __init__(
        self,
        body: Incomplete = None,
        cookies: Incomplete = ...,
        headers: CaseInsensitiveDict[str] = ...,
        method: str | None = None,
        url: str | None = None,
    ) -> None: ...
