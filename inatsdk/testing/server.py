"""The emulator's HTTP side: the WSGI app, the request log, faults, the throttle, and
:class:`Emulator`, which serves the app from a real threaded server on loopback.

One request goes: log its arrival -> a fault, if one fires (``delay`` waits; ``drop`` closes the
connection; ``status`` answers the error; ``truncate`` is applied to the answer) -> the throttle
(per client address) -> routing -> validation against the spec -> the handler. Every request is
logged with the status it was answered (0 when its connection was dropped).
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

import attrs
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request

from inatsdk.testing.auth import TokenIssuer
from inatsdk.testing.faults import Fault, FaultPlan
from inatsdk.testing.routes import Reply, RequestContext, Route, Router, build_router
from inatsdk.testing.rules import ApiError, error_body
from inatsdk.testing.store import Store
from inatsdk.testing.throttle import SlidingWindowThrottle

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

__all__ = ["Emulator", "EmulatorApp", "RecordedRequest", "serve_forever"]


@attrs.frozen
class RecordedRequest:
    """One request the emulator received, and the status it answered (0: dropped)."""

    method: str
    path: str
    query: dict[str, str]
    """As sent; a repeated name's values are joined with commas."""
    headers: dict[str, str]
    body: bytes
    status: int
    time: float
    """When it arrived (``time.time()``)."""


class _QuietHandler(WSGIRequestHandler):
    """No access log on stderr (the emulator keeps its own log)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None

    def log(self, type: str, message: str, *args: Any) -> None:
        if type == "error":
            super().log(type, message, *args)


class _Drop(ConnectionAbortedError):
    """Raised inside the app to make werkzeug abandon the connection without an answer."""


def _format_seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class EmulatorApp:
    """The WSGI application; :class:`Emulator` wires and serves it."""

    def __init__(
        self,
        *,
        store: Store,
        tokens: TokenIssuer,
        faults: FaultPlan,
        throttle: SlidingWindowThrottle | None,
        router: Router | None = None,
    ) -> None:
        self.store = store
        self.tokens = tokens
        self.faults = faults
        self.throttle = throttle
        self.router = router if router is not None else build_router()
        self._log: list[RecordedRequest] = []
        self._log_lock = threading.Lock()

    # --- the log -------------------------------------------------------------------------------

    def requests(self) -> list[RecordedRequest]:
        with self._log_lock:
            return list(self._log)

    def clear_requests(self) -> None:
        with self._log_lock:
            self._log.clear()

    def _record(
        self, request: Request, query: dict[str, str], body: bytes, status: int, when: float
    ) -> None:
        entry = RecordedRequest(
            method=request.method,
            path=request.path,
            query=query,
            headers=dict(request.headers.items()),
            body=body,
            status=status,
            time=when,
        )
        with self._log_lock:
            self._log.append(entry)

    # --- WSGI ----------------------------------------------------------------------------------

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        when = time.time()
        request = Request(environ)
        body = request.get_data(cache=False)
        query = {k: ",".join(request.args.getlist(k)) for k in request.args}
        method, path = request.method, request.path

        fault = self.faults.take(method, path)
        if fault is not None and fault.delay > 0:
            time.sleep(fault.delay)
        if fault is not None and fault.kind == "drop":
            self._record(request, query, body, 0, when)
            self._abort_connection(environ)
            raise _Drop("connection dropped by an injected fault")
        if fault is not None and fault.kind == "status":
            reply = self._fault_reply(fault, path)
        elif self.throttle is not None and not self.throttle.allow(request.remote_addr or "-"):
            reply = Reply(429, json.dumps({"error": "Too Many Requests", "status": 429}).encode())
        else:
            reply = self._dispatch(request, query, body)

        self._record(request, query, body, reply.status, when)
        headers = [("Content-Type", reply.content_type), *reply.headers]
        payload = reply.body
        if fault is not None and fault.kind == "truncate":
            headers.append(("Content-Length", str(len(payload) + max(16, len(payload)))))
            start_response(_status_line(reply.status), headers)
            return self._truncated(environ, payload[: len(payload) // 2])
        headers.append(("Content-Length", str(len(payload))))
        start_response(_status_line(reply.status), headers)
        return [payload]

    def _fault_reply(self, fault: Fault, path: str) -> Reply:
        headers: tuple[tuple[str, str], ...] = ()
        if fault.retry_after is not None:
            headers = (("Retry-After", _format_seconds(fault.retry_after)),)
        if fault.body is not None:
            stripped = fault.body.lstrip()
            content_type = (
                "application/json; charset=utf-8"
                if stripped[:1] in (b"{", b"[")
                else "text/html; charset=utf-8"
            )
            return Reply(fault.status, fault.body, content_type=content_type, headers=headers)
        return Reply(fault.status, error_body(path, fault.status), headers=headers)

    @staticmethod
    def _abort_connection(environ: WSGIEnvironment) -> None:
        sock = environ.get("werkzeug.socket")
        if isinstance(sock, socket.socket):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _truncated(self, environ: WSGIEnvironment, part: bytes) -> Iterator[bytes]:
        if part:
            yield part
        # the announced length is never reached: close so the client sees the body end early
        self._abort_connection(environ)

    def _dispatch(self, request: Request, query: dict[str, str], body: bytes) -> Reply:
        path = request.path
        matched = self.router.match(request.method, path)
        try:
            if matched is None:
                raise ApiError(404, self._not_found_message(request.method, path))
            route, path_params = matched
            self._validate(route, request.method, path, query)
            ctx = RequestContext(
                method=request.method,
                path=path,
                version=route.version,
                query=query,
                path_params=path_params,
                headers=dict(request.headers.items()),
                body=body,
                store=self.store,
                tokens=self.tokens,
            )
            return route.handler(ctx)
        except ApiError as exc:
            return Reply(exc.status, error_body(path, exc.status, exc.message), headers=exc.headers)
        except Exception as exc:  # a bug in the emulator: answer 500 like a server would
            return Reply(500, error_body(path, 500, f"emulator error: {type(exc).__name__}: {exc}"))

    @staticmethod
    def _not_found_message(method: str, path: str) -> str:
        for version in ("v1", "v2"):
            if path == f"/{version}" or path.startswith(f"/{version}/"):
                from inatsdk.params.spec import match_route

                if match_route(version, method, path) is not None:
                    return f"{method} {path} is not implemented by the emulator"
        return "Not Found"

    @staticmethod
    def _validate(route: Route, method: str, path: str, query: dict[str, str]) -> None:
        """Reject what the spec does not allow: unknown parameters, values outside an enum,
        non-numbers where numbers are declared."""
        if route.version not in ("v1", "v2"):
            return
        from inatsdk.params.spec import match_route, suggest

        matched = match_route(route.version, method, path)
        if matched is None:
            return
        op, _ = matched
        if not op.parameters_known:
            return
        allowed = op.query_names() | route.extra_params
        for name in query:
            if name not in allowed:
                hint = suggest(name, allowed)
                raise ApiError(
                    422,
                    f"Unknown parameter: {name}" + (f" (did you mean {hint}?)" if hint else ""),
                )
        for name, raw in query.items():
            param = op.param(name)
            if param is None or param.location != "query" or not raw.strip():
                continue
            values = (
                [v.strip() for v in raw.split(",")]
                if (param.is_multi or param.enum)
                else [raw.strip()]
            )
            kind = param.item_type if param.is_multi else param.type
            for value in values:
                if not value:
                    continue
                if param.enum and value not in param.enum:
                    raise ApiError(
                        422,
                        f"Invalid value for {name}: {value!r} (expected one of "
                        f"{', '.join(param.enum)})",
                    )
                _check_type(name, kind, value)


def _check_type(name: str, kind: str | None, value: str) -> None:
    if kind == "integer":
        try:
            int(value)
        except ValueError:
            raise ApiError(422, f"{name} must be an integer, not {value!r}") from None
    elif kind == "number":
        try:
            float(value)
        except ValueError:
            raise ApiError(422, f"{name} must be a number, not {value!r}") from None
    elif kind == "boolean" and value.lower() not in ("true", "false", "any"):
        raise ApiError(422, f"{name} must be true or false, not {value!r}")


def _status_line(status: int) -> str:
    from http import HTTPStatus

    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    return f"{status} {phrase}"


class Emulator:
    """A real HTTP server on loopback that speaks the iNaturalist API.

    ``with Emulator() as emu:`` starts it; point a client at ``api_url`` (``/v1/...``) and
    ``web_url`` (``/users/api_token``, OAuth). It serves from a daemon thread and answers
    requests concurrently.

    Parameters:
        observations: how many observations to seed (taxa, places and users are fixed).
        seed: the generator's seed; the same seed gives the same records.
        throttle: ``(limit, period_seconds)``: each client address gets at most ``limit``
            requests per sliding ``period``, then 429 (no ``Retry-After``); ``None``: no limit.
        jwt_lifetime: seconds a JWT from ``/users/api_token`` or :meth:`issue_jwt` lives.
        host: the address to listen on.
        port: the port; 0 picks a free one.
    """

    def __init__(
        self,
        *,
        observations: int = 2000,
        seed: int = 0,
        throttle: tuple[int, float] | None = None,
        jwt_lifetime: float = 86400,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.seed = seed
        self.host = host
        self._requested_port = port
        self.store = Store(observations=observations, seed=seed)
        self.tokens = TokenIssuer(jwt_lifetime=jwt_lifetime)
        self._faults = FaultPlan(seed)
        self._throttle = SlidingWindowThrottle(*throttle) if throttle is not None else None
        self.app = EmulatorApp(
            store=self.store, tokens=self.tokens, faults=self._faults, throttle=self._throttle
        )
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self._lifecycle = threading.Lock()

    # --- lifecycle -----------------------------------------------------------------------------

    def start(self) -> Emulator:
        """Start serving (idempotent); returns the emulator."""
        with self._lifecycle:
            if self._server is not None:
                return self
            server = make_server(
                self.host,
                self._requested_port,
                self.app,
                threaded=True,
                request_handler=_QuietHandler,
            )
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"inatsdk-emulator:{server.server_port}",
                daemon=True,
            )
            thread.start()
            self._server, self._thread = server, thread
        return self

    def stop(self) -> None:
        """Stop serving and free the port (idempotent)."""
        with self._lifecycle:
            server, thread = self._server, self._thread
            self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError(
                "the emulator is not running: call start() or use it in a with block"
            )
        return int(self._server.server_port)

    @property
    def api_url(self) -> str:
        """``http://127.0.0.1:PORT``; the API lives under ``/v1`` and ``/v2`` there."""
        host = self.host if ":" not in self.host else f"[{self.host}]"
        return f"http://{host}:{self.port}"

    @property
    def web_url(self) -> str:
        """The same server, standing in for ``https://www.inaturalist.org``."""
        return self.api_url

    def __repr__(self) -> str:
        where = self.api_url if self.running else "stopped"
        return f"<Emulator {where} seed={self.seed} observations={self.store.observation_count()}>"

    # --- state ---------------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received since the last reset or :meth:`clear_requests` (a copy)."""
        return self.app.requests()

    def clear_requests(self) -> None:
        self.app.clear_requests()

    def reset(self) -> None:
        """Back to the seeded state: added records and users, faults, throttle counts, OAuth
        applications, codes and tokens, the signed-in browser user and the request log are all
        cleared."""
        self.store.reset()
        self._faults.clear()
        if self._throttle is not None:
            self._throttle.reset()
        self.tokens.reset()
        self.app.clear_requests()

    def inject(self, fault: Fault) -> None:
        """Apply ``fault`` to the next matching requests (see :class:`Fault`)."""
        self._faults.inject(fault)

    def clear_faults(self) -> None:
        self._faults.clear()

    @property
    def faults(self) -> list[Fault]:
        """Injected faults that can still fire."""
        return self._faults.pending()

    # --- auth ----------------------------------------------------------------------------------

    def issue_jwt(self, user_id: int, lifetime: float | None = None) -> str:
        """An API token (HS512 JWT, claims ``user_id`` and ``exp``) for ``user_id``, valid for
        ``lifetime`` seconds (default ``jwt_lifetime``; 0 or less: already expired)."""
        return self.tokens.issue_jwt(user_id, lifetime)

    def issue_access_token(self, user_id: int) -> str:
        """An OAuth access token for ``user_id``: ``GET {web_url}/users/api_token`` with
        ``Authorization: Bearer <it>`` answers ``{"api_token": <JWT>}``."""
        if not self.store.has_user(user_id):
            raise ValueError(f"no user {user_id} in the emulator")
        return self.tokens.issue_access_token(user_id)

    def add_user(self, login: str, password: str) -> int:
        """Register an account that can log in with ``login`` and ``password`` (password
        grant, or the form of ``/oauth/authorize``); returns its user id.

        A seeded user's login gives that user the password (to act as the owner of seeded
        records); a new login creates a user with no records. Both last until :meth:`reset`.
        """
        if not password:
            raise ValueError("the password must not be empty")
        user_id = self.store.add_user(login)
        self.tokens.set_password(user_id, password)
        return user_id

    def add_application(
        self,
        name: str = "inatsdk tests",
        *,
        redirect_uris: Sequence[str] = ("urn:ietf:wg:oauth:2.0:oob",),
    ) -> tuple[str, str]:
        """Register an OAuth application; returns ``(app_id, app_secret)``.

        ``redirect_uris`` are those ``/oauth/authorize`` accepts, compared exactly (for a
        loopback redirect, include the port: ``"http://127.0.0.1:8400/callback"``). Lasts
        until :meth:`reset`.
        """
        uris = [redirect_uris] if isinstance(redirect_uris, str) else list(redirect_uris)
        app = self.tokens.add_application(name, uris)
        return app.id, app.secret

    def authorize_as(self, login: str | None) -> int | None:
        """Sign ``login`` in to the emulated website, as a browser with a session would be:
        ``GET /oauth/authorize`` then approves at once for that user and redirects with a
        code. ``None`` signs out (the endpoint then answers its login form). A test hook: the
        real site asks the user in a browser. Returns the user id (``None`` when signing out).
        """
        if login is None:
            self.tokens.sign_in_browser(None)
            return None
        user_id = self.store.user_id(login)
        if user_id is None:
            raise ValueError(f"no user {login!r} in the emulator (add one with add_user)")
        self.tokens.sign_in_browser(user_id)
        return user_id


def serve_forever(
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    observations: int = 2000,
    seed: int = 0,
    throttle: tuple[int, float] | None = None,
    jwt_lifetime: float = 86400,
    ready: Callable[[Emulator], object] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Serve an emulator in the foreground until Ctrl-C (or ``stop`` is set), for
    ``inat emulator``.

    ``ready``, if given, is called with the running :class:`Emulator` (to print its URLs).
    """
    emu = Emulator(
        observations=observations,
        seed=seed,
        throttle=throttle,
        jwt_lifetime=jwt_lifetime,
        host=host,
        port=port,
    )
    stop = stop if stop is not None else threading.Event()
    with emu:
        if ready is not None:
            ready(emu)
        try:
            while not stop.wait(0.25):
                pass
        except KeyboardInterrupt:
            pass
