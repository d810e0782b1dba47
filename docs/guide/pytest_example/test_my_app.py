from __future__ import annotations

import pytest
from my_app import research_share

from inatsdk import RateLimitError, iNatClient
from inatsdk.testing import Emulator, Fault


def test_share_is_a_fraction(client: iNatClient, emulator: Emulator) -> None:
    share = research_share(client, taxon_id=3)
    assert 0 < share < 1
    # Two counts, and no records downloaded to get them.
    assert [r.query["per_page"] for r in emulator.requests] == ["0", "0"]


def test_no_observations_gives_zero(client: iNatClient) -> None:
    assert research_share(client, taxon_id=999_999_999) == 0.0


def test_server_errors_are_retried(client: iNatClient, emulator: Emulator) -> None:
    emulator.inject(Fault(kind="status", status=503, times=2, retry_after=0))
    assert research_share(client, taxon_id=3) > 0
    assert [r.status for r in emulator.requests] == [503, 503, 200, 200]


@pytest.mark.emulator(observations=50, throttle=(1, 60.0))
def test_throttled(emulator: Emulator) -> None:
    # This test gets its own emulator: 50 observations, one request a minute per client.
    with (
        iNatClient(
            api_url=emulator.api_url, cache=None, rate_limit=None, retries=0, credentials=None
        ) as impatient,
        pytest.raises(RateLimitError),
    ):
        research_share(impatient, taxon_id=3)
