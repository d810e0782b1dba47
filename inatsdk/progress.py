"""Progress bars for long work: paging through results, with the known total and the rate.

Opt-in, and quiet when stderr is not a terminal (pipes, CI logs)::

    from inatsdk.progress import track
    for obs in track(client.observations.search(taxon_id=3).limit(5000)):
        ...
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TypeVar

from inatsdk.paginator import Paginator

__all__ = ["track"]

T = TypeVar("T")


def track(
    paginator: Paginator[T], *, description: str = "fetching", force: bool = False
) -> Iterator[T]:
    """Iterate ``paginator`` with a rich progress bar on stderr (total from the first page's
    ``total_results``, capped by the paginator's limit).

    The bar is shown only when stderr is a terminal, unless ``force=True``.
    """
    if not (force or sys.stderr.isatty()):
        yield from paginator
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("[progress.data.speed]{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    limit = paginator.max_results
    with Progress(*columns, console=Console(stderr=True), transient=False) as progress:
        task = progress.add_task(description, total=None, rate="")
        for page in paginator.pages():
            if progress.tasks[0].total is None:
                total = page.total_results if limit is None else min(limit, page.total_results)
                progress.update(task, total=total)
            yield from page.results
            progress.advance(task, len(page.results))
            speed = progress.tasks[0].speed
            progress.update(task, rate=f"{speed:,.0f}/s" if speed else "")
