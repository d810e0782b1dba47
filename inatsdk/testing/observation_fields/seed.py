"""Observation fields (user-defined data fields) for ``/observation_fields/autocomplete`` and for
projects' ``project_observation_fields``.

Field 1 ("Number of individuals") and 47 ("Interaction->Visited flower of") are the ones seeded
observations carry in their ``ofvs`` (see :mod:`inatsdk.testing.records`); the other ids are the
emulator's own. Built once per world, on first use.
"""

from __future__ import annotations

import functools
import random

import attrs

from inatsdk.testing.records import JSON
from inatsdk.testing.seed import World

__all__ = ["ObservationFieldCatalog", "ObservationFieldRow", "observation_field_catalog"]

# (id, name, datatype, description, allowed values)
# fmt: off
_FIELDS: tuple[tuple[int, str, str, str, str], ...] = (
    (1, "Number of individuals", "numeric", "How many individuals were seen", ""),
    (2, "Abundance", "text", "How common the organism was on site", "single|few|many|abundant"),
    (5, "Habitat", "text", "The kind of place the organism was found in", ""),
    (9, "Host plant", "taxon", "The plant the organism was found on", ""),
    (12, "Behavior", "text", "What the animal was doing", "feeding|resting|flying|calling|mating"),
    (15, "Temperature (C)", "numeric", "Air temperature in degrees Celsius", ""),
    (16, "Cloud cover", "text", "", "clear|partly cloudy|overcast"),
    (17, "Wind speed (km/h)", "numeric", "", ""),
    (30, "Group size", "numeric", "Number of individuals in the observed group", ""),
    (31, "Animal behavior", "text", "What was the group doing?", ""),
    (35, "Collector", "text", "Who collected the specimen", ""),
    (40, "Date collected", "date", "", ""),
    (41, "Time of day", "time", "", ""),
    (44, "Herbarium specimen", "text", "Whether a specimen was deposited", "yes|no"),
    (47, "Interaction->Visited flower of", "taxon", "The plant whose flower was visited", ""),
    (50, "Interaction->Eaten by", "taxon", "The organism that ate this one", ""),
    (51, "Interaction->Preyed upon", "taxon", "The prey of this organism", ""),
    (52, "Interaction->Parasite of", "taxon", "The host of this parasite", ""),
    (60, "Elevation (m)", "numeric", "Elevation above sea level in meters", ""),
    (61, "Water temperature (C)", "numeric", "", ""),
    (70, "Nest height (m)", "numeric", "", ""),
    (71, "Number of eggs", "numeric", "Eggs in the nest", ""),
    (80, "Road kill", "text", "Was the animal killed by a vehicle?", "yes|no"),
    (81, "Flower color", "text", "", "white|yellow|red|pink|purple|blue|green|orange"),
    (90, "DNA Barcode ITS", "dna", "The ITS sequence of the specimen", ""),
    (91, "Voucher number", "text", "The specimen's catalogue number", ""),
    (100, "Substrate", "text", "What the fungus grew on", "soil|wood|leaf litter|dung|moss"),
    (101, "Sex", "text", "", "male|female|unknown"),
    (102, "Life stage", "text", "", "egg|larva|pupa|nymph|juvenile|adult"),
    (110, "Survey start time", "datetime", "When the survey began", ""),
    (111, "Survey duration (minutes)", "numeric", "", ""),
    (120, "Number of observers", "numeric", "", ""),
)
# fmt: on


@attrs.frozen
class ObservationFieldRow:
    id: int
    name: str
    datatype: str
    description: str
    allowed_values: str
    values_count: int
    users_count: int
    user_id: int
    created_at: float
    updated_at: float


class ObservationFieldCatalog:
    """Every observation field one world serves, with their JSON forms."""

    def __init__(self, world: World) -> None:
        rng = random.Random(f"{world.seed}:observation-fields")
        users = [u.id for u in world.users]
        rows: list[ObservationFieldRow] = []
        for field_id, name, datatype, description, allowed in _FIELDS:
            values = int(rng.paretovariate(0.8) * 20)
            created = float(rng.randint(1_262_304_000, 1_577_836_800))  # 2010 .. 2020
            rows.append(
                ObservationFieldRow(
                    id=field_id,
                    name=name,
                    datatype=datatype,
                    description=description,
                    allowed_values=allowed,
                    values_count=values,
                    users_count=max(1, values // rng.randint(2, 12)),
                    user_id=users[rng.randrange(len(users))],
                    created_at=created,
                    updated_at=created + rng.randint(0, 150_000_000),
                )
            )
        self.rows: tuple[ObservationFieldRow, ...] = tuple(rows)
        self.by_id: dict[int, ObservationFieldRow] = {r.id: r for r in rows}

    def autocomplete_record(self, field_id: int) -> JSON:
        """A field as ``/observation_fields/autocomplete`` gives it."""
        r = self.by_id[field_id]
        return {
            "id": r.id,
            "name": r.name,
            "description": r.description,
            "datatype": r.datatype,
            "allowed_values": r.allowed_values,
            "values_count": r.values_count,
        }

    def project_record(self, field_id: int) -> JSON:
        """A field as projects' ``project_observation_fields[].observation_field`` give it."""
        r = self.by_id[field_id]
        return {
            "name_autocomplete": r.name,
            "allowed_values": r.allowed_values,
            "values_count": r.values_count,
            "users_count": r.users_count,
            "datatype": r.datatype,
            "name": r.name,
            "description": r.description,
            "id": r.id,
            "description_autocomplete": r.description,
        }


@functools.lru_cache(maxsize=8)
def observation_field_catalog(world: World) -> ObservationFieldCatalog:
    """The observation fields of ``world``; built on first use."""
    return ObservationFieldCatalog(world)
