"""``inat cache info|clear``."""

from __future__ import annotations

import argparse

from rich.console import Console

from inatsdk.cli.common import Subcommands, add_client_options, examples, make_client

__all__ = ["add_command", "run_cache"]


def add_command(name: str, commands: Subcommands) -> None:
    """Add ``inat cache info|clear``."""
    cache = commands.add_parser(
        name,
        help="look at or clear the HTTP cache",
        description="Show where the HTTP cache is and what it holds, or empty it.",
        epilog=examples("inat cache info", "inat cache clear"),
    )
    cache.add_argument("action", choices=("info", "clear"), help="info or clear")
    add_client_options(cache, repeated=True)
    cache.set_defaults(run=run_cache)


def run_cache(args: argparse.Namespace) -> int:
    console = Console()
    with make_client(args) as client:
        settings = client.settings.cache
        if settings is None:
            console.print("the cache is off")
            return 0
        if args.action == "clear":
            count = len(client.cache)
            client.cache.clear()
            console.print(f"cleared {count:,} cached responses")
            return 0
        where = "memory" if settings.backend == "memory" else str(settings.resolved_path())
        if settings.backend == "redis":
            where = settings.redis_url or "redis"
        console.print(f"backend: {settings.backend}")
        console.print(f"location: {where}")
        console.print(f"responses: {len(client.cache):,}")
        console.print(f"default lifetime: {settings.expire_after} s")
        for prefix, seconds in settings.expiry_by_path:
            console.print(f"  {prefix}: {seconds:,} s (yours)")
        console.print("lifetimes the operations declare (writes are never cached):")
        for operation, lifetime in _declared_lifetimes():
            console.print(f"  {operation}: {lifetime}", highlight=False)
    return 0


def _declared_lifetimes() -> list[tuple[str, str]]:
    """Each read with a lifetime of its own, from the operations table."""
    from inatsdk.endpoints import ENDPOINTS

    rows: list[tuple[str, str]] = []
    for op in ENDPOINTS:
        if op.method != "GET" or op.cache is None:
            continue
        seconds = op.cache
        lifetime = "never" if seconds == 0 else f"{seconds:,} s"
        rows.append((str(op), lifetime))
    return rows
