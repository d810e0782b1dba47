"""``inat emulator``: serve the emulator until interrupted."""

from __future__ import annotations

import signal
import time
from types import FrameType

from rich.console import Console

__all__ = ["serve"]


def serve(*, host: str, port: int, observations: int, seed: int, throttle: int | None) -> int:
    try:
        from inatsdk.testing import Emulator
    except ImportError:
        raise SystemExit("inat emulator needs its extra: pip install 'inatsdk[emulator]'") from None
    console = Console()
    emu = Emulator(
        observations=observations,
        seed=seed,
        throttle=(throttle, 60.0) if throttle else None,
        host=host,
        port=port,
    )
    with emu:
        console.print(
            f"iNaturalist API emulator on [cyan]{emu.api_url}[/] "
            f"({observations:,} observations, seed {seed}); Ctrl-C stops it."
        )
        console.print(f"  try: curl '{emu.api_url}/v1/taxa?q=quercus&per_page=3'")
        # Ctrl-C and a polite kill both stop it, even when started from a shell's background
        # job, which starts programs with SIGINT ignored.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            console.print("stopped")
    return 0


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
