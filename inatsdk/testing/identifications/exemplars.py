"""The seeded exemplar identifications: identifications nominated as showing how to tell a
taxon apart. The first :data:`EXEMPLAR_COUNT` identifications of the seeded world (by id) that
were current and ``improving`` or ``leading`` as seeded, each nominated by another user a day
after it was made; exemplar ``n`` (from 0) has the id ``FIRST_EXEMPLAR_ID + n``, whatever
clients write later. None carries a seeded vote."""

from __future__ import annotations

import functools

import attrs

from inatsdk.testing.identifications.seed import IdentificationRow, seeded_rows
from inatsdk.testing.records import Renderer, iso_time
from inatsdk.testing.seed import World
from inatsdk.testing.store import Store

__all__ = ["EXEMPLAR_COUNT", "FIRST_EXEMPLAR_ID", "Exemplar", "exemplars"]

EXEMPLAR_COUNT = 20
FIRST_EXEMPLAR_ID = 50_000


@attrs.frozen
class Exemplar:
    id: int
    identification: IdentificationRow
    """As of now (a client may have withdrawn it since)."""
    nominated_by: int
    nominated_at: str


@functools.lru_cache(maxsize=8)
def _nominated(world: World) -> tuple[int, ...]:
    """The ids of the identifications nominated in ``world``, judged as seeded (so that a
    client's write never renumbers the exemplars)."""
    rows = seeded_rows(world, Renderer(world))
    chosen = [r.id for r in rows if r.current and r.category in ("improving", "leading")]
    return tuple(chosen[:EXEMPLAR_COUNT])


def exemplars(store: Store) -> list[Exemplar]:
    """The exemplars whose identification still exists, by id."""
    users = store.user_ids()
    out: list[Exemplar] = []
    for n, identification_id in enumerate(_nominated(store.world)):
        row = store.identification_row(identification_id)
        if row is None:  # its observation was deleted
            continue
        nominator = users[n % len(users)]
        if nominator == row.user_id:
            nominator = users[(n + 1) % len(users)]
        out.append(Exemplar(FIRST_EXEMPLAR_ID + n, row, nominator, iso_time(row.created + 86_400)))
    return out
