"""The emulator's identifications: an index of those inside the generated observations.

Identifications are not generated separately: every observation the store serves already
carries its own (drawn from its ``detail_seed`` by :mod:`inatsdk.testing.records`). This module
reads them out into compact :class:`IdentificationRow` records that searches filter and
aggregate on, and renders the ``/v1/identifications`` form of one from its observation, so an
identification and the observation that holds it always agree.

The rows of a seeded world are built once per world, on the first identification request
(about 0.1 ms per observation), and shared by every emulator of that world; rows of records
added later are built per record and cached.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

import attrs

from inatsdk.testing.records import JSON, Renderer
from inatsdk.testing.rules import is_json_object
from inatsdk.testing.seed import ObservationCore, World

__all__ = [
    "IdentificationRow",
    "embedded_observation",
    "identification_record",
    "minimal_taxon",
    "rows_for_observation",
    "seeded_rows",
]


@attrs.frozen
class IdentificationRow:
    """The searchable part of one identification, and where to find the rest."""

    id: int
    observation_id: int
    position: int
    """Index in its observation's ``identifications`` list."""
    user_id: int
    taxon_id: int
    category: str
    current: bool
    own_observation: bool
    vision: bool
    disagreement: bool | None
    created: float
    """UTC epoch seconds."""
    observation_user_id: int
    observation_taxon_id: int | None
    quality_grade: str
    place_ids: tuple[int, ...]
    observation_created: float
    observed_day: int
    """Days since 1970-01-01 of the observation's local date."""


def _epoch(text: str) -> float:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def rows_for_observation(
    observation: Mapping[str, Any], core: ObservationCore
) -> list[IdentificationRow]:
    """The rows of the identifications inside one rendered observation."""
    taxon = observation.get("taxon")
    obs_taxon_id = taxon["id"] if is_json_object(taxon) else None
    place_ids = tuple(observation.get("place_ids") or ())
    rows: list[IdentificationRow] = []
    for position, ident in enumerate(observation.get("identifications") or ()):
        rows.append(
            IdentificationRow(
                id=ident["id"],
                observation_id=core.id,
                position=position,
                user_id=ident["user"]["id"],
                taxon_id=ident["taxon_id"],
                category=ident["category"],
                current=bool(ident["current"]),
                own_observation=bool(ident["own_observation"]),
                vision=bool(ident["vision"]),
                disagreement=ident["disagreement"],
                created=_epoch(ident["created_at"]),
                observation_user_id=core.user_id,
                observation_taxon_id=obs_taxon_id,
                quality_grade=core.quality_grade,
                place_ids=place_ids,
                observation_created=core.created,
                observed_day=core.observed_day,
            )
        )
    return rows


@functools.lru_cache(maxsize=8)
def seeded_rows(world: World, renderer: Renderer) -> tuple[IdentificationRow, ...]:
    """Every identification of the seeded observations, ascending by id."""
    rows: list[IdentificationRow] = []
    for core in world.observations:
        # uncached: indexing must not push the records clients read out of the renderer's cache
        rows.extend(rows_for_observation(renderer.observation(core, cache=False), core))
    rows.sort(key=lambda r: r.id)
    return tuple(rows)


def minimal_taxon(renderer: Renderer, taxon_id: int) -> JSON:
    """``identification.taxon`` as ``/v1/identifications`` gives it: ids and ranks only."""
    t = renderer.taxa[taxon_id]
    species = t
    if t.rank_level < 10 and t.parent_id is not None:
        species = renderer.taxa[t.parent_id]
    return {
        "id": t.id,
        "rank": t.rank,
        "rank_level": t.rank_level,
        "iconic_taxon_id": t.iconic_taxon_id,
        "ancestor_ids": list(t.ancestor_ids),
        "is_active": t.is_active,
        "min_species_taxon_id": species.id,
        "min_species_ancestry": ",".join(str(i) for i in species.ancestor_ids),
    }


#: Keys of ``/observations/{id}`` records that the observation inside an identification lacks.
_NOT_EMBEDDED = frozenset({"id_please", "out_of_range", "community_taxon"})


def embedded_observation(observation: Mapping[str, Any], core: ObservationCore) -> JSON:
    """The observation inside a ``/v1/identifications`` record, from the ``/observations/{id}``
    form: the search index's copy, so annotations carry ids but not their terms, and it has
    ``user_id`` and ``identification_disagreements_count``."""
    out: JSON = {k: v for k, v in observation.items() if k not in _NOT_EMBEDDED}
    out["annotations"] = [
        {k: v for k, v in a.items() if k not in ("controlled_attribute", "controlled_value")}
        for a in observation.get("annotations") or ()
    ]
    out["user_id"] = core.user_id
    out["identification_disagreements_count"] = observation.get("num_identification_disagreements")
    return out


def identification_record(
    renderer: Renderer, row: IdentificationRow, observation: Mapping[str, Any]
) -> JSON:
    """One identification as ``GET /v1/identifications`` lists it; ``observation`` is the one
    that holds it, as :func:`embedded_observation` gives it."""
    ident: Mapping[str, Any] = observation["identifications"][row.position]
    skip = ("taxon", "moderator_actions", "previous_observation_taxon")
    record: JSON = {k: v for k, v in ident.items() if k not in skip}
    record["current_taxon"] = row.taxon_id == row.observation_taxon_id
    record["taxon"] = minimal_taxon(renderer, row.taxon_id)
    record["observation"] = observation
    record["moderator_actions"] = ident.get("moderator_actions", [])
    return record
