"""The seeded exemplar identifications: identifications nominated as showing how to tell a
taxon apart. The first :data:`EXEMPLAR_COUNT` current ``improving`` or ``leading``
identifications of the seeded world, each nominated by another user a day after it was made;
exemplar ``n`` (from 0) has the id ``FIRST_EXEMPLAR_ID + n``. None carries a seeded vote."""

from __future__ import annotations

import attrs

from inatsdk.testing.identifications.seed import IdentificationRow
from inatsdk.testing.records import iso_time
from inatsdk.testing.store import Store

__all__ = ["EXEMPLAR_COUNT", "FIRST_EXEMPLAR_ID", "Exemplar", "exemplars"]

EXEMPLAR_COUNT = 20
FIRST_EXEMPLAR_ID = 50_000


@attrs.frozen
class Exemplar:
    id: int
    identification: IdentificationRow
    nominated_by: int
    nominated_at: str


def exemplars(store: Store) -> list[Exemplar]:
    """The exemplars whose identification still exists, by id."""
    users = store.user_ids()
    rows = [
        r
        for r in store.identifications_snapshot()
        if r.current and r.category in ("improving", "leading")
    ]
    out: list[Exemplar] = []
    for n, row in enumerate(rows[:EXEMPLAR_COUNT]):
        nominator = users[n % len(users)]
        if nominator == row.user_id:
            nominator = users[(n + 1) % len(users)]
        out.append(Exemplar(FIRST_EXEMPLAR_ID + n, row, nominator, iso_time(row.created + 86_400)))
    return out
