"""v2's social writes through the client's typed methods against the emulator, on the one world:
what a v2 write changes, a v1 read shows, and the reverse."""

from __future__ import annotations

import pytest

from inatsdk import iNatClient
from inatsdk.errors import NotFoundError
from inatsdk.models import Comment, Relationship, SavedLocation, TaxonNamePriority
from inatsdk.testing import Emulator
from inatsdk.testing.media import jpeg_bytes


def _comment_bodies(client: iNatClient, observation_id: int) -> list[str | None]:
    found = client.with_options(use_cache=False).observations.get(observation_id)
    return [c.body for c in found.comments or ()]


def test_comment_edited_and_deleted_by_uuid(emulator: Emulator, me: iNatClient) -> None:
    observation_id = emulator.store.observation_ids()[0]
    observation = me.observations.get(observation_id)
    assert observation.uuid is not None
    # written on v1, edited and deleted on v2 by its UUID
    made = me.comments.create(
        Comment(body="first", parent_type="Observation", parent_id=observation_id)
    )
    assert made.uuid is not None
    made.body = "edited on v2"
    emulator.clear_requests()
    saved = me.comments.save_v2(made)
    assert [(r.method, r.path) for r in emulator.requests] == [("PUT", f"/v2/comments/{made.uuid}")]
    assert saved.uuid == made.uuid
    assert "edited on v2" in _comment_bodies(me, observation_id)
    me.comments.delete_v2(made.uuid)
    assert "edited on v2" not in _comment_bodies(me, observation_id)
    with pytest.raises(NotFoundError):
        me.comments.delete_v2(made.uuid)


def test_comment_written_on_v2_is_edited_on_v1(emulator: Emulator, me: iNatClient) -> None:
    observation = me.observations.get(emulator.store.observation_ids()[1])
    made = me.comments.create_v2(Comment(body="from v2"), parent=observation)
    assert made.id is not None
    made.body = "edited on v1"
    me.comments.save(made)
    assert "edited on v1" in _comment_bodies(me, observation.id or 0)


def test_comment_writes_by_uuid_need_auth_and_the_author(
    emulator: Emulator, client: iNatClient, me: iNatClient
) -> None:
    import requests

    observation = me.observations.get(emulator.store.observation_ids()[2])
    made = me.comments.create_v2(Comment(body="mine"), parent=observation)
    url = f"{emulator.api_url}/v2/comments/{made.uuid}"
    answer = requests.delete(url, timeout=30)
    assert answer.status_code == 401
    assert set(answer.json()) == {"status", "errors"}
    other = emulator.store.user_ids()[1]
    answer = requests.delete(url, headers={"Authorization": emulator.issue_jwt(other)}, timeout=30)
    assert answer.status_code == 403
    assert set(answer.json()) == {"status", "errors"}


def test_relationships_created_saved_and_deleted(emulator: Emulator, me: iNatClient) -> None:
    friend, other = emulator.store.user_ids()[1:3]
    assert list(me.relationships.search()) == []
    made = me.relationships.create(Relationship(friend_id=friend, trust=True))
    assert made.id is not None
    assert made.friend_user is not None and made.friend_user.id == friend
    assert (made.following, made.trust) == (True, True)
    me.relationships.create(Relationship(friend_id=other, following=False))
    listed = {r.id: r for r in me.relationships.search()}
    assert set(listed) == {made.id, made.id + 1}
    assert [r.friend_user.id for r in me.relationships.search(trusted="yes") if r.friend_user] == [
        friend
    ]
    made.trust = False
    emulator.clear_requests()
    saved = me.relationships.save(made)
    [put] = emulator.requests
    assert (put.method, put.path) == ("PUT", f"/v2/relationships/{made.id}")
    assert saved.trust is False
    assert {r.id: r.trust for r in me.relationships.search()}[made.id] is False
    me.relationships.delete(made)
    assert [r.id for r in me.relationships.search()] == [made.id + 1]
    with pytest.raises(NotFoundError):
        me.relationships.delete(made.id)


def test_relationship_errors_have_v2s_shape(emulator: Emulator, owner: int) -> None:
    import requests

    url = f"{emulator.api_url}/v2/relationships"
    body = {"relationship": {"friend_id": owner}}
    answer = requests.post(url, json=body, timeout=30)
    assert answer.status_code == 401
    assert set(answer.json()) == {"status", "errors"}
    auth = {"Authorization": emulator.issue_jwt(owner)}
    answer = requests.post(url, json=body, headers=auth, timeout=30)  # oneself
    assert answer.status_code == 422
    assert set(answer.json()) == {"status", "errors"}


def test_saved_locations_created_listed_and_deleted(emulator: Emulator, me: iNatClient) -> None:
    assert list(me.saved_locations.search()) == []
    home = me.saved_locations.create(
        SavedLocation(title="Home", latitude=1.5, longitude=2.5, geoprivacy="obscured")
    )
    assert home.id is not None
    assert (home.title, home.latitude, home.longitude) == ("Home", 1.5, 2.5)
    me.saved_locations.create(SavedLocation(title="Pond", latitude=-3.0, longitude=4.0))
    assert [s.title for s in me.saved_locations.search()] == ["Pond", "Home"]
    assert [s.title for s in me.saved_locations.search(q="home")] == ["Home"]
    emulator.clear_requests()
    me.saved_locations.delete(home)
    [delete] = emulator.requests
    assert (delete.method, delete.path) == ("DELETE", f"/v2/saved_locations/{home.id}")
    assert [s.title for s in me.saved_locations.search()] == ["Pond"]
    with pytest.raises(NotFoundError):
        me.saved_locations.delete(home.id or 0)


def _priorities(client: iNatClient) -> list[tuple[str | None, int | None]]:
    """The signed-in user's name priorities as /v1/users/me shows them."""
    rows = client.users.me().taxon_name_priorities or []
    return [(r.lexicon, r.position) for r in rows]


def test_taxon_name_priorities_created_moved_and_deleted(
    emulator: Emulator, me: iNatClient
) -> None:
    assert _priorities(me) == []
    english = me.taxon_name_priorities.create(TaxonNamePriority(lexicon="english"))
    assert (english.lexicon, english.position) == ("english", 0)
    place_id = emulator.store.place_ids()[0]
    french = me.taxon_name_priorities.create(TaxonNamePriority(lexicon="french", place_id=place_id))
    assert french.position == 1
    assert french.place is not None and french.place.id == place_id
    assert _priorities(me) == [("english", 0), ("french", 1)]
    french.position = 0
    emulator.clear_requests()
    moved = me.taxon_name_priorities.save(french)
    [put] = emulator.requests
    assert (put.method, put.path) == ("PUT", f"/v2/taxon_name_priorities/{french.id}")
    assert moved.position == 0
    assert _priorities(me) == [("french", 0), ("english", 1)]
    on_v2 = me.with_options(api_version="v2").users.me()
    assert [r.lexicon for r in on_v2.taxon_name_priorities or []] == ["french", "english"]
    assert "taxon_name_priorities" not in on_v2.extra
    me.taxon_name_priorities.delete(french)
    assert _priorities(me) == [("english", 0)]
    with pytest.raises(NotFoundError):
        me.taxon_name_priorities.delete(french.id or 0)


def test_taxa_suggested_from_an_image_as_v1_scores_it(emulator: Emulator, me: iNatClient) -> None:
    image = jpeg_bytes(16, 16, 90)
    emulator.clear_requests()
    suggested = me.taxon_suggestions.suggest_from_image(image, lat=1.5, lng=2.5)
    [post] = emulator.requests
    assert (post.method, post.path) == ("POST", "/v2/taxa/suggest")
    rows = suggested.results or []
    assert rows and {r.source_type for r in rows} == {"visual"}
    assert post.body and b'name="fields"' in post.body  # every field asked for: names too
    assert all(r.taxon and r.taxon.name for r in rows)
    scored = me.computervision.score_image(image, lat=1.5, lng=2.5)
    assert [r.taxon.id for r in rows if r.taxon] == [
        r.taxon.id for r in scored.results or () if r.taxon
    ]
    assert [r.score for r in rows] == [r.combined_score for r in scored.results or ()]
    nearby = me.taxon_suggestions.suggest_from_image(image, source="observations")
    assert {r.source_type for r in nearby.results or ()} <= {"observations"}


def test_taxa_suggest_by_image_needs_auth(emulator: Emulator) -> None:
    import requests

    files = {"image": ("p.jpg", jpeg_bytes(8, 8, 90), "image/jpeg")}
    answer = requests.post(f"{emulator.api_url}/v2/taxa/suggest", files=files, timeout=30)
    assert answer.status_code == 401
    assert set(answer.json()) == {"status", "errors"}
