"""Users on v2: the lookup reaches ``GET /v2/users/{id}`` with a field selection."""

from __future__ import annotations

from inatsdk import iNatClient
from inatsdk.testing import Emulator


def test_users_get_on_v2(client: iNatClient, emulator: Emulator) -> None:
    user_id = emulator.store.user_ids()[0]
    v1_user = client.users.get(user_id)
    v2_user = client.with_options(api_version="v2").users.get(user_id)
    assert v2_user.id == v1_user.id == user_id
    assert v2_user.login == v1_user.login
    sent = [(r.path, r.query.get("fields")) for r in emulator.requests]
    assert sent == [(f"/v1/users/{user_id}", None), (f"/v2/users/{user_id}", "all")]


def test_users_get_by_login_stays_on_v1_where_v2_takes_ids(client: iNatClient) -> None:
    login = client.users.autocomplete(q="a").first()
    assert login is not None and login.login is not None
    assert client.users.get(login.login).id == login.id
