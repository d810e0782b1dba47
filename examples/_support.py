"""Shared start-up for the examples: run against the emulator unless ``--live`` is given.

Every example is a real script for the real API; by default it runs offline against
``inatsdk.testing.Emulator`` so it can be tried (and tested in CI) anywhere.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from inatsdk import iNatClient

USER_AGENT = "inatsdk-examples/1.0"


def run(
    main: Callable[[iNatClient], None], *, observations: int = 2_000, signed_in: bool = False
) -> None:
    """Call ``main(client)`` with a client for the live API (``--live``) or the emulator.

    ``signed_in``: on the emulator, act as its first user (on the live API, credentials come
    from ``INAT_*`` variables or ``inat login`` as usual).
    """
    if "--live" in sys.argv[1:]:
        with iNatClient(user_agent=USER_AGENT) as client:
            main(client)
        return
    from inatsdk import Credentials
    from inatsdk.testing import Emulator

    with Emulator(observations=observations, seed=11) as emu:
        token = emu.issue_jwt(emu.store.user_ids()[0]) if signed_in else None
        with iNatClient(
            api_url=emu.api_url,
            web_url=emu.web_url,
            user_agent=USER_AGENT,
            cache=None,
            rate_limit=None,
            credentials=Credentials(api_token=token) if token else None,
        ) as client:
            main(client)
