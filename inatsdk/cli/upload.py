"""``inat observations upload DIR``: one observation per photo, resumable.

Each photo becomes one observation, dated and placed from its EXIF data where it has some (the
options give the rest: taxon, description, geoprivacy...). A log (JSON Lines, in DIR unless
``--log`` says otherwise) records each photo's observation UUID before it is sent and its
observation id once uploaded, so:

* a rerun skips every photo already uploaded;
* a photo whose upload was cut short is sent again with the same UUID, which the API treats as
  the same observation (no duplicate).

Files are matched in the log by name and size. ``--dry-run`` sends nothing and writes no log.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import cast

import attrs

from inatsdk.cli.common import UsageError, make_client

__all__ = ["PHOTO_SUFFIXES", "UploadLog", "upload_folder"]

PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif", ".tif"})
LOG_NAME = ".inat-upload.jsonl"


class UploadLog:
    """What earlier runs uploaded from a folder: one JSON object a line, the last about a file
    wins (``status`` ``"started"`` with its UUID, then ``"uploaded"`` with the id)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[tuple[str, int], dict[str, object]] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    entry: object = json.loads(line)
                except ValueError:
                    continue  # a line cut short by an interrupted run
                if isinstance(entry, dict):
                    known = cast("dict[str, object]", entry)
                    name, size = known.get("file"), known.get("size")
                    if isinstance(name, str) and isinstance(size, int):
                        self.entries[(name, size)] = known

    @staticmethod
    def key(photo: Path) -> tuple[str, int]:
        return photo.name, photo.stat().st_size

    def uploaded(self, photo: Path) -> object:
        """The observation id a photo was uploaded as, or ``None``."""
        entry = self.entries.get(self.key(photo), {})
        return entry.get("observation_id") if entry.get("status") == "uploaded" else None

    def uuid_for(self, photo: Path) -> str:
        """The UUID an earlier, unfinished run gave this photo, else a new one."""
        found = self.entries.get(self.key(photo), {}).get("uuid")
        return found if isinstance(found, str) else str(uuid.uuid4())

    def record(self, photo: Path, **fields: object) -> None:
        name, size = self.key(photo)
        entry: dict[str, object] = {"file": name, "size": size, **fields}
        self.entries[(name, size)] = entry
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")
            f.flush()


@attrs.define
class _Tally:
    uploaded: int = 0
    skipped: int = 0
    failed: int = 0


def _photos(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in PHOTO_SUFFIXES)


def upload_folder(args: argparse.Namespace) -> int:
    """Upload every photo of ``args.folder`` not uploaded before; exit status 1 if any
    failed."""
    from rich.console import Console

    folder = Path(args.folder).expanduser()
    if not folder.is_dir():
        raise UsageError(f"{args.folder} is not a folder (inat observations upload DIR)")
    photos = _photos(folder)
    if not photos:
        raise UsageError(f"no photos in {folder} (looked for {', '.join(sorted(PHOTO_SUFFIXES))})")
    dry = bool(getattr(args, "dry_run", False))
    log = UploadLog(Path(args.log).expanduser() if args.log else folder / LOG_NAME)
    err = Console(stderr=True)
    live = err.is_terminal and not args.no_progress
    tally = _Tally()
    with make_client(args, cached=False) as client:
        if live:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            with Progress(
                TextColumn("uploading"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}"),
                console=err,
            ) as progress:
                task = progress.add_task("", total=len(photos))

                def say(text: str) -> None:
                    progress.console.print(text, highlight=False, markup=False)

                for photo in photos:
                    progress.update(task, description=photo.name)
                    _one(client, args, photo, log, dry, tally, say)
                    progress.advance(task)
                progress.update(task, description="")
        else:

            def say(text: str) -> None:
                print(text, flush=True)

            for photo in photos:
                _one(client, args, photo, log, dry, tally, say)
    verb = "would upload" if dry else "uploaded"
    print(
        f"{verb} {tally.uploaded}, skipped {tally.skipped} (uploaded before), "
        f"failed {tally.failed}" + ("" if dry else f"; log: {log.path}"),
        file=sys.stderr,
    )
    return 1 if tally.failed else 0


def _one(
    client: object, args: argparse.Namespace, photo: Path, log: UploadLog, dry: bool,
    tally: _Tally, say: Callable[[str], None],
) -> None:  # fmt: skip
    from inatsdk import iNatClient
    from inatsdk.cli.exif import read_facts
    from inatsdk.cli.writes import draft_from
    from inatsdk.errors import AuthenticationError, iNatError
    from inatsdk.models import Coordinates

    assert isinstance(client, iNatClient)
    before = log.uploaded(photo)
    if before is not None:
        tally.skipped += 1
        say(f"skip  {photo.name}: uploaded before as observation {before}")
        return
    facts = read_facts(photo)
    draft = draft_from(args)
    if facts.taken is not None:
        draft.observed_on_string = facts.taken.strftime("%Y-%m-%d %H:%M:%S")
    if facts.latitude is not None and facts.longitude is not None:
        draft.location = Coordinates(latitude=facts.latitude, longitude=facts.longitude)
    draft.uuid = log.uuid_for(photo)
    if not dry:
        log.record(photo, status="started", uuid=draft.uuid)
    try:
        created = client.observations.create(draft, photos=[photo])
    except AuthenticationError:
        raise  # no point going on: every other photo would fail the same way
    except iNatError as exc:
        tally.failed += 1
        text = " ".join(str(exc).split())
        say(f"FAIL  {photo.name}: {text}")
        return
    tally.uploaded += 1
    if not dry:
        log.record(photo, status="uploaded", uuid=draft.uuid, observation_id=created.id)
    facts_text = ", ".join(
        x
        for x in (
            draft.observed_on_string or "",
            f"{facts.latitude:.5f}, {facts.longitude:.5f}"
            if facts.latitude is not None and facts.longitude is not None
            else "",
        )
        if x
    )
    target = f"observation {created.id}" if created.id is not None else "a new observation"
    say(
        f"{'would' if dry else 'ok  '}  {photo.name} -> {target}"
        + (f" ({facts_text})" if facts_text else "")
    )
