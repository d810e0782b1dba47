"""Upload a season of photos as observations, rehearsed first with dry-run.

Each photo file becomes one observation. The rehearsal checks every file (it must exist, be an
image, and fit the size limit) and logs the requests that would be sent, without sending them.
Run with ``--send`` to upload for real (on the live API, ``INAT_*`` credentials or
``inat login``; offline, as the emulator's first user).

    python examples/bulk_upload_dry_run.py           # rehearse against the emulator
    python examples/bulk_upload_dry_run.py --send    # really upload to the emulator
"""

from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path

from _support import run

from inatsdk import iNatClient
from inatsdk.models import Coordinates, Observation
from inatsdk.uploads import UploadError


def _season(folder: Path) -> list[Path]:
    """A stand-in for your camera's folder: three small generated pictures and a bad file."""
    from inatsdk.testing.media import jpeg_bytes, png_bytes

    files = [folder / "raven.jpg", folder / "heron.png", folder / "notes.txt", folder / "oak.jpg"]
    files[0].write_bytes(jpeg_bytes())
    files[1].write_bytes(png_bytes())
    files[2].write_text("not a picture")
    files[3].write_bytes(jpeg_bytes())
    return files


def main(client: iNatClient) -> None:
    logging.basicConfig(level=logging.INFO, format="  %(message)s")
    send = "--send" in sys.argv[1:]
    rehearsal = client if send else client.with_options(dry_run="writes")
    with tempfile.TemporaryDirectory() as tmp:
        for path in _season(Path(tmp)):
            draft = Observation(
                species_guess=path.stem,
                description=f"from {path.name}",
                location=Coordinates(latitude=46.52, longitude=6.63),
            )
            try:
                created = rehearsal.observations.create(draft, photos=[path])
            except UploadError as exc:
                print(f"{path.name}: skipped ({exc})")
                continue
            verb = "created" if send else "would create"
            print(f"{path.name}: {verb} {created!r}")


if __name__ == "__main__":
    run(main, signed_in=True)
