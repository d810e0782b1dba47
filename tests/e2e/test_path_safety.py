"""Nothing a caller passes can change a URL's path or query: every operation with a path
placeholder, tried as an attacker would, refuses before sending.

The operations come from the table (``inatsdk.endpoints.ENDPOINTS``), so an operation added
later is tried too; the emulator's log (this test's own) proves nothing was sent.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest

from inatsdk import Credentials, InvalidParameterError, iNatClient
from inatsdk.endpoints import ENDPOINTS, Operation
from inatsdk.models.base import BaseModel
from inatsdk.testing import Emulator

from .conftest import make_client

#: What an attacker tries where an id, a UUID or a name belongs.
HOSTILE: tuple[object, ...] = (
    "..",
    "../x",
    "../observations/123",
    "a?b=c",
    "a#b",
    "%2e%2e",
    "a/b",
    ".",
    "",
    " ",
    -5,
    0,
    "0",
    "-5",
    True,
    1.5,
    None,
)

#: Valid values for the arguments that are not under attack.
OTHERS: dict[str, object] = {
    "vote": "up",
    "metric": "wild",
    "observation": 1,
    "style": "grid",
    "zoom": 1,
    "x": 0,
    "y": 0,
}

_PLACEHOLDER = re.compile(r"\{([^{}/]+)\}")


def _controller_of(client: iNatClient, qualname: str) -> Any:
    """The client attribute that holds ``qualname``'s controller (``client.taxa``)."""
    import functools

    owner, _ = qualname.split(".")
    for name, prop in vars(iNatClient).items():
        cached = isinstance(prop, functools.cached_property)
        if cached and prop.func.__annotations__.get("return") == owner:
            return getattr(client, name)
    raise LookupError(owner)


def _cases() -> Iterator[tuple[str, str]]:
    """(qualname, the argument under attack) for every method of an operation with a path
    placeholder."""
    seen: set[tuple[str, str]] = set()
    for op in ENDPOINTS:
        if not _PLACEHOLDER.search(op.path):
            continue
        for qualname in op.qualnames:
            from inatsdk import controllers

            owner, name = qualname.split(".")
            method = getattr(getattr(controllers, owner), name)
            positional = [
                p.name
                for p in inspect.signature(method).parameters.values()
                if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD and p.name != "self"
            ]
            first = [p for p in positional if p != "style"][:1]
            coords = [p for p in positional if p in ("zoom", "x", "y")]
            for argument in dict.fromkeys(first + coords):
                if (qualname, argument) not in seen:
                    seen.add((qualname, argument))
                    yield qualname, argument


CASES = sorted(_cases())


def _model_class(method: Callable[..., object], argument: str) -> type[BaseModel] | None:
    """The model a save method takes (``save(comment: Comment)``), if that is all it takes."""
    import inatsdk.models

    hint = inspect.signature(method).parameters[argument].annotation
    found = getattr(inatsdk.models, str(hint), None)
    if isinstance(found, type) and issubclass(found, BaseModel):
        return found
    return None


def _refusal(method: Callable[..., object], args: list[object]) -> InvalidParameterError | None:
    """The refusal a call raises, or None when it went through."""
    try:
        method(*args)
    except InvalidParameterError as refused:
        return refused
    return None


@pytest.fixture
def signed_in(emulator: Emulator) -> Iterator[iNatClient]:
    token = emulator.issue_jwt(emulator.store.user_ids()[0])
    with make_client(emulator, credentials=Credentials(api_token=token)) as client:
        yield client


def test_every_operation_with_a_path_placeholder_is_tried() -> None:
    tried = {qualname for qualname, _ in CASES}
    expected = {q for op in ENDPOINTS if _PLACEHOLDER.search(op.path) for q in op.qualnames}
    assert tried == expected
    assert len(tried) > 60


@pytest.mark.parametrize(("qualname", "argument"), CASES)
def test_hostile_path_values_are_refused_before_sending(
    qualname: str, argument: str, emulator: Emulator, signed_in: iNatClient
) -> None:
    controller = _controller_of(signed_in, qualname)
    method = getattr(controller, qualname.split(".")[1])
    model = _model_class(getattr(type(controller), qualname.split(".")[1]), argument)
    positional = [
        p.name
        for p in inspect.signature(method).parameters.values()
        if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    ]
    hostile = HOSTILE
    if argument in ("zoom", "x", "y"):  # 0 is a tile coordinate; negatives and text are not
        hostile = tuple(v for v in HOSTILE if v not in (0, "0"))
    for value in hostile:
        target: object = value
        if model is not None:
            if value is None:  # a model without an id is new: saving it creates it
                continue
            target = attrs.evolve(model(), id=value)  # type: ignore[call-arg]
        args = [target if name == argument else OTHERS.get(name, 1) for name in positional]
        if argument in ("zoom", "x", "y") and positional[0] == "place_id":
            args[0] = 1
        refused = _refusal(method, args)
        assert refused is not None, f"{qualname}({argument}={value!r}) was not refused"
        message = str(refused)
        assert "nothing was sent" in message or argument in message, (value, message)
    assert emulator.requests == [], [r.path for r in emulator.requests]


GET_MANY = sorted(
    {q for op in ENDPOINTS for q in op.qualnames if q.endswith((".get_many", ".membership"))}
)


@pytest.mark.parametrize("qualname", GET_MANY)
def test_batch_lookups_refuse_a_string_or_none(
    qualname: str, emulator: Emulator, signed_in: iNatClient
) -> None:
    method = getattr(_controller_of(signed_in, qualname), qualname.split(".")[1])
    for value in ("123", None, b"12", [1, "../x"], [1, -5], [0]):
        with pytest.raises(InvalidParameterError):
            method(value)
    assert emulator.requests == []


def test_the_attacks_of_the_issue(emulator: Emulator, signed_in: iNatClient) -> None:
    """The four the request-pipeline issue names, word for word."""
    with pytest.raises(InvalidParameterError, match="annotation"):
        signed_in.annotations.delete("../observations/123")
    with pytest.raises(InvalidParameterError, match="user"):
        signed_in.users.get("..")
    with pytest.raises(InvalidParameterError, match="taxon_id"):
        signed_in.taxa.get("-5")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="taxon_ids"):
        signed_in.taxa.get_many("123")  # type: ignore[arg-type]
    assert emulator.requests == []


def test_legitimate_keys_still_work(emulator: Emulator, signed_in: iNatClient) -> None:
    """The checks refuse what is unsafe, not what the API takes: ids as strings of digits,
    logins, slugs, UUIDs."""
    user_id = emulator.store.user_ids()[0]
    user = signed_in.users.get(str(user_id))
    assert user.id == user_id
    assert user.login is not None
    assert signed_in.users.get(user.login).id == user_id
    taxa = signed_in.taxa.get_many(["3", 3])  # type: ignore[list-item]
    assert [t.id for t in taxa] == [3]
    assert all(r.path.startswith("/v1/") for r in emulator.requests)


def test_operations_declare_what_their_placeholders_take() -> None:
    """Every placeholder resolves to a kind the filler knows."""
    from inatsdk.requester import fill_path

    op: Operation[BaseModel]
    for op in ENDPOINTS:
        values: dict[str, object] = {}
        for name in _PLACEHOLDER.findall(op.path):
            values[name] = "wild" if name == "metric" else 1
            if name == "uuid" and op.path_kind(name) is None:
                values[name] = "6444ede0-9831-47bd-8c3b-ee32e08cbfe4"
        filled = fill_path(op, values)  # type: ignore[arg-type]
        assert "{" not in filled, op
