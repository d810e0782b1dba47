"""An emulator of the iNaturalist API for tests, examples, docs and benchmarks.

    >>> from inatsdk.testing import Emulator, Fault
    >>> with Emulator(observations=500) as emu:  # doctest: +SKIP
    ...     client = iNatClient(api_url=emu.api_url, web_url=emu.web_url)
    ...     emu.inject(Fault(kind="status", status=429, times=3))

:class:`Emulator` is a real threaded HTTP server on loopback serving a deterministic, seeded
world (taxa, places, users, observations) with the real API's rules: page-size clamps, the
10,000-result window, keyset paging, batch-id limits, strict parameter validation against the
spec, auth on writes, and an optional per-client throttle. Faults (error statuses, dropped
connections, truncated bodies, delays) are injected with :class:`Fault`. For pytest, add
``pytest_plugins = ["inatsdk.testing.pytest_plugin"]`` and use the ``emulator`` fixture.

Needs the ``emulator`` extra (werkzeug): ``pip install 'inatsdk[emulator]'``.

Its house is moto's: one folder per resource (``observations``, ``identifications``, ``taxa``,
``places``, ``projects``, ``users``, ``messages``, ``posts``, ``controlled_terms``,
``observation_fields``, ``relationships``, ``saved_locations``) holding that resource's seed data (``seed.py``), its state since the
last reset (``state.py``) and its routes (``v1.py``, ``v1_writes.py``, ``v2.py``, ...); the
world they are drawn from (``seed.py``) and rendered by (``records.py``); the store
(``store.py``), whose resource states live in one registry with one reset (``states.py``);
request validation in one module (``validation.py``); v2's shapes (``v2_schemas.py``,
``v2_records.py``); the server, its faults and its control endpoints (``server.py``,
``faults.py``, ``control.py``); and the routes shared by several resources (``routes/``:
tiles, site search, the web site, media files, v2 reads built on several resources).
"""

from inatsdk.testing.faults import Fault, FaultKind
from inatsdk.testing.server import Emulator, RecordedRequest, serve_forever
from inatsdk.testing.store import Store

__all__ = ["Emulator", "Fault", "FaultKind", "RecordedRequest", "Store", "serve_forever"]
