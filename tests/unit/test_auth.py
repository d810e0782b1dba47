"""Credentials, JWT parsing, the token cache key, the keyring functions (with a real keyring
backend that keeps its secrets in memory or a temp file), PKCE and redirect parsing."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from inatsdk import Credentials, iNatClient
from inatsdk.auth import (
    KEYRING_FIELDS,
    TokenProvider,
    _note_login,
    _secret_key,
    delete_keyring_credentials,
    get_keyring_credentials,
    jwt_claims,
    jwt_expiry,
    keyring_backend_name,
    keyring_service,
    set_keyring_credentials,
)
from inatsdk.oauth import PKCE, authorization_url, parse_authorization_response
from tests.keyring_backend import FileKeyring

ENV_NAMES = (
    "INAT_USERNAME",
    "INAT_PASSWORD",
    "INAT_APP_ID",
    "INAT_APP_SECRET",
    "INAT_ACCESS_TOKEN",
    "INAT_API_TOKEN",
)


def _b64(data: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _jwt(claims: object) -> str:
    return f"{_b64({'alg': 'HS512'})}.{_b64(claims)}.c2ln"


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def file_keyring(
    tmp_path: Path, clean_env: None, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FileKeyring]:
    monkeypatch.setenv("INATSDK_CONFIG_DIR", str(tmp_path / "config"))
    previous: KeyringBackend = keyring.get_keyring()
    backend = FileKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


# --- Credentials -----------------------------------------------------------------------------------


def test_repr_shows_which_fields_are_set_never_their_values() -> None:
    creds = Credentials(username="ana", password="pw-1", app_secret="s-1", access_token="t-1")
    text = repr(creds)
    assert text == (
        "Credentials(username='ana', password='***', app_id=None, app_secret='***', "
        "access_token='***', api_token=None)"
    )
    assert creds.identity() == "user:ana"
    token_only = Credentials(access_token="t-1")
    assert token_only.identity().startswith("token:") and "t-1" not in token_only.identity()


def test_usable_and_renewable() -> None:
    assert not Credentials().usable()
    assert not Credentials(username="a", password="b", app_id="c").usable()
    assert Credentials(username="a", password="b", app_id="c", app_secret="d").renewable()
    assert Credentials(access_token="t").renewable()
    given = Credentials(api_token="j")
    assert given.usable() and not given.renewable()


def test_from_env_in_order(monkeypatch: pytest.MonkeyPatch, clean_env: None) -> None:
    assert Credentials.from_env() is None
    monkeypatch.setenv("INAT_API_TOKEN", "jwt-from-env")
    assert Credentials.from_env() == Credentials(api_token="jwt-from-env")
    monkeypatch.setenv("INAT_ACCESS_TOKEN", "oauth-from-env")
    found = Credentials.from_env()
    assert found is not None and found.access_token == "oauth-from-env"
    monkeypatch.setenv("INAT_APP_ID", "42")
    monkeypatch.setenv("INAT_APP_SECRET", "")  # empty means unset
    found = Credentials.from_env()
    assert found is not None and found.app_id == "42" and found.app_secret is None


def test_a_secret_key_binds_every_secret() -> None:
    base = Credentials(username="ana", password="pw", app_id="1", app_secret="s")
    assert _secret_key(base) == _secret_key(
        Credentials(**{n: getattr(base, n) for n in KEYRING_FIELDS})
    )
    for name in ("username", "password", "app_id", "app_secret"):
        changed = Credentials(**{**{n: getattr(base, n) for n in KEYRING_FIELDS}, name: "other"})
        assert _secret_key(changed) != _secret_key(base), name
    assert "pw" not in _secret_key(base)


# --- JWTs ------------------------------------------------------------------------------------------


def test_jwt_claims_and_expiry() -> None:
    token = _jwt({"user_id": 7, "exp": 1_700_000_000})
    assert jwt_claims(token) == {"user_id": 7, "exp": 1_700_000_000}
    assert jwt_claims("Bearer " + token) == {"user_id": 7, "exp": 1_700_000_000}
    assert jwt_expiry(token) == 1_700_000_000.0
    assert jwt_expiry(_jwt({"user_id": 7})) is None
    assert jwt_expiry(_jwt({"exp": True})) is None
    assert jwt_expiry(_jwt([1, 2])) is None
    for junk in ("", "abc", "a.b", "a.!!!.c", "a.b.c.d"):
        assert jwt_claims(junk) is None


def test_a_given_jwt_is_used_while_valid_and_refused_once_expired() -> None:
    fresh = _jwt({"user_id": 1, "exp": int(time.time()) + 3600})
    provider = TokenProvider(Credentials(api_token=fresh), "https://www.inaturalist.org")
    assert provider.authorization() == fresh
    assert provider.fingerprint() == "https://www.inaturalist.org|user:1"
    stale = _jwt({"user_id": 1, "exp": int(time.time()) - 1})
    expired = TokenProvider(Credentials(api_token=stale), "https://www.inaturalist.org")
    with pytest.raises(Exception, match="has expired") as info:
        expired.authorization()
    assert stale not in str(info.value)


# --- the keyring -----------------------------------------------------------------------------------


def test_keyring_round_trip(file_keyring: FileKeyring, tmp_path: Path) -> None:
    assert get_keyring_credentials() is None
    first = Credentials(username="ana", password="pw", app_id="1", app_secret="s")
    set_keyring_credentials(first)
    assert get_keyring_credentials() == first
    stored = json.loads((tmp_path / "keyring.json").read_text())
    assert set(stored) == {"inatsdk"}
    assert stored["inatsdk"] == {
        "username": "ana",
        "password": "pw",
        "app_id": "1",
        "app_secret": "s",
    }
    # Storing again replaces the whole set: no old password left beside a new token.
    second = Credentials(username="ana", access_token="tok")
    set_keyring_credentials(second)
    assert get_keyring_credentials() == second
    assert set(json.loads((tmp_path / "keyring.json").read_text())["inatsdk"]) == {
        "username",
        "access_token",
    }
    assert delete_keyring_credentials() is True
    assert delete_keyring_credentials() is False
    assert get_keyring_credentials() is None
    with pytest.raises(ValueError, match="not enough"):
        set_keyring_credentials(Credentials(username="ana"))


def test_keyring_entries_are_per_site(file_keyring: FileKeyring) -> None:
    assert keyring_service() == "inatsdk"
    assert keyring_service(web_url="https://www.inaturalist.org/") == "inatsdk"
    local = {"api_url": "http://127.0.0.1:9000", "web_url": "http://127.0.0.1:9000"}
    assert keyring_service(**local) == "inatsdk:http://127.0.0.1:9000|http://127.0.0.1:9000"
    set_keyring_credentials(Credentials(access_token="local-token"), **local)
    assert get_keyring_credentials() is None
    found = get_keyring_credentials(**local)
    assert found is not None and found.access_token == "local-token"
    assert keyring_backend_name() == "tests.keyring_backend.FileKeyring"


def test_the_client_reads_the_keyring_lazily_and_last(
    file_keyring: FileKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_keyring_credentials(Credentials(username="from_keyring", access_token="kt"))
    with iNatClient(cache=None, rate_limit=None) as client:
        assert file_keyring.reads == 0  # making a client reads nothing
        assert repr(client).endswith("user:from_keyring>")  # the repr says who it will be
        assert file_keyring.reads == len(KEYRING_FIELDS)
        repr(client)
        assert file_keyring.reads == len(KEYRING_FIELDS)  # once per client
    with iNatClient(cache=None, rate_limit=None, credentials=None) as anonymous:
        assert repr(anonymous).endswith("anonymous>")
    explicit = Credentials(username="explicit", access_token="x")
    with iNatClient(cache=None, rate_limit=None, credentials=explicit) as given:
        assert repr(given).endswith("user:explicit>")
    monkeypatch.setenv("INAT_ACCESS_TOKEN", "from-env")
    with iNatClient(cache=None, rate_limit=None) as from_env:
        assert from_env._tokens.credentials == Credentials(access_token="from-env")
    assert file_keyring.reads == len(KEYRING_FIELDS)  # neither read the keyring
    monkeypatch.delenv("INAT_ACCESS_TOKEN")
    with iNatClient(cache=None, rate_limit=None, api_url="https://api.example.org") as other:
        assert other._tokens.credentials is None  # not the site it was stored for


def test_storing_a_login_notes_its_site_and_clients_read_only_noted_sites(
    file_keyring: FileKeyring, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    logins = tmp_path / "config" / "logins.json"
    local = {"api_url": "http://127.0.0.1:9000", "web_url": "http://127.0.0.1:9000"}
    set_keyring_credentials(Credentials(access_token="tok"), **local)
    noted = json.loads(logins.read_text())
    assert noted == {"keyring": ["inatsdk:http://127.0.0.1:9000|http://127.0.0.1:9000"]}
    assert "tok" not in logins.read_text()  # names only, never a secret
    # Written to the keyring by other means: not noted, so a client does not look.
    keyring.set_password("inatsdk", "access_token", "written-by-hand")
    provider = TokenProvider(None, "https://www.inaturalist.org", keyring=True)
    assert provider.has_credentials() is False
    assert file_keyring.reads == 0
    assert get_keyring_credentials() is not None  # the explicit function still reads it
    # A note that cannot be parsed errs towards asking the keyring.
    logins.write_text("{not json")
    provider = TokenProvider(None, "https://www.inaturalist.org", keyring=True)
    assert provider.credentials == Credentials(access_token="written-by-hand")
    # Storing again rewrites the unreadable note, saying so; logging out removes the site.
    set_keyring_credentials(Credentials(access_token="tok2"), **local)
    assert "could not be read" in caplog.text
    assert delete_keyring_credentials(**local) is True
    assert json.loads(logins.read_text()) == {"keyring": []}


def test_a_login_is_not_stored_where_its_note_cannot_be_written(
    file_keyring: FileKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("INATSDK_CONFIG_DIR", str(blocker / "config"))
    with pytest.raises(OSError, match="INATSDK_CONFIG_DIR") as info:
        set_keyring_credentials(Credentials(access_token="secret-token"))
    assert "secret-token" not in str(info.value)
    assert get_keyring_credentials() is None  # nothing half-stored


def test_an_incomplete_keyring_entry_is_ignored(
    file_keyring: FileKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    keyring.set_password("inatsdk", "username", "only_a_name")
    _note_login("inatsdk", stored=True)
    provider = TokenProvider(None, "https://www.inaturalist.org", keyring=True)
    assert provider.has_credentials() is False
    assert "incomplete" in caplog.text


def test_importing_inatsdk_does_not_import_keyring() -> None:
    code = "import sys, inatsdk; print('keyring' in sys.modules, 'inatsdk.oauth' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# --- PKCE and the redirect ---------------------------------------------------------------------------


def test_pkce_pair() -> None:
    pair = PKCE.generate()
    assert 43 <= len(pair.verifier) <= 128
    assert set(pair.verifier) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )
    digest = hashlib.sha256(pair.verifier.encode()).digest()
    assert pair.challenge == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert pair.method == "S256"
    assert pair.verifier not in repr(pair)
    assert PKCE.generate().verifier != pair.verifier


def test_authorization_url() -> None:
    pair = PKCE(verifier="v", challenge="c")
    url = authorization_url(
        app_id="app", redirect_uri="http://127.0.0.1:8400/callback", state="st", pkce=pair
    )
    assert url == (
        "https://www.inaturalist.org/oauth/authorize?client_id=app&redirect_uri="
        "http%3A%2F%2F127.0.0.1%3A8400%2Fcallback&response_type=code&state=st"
        "&code_challenge=c&code_challenge_method=S256"
    )


@pytest.mark.parametrize(
    ("pasted", "code", "state", "error"),
    [
        ("http://127.0.0.1:8400/callback?code=abc&state=xy", "abc", "xy", None),
        ("  'http://127.0.0.1:8400/callback?state=xy&code=abc'\n", "abc", "xy", None),
        ("?code=abc", "abc", None, None),
        ("code=abc&state=s", "abc", "s", None),
        ("abc123", "abc123", None, None),
        ("http://127.0.0.1:8400/callback?error=access_denied&state=s", None, "s", "access_denied"),
        ("", None, None, "invalid_request"),
    ],
)
def test_parse_authorization_response(
    pasted: str, code: str | None, state: str | None, error: str | None
) -> None:
    got = parse_authorization_response(pasted)
    assert (got.code, got.state, got.error) == (code, state, error)
    if code is not None:
        assert code not in repr(got)


def test_the_cli_and_the_oauth_module_agree_on_the_default_port() -> None:
    from inatsdk.cli import auth as cli_auth
    from inatsdk.oauth import DEFAULT_REDIRECT_PORT

    assert cli_auth.DEFAULT_REDIRECT_PORT == DEFAULT_REDIRECT_PORT
