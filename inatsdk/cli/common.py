"""What every ``inat`` subcommand shares: the global options and the client they describe."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from inatsdk import iNatClient

__all__ = ["Subcommands", "add_client_options", "make_client"]


class Subcommands(Protocol):
    """What ``ArgumentParser.add_subparsers()`` returns, as far as the commands use it."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser: ...


def add_client_options(parser: argparse.ArgumentParser, *, repeated: bool = False) -> None:
    """The options that shape the client: where it points and how it behaves.

    ``repeated=True`` adds them again to a subcommand, so they may follow it; their defaults
    are suppressed there, or argparse would overwrite values given before the subcommand.
    """
    group = parser.add_argument_group("client options")
    group.add_argument("--api-url", help="the API's base URL (default: api.inaturalist.org)")
    group.add_argument("--web-url", help="the website's base URL, for logging in")
    group.add_argument("--user-agent", help="name your application to iNaturalist")
    group.add_argument(
        "--dry-run", action="store_true", help="send nothing; log what would be sent"
    )
    group.add_argument("--no-cache", action="store_true", help="neither read nor fill the cache")
    group.add_argument("--v2", action="store_true", help="use API v2 where the call has it")
    if repeated:
        for action in group._group_actions:
            action.default = argparse.SUPPRESS


def make_client(args: argparse.Namespace) -> iNatClient:
    """A client configured from the global options (credentials from env or keyring)."""
    from inatsdk import iNatClient

    options: dict[str, object] = {"user_agent": getattr(args, "user_agent", None) or "inat-cli"}
    if getattr(args, "api_url", None):
        options["api_url"] = args.api_url
    if getattr(args, "web_url", None):
        options["web_url"] = args.web_url
    if getattr(args, "dry_run", False):
        options["dry_run"] = True
    if getattr(args, "no_cache", False):
        options["cache"] = None
    if getattr(args, "v2", False):
        options["api_version"] = "v2"
    return iNatClient(**options)  # type: ignore[arg-type]
