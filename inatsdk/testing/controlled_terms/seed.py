"""Controlled terms as ``/v1/controlled_terms`` serves them.

The attributes and values the seeded annotations use (Life Stage, Sex, Plant Phenology, Alive or
Dead, defined in :mod:`inatsdk.testing.records`) keep their ids, labels and UUIDs here, so an
annotation's ``controlled_attribute_id`` is found among them; *Evidence of Presence* is added,
with values restricted to some clades (Feather: birds, Hair: mammals...), so that ``for_taxon``
has values to leave out. Ids and labels are iNaturalist's own.
"""

from __future__ import annotations

import functools

import attrs

from inatsdk.testing.records import JSON, TERM_EXCEPTIONS, TERMS, term_uuid

__all__ = ["TermRow", "TermValue", "applies", "controlled_terms", "term_applies", "term_json"]


@attrs.frozen
class TermValue:
    id: int
    label: str
    clades: tuple[int, ...] = ()
    """Taxa (with their descendants) the value is restricted to; empty: the attribute's."""
    uuid_name: str = ""


@attrs.frozen
class TermRow:
    id: int
    label: str
    clades: tuple[int, ...]
    """Taxa (with their descendants) the attribute applies to; empty: every taxon."""
    multivalued: bool
    values: tuple[TermValue, ...]


_EVIDENCE = TermRow(
    id=22,
    label="Evidence of Presence",
    clades=(1, 47126, 47170),
    multivalued=True,
    values=(
        TermValue(23, "Feather", (3,)),
        TermValue(24, "Organism"),
        TermValue(25, "Scat", (1,)),
        TermValue(26, "Track", (1,)),
        TermValue(27, "Bone", (1,)),
        TermValue(28, "Molt", (47158, 47119)),
        TermValue(29, "Gall", (47126, 47158)),
        TermValue(30, "Egg", (1,), uuid_name="Evidence of Presence: Egg"),
        TermValue(31, "Hair", (40151,)),
    ),
)


@functools.cache
def controlled_terms() -> tuple[TermRow, ...]:
    """Every attribute, ascending by id."""
    rows = [
        TermRow(
            id=attr_id,
            label=label,
            clades=clades,
            multivalued=False,
            values=tuple(TermValue(vid, vlabel) for vid, vlabel in values.items()),
        )
        for attr_id, (label, clades, values) in TERMS.items()
    ]
    rows.append(_EVIDENCE)
    return tuple(sorted(rows, key=lambda r: r.id))


def applies(
    clades: tuple[int, ...], excepted: tuple[int, ...] | list[int], ancestor_ids: tuple[int, ...]
) -> bool:
    """Whether a term restricted to ``clades`` (none: every taxon), minus the ``excepted``
    clades, applies to a taxon with these ancestors (itself included)."""
    lineage = set(ancestor_ids)
    if clades and lineage.isdisjoint(clades):
        return False
    return lineage.isdisjoint(excepted)


def term_applies(term: TermRow, ancestor_ids: tuple[int, ...]) -> bool:
    return applies(term.clades, TERM_EXCEPTIONS.get(term.id, []), ancestor_ids)


def _value_json(value: TermValue) -> JSON:
    out: JSON = {
        "id": value.id,
        "ontology_uri": "",
        "uri": "",
        "blocking": False,
        "uuid": term_uuid(value.uuid_name or value.label),
    }
    if value.clades:
        out["taxon_ids"] = list(value.clades)
    excepted = TERM_EXCEPTIONS.get(value.id)
    if excepted:
        out["excepted_taxon_ids"] = list(excepted)
    out["label"] = value.label
    return out


def term_json(term: TermRow, ancestor_ids: tuple[int, ...] | None = None) -> JSON:
    """An attribute as the API gives it; with ``ancestor_ids`` (a taxon's lineage), only the
    values that apply to that taxon."""
    values = [
        _value_json(v)
        for v in term.values
        if ancestor_ids is None or applies(v.clades, TERM_EXCEPTIONS.get(v.id, []), ancestor_ids)
    ]
    out: JSON = {
        "id": term.id,
        "ontology_uri": "",
        "uri": "",
        "is_value": False,
        "multivalued": term.multivalued,
        "uuid": term_uuid(term.label),
        "values": values,
    }
    if term.clades:
        out["taxon_ids"] = list(term.clades)
    excepted = TERM_EXCEPTIONS.get(term.id)
    if excepted:
        out["excepted_taxon_ids"] = list(excepted)
    out["label"] = term.label
    return out
