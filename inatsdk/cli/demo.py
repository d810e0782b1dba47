"""``inat demo``: a short tour of the SDK, offline, against the built-in emulator."""

from __future__ import annotations

import argparse
import logging

from rich.console import Console
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from inatsdk import iNatClient
from inatsdk.cli.common import Subcommands, examples
from inatsdk.models import Observation, Taxon

__all__ = ["add_command", "run_demo"]


def add_command(name: str, commands: Subcommands) -> None:
    """Add ``inat demo``."""
    demo = commands.add_parser(
        name,
        help="a tour of inatsdk against the built-in emulator (offline)",
        description="A short tour of the SDK, offline, against an emulator started for it.",
        epilog=examples("inat demo", "inat demo --observations 500 --seed 3"),
    )
    demo.add_argument("--observations", type=int, default=3000, help="records to seed")
    demo.add_argument("--seed", type=int, default=7, help="seed of the generated data")
    demo.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    observations: int = args.observations
    seed: int = args.seed
    return run_demo(observations=observations, seed=seed)


def _taxa_table(taxa: list[Taxon]) -> Table:
    table = Table(title="client.taxa.search(q='a', rank='species').limit(8)")
    table.add_column("id", justify="right")
    table.add_column("name", style="italic")
    table.add_column("common name")
    table.add_column("observations", justify="right")
    for taxon in taxa:
        count = taxon.observations_count
        table.add_row(
            str(taxon.id),
            taxon.name or "",
            taxon.preferred_common_name or "",
            "" if count is None else f"{count:,}",
        )
    return table


def _observations_table(observations: list[Observation]) -> Table:
    table = Table(title="latest research-grade observations")
    table.add_column("id", justify="right")
    table.add_column("taxon", style="italic")
    table.add_column("observer")
    table.add_column("observed on")
    for obs in observations:
        table.add_row(
            str(obs.id),
            obs.taxon.name if obs.taxon and obs.taxon.name else "",
            obs.user.login if obs.user and obs.user.login else "",
            obs.observed_on.isoformat() if obs.observed_on else "",
        )
    return table


def run_demo(*, observations: int = 3000, seed: int = 7) -> int:
    try:
        from inatsdk.testing import Emulator
    except ImportError:
        raise SystemExit(
            "inat demo needs the emulator's extra: pip install 'inatsdk[emulator]'"
        ) from None
    console = Console()
    console.print(
        Panel.fit(
            "[bold]inatsdk demo[/] - every call below crosses real HTTP to a "
            "local emulator of the iNaturalist API; nothing leaves this machine."
        )
    )
    with (
        Emulator(observations=observations, seed=seed) as emu,
        iNatClient(
            api_url=emu.api_url,
            web_url=emu.web_url,
            user_agent="inatsdk-demo",
            cache="memory",
            rate_limit=None,
            credentials=None,
            dry_run=False,
        ) as client,
    ):
        console.print(f"emulator at [cyan]{emu.api_url}[/] with {observations:,} observations\n")

        taxa = client.taxa.search(q="a", rank="species").limit(8)
        console.print(f"[dim]{taxa!r}  (nothing sent yet: {len(emu.requests)} requests)[/]")
        console.print(_taxa_table(taxa.all()))

        research = client.observations.search(quality_grade="research")
        total = research.count()
        console.print(
            f"\nresearch-grade observations: [bold]{total:,}[/] (one request with per_page=0)\n"
        )

        before = len(emu.requests)
        wanted = min(total, 1000)
        first_rows: list[Observation] = []
        with Progress(
            TextColumn("paging observations"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as progress:
            task = progress.add_task("pages", total=wanted)
            for page in research.limit(wanted).pages():
                if not first_rows:
                    first_rows = page.results[:5]
                progress.advance(task, len(page.results))
        console.print(
            f"{wanted:,} observations in {len(emu.requests) - before} requests "
            "(200 per page, paged by id)\n"
        )
        console.print(_observations_table(first_rows))

        console.print("\n[bold]dry run[/]: creating an observation with dry_run=True")
        logging.getLogger("inatsdk").setLevel(logging.WARNING)
        before = len(emu.requests)
        draft = Observation(species_guess="Common raven", description="seen from the demo")
        result = client.observations.create(draft, dry_run=True)
        sent = len(emu.requests) - before
        console.print(f"returned {result!r}; requests sent to the emulator: [bold]{sent}[/]")
        if sent:
            console.print("[red]a dry-run call reached the server[/]")
            return 1
    console.print("\n[green]done[/]: see README.md for what to try next.")
    return 0
