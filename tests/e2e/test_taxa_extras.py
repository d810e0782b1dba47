"""The taxa routes the API leaves out of its spec, through ``client.taxa``, against the
emulator."""

from __future__ import annotations

import pytest
import requests

from inatsdk import InvalidParameterError, NotFoundError, ServerError, iNatClient
from inatsdk.endpoints import endpoint
from inatsdk.models import Taxon, TaxonMapLayers
from inatsdk.testing import Emulator
from tests.e2e.conftest import make_client


@pytest.mark.parametrize("method", ["iconic", "lifelist_metadata", "wanted", "map_layers"])
def test_marked_undocumented(method: str) -> None:
    ep = endpoint(f"TaxaController.{method}")
    assert ep.documented is False
    from inatsdk.controllers import TaxaController

    assert "undocumented upstream" in (getattr(TaxaController, method).__doc__ or "")


def test_iconic(client: iNatClient, emulator: Emulator) -> None:
    iconic = client.taxa.iconic()
    found = iconic.all()
    assert all(isinstance(t, Taxon) for t in found)
    assert {"Aves", "Plantae", "Fungi"} <= {t.name for t in found}
    assert iconic.count() == len(found) == 13
    assert [t.id for t in iconic[2:5]] == [t.id for t in found[2:5]]
    assert all("page" not in r.query and "per_page" not in r.query for r in emulator.requests)


def test_lifelist_metadata(client: iNatClient, emulator: Emulator) -> None:
    user = emulator.store.observations_snapshot()[0].user_id
    login = emulator.store.user_logins()[user]
    life = client.taxa.lifelist_metadata(user, locale="en").all()
    assert [t.id for t in life] == [t.id for t in client.taxa.lifelist_metadata(login)]
    assert life[0].name == "Life"
    assert all(t.default_photo is not None and t.default_photo.medium_url for t in life)
    named = [t for t in life if t.preferred_common_name]
    assert named
    assert client.taxa.lifelist_metadata(user).count() == len(life)
    assert emulator.requests[0].query == {"observed_by_user_id": str(user), "locale": "en"}


def test_lifelist_metadata_refuses_bad_input_before_sending(
    client: iNatClient, emulator: Emulator
) -> None:
    with pytest.raises(InvalidParameterError, match="locale"):
        client.taxa.lifelist_metadata(1, lcale="fr")  # type: ignore[call-arg]
    with pytest.raises(InvalidParameterError):
        client.taxa.lifelist_metadata("")
    with pytest.raises(InvalidParameterError, match="it takes"):
        client.taxa.lifelist_metadata(1).order_by("id")  # type: ignore[arg-type]
    assert emulator.requests == []


@pytest.mark.emulator(observations=0)
def test_lifelist_metadata_of_someone_who_observed_nothing(emulator: Emulator) -> None:
    with make_client(emulator, retries=0) as client:
        with pytest.raises(ServerError):
            client.taxa.lifelist_metadata(emulator.store.user_ids()[0]).all()


def test_wanted(client: iNatClient, emulator: Emulator) -> None:
    wanted = client.taxa.wanted(3)
    assert "GET /v1/taxa/3/wanted" in repr(wanted)
    found = wanted.all()
    assert found and all(isinstance(t, Taxon) and t.rank == "species" for t in found)
    assert all(t.ancestors and 3 in [a.id for a in t.ancestors] for t in found)
    assert wanted.count() == len(found)
    observed = {  # casual observations do not count
        o.taxon_id for o in emulator.store.observations_snapshot() if o.quality_grade != "casual"
    }
    assert not observed & {t.id for t in found if t.id is not None}
    emulator.clear_requests()
    assert [t.id for t in wanted.page_size(2)[2:4]] == [t.id for t in found[2:4]]
    assert emulator.requests[0].path == "/v1/taxa/3/wanted"
    with pytest.raises(NotFoundError):
        client.taxa.wanted(99_999_999).first()
    with pytest.raises(InvalidParameterError):
        client.taxa.wanted(3, rank="species")  # type: ignore[call-arg]


def test_map_layers(client: iNatClient, emulator: Emulator) -> None:
    warbler = emulator.store.find_taxon("Setophaga petechia")
    assert warbler is not None
    layers = client.taxa.map_layers(warbler)
    assert isinstance(layers, TaxonMapLayers)
    assert layers.id == warbler
    assert layers.ranges in (True, False) and layers.listed_places is True
    raw = requests.get(f"{emulator.api_url}/v1/taxa/{warbler}/map_layers", timeout=30).json()
    assert layers.to_json() == raw and layers.extra == {}
    with pytest.raises(NotFoundError):
        client.taxa.map_layers(99_999_999)
    assert client.taxa.map_layers(warbler, dry_run=True) == TaxonMapLayers(id=warbler)
