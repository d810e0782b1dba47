"""Controlled terms, messages, posts, the site search and map tiles, through the client,
against the emulator."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

import pytest

from inatsdk import (
    AuthenticationError,
    InvalidParameterError,
    NotFoundError,
    ValidationError,
    iNatClient,
)
from inatsdk.auth import Credentials
from inatsdk.errors import UnexpectedResponseError
from inatsdk.models import (
    ControlledTerm,
    Message,
    MessageThread,
    Place,
    Post,
    PostParent,
    SearchResult,
    Taxon,
    TaxonSearchResult,
    User,
    UTFGrid,
    UTFGridFeature,
)
from inatsdk.settings import CacheSettings
from inatsdk.testing import Emulator, Fault
from tests.e2e.conftest import make_client

# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------


def _hub(emulator: Emulator) -> int:
    """The seeded user with the fullest mailbox."""
    return emulator.store.world.users[0].id


@pytest.fixture
def user_client(emulator: Emulator) -> Iterator[iNatClient]:
    token = emulator.issue_jwt(_hub(emulator))
    with make_client(emulator, credentials=Credentials(api_token=token)) as c:
        yield c


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, tag = struct.unpack(">I4s", data[8:16])
    assert tag == b"IHDR" and length == 13
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _png_alpha(data: bytes) -> list[int]:
    """The alpha channel of an RGBA PNG the emulator drew (filter 0 on every row)."""
    pos, idat = 8, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        tag = data[pos + 4 : pos + 8]
        if tag == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    width, height = _png_size(data)
    stride = 1 + width * 4
    return [raw[r * stride + 1 + c * 4 + 3] for r in range(height) for c in range(width)]


# ---------------------------------------------------------------------------------------------
# controlled terms
# ---------------------------------------------------------------------------------------------


def test_controlled_terms_all(client: iNatClient, emulator: Emulator) -> None:
    terms = client.controlled_terms.all().all()
    assert terms and all(isinstance(t, ControlledTerm) for t in terms)
    life_stage = next(t for t in terms if t.label == "Life Stage")
    assert life_stage.id == 1 and life_stage.is_value is False
    assert life_stage.values and all(isinstance(v, ControlledTerm) for v in life_stage.values)
    assert "Adult" in {v.label for v in life_stage.values}
    # the whole list is one request, sent without paging parameters the API would ignore
    assert len(emulator.requests) == 1
    assert "page" not in emulator.requests[0].query
    assert "per_page" not in emulator.requests[0].query


def test_controlled_terms_page_locally(client: iNatClient) -> None:
    terms = client.controlled_terms.all()
    everything = terms.all()
    assert terms.count() == len(everything)
    assert terms[2].id == everything[2].id
    assert [t.id for t in terms[1:3]] == [t.id for t in everything[1:3]]
    assert [t.id for t in terms.page_size(2)] == [t.id for t in everything]
    assert terms.first() is not None


def test_controlled_terms_for_taxon(client: iNatClient, emulator: Emulator) -> None:
    birds = {t.label: t for t in client.controlled_terms.for_taxon(3)}
    assert "Plant Phenology" not in birds
    evidence = {v.label for v in birds["Evidence of Presence"].values or []}
    assert "Feather" in evidence and "Hair" not in evidence
    plants = {t.label for t in client.controlled_terms.for_taxon(47126)}
    assert "Plant Phenology" in plants and "Sex" not in plants
    assert emulator.requests[0].query == {"taxon_id": "3"}


def test_controlled_terms_unknown_taxon(client: iNatClient) -> None:
    with pytest.raises(ValidationError):
        client.controlled_terms.for_taxon(999_999_999).all()
    with pytest.raises(InvalidParameterError):
        client.controlled_terms.for_taxon(0)


def test_annotations_use_the_same_terms(client: iNatClient) -> None:
    ids = {t.id for t in client.controlled_terms.all()}
    for obs in client.observations.search().limit(200):
        for annotation in obs.annotations or []:
            assert annotation.controlled_attribute_id in ids


# ---------------------------------------------------------------------------------------------
# messages
# ---------------------------------------------------------------------------------------------


def test_messages_need_a_login(client: iNatClient, emulator: Emulator) -> None:
    with pytest.raises(AuthenticationError):
        client.messages.unread()
    with pytest.raises(AuthenticationError):
        client.messages.search().first()
    with pytest.raises(AuthenticationError):
        client.messages.get(1)
    assert emulator.requests == []


def test_messages_boxes(user_client: iNatClient, emulator: Emulator) -> None:
    me = _hub(emulator)
    inbox = user_client.messages.search().all()
    sent = user_client.messages.search(box="sent").all()
    both = user_client.messages.search(box="any").all()
    assert inbox and sent
    assert all(isinstance(m, Message) for m in both)
    assert all(m.to_user is not None and m.to_user.id == me for m in inbox)
    assert all(m.from_user is not None and m.from_user.id == me for m in sent)
    assert all(m.user_id == me for m in both)
    assert len(both) == len(inbox) + len(sent)
    ids = [m.id for m in both]
    assert len(set(ids)) == len(ids)  # paged through, nothing repeated
    assert len(both) > 30  # more than one page of 30
    created = [m.created_at for m in inbox]
    assert created == sorted(created, reverse=True)  # type: ignore[type-var]
    assert user_client.messages.search(box="any").count() == len(both)


def test_messages_threads_and_filters(user_client: iNatClient) -> None:
    threads = user_client.messages.search(box="any", threads=True).all()
    assert threads
    assert all(m.thread_messages_count and m.thread_messages_count >= 1 for m in threads)
    assert len({m.thread_id for m in threads}) == len(threads)
    one = next(m for m in threads if (m.thread_messages_count or 0) > 1)
    assert one.subject is not None
    word = one.subject.split()[-1]
    found = user_client.messages.search(box="any", q=word).all()
    assert found and all(word.lower() in f"{m.subject} {m.body}".lower() for m in found)
    other = one.to_user if one.from_user and one.from_user.id == one.user_id else one.from_user
    assert other is not None and other.login is not None
    with_them = user_client.messages.search(box="any", user_id=other.login).all()
    assert with_them
    assert all(
        other.id in (m.from_user.id, m.to_user.id) for m in with_them if m.from_user and m.to_user
    )
    with pytest.raises(InvalidParameterError, match="threads"):
        user_client.messages.search(threads=True, q="x")
    with pytest.raises(InvalidParameterError):
        user_client.messages.search(box="trash")  # type: ignore[arg-type]


def test_message_thread_marks_read(user_client: iNatClient, emulator: Emulator) -> None:
    unread_before = user_client.messages.unread()
    assert unread_before > 0
    unread = next(m for m in user_client.messages.search() if m.is_unread)
    assert unread.id is not None
    thread = user_client.messages.get(unread.id)
    assert isinstance(thread, MessageThread)
    assert thread.thread_id == unread.thread_id
    assert thread.messages and all(isinstance(m, Message) for m in thread.messages)
    assert all(m.thread_id == unread.thread_id for m in thread.messages)
    assert isinstance(thread.reply_to_user, User)
    assert thread.flaggable_message_id is not None
    # reading the thread marked it read: the count is fresh (messages bypass the cache)
    assert user_client.messages.unread() < unread_before
    emulator.reset()
    assert user_client.messages.unread() == unread_before


def test_messages_bypass_the_cache(emulator: Emulator) -> None:
    token = emulator.issue_jwt(_hub(emulator))
    cache = CacheSettings(backend="memory")
    with make_client(emulator, cache=cache, credentials=Credentials(api_token=token)) as c:
        c.messages.unread()
        c.messages.unread()
        assert len([r for r in emulator.requests if r.path == "/v1/messages/unread"]) == 2


def test_message_not_found(user_client: iNatClient) -> None:
    with pytest.raises(NotFoundError):
        user_client.messages.get(1)


@pytest.mark.parametrize("bad", [0, -5, "0", "../unread", "1/2", "1?box=sent", "", True, 1.5])
def test_message_ids_are_checked_before_sending(
    user_client: iNatClient, emulator: Emulator, bad: object
) -> None:
    with pytest.raises(InvalidParameterError, match="message_id"):
        user_client.messages.get(bad)  # type: ignore[arg-type]
    assert emulator.requests == []


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/messages/unread", b'"3"'),
        ("/v1/messages/unread", b'{"count": "many"}'),
        ("/v1/messages/unread", b"[]"),
        ("/v1/messages/", b"[1, 2]"),
        ("/v1/messages/", b'"gateway"'),
    ],
)
def test_malformed_message_answers_raise_typed_errors(
    user_client: iNatClient, emulator: Emulator, path: str, body: bytes
) -> None:
    emulator.inject(Fault(kind="status", status=200, body=body, path=path))
    messages = user_client.messages
    call = messages.unread if path.endswith("unread") else lambda: messages.get(1)
    with pytest.raises(UnexpectedResponseError) as caught:
        call()
    assert caught.value.method == "GET" and path in caught.value.url


# ---------------------------------------------------------------------------------------------
# posts
# ---------------------------------------------------------------------------------------------


def _author_with_posts(emulator: Emulator) -> tuple[str, int]:
    user = max(emulator.store.world.users, key=lambda u: (u.journal_posts_count, -u.id))
    return user.login, user.journal_posts_count


def test_posts_of_a_user(client: iNatClient, emulator: Emulator) -> None:
    login, count = _author_with_posts(emulator)
    posts = client.posts.search(login=login).all()
    assert len(posts) == count > 0
    assert all(isinstance(p, Post) for p in posts)
    assert all(p.parent_type == "User" and p.user is not None for p in posts)
    assert all(p.user is not None and p.user.login == login for p in posts)
    assert isinstance(posts[0].parent, PostParent)
    published = [p.published_at for p in posts]
    assert published == sorted(published, reverse=True)  # type: ignore[type-var]
    assert client.posts.search(login=login).count() == count


def test_posts_page_through_bare_lists(client: iNatClient, emulator: Emulator) -> None:
    project = next(iter(emulator.store.post_projects()))
    every = client.posts.search(project_id=project).all()
    assert len(every) >= 3
    assert all(p.parent_type == "Project" and p.parent_id == project for p in every)
    assert every[0].parent is not None and every[0].parent.title
    emulator.clear_requests()
    small = client.posts.search(project_id=project).page_size(2).all()
    assert [p.id for p in small] == [p.id for p in every]
    assert len(emulator.requests) == len(every) // 2 + 1
    sliced = client.posts.search(project_id=project)[1:3]
    assert [p.id for p in sliced] == [p.id for p in every[1:3]]
    assert client.posts.search(project_id=project).count() == len(every)


def test_posts_site_news_and_unknown_parents(client: iNatClient) -> None:
    news = client.posts.search().all()
    assert news and all(p.parent_type == "Site" for p in news)
    with pytest.raises(NotFoundError):
        client.posts.search(login="nobody_here_at_all").all()


def test_posts_for_user(client: iNatClient, emulator: Emulator) -> None:
    anonymous = client.posts.for_user().all()
    assert len(anonymous) > 10  # more than one page of 10
    assert all(p.parent_type == "Site" for p in anonymous)
    assert all(r.query.get("per_page") == "10" for r in emulator.requests)
    ids = [p.id for p in anonymous if p.id is not None]
    assert len(set(ids)) == len(ids) == len(anonymous)
    newest, oldest = max(ids), min(ids)
    older = client.posts.for_user(older_than=newest).all()
    assert newest not in {p.id for p in older} and len(older) == len(anonymous) - 1
    newer = client.posts.for_user(newer_than=oldest).all()
    assert oldest not in {p.id for p in newer}

    subscriber = next(
        s.user_id
        for s in emulator.store.project_catalog().subscriptions
        if s.project_id in emulator.store.post_projects()
    )
    token = emulator.issue_jwt(subscriber)
    with make_client(emulator, credentials=Credentials(api_token=token)) as logged_in:
        feed = logged_in.posts.for_user().all()
    assert len(feed) > len(anonymous)
    assert any(p.parent_type == "Project" for p in feed)


def test_posts_check_parameters(client: iNatClient) -> None:
    with pytest.raises(InvalidParameterError, match="login"):
        client.posts.search(logn="x")  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "body",
    [
        b'"oops"',
        b"<html>bad gateway</html>",
        b"",
        b"[1, 2]",
        b'{"results": "x"}',
        b"[[]]",
    ],
)
def test_malformed_post_pages_raise_typed_errors(
    client: iNatClient, emulator: Emulator, body: bytes
) -> None:
    emulator.inject(Fault(kind="status", status=200, body=body, path="/v1/posts", times=None))
    with pytest.raises(UnexpectedResponseError):
        client.posts.search().all()
    with pytest.raises(UnexpectedResponseError):
        client.posts.search().count()
    with pytest.raises(UnexpectedResponseError):
        client.posts.for_user().first()


# ---------------------------------------------------------------------------------------------
# site search
# ---------------------------------------------------------------------------------------------


def test_search_typed_results(client: iNatClient, emulator: Emulator) -> None:
    taxon = next(t for t in emulator.store.world.taxa if t.rank == "genus" and t.is_active)
    results = client.search(q=taxon.name).all()
    assert results and all(isinstance(r, SearchResult) for r in results)
    top = results[0]
    assert isinstance(top, TaxonSearchResult)
    assert isinstance(top.record, Taxon) and top.taxon is top.record
    assert top.record.id == taxon.id
    assert top.place is None and top.project is None and top.user is None
    assert top.score is not None and top.matches
    scores = [r.score or 0.0 for r in results]
    assert scores == sorted(scores, reverse=True)


def test_search_every_kind(client: iNatClient, emulator: Emulator) -> None:
    store = emulator.store
    place = store.place_catalog().by_id[14]
    project = store.project_catalog().rows[0]
    user = store.world.users[5]
    found_place = client.search(q=place.name, sources="places").first()
    assert found_place is not None and isinstance(found_place.place, Place)
    assert found_place.place.id == place.id
    found_project = client.search.search(q=project.title, sources=["projects"]).all()
    assert any(r.project is not None and r.project.id == project.id for r in found_project)
    found_user = client.search(q=user.login, sources="users").first()
    assert found_user is not None and isinstance(found_user.user, User)
    assert found_user.user.login == user.login
    assert found_user.type == "User"


def test_search_pages_and_filters(client: iNatClient, emulator: Emulator) -> None:
    query = client.search(q="a", sources=["taxa", "users"])
    total = query.count()
    assert total > 100
    first = query.limit(150).all()
    assert len(first) == 150
    assert [r.type for r in first] == [r.type for r in query[:150]]
    assert {r.type for r in first} <= {"Taxon", "User"}
    assert all(r.query.get("per_page") in (None, "0", "100", "50") for r in emulator.requests)
    in_california = client.search(q="a", place_id=14, sources="places").all()
    assert in_california
    assert all(r.place is not None and r.place.id is not None for r in in_california)
    with pytest.raises(InvalidParameterError):
        client.search(q="")
    with pytest.raises(InvalidParameterError, match="maximum of 100"):
        client.search(q="a").page_size(150)


def test_search_with_ancestors(client: iNatClient) -> None:
    result = client.search(q="Aves", sources="taxa", include_taxon_ancestors=True).first()
    assert result is not None and result.taxon is not None
    assert result.taxon.ancestors and all(isinstance(a, Taxon) for a in result.taxon.ancestors)


# ---------------------------------------------------------------------------------------------
# map tiles
# ---------------------------------------------------------------------------------------------

#: A zoom-3 tile over California (x 1, y 3), where many seeded observations are.
CA = (3, 1, 3)


def test_observation_tiles_are_pngs(client: iNatClient, emulator: Emulator) -> None:
    for style in ("points", "grid", "heatmap", "colored_heatmap"):
        png = client.maps.tile(style, *CA)
        assert _png_size(png) == (256, 256)
        assert any(_png_alpha(png)), style
    paths = [r.path for r in emulator.requests]
    assert paths == [
        "/v1/points/3/1/3.png",
        "/v1/grid/3/1/3.png",
        "/v1/heatmap/3/1/3.png",
        "/v1/colored_heatmap/3/1/3.png",
    ]
    empty = client.maps.tile("points", *CA, taxon_id=47170, user_id=1)
    assert _png_size(empty) == (256, 256)
    assert not any(_png_alpha(empty))


def test_utfgrid_points_are_observations(client: iNatClient) -> None:
    grid = client.maps.utfgrid("points", *CA)
    assert isinstance(grid, UTFGrid)
    assert grid.size == (64, 64)
    features = grid.features()
    assert features and all(isinstance(f, UTFGridFeature) for f in features)
    spot = next((r, c) for r in range(64) for c in range(64) if grid.key_at(r, c) is not None)
    feature = grid.feature_at(*spot)
    assert feature is not None and feature.id is not None
    assert grid.feature_at_pixel(spot[1] * 4 + 1, spot[0] * 4 + 2) is feature
    obs = client.observations.get(feature.id)
    assert obs.id == feature.id
    assert feature.quality_grade == obs.quality_grade
    assert obs.location is not None and 32 <= obs.location.latitude <= 42


def test_utfgrid_cells_count_observations(client: iNatClient) -> None:
    points = client.maps.utfgrid("points", *CA, quality_grade="research")
    cells = client.maps.utfgrid("grid", *CA, quality_grade="research")
    counted = sum(f.cell_count or 0 for f in cells.features())
    assert counted >= len(points.features()) > 0
    assert all(f.id is None for f in cells.features())


def test_polygon_tiles(client: iNatClient) -> None:
    california = client.maps.place_tile(14, *CA)
    assert _png_size(california) == (256, 256) and any(_png_alpha(california))
    elsewhere = client.maps.place_tile(14, 3, 6, 2)
    assert not any(_png_alpha(elsewhere))
    for png in (
        client.maps.taxon_places_tile(3, *CA),
        client.maps.taxon_range_tile(3, *CA, color="#ff0000", ttl=60),
    ):
        assert _png_size(png) == (256, 256)
    with pytest.raises(NotFoundError):
        client.maps.place_tile(999_999_999, 0, 0, 0)


def test_tiles_are_checked_before_sending(client: iNatClient, emulator: Emulator) -> None:
    with pytest.raises(InvalidParameterError, match="outside zoom 3"):
        client.maps.tile("points", 3, 8, 0)
    with pytest.raises(InvalidParameterError, match="zoom"):
        client.maps.utfgrid("grid", 22, 0, 0)
    with pytest.raises(InvalidParameterError, match="style"):
        client.maps.tile("dots", 0, 0, 0)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="taxon_id"):
        client.maps.tile("points", 0, 0, 0, taxon_idd=3)  # type: ignore[call-arg]
    with pytest.raises(InvalidParameterError, match="PlacesPngParams"):
        client.maps.place_tile(14, 0, 0, 0, color="red")  # type: ignore[call-arg]
    with pytest.raises(InvalidParameterError, match="tile x must be an integer"):
        client.maps.tile("points", 3, "1/2", 0)  # type: ignore[arg-type]
    for bad in (0, -3, "../x", "1/2", "14?x=1", True):
        with pytest.raises(InvalidParameterError, match="place_id"):
            client.maps.place_tile(bad, 0, 0, 0)  # type: ignore[arg-type]
        with pytest.raises(InvalidParameterError, match="taxon_id"):
            client.maps.taxon_places_tile(bad, 0, 0, 0)  # type: ignore[arg-type]
        with pytest.raises(InvalidParameterError, match="taxon_id"):
            client.maps.taxon_range_tile(bad, 0, 0, 0)  # type: ignore[arg-type]
    assert emulator.requests == []


@pytest.mark.parametrize("body", [b"[1, 2]", b'"grid"', b"null"])
def test_malformed_utfgrids_raise_typed_errors(
    client: iNatClient, emulator: Emulator, body: bytes
) -> None:
    emulator.inject(Fault(kind="status", status=200, body=body, path="/v1/points/"))
    with pytest.raises(UnexpectedResponseError) as caught:
        client.maps.utfgrid("points", *CA)
    assert caught.value.url.endswith("/v1/points/3/1/3.grid.json")


def test_dry_run_answers_locally(emulator: Emulator) -> None:
    with make_client(emulator, dry_run=True) as c:
        assert c.maps.tile("points", 0, 0, 0) == b""
        assert c.maps.utfgrid("points", 0, 0, 0) == UTFGrid()
        assert c.messages.unread() == 0
        assert c.messages.get(5) == MessageThread()
        assert c.messages.search().all() == []
        assert c.posts.search().count() == 0
        assert c.search(q="oak").all() == []
        assert c.controlled_terms.all().all() == []
    assert emulator.requests == []
