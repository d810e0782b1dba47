"""Secrets never leak: not in log lines, exception messages, reprs or the cache on disk."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from inatsdk import AuthenticationError, CacheSettings, Credentials, iNatClient
from inatsdk.models import Observation
from inatsdk.testing import Emulator, Fault
from tests.e2e.conftest import make_client


def _everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{r.getMessage()} {r.exc_text or ''} {r.args!r}" for r in caplog.records)


def test_no_token_in_logs_errors_reprs_or_cache(
    emulator: Emulator, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, not only ours: urllib3 too
    user_id = emulator.store.user_ids()[0]
    jwt = emulator.issue_jwt(user_id)
    creds = Credentials(api_token=jwt, password="hunter2-secret", username="someone")
    cache_file = tmp_path / "cache.sqlite"
    texts: list[str] = [repr(creds)]
    with make_client(
        emulator, credentials=creds, cache=CacheSettings(backend="sqlite", path=cache_file)
    ) as client:
        texts.append(repr(client))
        client.observations.search(user_id=user_id).limit(20).all()
        client.observations.search(user_id=user_id).limit(20).all()  # from the cache
        client.observations.create(Observation(species_guess="secretive"), dry_run=True)
        created = client.observations.create(Observation(species_guess="secretive"))
        texts.append(repr(created))
        emulator.inject(Fault(kind="status", status=401, times=None))
        with pytest.raises(AuthenticationError) as info:
            client.observations.search().first()
        texts.append(str(info.value))
        texts.append(repr(info.value))
    texts.append(_everything_logged(caplog))
    blob = cache_file.read_bytes()
    for secret in (jwt, "hunter2-secret"):
        for text in texts:
            assert secret not in text
        assert secret.encode() not in blob
    # The token did reach the emulator: the check above is not vacuous.
    assert any(r.headers.get("Authorization", "").endswith(jwt) for r in emulator.requests)


def test_identities_do_not_share_cached_private_responses(
    emulator: Emulator, tmp_path: Path
) -> None:
    a, b = emulator.store.user_ids()[:2]
    settings = CacheSettings(backend="sqlite", path=tmp_path / "shared.sqlite")
    with make_client(emulator, cache=settings) as anonymous:
        anonymous.observations.search(user_id=a).first()
    with make_client(
        emulator, cache=settings, credentials=Credentials(api_token=emulator.issue_jwt(a))
    ) as alice:
        alice.observations.search(user_id=a).first()
        alice.observations.search(user_id=a).first()
    with make_client(
        emulator, cache=settings, credentials=Credentials(api_token=emulator.issue_jwt(b))
    ) as bob:
        bob.observations.search(user_id=a).first()
    with make_client(emulator, cache=settings) as anonymous_again:
        anonymous_again.observations.search(user_id=a).first()
    # One cache file, three identities: each sent its own first request, repeats were cached.
    assert len(emulator.requests) == 3


def test_expired_token_is_refused_before_sending(emulator: Emulator) -> None:
    jwt = emulator.issue_jwt(emulator.store.user_ids()[0], lifetime=-10)
    with make_client(emulator, credentials=Credentials(api_token=jwt)) as client:
        with pytest.raises(AuthenticationError, match="expired") as info:
            client.observations.search().first()
    assert jwt not in str(info.value)
    assert emulator.requests == []


def test_plain_http_is_refused_off_loopback() -> None:
    with pytest.raises(ValueError, match="https"):
        iNatClient(api_url="http://api.example.org", cache=None)
    with pytest.raises(ValueError, match="/v1"):
        iNatClient(api_url="https://api.inaturalist.org/v1", cache=None)
