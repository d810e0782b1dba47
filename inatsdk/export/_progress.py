"""The ``progress=`` option of the writers: a rich bar on stderr while records stream."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sized
from typing import TypeVar

from inatsdk.paginator import Paginator

__all__ = ["with_progress"]

T = TypeVar("T")


def with_progress(records: Iterable[T], progress: bool, description: str) -> Iterator[T]:
    """``records``, with a progress bar on stderr when ``progress`` is true (shown even when
    stderr is not a terminal: the caller asked for it). The total is the paginator's
    ``total_results`` (capped by its limit), or ``len(records)``; else the bar counts up."""
    if not progress:
        yield from records
        return
    if isinstance(records, Paginator):
        from inatsdk.progress import track

        yield from track(records, description=description, force=True)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    total = len(records) if isinstance(records, Sized) else None
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task(description, total=total)
        done = 0
        for record in records:
            yield record
            done += 1
            if done % 100 == 0:
                bar.update(task, completed=done)
        bar.update(task, completed=done)
