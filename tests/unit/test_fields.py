"""``inatsdk.fields``: building, rendering and checking v2 field selections (no network)."""

from __future__ import annotations

import doctest
import pickle
from typing import Any

import pytest

import inatsdk.fields
from inatsdk import iNatClient
from inatsdk.endpoints import ENDPOINTS, endpoint, has_endpoint
from inatsdk.errors import InvalidParameterError
from inatsdk.fields import ALL, DEFAULT_FIELDS, Fields, always_fields, coerce_fields
from inatsdk.models import Observation, Place, Taxon, User
from inatsdk.testing.v2 import RisonError, parse_fields, rison_decode

# --- rendering -------------------------------------------------------------------------------------


def test_rison_of_the_briefs_example() -> None:
    sel = Fields("id", taxon=Fields("name", "rank"), user=["login"])
    assert sel.to_rison() == "(id:!t,taxon:(name:!t,rank:!t),user:(login:!t))"
    assert ALL.to_rison() == "all"
    assert str(sel) == sel.to_rison()


def test_json_form_for_post_bodies() -> None:
    sel = Fields("id", "quality_grade", taxon=Fields("name", "rank"), user=["login"])
    assert sel.to_json() == {
        "id": True,
        "quality_grade": True,
        "taxon": {"name": True, "rank": True},
        "user": {"login": True},
    }
    assert ALL.to_json() == "all"
    assert Fields("id", taxon=ALL).to_json() == {"id": True, "taxon": "all"}


def test_every_way_of_writing_one_selection_is_the_same_selection() -> None:
    a = Fields("id", taxon=Fields("name", "rank"))
    b = Fields("taxon.rank", "id", "taxon.name")
    c = Fields("id") | Fields(taxon=["rank"]) | ["taxon.name"]
    d = Fields.from_json({"id": True, "taxon": {"name": True, "rank": True}})
    e = coerce_fields(["id", "taxon.name", "taxon.rank"])
    f = Fields.from_json("id,taxon.name,taxon.rank")
    assert a == b == c == d == e == f
    assert len({a, b, c, d, e, f}) == 1
    assert {x.to_rison() for x in (a, b, c, d, e, f)} == {"(id:!t,taxon:(name:!t,rank:!t))"}


def test_keyword_values() -> None:
    assert Fields(taxon=True).to_rison() == "(taxon:!t)"
    assert Fields(taxon=False).to_rison() == "()"
    assert Fields(taxon="name").to_rison() == "(taxon:(name:!t))"
    assert Fields(taxon="all") == Fields(taxon=ALL) == Fields("taxon.all")
    assert Fields(user=["login", "name"]).get("user") == Fields("login", "name")


def test_merging_keeps_the_larger_selection() -> None:
    # naming an object alone asks v2 for its required key only: a sub-selection is larger
    assert Fields("taxon") | Fields(taxon=["name"]) == Fields(taxon=["name"])
    assert Fields(taxon=["name"]) | Fields("taxon") == Fields(taxon=["name"])
    # ALL beats everything, at any level
    assert Fields(taxon=["name"]) | Fields(taxon=ALL) == Fields(taxon=ALL)
    assert Fields("id", "all") == ALL
    assert (Fields("id") | ALL).is_all
    assert Fields("id").including("id", "uuid") == Fields("id", "uuid")
    assert ALL.including("id") is ALL


def test_membership_names_and_repr() -> None:
    sel = Fields("id", taxon=Fields("name", ancestors=["rank"]))
    assert "taxon.name" in sel
    assert "taxon.ancestors.rank" in sel
    assert "taxon.rank" not in sel
    assert "user" not in sel
    assert "anything.at.all" in ALL
    assert sel.names() == ("id", "taxon")
    assert repr(sel) == "Fields('id', taxon=Fields('name', ancestors=Fields('rank')))"
    assert repr(ALL) == "ALL"
    assert repr(Fields("id", taxon=ALL)) == "Fields('id', taxon=ALL)"
    assert bool(ALL) and bool(Fields())


def test_selections_are_immutable_hashable_and_picklable() -> None:
    sel = Fields("id", user=["login"])
    with pytest.raises(AttributeError):
        sel._all = True
    assert pickle.loads(pickle.dumps(sel)) == sel
    assert pickle.loads(pickle.dumps(ALL)) == ALL
    assert {sel: 1}[Fields("user.login", "id")] == 1


@pytest.mark.parametrize(
    "bad",
    ["a b", "1st", "taxon..name", "", "all.taxon", "user-login"],
)
def test_bad_names_are_refused(bad: str) -> None:
    with pytest.raises(InvalidParameterError):
        Fields(bad)


@pytest.mark.parametrize("bad", [True, 3, [3], [None], {"id": 3}])
def test_bad_values_are_refused(bad: Any) -> None:
    with pytest.raises(InvalidParameterError):
        coerce_fields(bad)


def test_the_emulators_reader_reads_what_the_sdk_writes() -> None:
    sels = [
        Fields("id"),
        Fields("id", "quality_grade", taxon=Fields("name", "rank"), user=["login"]),
        Fields("id", taxon=ALL, identifications=Fields("body", taxon=["name"])),
        Fields(),
    ]
    for sel in sels:
        assert rison_decode(sel.to_rison()) == sel.to_json()
        assert parse_fields(sel.to_rison()) == sel.to_json()
    assert parse_fields(ALL.to_rison()) == {"all": True}


def test_rison_decoder() -> None:
    assert rison_decode("(a:!t,b:!f,c:!n,d:(e:'x y!'s !!'),f:!(1,-2.5,'z'),g:word)") == {
        "a": True,
        "b": False,
        "c": None,
        "d": {"e": "x y's !"},
        "f": [1, -2.5, "z"],
        "g": "word",
    }
    assert rison_decode("()") == {}
    assert rison_decode("!()") == []
    for bad in ["(a:!t", "(a)", "'open", "(a:!x)", "(a:!t)x", "!q", "(:1)"]:
        with pytest.raises(RisonError):
            rison_decode(bad)


# --- checking against models ---------------------------------------------------------------------------


def test_unknown_field_names_the_closest_attribute() -> None:
    with pytest.raises(InvalidParameterError, match="did you mean 'quality_grade'"):
        Fields("quality_grad").validate(Observation)
    with pytest.raises(InvalidParameterError, match=r"Observation\.taxon \(a Taxon\).*'name'"):
        Fields(taxon=["nme"]).validate(Observation)
    with pytest.raises(InvalidParameterError, match=r"taxon\.ancestors \(a Taxon\)"):
        Fields(taxon=Fields(ancestors=["rnk"])).validate(Observation)
    with pytest.raises(InvalidParameterError, match=r"^client\.x\(\): User has no field"):
        Fields("logn").validate(User, where="client.x()")


def test_plain_values_take_no_sub_selection() -> None:
    with pytest.raises(InvalidParameterError, match="taxon_id is a plain value"):
        Fields(taxon_id=["name"]).validate(Observation)
    with pytest.raises(InvalidParameterError, match="location is a plain value"):
        Fields(location=["lat"]).validate(Place)


def test_valid_selections_pass() -> None:
    sel = Fields(
        "id",
        "quality_grade",
        "location",
        taxon=Fields("name", "rank", ancestors=["name"], default_photo=["url"]),
        user=ALL,
        photos=["url", "license_code"],
        identifications=Fields("body", taxon=["name"], user=["login"]),
        non_traditional_projects=["anything"],  # a free mapping takes any sub-selection
        geojson=["type", "coordinates"],
    )
    assert sel.validate(Observation) is sel
    ALL.validate(Taxon)
    Fields("name", "rank", "ancestor_ids", "preferred_common_name").validate(Taxon)


def test_unchecked_selections_skip_validation() -> None:
    with pytest.raises(InvalidParameterError):
        Fields("id", taxon=Fields("statuses")).validate(Observation)
    sel = Fields("id", taxon=Fields("statuses").unchecked())
    assert sel.validate(Observation) is sel
    assert sel == Fields("id", taxon=["statuses"])  # the flag does not change what is sent


def test_always_requested_fields() -> None:
    assert always_fields(Observation) == ("id", "uuid")
    assert always_fields(Taxon) == ("id", "uuid")
    assert "id" in always_fields(Place)
    assert DEFAULT_FIELDS is ALL


def test_module_examples_run() -> None:
    failures, tried = doctest.testmod(inatsdk.fields, optionflags=doctest.ELLIPSIS)
    assert tried > 0
    assert failures == 0


# --- the registry and the client's setting --------------------------------------------------------------


def test_registry_has_one_v2_twin_per_method() -> None:
    # one v2 operation per method, but the tile methods, which pick their row by style
    by_style = {"MapsController.tile_v2", "MapsController.utfgrid_v2"}
    twins = [q for e in ENDPOINTS if e.version == "v2" for q in e.qualnames if q not in by_style]
    assert len(twins) == len(set(twins))
    assert endpoint("ObservationsController.search").version == "v1"
    assert endpoint("ObservationsController.search", "v1").path == "/observations"
    assert endpoint("ObservationsController.get", "v2").path == "/observations/{uuid}"
    assert has_endpoint("TaxaController.get", "v2")
    assert not has_endpoint("ObservationsController.create", "v2")
    with pytest.raises(KeyError):
        endpoint("ObservationsController.create", "v2")
    with pytest.raises(KeyError):
        endpoint("NoSuchController.search")


def _is_twin(ep: object) -> bool:
    """A v2 row that a v1 method also calls (with ``api_version="v2"``, ``fields`` or a UUID);
    the v2 rows of their own (``create_v2``, ``client.relationships``...) are not twins."""
    return any(has_endpoint(q, "v1") for q in getattr(ep, "qualnames", ()))


def test_every_v2_twin_has_a_v1_method_and_names_its_endpoint() -> None:
    from inatsdk import controllers

    twins = [e for e in ENDPOINTS if e.version == "v2" and _is_twin(e)]
    assert len(twins) >= 7
    for ep in twins:
        for qualname in ep.qualnames:
            cls_name, method = qualname.split(".")
            doc = getattr(getattr(controllers, cls_name), method).__doc__ or ""
            assert f"GET /v2{ep.path}" in doc, qualname
        assert ep.method == "GET"


def test_api_version_setting() -> None:
    with iNatClient(cache=None, rate_limit=None, credentials=None) as client:
        assert client.settings.api_version == "v1"
        v2 = client.with_options(api_version="v2")
        assert v2.settings.api_version == "v2"
        assert client.settings.api_version == "v1"  # the original is unchanged
        assert v2.with_options(dry_run=True).settings.api_version == "v2"
        with pytest.raises(ValueError, match="api_version"):
            client.with_options(api_version="v3")  # type: ignore[arg-type]
    with iNatClient(cache=None, rate_limit=None, credentials=None, api_version="v2") as client:
        assert client.settings.api_version == "v2"
        assert "fields=all" in repr(client.taxa.search(q="oak"))
        assert "/v2/taxa" in repr(client.taxa.search(q="oak"))


def test_fields_need_a_v2_twin() -> None:
    with iNatClient(cache=None, rate_limit=None, credentials=None) as client:
        paginator = client.taxa.search(q="oak").fields("name")
        assert paginator.selection == Fields("name", "id", "uuid")
        with pytest.raises(InvalidParameterError, match="no v2 twin"):
            client.identifications.search().fields("id")
        with pytest.raises(InvalidParameterError, match="fields is managed"):
            paginator.filter(fields="id")  # type: ignore[call-arg]


def test_every_v2_twin_takes_fields_and_the_post_form() -> None:
    from inatsdk.params.spec import operation

    for ep in ENDPOINTS:
        if ep.version == "v2" and _is_twin(ep):
            op = operation("v2", ep.method, ep.path)
            assert op.param("fields") is not None, ep.qualname
            # /v2/users/autocomplete declares no override: its reads always go as a GET
            if ep.path != "/users/autocomplete":
                assert op.param("X-HTTP-Method-Override") is not None, ep.qualname
