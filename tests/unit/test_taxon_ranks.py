"""Taxon.ancestor and the rank shortcuts, on models built by hand (no request is involved)."""

from __future__ import annotations

import pytest

from inatsdk.errors import InvalidParameterError, MissingAncestorsError
from inatsdk.models import Taxon

LINEAGE = [
    Taxon(id=1, name="Animalia", rank="kingdom", rank_level=70),
    Taxon(id=2, name="Chordata", rank="phylum", rank_level=60),
    Taxon(id=3, name="Aves", rank="class", rank_level=50),
    Taxon(id=4, name="Passeriformes", rank="order", rank_level=40),
    Taxon(id=5, name="Turdidae", rank="family", rank_level=30),
    Taxon(id=6, name="Turdus", rank="genus", rank_level=20),
]


def test_shortcuts_walk_the_ancestors() -> None:
    blackbird = Taxon(id=7, name="Turdus merula", rank="species", rank_level=10, ancestors=LINEAGE)
    names = [
        t.name if t else None
        for t in (
            blackbird.kingdom,
            blackbird.phylum,
            blackbird.class_,
            blackbird.order,
            blackbird.family,
            blackbird.genus,
        )
    ]
    assert names == ["Animalia", "Chordata", "Aves", "Passeriformes", "Turdidae", "Turdus"]
    assert blackbird.species is blackbird
    assert blackbird.ancestor("subfamily") is None  # a rank the lineage skips
    subspecies = Taxon(
        name="Turdus merula merula",
        rank="subspecies",
        rank_level=5,
        ancestors=[*LINEAGE, blackbird],
    )
    assert subspecies.species is blackbird


def test_above_the_rank_needs_no_ancestors() -> None:
    family = Taxon(name="Turdidae", rank="family", rank_level=30)
    assert family.genus is None and family.species is None
    assert family.family is family
    with pytest.raises(MissingAncestorsError, match=r'prefetch\("taxon"\)'):
        _ = family.order


def test_unknown_rank_is_refused() -> None:
    with pytest.raises(InvalidParameterError, match="did you mean 'genus'"):
        Taxon(rank="species").ancestor("genuss")
