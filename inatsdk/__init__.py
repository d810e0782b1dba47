"""inatsdk: a typed client for the iNaturalist API.

    >>> from inatsdk import iNatClient
    >>> client = iNatClient(user_agent="my-app/1.0")  # doctest: +SKIP
    >>> client.taxa.search(q="warbler", rank="species").first()  # doctest: +SKIP

The public names are listed in ``__all__`` (a test pins them). Heavy modules (requests, the cache,
the rate limiter) load when a client is first made, not at import.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from inatsdk._lazy import lazy_exports
from inatsdk._version import __version__

if TYPE_CHECKING:
    from inatsdk.auth import Credentials
    from inatsdk.client import NOT_GIVEN, iNatClient
    from inatsdk.errors import (
        APIError,
        AuthenticationError,
        ForbiddenError,
        InvalidParameterError,
        MultipleResultsError,
        NoResultsError,
        NotFoundError,
        RateLimitError,
        RequestTimeout,
        ResultWindowError,
        ServerError,
        TransportError,
        UnexpectedResponseError,
        ValidationError,
        iNatError,
    )
    from inatsdk.paginator import Page, Paginator
    from inatsdk.settings import CacheSettings, RateLimit, Retries, Timeout

#: Where each public name lives; imported on first use (PEP 562), so that ``import inatsdk``
#: (and the ``inat`` command's ``--help``) loads nothing it does not need.
_LAZY = {
    "Credentials": "inatsdk.auth",
    "NOT_GIVEN": "inatsdk.client",
    "iNatClient": "inatsdk.client",
    "Page": "inatsdk.paginator",
    "Paginator": "inatsdk.paginator",
    "CacheSettings": "inatsdk.settings",
    "RateLimit": "inatsdk.settings",
    "Retries": "inatsdk.settings",
    "Timeout": "inatsdk.settings",
    **dict.fromkeys(
        (
            "APIError",
            "AuthenticationError",
            "ForbiddenError",
            "InvalidParameterError",
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
            "iNatError",
        ),
        "inatsdk.errors",
    ),
}


__getattr__, __dir__ = lazy_exports(globals(), _LAZY)


__all__ = [
    "NOT_GIVEN",
    "APIError",
    "AuthenticationError",
    "CacheSettings",
    "Credentials",
    "ForbiddenError",
    "InvalidParameterError",
    "MultipleResultsError",
    "NoResultsError",
    "NotFoundError",
    "Page",
    "Paginator",
    "RateLimit",
    "RateLimitError",
    "RequestTimeout",
    "ResultWindowError",
    "Retries",
    "ServerError",
    "Timeout",
    "TransportError",
    "UnexpectedResponseError",
    "ValidationError",
    "__version__",
    "enable_logging",
    "iNatClient",
    "iNatError",
]

# A library adds no handlers of its own (the application decides); this keeps Python's
# last-resort handler from printing our debug lines.
logging.getLogger("inatsdk").addHandler(logging.NullHandler())


def enable_logging(level: int | str = "INFO") -> None:
    """Show inatsdk's log lines (requests, retries, dry-run calls) through rich.

    Secrets (tokens, passwords) are never written to these lines.
    """
    from rich.console import Console
    from rich.logging import RichHandler

    logger = logging.getLogger("inatsdk")
    if not any(isinstance(h, RichHandler) for h in logger.handlers):
        # Logs go to stderr, so they never mix with data a program prints on stdout.
        console = Console(stderr=True)
        logger.addHandler(RichHandler(console=console, rich_tracebacks=False, show_path=False))
    logger.setLevel(level)
