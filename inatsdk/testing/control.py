"""The emulator's HTTP control endpoints, beside the API under ``/_emulator``, so an emulator in
another process (``inat emulator``), or a test written in another language, can be driven as
:class:`~inatsdk.testing.Emulator` is in process. Every body is JSON.

``GET /_emulator/instance``
    ``{"instance": "<hex>", "started_at": <epoch seconds>, "seed": ..., "observations": ...}``.
    ``instance`` is new at every start, reset and reseed; every answer of the emulator carries
    it in the ``X-Emulator-Instance`` header, so a client can tell a cached answer of an older
    world from a fresh one.
``POST /_emulator/reset``
    Back to the seeded state (as :meth:`Emulator.reset <inatsdk.testing.Emulator.reset>`);
    answers the new instance.
``POST /_emulator/seed``
    ``{"observations": 500, "seed": 7}`` (both optional; by default the current ones): a new
    world generated from them, nothing added, faults, tokens and the log cleared; answers the
    new instance.
``GET /_emulator/requests`` / ``DELETE /_emulator/requests``
    The request log, ``{"requests": [{"method", "path", "query", "headers", "body", "status",
    "time", "scope"}, ...]}`` (``body`` as text, undecodable bytes replaced), or clear it (204).
    Control requests are not logged.
``GET /_emulator/faults`` / ``POST /_emulator/faults`` / ``DELETE /_emulator/faults``
    The pending faults ``{"faults": [...]}``; add one (the keywords of
    :class:`~inatsdk.testing.Fault` as JSON, ``body`` as text; 201 with the fault); clear them
    (204).
``POST /_emulator/users``
    ``{"login": "ana", "password": "secret"}``: register an account (as
    :meth:`Emulator.add_user <inatsdk.testing.Emulator.add_user>`); 201 with ``{"id", "login",
    "api_token", "access_token"}``: a JWT for the API and an OAuth access token for
    ``/users/api_token``.
``POST /_emulator/applications``
    ``{"name": "my app", "redirect_uris": ["http://127.0.0.1:8400/callback"]}``: register an OAuth
    application; 201 with ``{"app_id", "app_secret", "name", "redirect_uris"}``.

Under a scoped view's URLs (``/_scope/<name>/_emulator/...``) the log, the faults and a reset's
clearing of them concern that scope only, as the view's methods do. Errors answer
``{"error": <message>}`` with 400 (a bad body), 404 (no such endpoint) or 405.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from inatsdk.testing.faults import Fault
from inatsdk.testing.routes import Reply, json_reply
from inatsdk.testing.rules import is_json_array, is_json_object

if TYPE_CHECKING:
    from inatsdk.testing.server import EmulatorApp, RecordedRequest

__all__ = ["CONTROL_PREFIX", "control", "fault_from_json", "fault_to_json", "request_to_json"]

CONTROL_PREFIX = "/_emulator"


class _BadRequest(ValueError):
    pass


def request_to_json(entry: RecordedRequest) -> dict[str, Any]:
    """One logged request as JSON."""
    return {
        "method": entry.method,
        "path": entry.path,
        "query": dict(entry.query),
        "headers": dict(entry.headers),
        "body": entry.body.decode("utf-8", errors="replace"),
        "status": entry.status,
        "time": entry.time,
        "scope": entry.scope,
    }


def fault_to_json(fault: Fault) -> dict[str, Any]:
    data = attrs.asdict(fault)
    body = fault.body
    data["body"] = body.decode("utf-8", errors="replace") if body is not None else None
    return data


_FAULT_KEYS = frozenset(a.name for a in attrs.fields(Fault))


def fault_from_json(data: Any) -> Fault:
    """A :class:`Fault` from its JSON form (``ValueError`` for a bad one)."""
    if not is_json_object(data):
        raise _BadRequest("a fault is a JSON object")
    unknown = sorted(set(data) - _FAULT_KEYS)
    if unknown:
        raise _BadRequest(f"unknown fault keys: {', '.join(unknown)}")
    kwargs = dict(data)
    body = kwargs.get("body")
    if body is not None:
        if not isinstance(body, str):
            raise _BadRequest("a fault's body is text")
        kwargs["body"] = body.encode()
    for name, kinds in (
        ("status", (int,)),
        ("times", (int, type(None))),
        ("share", (int, float, type(None))),
        ("delay", (int, float)),
        ("retry_after", (int, float, type(None))),
        ("path", (str, type(None))),
        ("method", (str, type(None))),
    ):
        value = kwargs.get(name)
        if name in kwargs and (isinstance(value, bool) or not isinstance(value, kinds)):
            raise _BadRequest(f"bad fault {name}: {value!r}")
    try:
        return Fault(**kwargs)
    except (TypeError, ValueError) as exc:
        raise _BadRequest(str(exc)) from None


def _body(raw: bytes) -> dict[str, Any]:
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise _BadRequest("the body is not valid JSON") from None
    if not is_json_object(data):
        raise _BadRequest("the body must be a JSON object")
    return data


def _count(data: Mapping[str, Any], name: str, default: int, *, least: int = 0) -> int:
    value = data.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise _BadRequest(f"{name} must be an integer of at least {least}")
    return value


def _text(data: Mapping[str, Any], name: str, default: str | None = None) -> str:
    value = data.get(name, default)
    if not isinstance(value, str) or not value:
        raise _BadRequest(f"{name} must be a non-empty string")
    return value


def _instance(app: EmulatorApp) -> Reply:
    return json_reply(app.instance_info())


def _reset(app: EmulatorApp, scope: str | None, body: bytes) -> Reply:
    app.reset(scope)
    return _instance(app)


def _seed(app: EmulatorApp, scope: str | None, body: bytes) -> Reply:
    data = _body(body)
    unknown = sorted(set(data) - {"observations", "seed"})
    if unknown:
        raise _BadRequest(f"unknown keys: {', '.join(unknown)}")
    observations = _count(data, "observations", app.store.observation_count())
    seed = _count(data, "seed", app.store.seed)
    app.reseed(observations=observations, seed=seed)
    return _instance(app)


def _requests(app: EmulatorApp, scope: str | None, method: str) -> Reply:
    if method == "DELETE":
        app.clear_requests(scope)
        return Reply(204, b"")
    return json_reply({"requests": [request_to_json(r) for r in app.requests(scope)]})


def _faults(app: EmulatorApp, scope: str | None, method: str, body: bytes) -> Reply:
    if method == "DELETE":
        app.faults.clear(scope)
        return Reply(204, b"")
    if method == "POST":
        fault = fault_from_json(_body(body))
        app.faults.inject(fault, scope)
        return json_reply(fault_to_json(fault), status=201)
    return json_reply({"faults": [fault_to_json(f) for f in app.faults.pending(scope)]})


def _users(app: EmulatorApp, body: bytes) -> Reply:
    data = _body(body)
    login = _text(data, "login")
    password = _text(data, "password")
    try:
        user_id = app.store.add_user(login)
    except ValueError as exc:
        raise _BadRequest(str(exc)) from None
    app.tokens.set_password(user_id, password)
    return json_reply(
        {
            "id": user_id,
            "login": login,
            "api_token": app.tokens.issue_jwt(user_id, None),
            "access_token": app.tokens.issue_access_token(user_id),
        },
        status=201,
    )


def _applications(app: EmulatorApp, body: bytes) -> Reply:
    data = _body(body)
    name = _text(data, "name", "inatsdk tests")
    uris = data.get("redirect_uris", ["urn:ietf:wg:oauth:2.0:oob"])
    if isinstance(uris, str):
        uris = [uris]
    if not is_json_array(uris) or not uris or not all(isinstance(u, str) and u for u in uris):
        raise _BadRequest("redirect_uris must be a list of strings")
    registered = app.tokens.add_application(name, [str(u) for u in uris])
    return json_reply(
        {
            "app_id": registered.id,
            "app_secret": registered.secret,
            "name": name,
            "redirect_uris": list(uris),
        },
        status=201,
    )


def control(app: EmulatorApp, method: str, path: str, scope: str | None, body: bytes) -> Reply:
    """Answer one control request (``path`` starts with :data:`CONTROL_PREFIX`)."""
    name = path[len(CONTROL_PREFIX) :].strip("/")
    table: dict[str, tuple[frozenset[str], Callable[[], Reply]]] = {
        "instance": (frozenset({"GET"}), lambda: _instance(app)),
        "reset": (frozenset({"POST"}), lambda: _reset(app, scope, body)),
        "seed": (frozenset({"POST"}), lambda: _seed(app, scope, body)),
        "requests": (frozenset({"GET", "DELETE"}), lambda: _requests(app, scope, method)),
        "faults": (
            frozenset({"GET", "POST", "DELETE"}),
            lambda: _faults(app, scope, method, body),
        ),
        "users": (frozenset({"POST"}), lambda: _users(app, body)),
        "applications": (frozenset({"POST"}), lambda: _applications(app, body)),
    }
    entry = table.get(name)
    if entry is None:
        return json_reply({"error": f"no control endpoint {path}"}, status=404)
    methods, handler = entry
    if method not in methods:
        reply = json_reply({"error": f"{method} is not allowed on {path}"}, status=405)
        return attrs.evolve(reply, headers=(("Allow", ", ".join(sorted(methods))),))
    try:
        return handler()
    except _BadRequest as exc:
        return json_reply({"error": str(exc)}, status=400)
