"""The exceptions inatsdk raises.

Everything derives from :class:`iNatError`, so one ``except iNatError`` catches all of it::

    iNatError
    ├── TransportError              nothing usable came back (connection, timeout, cut-off body)
    │   └── RequestTimeout
    ├── APIError                    the API answered with an error status
    │   ├── AuthenticationError     401: missing, wrong or expired credentials
    │   ├── ForbiddenError          403
    │   │   └── ResultWindowError   the 10,000-result window (also raised before sending)
    │   ├── NotFoundError           404
    │   ├── ValidationError         422
    │   ├── RateLimitError          429
    │   ├── ServerError             5xx
    │   └── UnexpectedResponseError 200, but the body is not the documented shape
    ├── InvalidParameterError       bad input caught before any request (also a TypeError)
    ├── NoResultsError              Paginator.one() found nothing (also a LookupError)
    ├── MultipleResultsError        Paginator.one() found more than one (also a LookupError)
    ├── AmbiguousNameError          a name matches several records (also a LookupError)
    └── MissingAncestorsError       taxon.family asked of a taxon without its ancestors

``APIError`` carries the status, method, URL and parsed error body of the response; it never
carries credentials (tokens travel in headers, which are not kept, and secret query parameters are
redacted from the URL).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import cast
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = [
    "APIError",
    "AmbiguousNameError",
    "AuthenticationError",
    "ForbiddenError",
    "InvalidParameterError",
    "MissingAncestorsError",
    "MultipleResultsError",
    "NoResultsError",
    "NotFoundError",
    "RateLimitError",
    "RequestTimeout",
    "ResultWindowError",
    "ServerError",
    "TransportError",
    "UnexpectedResponseError",
    "ValidationError",
    "error_for_response",
    "iNatError",
    "redact_url",
]

#: Query parameter names whose values are never shown (lower-case).
SECRET_NAMES = frozenset(
    {
        "access_token",
        "api_token",
        "password",
        "client_secret",
        "app_secret",
        "refresh_token",
        "code",
        "code_verifier",
        "jwt",
        "token",
    }
)
REDACTED = "[REDACTED]"


def redact_url(url: str) -> str:
    """Return ``url`` with the values of secret query parameters replaced by ``[REDACTED]``."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if not any(name.lower() in SECRET_NAMES for name, _ in pairs):
        return url
    cleaned = [(n, REDACTED if n.lower() in SECRET_NAMES else v) for n, v in pairs]
    return urlunsplit(parts._replace(query=urlencode(cleaned, safe=",[]")))


class iNatError(Exception):
    """Base class of every exception raised by inatsdk."""


class TransportError(iNatError):
    """The request could not be completed: connection refused or dropped, a body cut short."""


class RequestTimeout(TransportError):
    """The server did not answer within the configured timeout."""


class APIError(iNatError):
    """The API answered with an error status.

    Attributes:
        status: the HTTP status code.
        method: the HTTP method of the request.
        url: the request URL, with secret query values redacted.
        body: the parsed JSON error body, or the raw text when it was not JSON.
        message: the most useful message found in the body.
        sent: False when inatsdk caught the problem before sending (``status`` is then the
            status the API would have answered).
    """

    status: int
    method: str
    url: str
    body: object
    message: str

    def __init__(
        self,
        message: str,
        *,
        status: int,
        method: str,
        url: str,
        body: object = None,
        hint: str | None = None,
        sent: bool = True,
    ) -> None:
        self.status = status
        self.method = method
        self.url = redact_url(url)
        self.body = body
        self.message = message
        self.hint = hint
        self.sent = sent
        if sent:
            text = f"{status} from {method} {self.url}: {message}"
        else:  # found before sending: the API would have answered this status
            text = f"{method} {self.url} (not sent): {message}"
        if hint:
            text += f"\n{hint}"
        super().__init__(text)


class AuthenticationError(APIError):
    """401: credentials are missing, wrong or expired."""


class ForbiddenError(APIError):
    """403: the request is not allowed."""


class ResultWindowError(ForbiddenError):
    """The request would reach past the API's 10,000-result window.

    Raised by the API (HTTP 403) or, before anything is sent, by a paginator that can only use
    page numbers. Narrow the query (dates, place, taxon), or order by ``id`` so the paginator can
    use keyset paging, which has no window.
    """


class NotFoundError(APIError):
    """404: no such record or endpoint."""


class ValidationError(APIError):
    """422: the API rejected the request's parameters or body."""


class RateLimitError(APIError):
    """429: the API is throttling this address; slow down (the client's rate limit helps)."""


class ServerError(APIError):
    """5xx: the API failed; usually temporary."""


class UnexpectedResponseError(APIError):
    """The API answered with success, but not in the shape its spec documents (a string or a
    list where an object belongs, a record without an id, a paging cursor that does not move).

    ``body`` holds a short excerpt of what came back. Usually a proxy or a server fault; retrying
    later may help, and the message says what was expected.
    """

    def __init__(self, message: str, *, method: str, url: str, body: object = None) -> None:
        super().__init__(message, status=200, method=method, url=url, body=body)


class InvalidParameterError(iNatError, TypeError):
    """A request parameter is unknown or malformed; raised before any request is sent."""


class NoResultsError(iNatError, LookupError):
    """``Paginator.one()`` expected exactly one result and found none."""


class MultipleResultsError(iNatError, LookupError):
    """``Paginator.one()`` expected exactly one result and found several."""


class AmbiguousNameError(iNatError, LookupError):
    """A name given to look a record up by (``client.taxa.lookup("Robin")``) matches several
    records exactly; ``candidates`` holds them all, and the message lists them.

    Attributes:
        name: the name that was looked up.
        candidates: every record that matches it.
    """

    def __init__(self, message: str, *, name: str, candidates: Sequence[object]) -> None:
        super().__init__(message)
        self.name = name
        self.candidates = list(candidates)


class MissingAncestorsError(iNatError, LookupError):
    """A rank shortcut (``taxon.family``) or ``taxon.ancestor(rank)`` was asked of a taxon
    loaded without its ancestors (search results leave them out); the message names the fix
    (``paginator.prefetch("taxon")``, ``client.taxa.refresh(taxon)``)."""


_BY_STATUS: dict[int, type[APIError]] = {
    401: AuthenticationError,
    403: ForbiddenError,
    404: NotFoundError,
    422: ValidationError,
    429: RateLimitError,
}

_WINDOW_HINT = (
    "The API serves at most 10,000 results per query through page numbers. Iterate the paginator "
    "(it pages by id, which has no window), or narrow the query with filters such as d1/d2, "
    "place_id or taxon_id."
)


def _parse_body(raw: bytes | str) -> object:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    try:
        return json.loads(text)
    except ValueError:
        return text.strip()


def _fields(data: object) -> Mapping[str, object] | None:
    return cast("Mapping[str, object]", data) if isinstance(data, Mapping) else None


def _message_from(body: object, fallback: str) -> str:
    """Find the human message in a v1 (``{"error": ...}``) or v2 (``{"errors": [...]}``) body."""
    fields = _fields(body)
    if fields is not None:
        errors = fields.get("errors")
        if isinstance(errors, list) and errors:
            parts: list[str] = []
            for item in cast("list[object]", errors):
                entry = _fields(item)
                if entry is not None:
                    code = entry.get("errorCode")
                    msg = entry.get("message")
                    parts.append(f"{code}: {msg}" if code and msg else str(msg or code or item))
                else:
                    parts.append(str(item))
            return "; ".join(parts)
        error = fields.get("error")
        details = _fields(error)
        if details is not None:
            original = _fields(details.get("original"))
            if original is not None and original.get("error"):
                return str(original["error"])
            return str(details.get("message") or error)
        if error:
            return str(error)
        if fields.get("message"):
            return str(fields["message"])
    if isinstance(body, str) and body:
        return body[:300]
    return fallback


def error_for_response(status: int, method: str, url: str, raw_body: bytes | str) -> APIError:
    """Build the exception for an error response; the one place status codes map to classes."""
    body = _parse_body(raw_body)
    message = _message_from(body, fallback=f"HTTP {status}")
    cls: type[APIError]
    hint: str | None = None
    if status == 403 and "window" in message.lower():
        cls, hint = ResultWindowError, _WINDOW_HINT
    elif status >= 500:
        cls = ServerError
    else:
        cls = _BY_STATUS.get(status, APIError)
    if cls is AuthenticationError:
        hint = "Check the client's credentials; an api_token (JWT) expires after 24 hours."
    return cls(message, status=status, method=method, url=url, body=body, hint=hint)
