"""The emulator's HTTP side: the WSGI app, the request log, faults, the throttle, and
:class:`Emulator`, which serves the app from a real threaded server on loopback.

One request goes: its scope, if its path starts with ``/_scope/<name>`` (the prefix is moved to
``SCRIPT_NAME``, as a mounted WSGI app sees it) -> a fault, if one fires for that scope
(``delay`` waits; ``drop`` closes the connection; ``status`` answers the error; ``truncate`` is
applied to the answer) -> 410 if the scope was ended meanwhile -> the throttle (per client
address) -> routing -> validation against the spec -> the handler. Every request is logged, with
its scope and the status it was answered (0 when its connection was dropped).
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
import re
import secrets
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
from inatsdk.testing.control import CONTROL_PREFIX, control
from inatsdk.testing.faults import Fault, FaultPlan
from inatsdk.testing.records import ORIGIN
from inatsdk.testing.routes import Reply, RequestContext, Router, build_router
from inatsdk.testing.rules import ApiError, error_body
from inatsdk.testing.store import Store
from inatsdk.testing.throttle import SlidingWindowThrottle
from inatsdk.testing.validation import validate_query

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    from inatsdk.client import iNatClient

__all__ = [
    "INSTANCE_HEADER",
    "Emulator",
    "EmulatorApp",
    "RecordedRequest",
    "serve_forever",
    "validate_query",
]


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
    scope: str | None = None
    """The scope whose URLs it was sent to (see :meth:`Emulator.scoped`); None: the emulator's
    own URLs. ``path`` never includes the ``/_scope/<name>`` prefix."""


class _QuietHandler(WSGIRequestHandler):
    """No access log on stderr (the emulator keeps its own log)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None

    def log(self, type: str, message: str, *args: Any) -> None:
        if type == "error":
            super().log(type, message, *args)


class _Drop(ConnectionAbortedError):
    """Raised inside the app to make werkzeug abandon the connection without an answer."""


_ORIGIN = ORIGIN.encode()

INSTANCE_HEADER = "X-Emulator-Instance"
"""The header of every answer that names the emulator's current instance (new at every start,
reset and reseed; see ``GET /_emulator/instance``)."""

SCOPE_PREFIX = "/_scope/"
"""URLs under ``/_scope/<name>`` reach the API as the emulator's own do, logged under ``name``."""
_SCOPE_NAME = re.compile(r"[A-Za-z0-9._~-]{1,100}")


def _split_scope(path: str) -> tuple[str | None, str]:
    """``("name", "/v1/taxa")`` for ``/_scope/name/v1/taxa``; ``(None, path)`` otherwise."""
    if not path.startswith(SCOPE_PREFIX):
        return None, path
    name, slash, rest = path[len(SCOPE_PREFIX) :].partition("/")
    if not _SCOPE_NAME.fullmatch(name):
        return None, path
    return name, slash + rest if slash else "/"


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
        self._ended_scopes: set[str] = set()
        self._scope_numbers = itertools.count(1)
        self.instance = ""
        self.started_at = 0.0
        self.renew_instance()

    # --- identity and state ------------------------------------------------------------------

    def renew_instance(self) -> str:
        """A new random instance id (at every start, reset and reseed): every answer carries it
        in ``X-Emulator-Instance``."""
        self.instance = secrets.token_hex(8)
        self.started_at = time.time()
        return self.instance

    def instance_info(self) -> dict[str, Any]:
        """What ``GET /_emulator/instance`` answers."""
        return {
            "instance": self.instance,
            "started_at": self.started_at,
            "seed": self.store.seed,
            "observations": self.store.observation_count(),
        }

    def reset(self, scope: str | None = None) -> None:
        """The world back to its seeded state (records, users, tokens, OAuth applications,
        throttle counts) and a new instance id; the faults and the log of ``scope`` (``None``:
        all of them) cleared."""
        self.store.reset()
        self.faults.clear(scope)
        if self.throttle is not None:
            self.throttle.reset()
        self.tokens.reset()
        self.clear_requests(scope)
        self.renew_instance()

    def reseed(self, *, observations: int, seed: int) -> None:
        """A new world generated from ``seed`` with ``observations`` observations; everything
        :meth:`reset` clears is cleared too, in every scope."""
        self.store.reseed(observations=observations, seed=seed)
        self.faults.reseed(seed)
        self.reset(None)

    # --- the log -------------------------------------------------------------------------------

    def requests(self, scope: str | None = None) -> list[RecordedRequest]:
        """The log in arrival order: every request (``scope=None``), or only those sent to
        ``scope``'s URLs."""
        with self._log_lock:
            if scope is None:
                return list(self._log)
            return [r for r in self._log if r.scope == scope]

    def clear_requests(self, scope: str | None = None) -> None:
        """Forget every logged request (``scope=None``), or only ``scope``'s."""
        with self._log_lock:
            if scope is None:
                self._log.clear()
            else:
                self._log = [r for r in self._log if r.scope != scope]

    def _record(
        self,
        request: Request,
        scope: str | None,
        query: dict[str, str],
        body: bytes,
        status: int,
        when: float,
    ) -> None:
        entry = RecordedRequest(
            method=request.method,
            path=request.path,
            query=query,
            headers=dict(request.headers.items()),
            body=body,
            status=status,
            time=when,
            scope=scope,
        )
        with self._log_lock:
            self._log.append(entry)

    # --- scopes --------------------------------------------------------------------------------

    def new_scope(self, name: str = "scope") -> str:
        """A scope name never handed out before by this app: ``"<n>-<name>"``, with the
        characters a URL segment cannot hold replaced and the whole kept short."""
        cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:48].strip("_.-") or "scope"
        return f"{next(self._scope_numbers)}-{cleaned}"

    def end_scope(self, scope: str) -> None:
        """From now on, requests to ``scope``'s URLs are answered 410 without reaching the API
        (and are still logged under ``scope``)."""
        with self._log_lock:
            self._ended_scopes.add(scope)

    def scope_ended(self, scope: str | None) -> bool:
        if scope is None:
            return False
        with self._log_lock:
            return scope in self._ended_scopes

    # --- WSGI ----------------------------------------------------------------------------------

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        when = time.time()
        scope, inner = _split_scope(str(environ.get("PATH_INFO") or "/"))
        if scope is not None:
            # mounted under the prefix, as WSGI does it: request.path is the API's own path
            environ["SCRIPT_NAME"] = f"{environ.get('SCRIPT_NAME', '')}{SCOPE_PREFIX}{scope}"
            environ["PATH_INFO"] = inner
        request = Request(environ)
        body = request.get_data(cache=False)
        query = {k: ",".join(request.args.getlist(k)) for k in request.args}
        method, path = request.method, request.path
        if path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/"):
            reply = control(self, method, path, scope, body)
            return self._respond(start_response, reply, reply.body)

        fault = None if self.scope_ended(scope) else self.faults.take(method, path, scope)
        if fault is not None and fault.delay > 0:
            time.sleep(fault.delay)
        if self.scope_ended(scope):
            # Sent by a test that has ended (a timed-out or abandoned request, arriving or
            # waking late): it must not touch the world the next test sees.
            fault = None
            message = f"the emulator scope {scope!r} has ended; nothing was done"
            reply = Reply(410, error_body(path, 410, message))
        elif fault is not None and fault.kind == "drop":
            self._record(request, scope, query, body, 0, when)
            self._abort_connection(environ)
            raise _Drop("connection dropped by an injected fault")
        elif fault is not None and fault.kind == "status":
            reply = self._fault_reply(fault, path)
        elif self.throttle is not None and not self.throttle.allow(request.remote_addr or "-"):
            reply = Reply(429, json.dumps({"error": "Too Many Requests", "status": 429}).encode())
        else:
            reply = self._dispatch(request, query, body)

        self._record(request, scope, query, body, reply.status, when)
        payload = reply.body
        if _ORIGIN in payload and reply.content_type.startswith("application/json"):
            # media URLs point at the origin the request came to (a scope's stay in it)
            payload = payload.replace(_ORIGIN, request.root_url.rstrip("/").encode())
        if fault is not None and fault.kind == "truncate":
            announced = len(payload) + max(16, len(payload))
            self._start(start_response, reply, announced)
            return self._truncated(environ, payload[: len(payload) // 2])
        return self._respond(start_response, reply, payload)

    def _start(self, start_response: StartResponse, reply: Reply, length: int) -> None:
        headers = [
            ("Content-Type", reply.content_type),
            *reply.headers,
            (INSTANCE_HEADER, self.instance),
            ("Content-Length", str(length)),
        ]
        start_response(_status_line(reply.status), headers)

    def _respond(
        self, start_response: StartResponse, reply: Reply, payload: bytes
    ) -> Iterable[bytes]:
        self._start(start_response, reply, len(payload))
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
            validate_query(route, request.method, path, query)
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


def _status_line(status: int) -> str:
    from http import HTTPStatus

    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    return f"{status} {phrase}"


class _Serving:
    """The server and its thread, shared by an emulator and its scoped views."""

    def __init__(self) -> None:
        self.server: BaseWSGIServer | None = None
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()


class Emulator:
    """A real HTTP server on loopback that speaks the iNaturalist API.

    ``with Emulator() as emu:`` starts it; point a client at ``api_url`` (``/v1/...``) and
    ``web_url`` (``/users/api_token``, OAuth). It serves from a daemon thread and answers
    requests concurrently.

    :meth:`scoped` gives a view of it with URLs, a request log and faults of its own (the
    world, its records, users and tokens, stays shared): the pytest ``emulator`` fixture hands
    each test such a view, so a test reads only the requests it caused, even on a shared server.

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
        self.host = host
        self._requested_port = port
        self.store = Store(observations=observations, seed=seed)
        self.tokens = TokenIssuer(jwt_lifetime=jwt_lifetime)
        self._faults = FaultPlan(seed)
        self._throttle = SlidingWindowThrottle(*throttle) if throttle is not None else None
        self.app = EmulatorApp(
            store=self.store, tokens=self.tokens, faults=self._faults, throttle=self._throttle
        )
        self._serving = _Serving()
        self._scope: str | None = None

    # --- lifecycle -----------------------------------------------------------------------------

    def start(self) -> Emulator:
        """Start serving (idempotent); returns the emulator (or this view)."""
        serving = self._serving
        with serving.lock:
            if serving.server is not None:
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
            serving.server, serving.thread = server, thread
            self.app.renew_instance()
        return self

    def stop(self) -> None:
        """Stop serving and free the port (idempotent). On a scoped view too, this stops the
        one server every view shares; to end only the view, use :meth:`end_scope`."""
        serving = self._serving
        with serving.lock:
            server, thread = serving.server, serving.thread
            serving.server = serving.thread = None
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
        """Stop the server; for a scoped view, end the scope instead (the server serves on)."""
        if self._scope is not None:
            self.end_scope()
        else:
            self.stop()

    @property
    def running(self) -> bool:
        return self._serving.server is not None

    @property
    def port(self) -> int:
        server = self._serving.server
        if server is None:
            raise RuntimeError(
                "the emulator is not running: call start() or use it in a with block"
            )
        return int(server.server_port)

    @property
    def api_url(self) -> str:
        """``http://127.0.0.1:PORT`` (a view's: ``http://127.0.0.1:PORT/_scope/<name>``); the
        API lives under ``/v1`` and ``/v2`` there."""
        host = self.host if ":" not in self.host else f"[{self.host}]"
        root = f"http://{host}:{self.port}"
        return root if self._scope is None else f"{root}{SCOPE_PREFIX}{self._scope}"

    @property
    def web_url(self) -> str:
        """The same server, standing in for ``https://www.inaturalist.org``."""
        return self.api_url

    def client(self, **overrides: Any) -> iNatClient:
        """An :class:`~inatsdk.iNatClient` for this emulator (or this view): its ``api_url``
        and ``web_url``, no cache (``cache=None``: nothing persists between runs, and a
        reseeded world is never answered from an older one), no rate limit (``rate_limit=None``:
        loopback answers as fast as it can), anonymous (``credentials=None``: no ``INAT_*``
        variables or keyring) and ``dry_run=False`` whatever the environment says. Any keyword
        of :class:`~inatsdk.iNatClient` given here replaces these
        (``emu.client(credentials=Credentials(...), api_version="v2")``). Close it, or use it
        in a ``with`` block."""
        from inatsdk.client import iNatClient

        options: dict[str, Any] = {
            "api_url": self.api_url,
            "web_url": self.web_url,
            "cache": None,
            "rate_limit": None,
            "credentials": None,
            "dry_run": False,
        }
        options.update(overrides)
        return iNatClient(**options)

    def __repr__(self) -> str:
        where = self.api_url if self.running else "stopped"
        return f"<Emulator {where} seed={self.seed} observations={self.store.observation_count()}>"

    # --- scopes --------------------------------------------------------------------------------

    def scoped(self, name: str = "scope") -> Emulator:
        """A view of this emulator with URLs, a request log and faults of its own.

        The view serves the same world from the same server, under ``/_scope/<n>-<name>``
        (``n`` makes each view's scope new). Requests sent through its :attr:`api_url` and
        :attr:`web_url` are logged under its :attr:`scope`: its :attr:`requests` holds only
        those, :meth:`clear_requests` forgets only those, and the faults it injects hit only
        those; its :meth:`reset` resets the shared world but the log and faults of its own
        scope only. The emulator itself still sees every request. Once :meth:`end_scope` is
        called (or its ``with`` block ends), requests to its URLs, such as one a test abandoned
        that arrives late, are answered 410 and change nothing. This is how the pytest
        ``emulator`` fixture keeps each test's log to the requests that test caused.

            >>> with Emulator() as emu, emu.scoped("mine") as mine:  # doctest: +SKIP
            ...     client = iNatClient(api_url=mine.api_url, web_url=mine.web_url)
            ...     client.taxa.search().first()
            ...     [r.path for r in mine.requests]
            ['/v1/taxa']
        """
        view = copy.copy(self)
        view._scope = self.app.new_scope(name)
        return view

    @property
    def scope(self) -> str | None:
        """This view's scope (``"3-test_reads"``), or ``None`` for the emulator itself."""
        return self._scope

    def end_scope(self) -> None:
        """End this view's scope: later requests to its URLs are answered 410, reach nothing
        and are logged under it (they stay out of every other view's log). The emulator
        itself has no scope to end (use :meth:`stop`)."""
        if self._scope is None:
            raise ValueError("end_scope() ends a scoped view; this is the emulator itself")
        self.app.end_scope(self._scope)

    # --- state ---------------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """The requests received since the last reset or :meth:`clear_requests` (a copy, in
        arrival order): every request for the emulator itself, only those sent through the
        view's URLs for a scoped view (see :meth:`scoped`)."""
        return self.app.requests(self._scope)

    def requests_for(self, scope: str | None) -> list[RecordedRequest]:
        """The logged requests sent through the URLs of ``scope`` (a view's :attr:`scope`);
        ``None``: those sent to the emulator's own URLs, outside every scope."""
        return [r for r in self.app.requests() if r.scope == scope]

    def clear_requests(self) -> None:
        """Forget the logged requests: all of them, or only the view's for a scoped view."""
        self.app.clear_requests(self._scope)

    def reset(self) -> None:
        """Back to the seeded state: added records and users, faults, throttle counts, OAuth
        applications, codes and tokens, the signed-in browser user and the request log are all
        cleared, and the :attr:`instance` is new. On a scoped view the world is reset just the
        same, but only the view's own faults and log are cleared."""
        self.app.reset(self._scope)

    def reseed(self, *, observations: int | None = None, seed: int | None = None) -> None:
        """A new world: ``observations`` observations generated from ``seed`` (by default the
        current count and seed), nothing added, and everything :meth:`reset` clears cleared,
        in every scope; the :attr:`instance` is new."""
        self.app.reseed(
            observations=self.store.observation_count() if observations is None else observations,
            seed=self.store.seed if seed is None else seed,
        )

    @property
    def seed(self) -> int:
        """The generator's seed of the current world."""
        return self.store.seed

    @property
    def instance(self) -> str:
        """The current instance id: random, new at every start, :meth:`reset` and
        :meth:`reseed`; every answer carries it in the ``X-Emulator-Instance`` header and
        ``GET /_emulator/instance`` answers it with :attr:`started_at`."""
        return self.app.instance

    @property
    def started_at(self) -> float:
        """When the current instance began (``time.time()``)."""
        return self.app.started_at

    def inject(self, fault: Fault) -> None:
        """Apply ``fault`` to the next matching requests (see :class:`Fault`); on a scoped
        view, only to requests sent through its URLs."""
        self._faults.inject(fault, self._scope)

    def clear_faults(self) -> None:
        """Forget the injected faults (on a scoped view, its own)."""
        self._faults.clear(self._scope)

    @property
    def faults(self) -> list[Fault]:
        """Injected faults that can still fire (on a scoped view, its own)."""
        return self._faults.pending(self._scope)

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
