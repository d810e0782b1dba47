"""The emulator's controlled terms, messages, posts, site search and map tiles, with plain
``requests``."""

from __future__ import annotations

import struct
import zlib
from typing import Any

import requests

from inatsdk.testing import Emulator
from tests.emulator.helpers import get, get_json


def _auth(emu: Emulator, user_id: int) -> dict[str, str]:
    return {"Authorization": emu.issue_jwt(user_id)}


def _get_as(emu: Emulator, who: int, path: str, **params: Any) -> requests.Response:
    return requests.get(emu.api_url + path, params=params, headers=_auth(emu, who), timeout=30)


# ---------------------------------------------------------------------------------------------
# controlled terms
# ---------------------------------------------------------------------------------------------


def test_controlled_terms_answer_one_page_whatever_is_asked(emulator: Emulator) -> None:
    whole = get_json(emulator, "/v1/controlled_terms")
    assert whole["page"] == 1 and whole["per_page"] == 30
    assert whole["total_results"] == len(whole["results"]) >= 5
    again = get_json(emulator, "/v1/controlled_terms", per_page=1, page=3)
    assert again == whole
    for term in whole["results"]:
        assert term["is_value"] is False
        assert {"id", "uuid", "label", "values", "multivalued"} <= term.keys()
        assert all({"id", "uuid", "label", "blocking"} <= v.keys() for v in term["values"])


def test_controlled_terms_for_taxon(emulator: Emulator) -> None:
    mammals = get_json(emulator, "/v1/controlled_terms/for_taxon", taxon_id=40151)
    labels = {t["label"] for t in mammals["results"]}
    assert "Plant Phenology" not in labels and "Sex" in labels
    evidence = next(t for t in mammals["results"] if t["label"] == "Evidence of Presence")
    values = {v["label"] for v in evidence["values"]}
    assert "Hair" in values and "Feather" not in values
    mollusks = get_json(emulator, "/v1/controlled_terms/for_taxon", taxon_id=47115)
    assert "Sex" not in {t["label"] for t in mollusks["results"]}  # excepted clade
    missing = get(emulator, "/v1/controlled_terms/for_taxon")
    assert missing.status_code == 422 and "taxon_id" in missing.json()["error"]
    assert get(emulator, "/v1/controlled_terms/for_taxon", taxon_id=123456789).status_code == 422
    assert get(emulator, "/v1/controlled_terms/for_taxon", taxon_id="abc").status_code == 422


# ---------------------------------------------------------------------------------------------
# messages
# ---------------------------------------------------------------------------------------------


def test_messages_need_a_valid_jwt(emulator: Emulator) -> None:
    for path in ("/v1/messages", "/v1/messages/unread", "/v1/messages/7000001"):
        assert get(emulator, path).status_code == 401
        bad = requests.get(emulator.api_url + path, headers={"Authorization": "x.y.z"}, timeout=30)
        assert bad.status_code == 401


def test_message_boxes_and_pages(emulator: Emulator) -> None:
    me = emulator.store.world.users[0].id
    inbox = _get_as(emulator, me, "/v1/messages").json()
    assert inbox["per_page"] == 30 and len(inbox["results"]) == 30
    assert inbox["total_results"] > 30
    assert all(m["to_user"]["id"] == me and m["user_id"] == me for m in inbox["results"])
    page2 = _get_as(emulator, me, "/v1/messages", page=2).json()
    seen = {m["id"] for m in inbox["results"]}
    assert seen.isdisjoint(m["id"] for m in page2["results"])
    big = _get_as(emulator, me, "/v1/messages", per_page=200).json()
    assert big["per_page"] == 30  # never more than 30 a page
    sent = _get_as(emulator, me, "/v1/messages", box="sent").json()
    assert all(m["from_user"]["id"] == me for m in sent["results"])
    assert _get_as(emulator, me, "/v1/messages", box="trash").status_code == 422
    both = _get_as(emulator, me, "/v1/messages", box="any").json()
    assert both["total_results"] == inbox["total_results"] + sent["total_results"]


def test_message_threads(emulator: Emulator) -> None:
    me = emulator.store.world.users[0].id
    threads = _get_as(emulator, me, "/v1/messages", box="any", threads="true", per_page=30)
    data = threads.json()
    counts = [m["thread_messages_count"] for m in data["results"]]
    assert counts and all(c >= 1 for c in counts) and max(counts) > 1
    thread_ids = [m["thread_id"] for m in data["results"]]
    assert len(set(thread_ids)) == len(thread_ids)
    refused = _get_as(emulator, me, "/v1/messages", threads="true", q="bioblitz")
    assert refused.status_code == 422
    login = emulator.store.world.users[1].login
    unknown = _get_as(emulator, me, "/v1/messages", user_id="no_such_login_here")
    assert unknown.status_code == 422
    assert _get_as(emulator, me, "/v1/messages", user_id=login).status_code == 200


def test_message_show_marks_the_thread_read_until_reset(emulator: Emulator) -> None:
    me = emulator.store.world.users[0].id
    before = _get_as(emulator, me, "/v1/messages/unread").json()["count"]
    inbox = _get_as(emulator, me, "/v1/messages", per_page=30).json()["results"]
    unread = next(m for m in inbox if m["read_at"] is None)
    shown = _get_as(emulator, me, f"/v1/messages/{unread['id']}").json()
    assert set(shown) == {"reply_to_user", "thread_id", "flaggable_message_id", "results"}
    assert shown["thread_id"] == unread["thread_id"]
    assert all(m["read_at"] is not None for m in shown["results"] if m["to_user"]["id"] == me)
    ids = [m["id"] for m in shown["results"]]
    assert ids == sorted(ids)
    after = _get_as(emulator, me, "/v1/messages/unread").json()["count"]
    assert after < before
    emulator.reset()
    assert _get_as(emulator, me, "/v1/messages/unread").json()["count"] == before
    # someone else's message is not found
    other = emulator.store.world.users[1].id
    theirs = next(r for r in emulator.store.message_rows(other))
    assert _get_as(emulator, me, f"/v1/messages/{theirs.id}").status_code == 404
    assert _get_as(emulator, me, "/v1/messages/abc").status_code == 422


# ---------------------------------------------------------------------------------------------
# posts
# ---------------------------------------------------------------------------------------------


def test_posts_are_bare_lists_of_ten(emulator: Emulator) -> None:
    news = get_json(emulator, "/v1/posts")
    assert isinstance(news, list) and len(news) == 10
    assert all(p["parent_type"] == "Site" for p in news)
    everything = get_json(emulator, "/v1/posts", per_page=500)
    assert 10 < len(everything) <= 200
    page2 = get_json(emulator, "/v1/posts", page=2)
    assert [p["id"] for p in page2] == [p["id"] for p in everything[10:20]]
    assert get_json(emulator, "/v1/posts", per_page=0) == []
    published = [p["published_at"] for p in everything]
    assert published == sorted(published, reverse=True)


def test_posts_by_parent(emulator: Emulator) -> None:
    author = max(emulator.store.world.users, key=lambda u: u.journal_posts_count)
    posts = get_json(emulator, "/v1/posts", login=author.login, per_page=200)
    assert len(posts) == author.journal_posts_count
    assert all(p["user"]["login"] == author.login and p["parent"]["id"] == author.id for p in posts)
    project_id, parent = next(iter(emulator.store.post_projects().items()))
    posts = get_json(emulator, "/v1/posts", project_id=project_id, per_page=200)
    assert posts and all(
        p["parent"] == {"id": project_id, "title": parent.title, "icon_url": parent.icon_url}
        for p in posts
    )
    assert get(emulator, "/v1/posts", login="no_such_login_here").status_code == 404
    assert get(emulator, "/v1/posts", project_id=999_999_999).status_code == 404


def test_posts_for_user(emulator: Emulator) -> None:
    anonymous = get_json(emulator, "/v1/posts/for_user", per_page=200)
    assert anonymous and all(p["parent_type"] == "Site" for p in anonymous)
    catalog = emulator.store.project_catalog()
    projects = emulator.store.post_projects()
    subscriber = next(s.user_id for s in catalog.subscriptions if s.project_id in projects)
    feed = _get_as(emulator, subscriber, "/v1/posts/for_user", per_page=200).json()
    assert len(feed) > len(anonymous)
    ids = [p["id"] for p in anonymous]
    older = get_json(emulator, "/v1/posts/for_user", older_than=ids[0], per_page=200)
    assert [p["id"] for p in older] == ids[1:]
    newer = get_json(emulator, "/v1/posts/for_user", newer_than=ids[-1], per_page=200)
    assert [p["id"] for p in newer] == ids[:-1]


# ---------------------------------------------------------------------------------------------
# site search
# ---------------------------------------------------------------------------------------------


def test_search_shapes_and_paging(emulator: Emulator) -> None:
    data = get_json(emulator, "/v1/search", q="a")
    assert data["per_page"] == 30 and data["page"] == 1
    assert data["total_results"] > 100
    for result in data["results"]:
        assert set(result) == {"score", "type", "matches", "record"}
        assert result["type"] in ("Taxon", "Place", "Project", "User")
        assert "matched_term" in result["record"]
    reset = get_json(emulator, "/v1/search", q="a", per_page=150)
    assert reset["per_page"] == 30  # above 100 falls back to the default
    top = get_json(emulator, "/v1/search", q="a", per_page=100)
    assert top["per_page"] == 100 and len(top["results"]) == 100
    count = get_json(emulator, "/v1/search", q="a", per_page=0)
    assert count["results"] == [] and count["total_results"] == data["total_results"]
    page2 = get_json(emulator, "/v1/search", q="a", per_page=50, page=2)
    assert [r["record"]["id"] for r in page2["results"]] == [
        r["record"]["id"] for r in top["results"][50:100]
    ]
    empty = get_json(emulator, "/v1/search", q="")
    assert empty == {"total_results": 0, "page": 1, "per_page": 0, "results": []}


def test_search_sources_and_places(emulator: Emulator) -> None:
    users = get_json(emulator, "/v1/search", q="a", sources="users", per_page=100)
    assert users["results"] and all(r["type"] == "User" for r in users["results"])
    assert get(emulator, "/v1/search", q="a", sources="things").status_code == 422
    places = get_json(emulator, "/v1/search", q="a", place_id=14, sources="places,users")
    assert places["results"]
    assert all(r["type"] == "Place" for r in places["results"])
    assert all(14 in (r["record"]["ancestor_place_ids"] or []) for r in places["results"])
    exact = get_json(emulator, "/v1/search", q="Aves", include_taxon_ancestors="true")
    top = exact["results"][0]
    assert top["type"] == "Taxon" and top["record"]["name"] == "Aves"
    assert [a["name"] for a in top["record"]["ancestors"]][:2] == ["Animalia", "Chordata"]
    assert "Aves" not in [a["name"] for a in top["record"]["ancestors"]]


# ---------------------------------------------------------------------------------------------
# map tiles
# ---------------------------------------------------------------------------------------------


def _decode_png(data: bytes) -> tuple[int, int, bytes]:
    """(width, height, raw scanlines), checking the signature, every chunk's CRC and the
    IHDR of an 8-bit RGBA image."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header, tags = 8, b"", b"", []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        tag, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(tag + body) == crc, tag
        tags.append(tag)
        if tag == b"IHDR":
            header = body
        elif tag == b"IDAT":
            idat += body
        pos += 12 + length
    assert tags[0] == b"IHDR" and tags[-1] == b"IEND"
    width, height, depth, color, _, _, _ = struct.unpack(">IIBBBBB", header)
    assert (depth, color) == (8, 6)
    raw = zlib.decompress(idat)
    assert len(raw) == height * (1 + width * 4)
    return width, height, raw


def _decode_char(char: str) -> int:
    code = ord(char)
    if code >= 93:
        code -= 1
    if code >= 35:
        code -= 1
    return code - 32


def test_tiles_are_valid_pngs(emulator: Emulator) -> None:
    for path in (
        "/v1/points/3/1/3.png",
        "/v1/grid/3/1/3.png",
        "/v1/heatmap/3/1/3.png",
        "/v1/colored_heatmap/3/1/3.png",
        "/v1/places/14/3/1/3.png",
        "/v1/taxon_places/3/3/1/3.png",
        "/v1/taxon_ranges/3/3/1/3.png",
        "/v1/points/0/0/0.png",
    ):
        response = get(emulator, path)
        assert response.status_code == 200, path
        assert response.headers["Content-Type"] == "image/png"
        width, height, _ = _decode_png(response.content)
        assert (width, height) == (256, 256)
    cached = get(emulator, "/v1/places/14/0/0/0.png", ttl=120)
    assert cached.headers["Cache-Control"] == "public, max-age=120"
    assert get(emulator, "/v1/points/0/0/0.png", colour="red").status_code == 422


def test_tile_errors(emulator: Emulator) -> None:
    assert get(emulator, "/v1/points/3/8/0.png").status_code == 422
    assert get(emulator, "/v1/points/22/0/0.grid.json").status_code == 422
    assert get(emulator, "/v1/places/999999999/0/0/0.png").status_code == 404
    assert get(emulator, "/v1/taxon_ranges/999999999/0/0/0.png").status_code == 404


def test_utfgrid_encodes_observations(emulator: Emulator) -> None:
    data = get_json(emulator, "/v1/points/3/1/3.grid.json")
    assert len(data["grid"]) == 64 and all(len(row) == 64 for row in data["grid"])
    keys = data["keys"]
    assert keys[0] == ""
    used = {_decode_char(c) for row in data["grid"] for c in row}
    assert used <= set(range(len(keys)))
    assert used - {0} == set(range(1, len(keys)))  # every key appears in the grid
    for key in keys[1:]:
        feature = data["data"][key]
        core = emulator.store.observation_core(feature["id"])
        assert core is not None and str(core.id) == key
        assert feature["quality_grade"] == core.quality_grade
    filtered = get_json(emulator, "/v1/points/3/1/3.grid.json", quality_grade="casual")
    assert all(f["quality_grade"] == "casual" for f in filtered["data"].values())
    assert len(filtered["keys"]) < len(keys)


def test_utfgrid_cells_count(emulator: Emulator) -> None:
    everything = get_json(emulator, "/v1/points/0/0/0.grid.json")
    grid = get_json(emulator, "/v1/grid/0/0/0.grid.json")
    total = sum(v["cellCount"] for v in grid["data"].values())
    located = sum(
        1
        for o in emulator.store.observations_snapshot()
        if o.lat is not None and o.geoprivacy != "private"
    )
    assert total == located
    assert len(everything["keys"]) - 1 <= located
