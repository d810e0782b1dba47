"""The error an export raises when the optional package a format needs is not installed."""

from __future__ import annotations

from inatsdk.errors import iNatError

__all__ = ["MissingExtraError"]


class MissingExtraError(iNatError, ImportError):
    """A format needs an optional package that is not installed; the message names the extra
    to install (``pip install 'inatsdk[parquet]'``)."""


def missing(what: str, package: str, extra: str) -> MissingExtraError:
    return MissingExtraError(
        f"{what} needs {package}, which is not installed: pip install 'inatsdk[{extra}]'"
    )
