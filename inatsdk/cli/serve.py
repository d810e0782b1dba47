"""``inat emulator``: serve the emulator until interrupted."""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Sequence
from types import FrameType

from rich.console import Console
from rich.markup import escape

__all__ = ["serve"]


def serve(
    *,
    host: str,
    port: int,
    observations: int,
    seed: int,
    throttle: int | None,
    jwt_lifetime: float = 86400,
    users: Sequence[str] = (),
    app: str | None = None,
    redirect_uris: Sequence[str] = (),
    faults: Sequence[str] = (),
) -> int:
    """Serve until Ctrl-C or SIGTERM.

    ``users`` are ``LOGIN:PASSWORD`` accounts to register (each gets an API token printed);
    ``app`` registers an OAuth application of that name accepting ``redirect_uris`` (its id and
    secret are printed); ``faults`` are JSON objects in the form ``POST /_emulator/faults``
    takes. What they register lasts until a reset (``POST /_emulator/reset``).
    """
    try:
        from inatsdk.testing import Emulator
        from inatsdk.testing.control import fault_from_json
    except ImportError:
        raise SystemExit("inat emulator needs its extra: pip install 'inatsdk[emulator]'") from None
    accounts: list[tuple[str, str]] = []
    for spec in users:
        login, colon, password = spec.partition(":")
        if not colon or not login or not password:
            raise SystemExit(f"inat emulator: --user takes LOGIN:PASSWORD, not {spec!r}")
        accounts.append((login, password))
    try:
        injected = [fault_from_json(json.loads(text)) for text in faults]
    except ValueError as exc:
        raise SystemExit(f"inat emulator: bad --fault: {exc}") from None
    console = Console()
    emu = Emulator(
        observations=observations,
        seed=seed,
        throttle=(throttle, 60.0) if throttle else None,
        jwt_lifetime=jwt_lifetime,
        host=host,
        port=port,
    )
    # registered before serving, so the first request already finds them
    lines: list[str] = []
    for login, password in accounts:
        user_id = emu.add_user(login, password)
        token = emu.issue_jwt(user_id)
        lines.append(f"  user {escape(login)} (id {user_id}): API token {token}")
    if app is not None:
        uris = redirect_uris or ("urn:ietf:wg:oauth:2.0:oob",)
        app_id, secret = emu.add_application(app, redirect_uris=uris)
        lines.append(f"  OAuth app {escape(app)}: id {app_id} secret {secret}")
    for fault in injected:
        emu.inject(fault)
    with emu:
        console.print(
            f"iNaturalist API emulator on [cyan]{emu.api_url}[/] "
            f"({observations:,} observations, seed {seed}, instance {emu.instance}); "
            "Ctrl-C stops it."
        )
        console.print(f"  try: curl '{emu.api_url}/v1/taxa?q=quercus&per_page=3'")
        console.print(f"  control: {emu.api_url}/_emulator/instance (reset, seed, requests, ...)")
        for line in lines:
            console.print(line, soft_wrap=True)
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
