"""``inat sync observations`` and ``inat photos download``: research workflows.

``inat sync observations --db FILE [search options]`` keeps a SQLite mirror of a search
current (see :mod:`inatsdk.sync`); ``inat photos download FOLDER (--db FILE | search options)``
fetches the photos of a mirror or of a search within the media budget (see
:mod:`inatsdk.controllers.photos`).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from inatsdk.cli.common import Subcommands, add_client_options, examples, make_client, summary

if TYPE_CHECKING:
    from inatsdk import iNatClient
    from inatsdk.models import Observation

__all__ = ["add_verbs", "run_research_command"]

#: Search parameters these commands set themselves (or that page).
_NOT_OPTIONS = frozenset(
    {"order_by", "order", "only_id", "updated_since", "page", "per_page", "id_below", "fields"}
)


def _add_search_options(parser: argparse.ArgumentParser) -> None:
    """``--taxon-id 3 --place-id 6712 ...``: the parameters of ``GET /v1/observations``."""
    from inatsdk.params.spec import operation

    group = parser.add_argument_group("search options (those of GET /v1/observations)")
    for p in operation("v1", "GET", "/observations").parameters:
        if p.location != "query" or p.name in _NOT_OPTIONS:
            continue
        choices = f" (one of: {', '.join(p.enum)})" if p.enum else ""
        group.add_argument(
            f"--{p.name.replace('_', '-')}",
            dest=f"param_{p.name}",
            metavar="A,B,..." if p.type == "array" else (p.type or "value").upper(),
            help=summary(p.description) + choices,
        )


def add_verbs(group: str, verbs: Subcommands) -> None:
    """Add ``inat sync observations`` (group ``sync``) or ``inat photos download`` (``photos``)."""
    if group == "sync":
        observations = verbs.add_parser(
            "observations",
            help="mirror an observation search into a SQLite file (later runs fetch only changes)",
            description="Mirror an observation search into a SQLite file. The first run fetches "
            "every record; later runs only what changed, and remove what was deleted. An "
            "interrupted run resumes where it stopped.",
            usage="inat sync observations --db FILE [search options]",
            epilog=examples(
                "inat sync observations --db birds.sqlite --taxon-id 3 --place-id 6712",
                "inat sync observations --db birds.sqlite --taxon-id 3 --place-id 6712  # again",
            ),
        )
        observations.set_defaults(run=run_research_command, research="sync")
        observations.add_argument(
            "--db", required=True, help="the SQLite file (created if missing)"
        )
        add_client_options(observations, repeated=True)
        _add_search_options(observations)
        return
    download = verbs.add_parser(
        "download",
        help="download the photos of a mirror or of a search, within the media budget",
        description="Download the photos of the observations in a mirror (--db) or matching a "
        "search, with attribution.csv beside them. Files already there are skipped; files "
        "past the media budget are deferred (run again later).",
        usage="inat photos download FOLDER (--db FILE | search options) [options]",
        epilog=examples(
            "inat photos download photos/ --db birds.sqlite --size small",
            "inat photos download photos/ --taxon-id 3 --limit 50",
        ),
    )
    download.set_defaults(run=run_research_command, research="photos")
    download.add_argument("folder", help="where to put the files")
    download.add_argument("--db", help="a mirror written by `inat sync observations`")
    download.add_argument(
        "--size",
        default="medium",
        choices=("square", "thumb", "small", "medium", "large", "original"),
        help="which size (default medium)",
    )
    download.add_argument("--limit", type=int, help="at most this many observations")
    download.add_argument("--workers", type=int, default=4, help="files at once (default 4)")
    download.add_argument("--per-hour", type=int, help="media budget: bytes an hour")
    download.add_argument("--per-day", type=int, help="media budget: bytes a day")
    download.add_argument(
        "--progress", action="store_true", help="show a progress bar even when not a terminal"
    )
    add_client_options(download, repeated=True)
    _add_search_options(download)


def _coerce(value: str) -> object:
    lowered = value.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if value.lstrip("-").isdigit():
        return int(value)
    return value


def _search_params(args: argparse.Namespace) -> dict[str, object]:
    return {k[6:]: _coerce(v) for k, v in vars(args).items() if k.startswith("param_") and v}


def run_research_command(args: argparse.Namespace) -> int:
    """Run ``inat sync ...`` or ``inat photos ...``."""
    with make_client(args) as client:
        if args.research == "sync":
            return _sync(client, args)
        return _download(client, args)


def _sync(client: iNatClient, args: argparse.Namespace) -> int:
    from rich.console import Console

    from inatsdk.sync import SyncProgress, sync_observations

    console = Console(stderr=True)
    params = _search_params(args)

    def on_page(progress: SyncProgress) -> None:
        if console.is_terminal:
            console.print(
                f"{progress.mode}: {progress.records:,} of {progress.total:,} records",
                highlight=False,
            )

    report = sync_observations(client, args.db, on_page=on_page, **params)  # type: ignore[arg-type]
    print(
        f"{report.mode} sync of {args.db}: {report.added:,} added, {report.updated:,} updated, "
        f"{report.deleted:,} deleted in {report.requests:,} requests; "
        f"{report.total:,} observations" + ("" if report.complete else " (deletions unchecked)")
    )
    return 0


def _download(client: iNatClient, args: argparse.Namespace) -> int:
    from inatsdk.media_budget import DEFAULT_MEDIA_PER_DAY, DEFAULT_MEDIA_PER_HOUR, MediaBudget

    params = _search_params(args)
    observations: list[Observation]
    if args.db:
        if params:
            print("inat: give --db or search options, not both", file=sys.stderr)
            return 2
        from inatsdk.sync import open_observations

        mirror = open_observations(args.db)
        observations = list(mirror)[: args.limit] if args.limit else list(mirror)
    else:
        search = client.observations.search(**params)  # type: ignore[arg-type]
        observations = (search.limit(args.limit) if args.limit else search).all()
    budget = MediaBudget(
        per_hour=args.per_hour if args.per_hour is not None else DEFAULT_MEDIA_PER_HOUR,
        per_day=args.per_day if args.per_day is not None else DEFAULT_MEDIA_PER_DAY,
    )
    report = client.photos.download(
        observations,
        args.folder,
        size=args.size,
        budget=budget,
        workers=args.workers,
        progress=True if args.progress else None,
    )
    print(
        f"{len(report.downloaded):,} downloaded ({report.bytes:,} bytes), "
        f"{len(report.skipped):,} already there, {len(report.deferred):,} deferred, "
        f"{len(report.failed):,} failed; attribution in {report.folder / 'attribution.csv'}"
    )
    for failure in report.failed[:10]:
        print(f"  photo {failure.photo.id}: {failure.error}", file=sys.stderr)
    return 1 if report.failed else 0
