"""Controlled terms, messages, posts and site search results: the models lose nothing of the
recorded responses, nested records are typed, and the emulator answers in the same shape.

The round trip uses the rules of ``test_models_lossless.py`` (its checker is reused).
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from inatsdk.models import (
    BaseModel,
    ControlledTerm,
    Message,
    Place,
    PlaceSearchResult,
    Post,
    PostParent,
    Project,
    ProjectSearchResult,
    SearchResult,
    Taxon,
    TaxonSearchResult,
    User,
    UserSearchResult,
)
from inatsdk.testing import Emulator
from tests.contract.test_models_lossless import _check, _records
from tests.shared_data import load_response, requires_shared

pytestmark = [requires_shared, pytest.mark.shared]

FILES: list[tuple[str, type[BaseModel]]] = [
    ("v1/get_controlled_terms.json", ControlledTerm),
    ("v1/get_controlled_terms_for_taxon.json", ControlledTerm),
    ("v1/get_messages.json", Message),
    ("v1/get_posts_login.json", Post),
    ("v1/get_posts_project.json", Post),
    ("v1/get_search.json", SearchResult),
]


@pytest.mark.parametrize(("relpath", "model"), FILES, ids=[f for f, _ in FILES])
def test_records_round_trip(relpath: str, model: type[BaseModel]) -> None:
    records = _records(load_response(relpath))
    assert records
    assert _check(model, records, relpath) == len(records)


def test_search_results_are_typed_by_kind() -> None:
    kinds = {
        "Taxon": (TaxonSearchResult, Taxon),
        "Place": (PlaceSearchResult, Place),
        "Project": (ProjectSearchResult, Project),
        "User": (UserSearchResult, User),
    }
    seen = set()
    for record in _records(load_response("v1/get_search.json")):
        result = SearchResult.from_json(record)
        result_class, record_class = kinds[record["type"]]
        assert type(result) is result_class
        assert isinstance(result.record, record_class)
        assert result.record is not None and result.record.id == record["record"]["id"]
        typed = [result.taxon, result.place, result.project, result.user]
        assert [x for x in typed if x is not None] == [result.record]
        seen.add(record["type"])
    assert seen == set(kinds)


def test_unknown_search_kind_keeps_its_record() -> None:
    raw = {"type": "Guide", "score": 1.5, "record": {"id": 7, "title": "A guide"}}
    result = SearchResult.from_json(raw)
    assert type(result) is SearchResult
    assert result.record is None and result.taxon is None
    assert result.extra == {"record": {"id": 7, "title": "A guide"}}
    assert result.to_json() == raw


def test_nested_records_are_models() -> None:
    post = Post.from_json(_records(load_response("v1/get_posts_project.json"))[0])
    assert isinstance(post.user, User) and isinstance(post.parent, PostParent)
    assert post.parent.title and post.published_at is not None
    assert post.published_at.tzinfo is not None
    message = Message.from_json(_records(load_response("v1/get_messages.json"))[0])
    assert isinstance(message.from_user, User) and isinstance(message.to_user, User)
    assert message.read_at is not None and message.read_at.tzinfo is not None
    term = ControlledTerm.from_json(_records(load_response("v1/get_controlled_terms.json"))[0])
    assert term.values and all(isinstance(v, ControlledTerm) for v in term.values)


# ---------------------------------------------------------------------------------------------
# The emulator's shape
# ---------------------------------------------------------------------------------------------


def _type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def _paths(
    value: Any, path: str = "", out: dict[str, set[str]] | None = None
) -> dict[str, set[str]]:
    """Every key path (list items are ``[]``) with the JSON types seen there."""
    out = {} if out is None else out
    if isinstance(value, dict):
        for key, item in value.items():
            _paths(item, f"{path}.{key}", out)
    elif isinstance(value, list):
        for item in value:
            _paths(item, f"{path}[]", out)
    else:
        out.setdefault(path, set()).add(_type(value))
    return out


def _shape(records: list[Any]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for record in records:
        _paths(record, "", out)
    return out


#: Keys the emulator's users carry that the recorded message users do not (some real users
#: have them; see test_emulator_shape.OPTIONAL_KEYS).
_USER_EXTRAS = {"annotated_observations_count"}


def _compare(real: dict[str, set[str]], emulated: dict[str, set[str]], optional: set[str]) -> None:
    missing = sorted(p for p in real if p not in emulated)
    assert not missing, f"the emulator lacks {missing}"
    extra = sorted(p for p in emulated if p not in real and p.rsplit(".", 1)[-1] not in optional)
    assert not extra, f"the real records lack {extra}"
    for path, types in emulated.items():
        known = real.get(path, set()) - {"null"}
        if known and not types - {"null"} <= known:
            raise AssertionError(f"{path}: emulator {types}, real {known}")


@pytest.fixture(scope="module")
def served(emulator_session: Emulator) -> dict[str, list[Any]]:
    emu = emulator_session
    emu.reset()
    me = emu.store.world.users[0].id
    headers = {"Authorization": emu.issue_jwt(me)}

    def get(path: str, **params: Any) -> Any:
        response = requests.get(emu.api_url + path, params=params, headers=headers, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    project = next(iter(emu.store.post_projects()))
    author = max(emu.store.world.users, key=lambda u: u.journal_posts_count).login
    return {
        "terms": get("/v1/controlled_terms")["results"]
        + get("/v1/controlled_terms/for_taxon", taxon_id=3)["results"],
        "messages": get("/v1/messages", box="any")["results"],
        "posts": get("/v1/posts", project_id=project) + get("/v1/posts", login=author),
        "search": [
            result
            for sources in ("taxa", "places", "projects", "users")
            for result in get("/v1/search", q="a", sources=sources, per_page=20)["results"]
        ],
    }


def test_emulated_posts_have_the_real_shape(served: dict[str, list[Any]]) -> None:
    real = _records(load_response("v1/get_posts_login.json")) + _records(
        load_response("v1/get_posts_project.json")
    )
    _compare(_shape(real), _shape(served["posts"]), optional={"name", "title"})


def test_emulated_messages_have_the_real_shape(served: dict[str, list[Any]]) -> None:
    real = _records(load_response("v1/get_messages.json"))
    _compare(_shape(real), _shape(served["messages"]), optional=_USER_EXTRAS | {"roles[]"})


def test_emulated_terms_have_the_real_shape(served: dict[str, list[Any]]) -> None:
    real = _records(load_response("v1/get_controlled_terms.json")) + _records(
        load_response("v1/get_controlled_terms_for_taxon.json")
    )
    _compare(_shape(real), _shape(served["terms"]), optional=set())


def test_emulated_search_results_have_the_real_shape(served: dict[str, list[Any]]) -> None:
    real = _records(load_response("v1/get_search.json"))
    outer = {p: t for p, t in _shape(real).items() if not p.startswith(".record.")}
    mine = {p: t for p, t in _shape(served["search"]).items() if not p.startswith(".record.")}
    _compare(outer, mine, optional=set())
    assert {r["type"] for r in served["search"]} == {"Taxon", "Place", "Project", "User"}
    for result in served["search"]:
        parsed = SearchResult.from_json(result)
        assert parsed.record is not None and parsed.record.id == result["record"]["id"]
