"""``iNatClient``: the one object that owns the HTTP session, the credentials and the settings,
and hands out controllers (``client.taxa``, ``client.observations``, ...)."""

from __future__ import annotations

import functools
import ipaddress
import re
from enum import Enum
from typing import TYPE_CHECKING, Any, Final, Literal
from urllib.parse import urlsplit

import attrs

from inatsdk.auth import Credentials, TokenProvider
from inatsdk.errors import InvalidParameterError
from inatsdk.settings import (
    DEFAULT_API_URL,
    DEFAULT_WEB_URL,
    ApiVersion,
    CacheSettings,
    DryRunMode,
    DryRunSetting,
    RateLimit,
    Retries,
    Settings,
    Timeout,
    dry_run_from_env,
    normalise_dry_run,
)

if TYPE_CHECKING:
    from collections.abc import Mapping
    from types import TracebackType

    import requests
    from typing_extensions import Self

    from inatsdk.controllers.account import (
        AccountController,
        AnnouncementsController,
        SitesController,
    )
    from inatsdk.controllers.annotations import AnnotationsController
    from inatsdk.controllers.comments import CommentsController
    from inatsdk.controllers.computervision import ComputerVisionController
    from inatsdk.controllers.controlled_terms import ControlledTermsController
    from inatsdk.controllers.exemplar_identifications import ExemplarIdentificationsController
    from inatsdk.controllers.flags import FlagsController
    from inatsdk.controllers.identifications import IdentificationsController
    from inatsdk.controllers.maps import MapsController
    from inatsdk.controllers.media import SoundsController
    from inatsdk.controllers.messages import MessagesController
    from inatsdk.controllers.observation_field_values import ObservationFieldValuesController
    from inatsdk.controllers.observation_fields import ObservationFieldsController
    from inatsdk.controllers.observation_photos import ObservationPhotosController
    from inatsdk.controllers.observation_sounds import ObservationSoundsController
    from inatsdk.controllers.observations import ObservationsController
    from inatsdk.controllers.photos import PhotosController
    from inatsdk.controllers.places import PlacesController
    from inatsdk.controllers.posts import PostsController
    from inatsdk.controllers.project_observations import ProjectObservationsController
    from inatsdk.controllers.projects import ProjectsController
    from inatsdk.controllers.search import SearchController
    from inatsdk.controllers.social import (
        RelationshipsController,
        SavedLocationsController,
        TaxonNamePrioritiesController,
    )
    from inatsdk.controllers.taxa import TaxaController
    from inatsdk.controllers.taxon_suggestions import GeomodelController, TaxonSuggestionsController
    from inatsdk.controllers.users import UsersController
    from inatsdk.requester import Requester
    from inatsdk.session import CacheControl, Transport

__all__ = ["NOT_GIVEN", "iNatClient"]


class _NotGiven(Enum):
    """Tells "the keyword was not passed" from an explicit ``None``."""

    NOT_GIVEN = "NOT_GIVEN"

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = _NotGiven.NOT_GIVEN

CacheArg = CacheSettings | Literal["sqlite", "memory", "filesystem", "redis"] | None
RetriesArg = Retries | int | None
TimeoutArg = Timeout | float


def _check_url(name: str, url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{name}={url!r} is not an http(s) URL")
    if parts.scheme == "http":
        host = parts.hostname
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise ValueError(
                f"{name}={url!r} uses plain http; credentials must travel over https "
                "(http is accepted only for loopback addresses, such as the emulator)"
            )
    if parts.path.rstrip("/") in ("/v1", "/v2"):
        raise ValueError(
            f"{name}={url!r} ends in an API version; give the base URL "
            f"({url.rstrip('/').rsplit('/', 1)[0]}), the client adds /v1 or /v2 itself"
        )
    return url.rstrip("/")


def _check_api_version(value: str) -> ApiVersion:
    if value == "v1":
        return "v1"
    if value == "v2":
        return "v2"
    raise ValueError(f"api_version={value!r}: use 'v1' or 'v2'")


def _cache_setting(cache: CacheArg) -> CacheSettings | None:
    if cache is None or isinstance(cache, CacheSettings):
        return cache
    if cache in ("sqlite", "memory", "filesystem", "redis"):
        return CacheSettings(backend=cache)
    raise ValueError(
        f"cache={cache!r}: use None, 'sqlite', 'memory', 'filesystem', 'redis' or CacheSettings"
    )


def _timeout_setting(timeout: TimeoutArg) -> Timeout:
    """``timeout=30`` means 30 s to read a response; writes keep at least the default."""
    if isinstance(timeout, Timeout):
        return timeout
    seconds = float(timeout)
    return Timeout(read=seconds, write=max(seconds, Timeout().write))


_LOCALE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*\Z")


def _check_locale(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _LOCALE.match(value):
        raise InvalidParameterError(
            f"locale={value!r}: give a language code such as 'en', 'fr' or 'es-MX'"
        )
    return value


def _check_place_id(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidParameterError(
            f"preferred_place_id={value!r}: give a place id (a positive integer)"
        )
    return value


class iNatClient:
    """A client for the iNaturalist API.

    All keywords are optional; the defaults respect the API's published rules.

    Parameters:
        api_url: the API's base URL, without ``/v1`` (default ``https://api.inaturalist.org``).
        web_url: the website's base URL, for OAuth and tokens (default
            ``https://www.inaturalist.org``).
        user_agent: your application's name and version, e.g. ``"my-app/1.0"``; iNaturalist
            asks every client to name itself. ``inatsdk/<version>`` is appended.
        cache: ``CacheSettings(...)``, a backend name (``"sqlite"``, the default, in the user
            cache folder; ``"memory"``; ``"filesystem"``; ``"redis"``) or None for no cache.
        rate_limit: ``RateLimit(...)`` (default: a little under 60 requests a minute and
            10,000 a day) or None to send as fast as the API answers.
        retries: ``Retries(...)``, a number of retries, or None/0 for none.
        timeout: ``Timeout(...)`` or one number of seconds for reading responses.
        dry_run: ``True``/``"all"`` answers every call locally, ``"writes"`` only writes,
            ``False`` none. Not passed: from ``DRY_RUN_ENABLED`` / ``DRY_RUN_WRITE_ONLY``.
        credentials: ``Credentials(...)``. Not passed: from ``INAT_*`` environment variables,
            else from the system keyring (``inat login``); None: anonymous.
        session: a ``requests.Session`` to send through (its adapters are replaced by the
            client's rate limiter and retries; it is used instead of the client's cache).
        api_version: ``"v1"`` (default) or ``"v2"``: with ``"v2"``, every method that has a
            v2 twin calls it, asking for every field unless given a selection (see
            :mod:`inatsdk.fields`); the others keep calling v1.
        locale: a language code (``"fr"``, ``"es-MX"``) sent as ``locale`` with every call
            whose operation takes it (common names, labels), unless the call passes its own.
        preferred_place_id: a place id sent as ``preferred_place_id`` with every call whose
            operation takes it (regional common names, establishment means), unless the call
            passes its own.

    Use it as a context manager, or call :meth:`close`, to release its connections. One client
    is safe to share between threads (one session, one rate limit, one token cache): the
    paginators' ``async for``, ``acount()``, ``afirst()`` and ``aall()`` run in worker threads
    over the same client.
    """

    def __init__(
        self,
        *,
        api_url: str = DEFAULT_API_URL,
        web_url: str = DEFAULT_WEB_URL,
        user_agent: str | None = None,
        cache: CacheArg | _NotGiven = NOT_GIVEN,
        rate_limit: RateLimit | None = RateLimit(),  # noqa: B008 - frozen, shared safely
        retries: RetriesArg = Retries(),  # noqa: B008 - frozen, shared safely
        timeout: TimeoutArg = Timeout(),  # noqa: B008 - frozen, shared safely
        dry_run: DryRunSetting | _NotGiven = NOT_GIVEN,
        credentials: Credentials | _NotGiven | None = NOT_GIVEN,
        session: requests.Session | None = None,
        api_version: ApiVersion = "v1",
        locale: str | None = None,
        preferred_place_id: int | None = None,
    ) -> None:
        if retries is None or retries is False:
            retries = Retries(total=0)
        elif not isinstance(retries, Retries):
            retries = Retries(total=int(retries))
        timeout = _timeout_setting(timeout)
        self.settings = Settings(
            api_url=_check_url("api_url", api_url),
            web_url=_check_url("web_url", web_url),
            user_agent=user_agent,
            # A caller's own session replaces the client's cache.
            cache=None
            if session is not None
            else CacheSettings()
            if cache is NOT_GIVEN
            else _cache_setting(cache),
            rate_limit=rate_limit,
            retries=retries,
            timeout=timeout,
            dry_run=dry_run_from_env() if dry_run is NOT_GIVEN else normalise_dry_run(dry_run),
            api_version=_check_api_version(api_version),
            locale=_check_locale(locale),
            preferred_place_id=_check_place_id(preferred_place_id),
        )
        creds = Credentials.from_env() if credentials is NOT_GIVEN else credentials
        self._tokens = TokenProvider(
            creds,
            self.settings.web_url,
            api_url=self.settings.api_url,
            keyring=credentials is NOT_GIVEN,  # read lazily, when credentials are first needed
        )

        from inatsdk.requester import Requester
        from inatsdk.session import CallOptions, Transport  # deferred: requests is slow to import

        self._transport: Transport = Transport(self.settings, tokens=self._tokens, session=session)
        self._requester: Requester = Requester(
            self._transport,
            self.settings,
            CallOptions(
                dry_run=self.settings.dry_run,
                user_agent=self.settings.user_agent,
                timeout=self.settings.timeout,
            ),
        )
        self._tokens.post_form = self._post_form
        self._tokens.get_json = self._get_web_json

    # --- the controllers: each made on first use, bound to this client's requester ---------------

    @functools.cached_property
    def taxa(self) -> TaxaController:
        """Taxa: search, get, get_many, autocomplete, iconic, lifelist_metadata, wanted,
        map_layers."""
        from inatsdk.controllers.taxa import TaxaController

        return TaxaController(self._requester)

    @functools.cached_property
    def observations(self) -> ObservationsController:
        """Observations: search, get, get_many; aggregates (histogram, species_counts,
        observers, identifiers, popular_field_values, quality_grades, iconic_taxa_counts,
        life_list, similar_species); one observation's taxon_summary, quality_metrics and
        subscriptions; the signed-in user's updates and deleted ids; writes: create (with photos
        and sounds), save, delete, upload, fave, unfave, review, unreview, set_quality_metric,
        delete_quality_metric, vote, unvote, subscribe, unsubscribe, mark_updates_viewed."""
        from inatsdk.controllers.observations import ObservationsController

        return ObservationsController(self._requester)

    @functools.cached_property
    def identifications(self) -> IdentificationsController:
        """Identifications: search, get, get_many, categories, species_counts, identifiers,
        observers, recent_taxa, recent_taxa_revisited, similar_species; the signed-in user's
        create, save, withdraw, restore, delete."""
        from inatsdk.controllers.identifications import IdentificationsController

        return IdentificationsController(self._requester)

    @functools.cached_property
    def places(self) -> PlacesController:
        """Places: get, get_many, autocomplete, nearby, containing."""
        from inatsdk.controllers.places import PlacesController

        return PlacesController(self._requester)

    @functools.cached_property
    def users(self) -> UsersController:
        """Users: get, autocomplete, projects, me; your own account: save, mute, unmute, block,
        unblock, resend_confirmation, update_session."""
        from inatsdk.controllers.users import UsersController

        return UsersController(self._requester)

    @functools.cached_property
    def projects(self) -> ProjectsController:
        """Projects: search, get, get_many, autocomplete, members, membership, subscriptions;
        join, leave, subscribe, unsubscribe, add_observation, remove_observation; create, save,
        delete."""
        from inatsdk.controllers.projects import ProjectsController

        return ProjectsController(self._requester)

    @functools.cached_property
    def project_observations(self) -> ProjectObservationsController:
        """Observations in traditional projects: create, save (the observer's preferences),
        delete."""
        from inatsdk.controllers.project_observations import ProjectObservationsController

        return ProjectObservationsController(self._requester)

    @functools.cached_property
    def observation_fields(self) -> ObservationFieldsController:
        """Observation fields: autocomplete."""
        from inatsdk.controllers.observation_fields import ObservationFieldsController

        return ObservationFieldsController(self._requester)

    @functools.cached_property
    def observation_field_values(self) -> ObservationFieldValuesController:
        """Values of observation fields on observations: create, set, save, delete."""
        from inatsdk.controllers.observation_field_values import ObservationFieldValuesController

        return ObservationFieldValuesController(self._requester)

    @functools.cached_property
    def observation_photos(self) -> ObservationPhotosController:
        """Photos on your observations: upload (per-file results), create, save (position),
        delete."""
        from inatsdk.controllers.observation_photos import ObservationPhotosController

        return ObservationPhotosController(self._requester)

    @functools.cached_property
    def observation_sounds(self) -> ObservationSoundsController:
        """Sounds on your observations: upload (per-file results), create, delete."""
        from inatsdk.controllers.observation_sounds import ObservationSoundsController

        return ObservationSoundsController(self._requester)

    @functools.cached_property
    def photos(self) -> PhotosController:
        """Photos uploaded on their own: upload, create; and photo files: download (within
        the media budget, see :mod:`inatsdk.media_budget`)."""
        from inatsdk.controllers.photos import PhotosController

        return PhotosController(self._requester)

    @functools.cached_property
    def sounds(self) -> SoundsController:
        """Sounds uploaded on their own: upload, create."""
        from inatsdk.controllers.media import SoundsController

        return SoundsController(self._requester)

    @functools.cached_property
    def computervision(self) -> ComputerVisionController:
        """Computer-vision suggestions: score_image, score_observation."""
        from inatsdk.controllers.computervision import ComputerVisionController

        return ComputerVisionController(self._requester)

    @functools.cached_property
    def controlled_terms(self) -> ControlledTermsController:
        """Controlled terms (annotation attributes and values): all, for_taxon."""
        from inatsdk.controllers.controlled_terms import ControlledTermsController

        return ControlledTermsController(self._requester)

    @functools.cached_property
    def messages(self) -> MessagesController:
        """The logged-in user's private messages: search, get, unread, create, reply, delete."""
        from inatsdk.controllers.messages import MessagesController

        return MessagesController(self._requester)

    @functools.cached_property
    def posts(self) -> PostsController:
        """Journal posts: search, for_user; your own: create, save (and publish), delete."""
        from inatsdk.controllers.posts import PostsController

        return PostsController(self._requester)

    @functools.cached_property
    def search(self) -> SearchController:
        """Site-wide search over taxa, places, projects and users: ``client.search(q=...)``."""
        from inatsdk.controllers.search import SearchController

        return SearchController(self._requester)

    @functools.cached_property
    def maps(self) -> MapsController:
        """Map tiles: tile, utfgrid, place_tile, taxon_places_tile, taxon_range_tile."""
        from inatsdk.controllers.maps import MapsController

        return MapsController(self._requester)

    @functools.cached_property
    def comments(self) -> CommentsController:
        """The signed-in user's comments: create, save, delete."""
        from inatsdk.controllers.comments import CommentsController

        return CommentsController(self._requester)

    @functools.cached_property
    def annotations(self) -> AnnotationsController:
        """Annotations of observations: create, delete, vote, unvote."""
        from inatsdk.controllers.annotations import AnnotationsController

        return AnnotationsController(self._requester)

    @functools.cached_property
    def flags(self) -> FlagsController:
        """Flags on records: create, save, delete."""
        from inatsdk.controllers.flags import FlagsController

        return FlagsController(self._requester)

    @functools.cached_property
    def relationships(self) -> RelationshipsController:
        """Whom you follow and trust (v2 only): search, create, save, delete."""
        from inatsdk.controllers.social import RelationshipsController

        return RelationshipsController(self._requester)

    @functools.cached_property
    def saved_locations(self) -> SavedLocationsController:
        """Your saved locations (v2 only): search, create, delete."""
        from inatsdk.controllers.social import SavedLocationsController

        return SavedLocationsController(self._requester)

    @functools.cached_property
    def taxon_name_priorities(self) -> TaxonNamePrioritiesController:
        """Which common names you see (v2 only): create, save, delete."""
        from inatsdk.controllers.social import TaxonNamePrioritiesController

        return TaxonNamePrioritiesController(self._requester)

    @functools.cached_property
    def announcements(self) -> AnnouncementsController:
        """Site announcements (v2 only): search, dismiss."""
        from inatsdk.controllers.account import AnnouncementsController

        return AnnouncementsController(self._requester)

    @functools.cached_property
    def account(self) -> AccountController:
        """Your account's connections and the site (v2 only): authorized_applications,
        revoke_application, provider_authorizations, unlink_provider, locales, ping."""
        from inatsdk.controllers.account import AccountController

        return AccountController(self._requester)

    @functools.cached_property
    def sites(self) -> SitesController:
        """The sites of the iNaturalist Network (v2 only): all."""
        from inatsdk.controllers.account import SitesController

        return SitesController(self._requester)

    @functools.cached_property
    def exemplar_identifications(self) -> ExemplarIdentificationsController:
        """Exemplar identifications and taxon ID summaries (v2, unpublished routes): search,
        vote, unvote, summaries, summary."""
        from inatsdk.controllers.exemplar_identifications import ExemplarIdentificationsController

        return ExemplarIdentificationsController(self._requester)

    @functools.cached_property
    def taxon_suggestions(self) -> TaxonSuggestionsController:
        """What an organism may be (v2 only): suggest, suggest_from_image."""
        from inatsdk.controllers.taxon_suggestions import TaxonSuggestionsController

        return TaxonSuggestionsController(self._requester)

    @functools.cached_property
    def geomodel(self) -> GeomodelController:
        """Geomodel tiles (v2 only): tile, comparison_tile, taxon_range_tile."""
        from inatsdk.controllers.taxon_suggestions import GeomodelController

        return GeomodelController(self._requester)

    # --- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the HTTP session and the rate limiter."""
        self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        who = "anonymous"
        if self._tokens.has_credentials() and self._tokens.credentials is not None:
            who = self._tokens.credentials.identity()
        mode = self.dry_run
        dry = "" if mode == "off" else f" dry_run={mode!r}"
        return f"<iNatClient {self.settings.api_url} {who}{dry}>"

    # --- settings ----------------------------------------------------------------------------

    @property
    def cache(self) -> CacheControl:
        """The HTTP cache: ``client.cache.clear()``, ``len(client.cache)``."""
        return self._transport.cache

    @property
    def dry_run(self) -> DryRunMode:
        """The dry-run mode in force: ``"off"``, ``"all"`` or ``"writes"``."""
        return self._requester.options.dry_run

    def has_credentials(self) -> bool:
        """Whether the client has credentials to sign in with (nothing is sent to find out)."""
        return self._tokens.has_credentials()

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: object = None,
        dry_run: bool | None = None,
    ) -> object:
        """Call any API path (``"/v1/taxa/3"``, ``"/v2/observations"``) and return its decoded
        JSON (``None`` for an empty answer or a dry run), through this client's cache, rate
        limit, retries, login and dry-run: what ``inat api`` uses.

        ``path`` must stay inside the API: it starts with ``/v1/`` or ``/v2/`` and holds no
        ``..``, ``//``, backslash, query or fragment, nor their percent-encodings (an
        :class:`~inatsdk.errors.InvalidParameterError` otherwise); ``params`` is the query.
        GETs are cached and sent with credentials when the client has some; other methods need
        them and are never cached.
        """
        from inatsdk.errors import InvalidParameterError
        from inatsdk.session import ApiRequest

        verb = method.upper()
        if verb not in ("GET", "POST", "PUT", "DELETE", "PATCH"):
            raise InvalidParameterError(
                f"method {method!r} is not one of GET, POST, PUT, DELETE, PATCH"
            )
        lowered = path.lower()
        unsafe = ("..", "//", "\\", "?", "#", "%2e", "%2f", "%5c", "%3f", "%23")
        if (
            not lowered.startswith(("/v1/", "/v2/"))
            or any(u in lowered for u in unsafe)
            or any(c.isspace() or ord(c) < 32 for c in path)
        ):
            raise InvalidParameterError(
                f"path {path!r} is not an API path: it must start with /v1/ or /v2/ and hold "
                "no '..', '//', backslash, '?' or '#' (give query values as params)"
            )
        read = verb == "GET"
        request = ApiRequest(
            method=verb,
            url=f"{self.settings.api_url}{path}",
            params=dict(params or {}),
            json=None if read else body,
            auth="optional" if read else "required",
            cacheable=read,
        )
        return self._requester.send_request(request, dry_run).json

    def with_options(
        self,
        *,
        dry_run: DryRunSetting | _NotGiven = NOT_GIVEN,
        user_agent: str | _NotGiven | None = NOT_GIVEN,
        timeout: TimeoutArg | _NotGiven = NOT_GIVEN,
        use_cache: bool | _NotGiven = NOT_GIVEN,
        refresh: bool | _NotGiven = NOT_GIVEN,
        api_version: ApiVersion | _NotGiven = NOT_GIVEN,
    ) -> iNatClient:
        """A view of this client with some settings changed; it shares the session, the cache,
        the rate limit and the credentials (closing either closes both).

        Example::

            client.with_options(dry_run=True).observations.search(user_id=1).count()
            client.with_options(api_version="v2").taxa.get(3)  # GET /v2/taxa/3?fields=all
            client.with_options(refresh=True).taxa.get(3)  # fetched afresh, then stored

        ``use_cache=False`` neither reads nor stores answers; ``refresh=True`` skips reading
        them but stores the fresh ones, so later calls get them.
        """
        changes: dict[str, Any] = {}
        if dry_run is not NOT_GIVEN:
            changes["dry_run"] = normalise_dry_run(dry_run)
        if user_agent is not NOT_GIVEN:
            changes["user_agent"] = user_agent
        if timeout is not NOT_GIVEN:
            changes["timeout"] = _timeout_setting(timeout)
        if use_cache is not NOT_GIVEN:
            changes["use_cache"] = use_cache
        if refresh is not NOT_GIVEN:
            changes["refresh"] = refresh
        version = None if api_version is NOT_GIVEN else _check_api_version(api_version)
        # A view shares everything but its options; its controllers are made on first use.
        twin = object.__new__(iNatClient)
        twin._tokens = self._tokens
        twin._transport = self._transport
        twin._requester = self._requester.evolve(
            options=attrs.evolve(self._requester.options, **changes), api_version=version
        )
        twin.settings = twin._requester.settings
        return twin

    # --- what the token provider calls (token requests are never dry runs) ---------------------

    def post_form(self, url: str, data: dict[str, str]) -> object:
        """POST a form to ``url`` (the website's OAuth token requests) through this client's
        transport, and return the decoded JSON: never cached, never a dry run, no API token
        sent. :mod:`inatsdk.oauth` logs in with it."""
        return self._post_form(url, data)

    def _post_form(self, url: str, data: dict[str, str]) -> object:
        from inatsdk.session import ApiRequest

        request = ApiRequest(method="POST", url=url, data=data, auth="none", cacheable=False)
        return self._requester.send_request(request, dry_run=False).json

    def _get_web_json(self, url: str, headers: dict[str, str]) -> object:
        from inatsdk.session import ApiRequest

        request = ApiRequest(method="GET", url=url, headers=headers, auth="none", cacheable=False)
        return self._requester.send_request(request, dry_run=False).json
