"""Pure functions: error mapping, redaction, settings and parameter encoding."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from inatsdk.errors import (
    APIError,
    AuthenticationError,
    InvalidParameterError,
    NotFoundError,
    ResultWindowError,
    ServerError,
    ValidationError,
    error_for_response,
    redact_url,
)
from inatsdk.params.encode import check_params, encode_params, encode_value
from inatsdk.settings import RateLimit, Timeout, dry_run_from_env, normalise_dry_run


def test_v1_error_body_is_parsed() -> None:
    err = error_for_response(
        422,
        "GET",
        "https://api.inaturalist.org/v1/taxa/1,2",
        b'{"error":"Too many IDs","status":422}',
    )
    assert isinstance(err, ValidationError)
    assert err.message == "Too many IDs"
    assert err.body == {"error": "Too many IDs", "status": 422}
    assert "422 from GET https://api.inaturalist.org/v1/taxa/1,2: Too many IDs" in str(err)


def test_v2_error_body_is_parsed() -> None:
    body = b'{"status":"422","errors":[{"errorCode":"validation","message":"bad fields"}]}'
    err = error_for_response(422, "GET", "https://api.inaturalist.org/v2/taxa", body)
    assert isinstance(err, ValidationError)
    assert err.message == "validation: bad fields"


def test_status_mapping() -> None:
    assert isinstance(error_for_response(401, "GET", "u", b"{}"), AuthenticationError)
    assert isinstance(error_for_response(404, "GET", "u", b"not json"), NotFoundError)
    assert isinstance(error_for_response(503, "GET", "u", b""), ServerError)
    assert type(error_for_response(418, "GET", "u", b"")) is APIError
    window = error_for_response(
        403, "GET", "u", b'{"error":"Result window is too large, use id_above","status":403}'
    )
    assert isinstance(window, ResultWindowError)
    assert "narrow the query" in str(window)


def test_secret_query_values_are_redacted() -> None:
    url = "https://x.org/oauth/token?client_id=1&client_secret=s3cret&password=pw&q=a"
    clean = redact_url(url)
    assert "s3cret" not in clean and "pw" not in clean
    assert "client_id=1" in clean and "q=a" in clean
    err = error_for_response(400, "POST", url, b"{}")
    assert "s3cret" not in str(err) and "s3cret" not in err.url


def test_encode_values() -> None:
    assert encode_value(True) == "true"
    assert encode_value([1, 2, 3]) == "1,2,3"
    assert encode_value(("a", "b")) == "a,b"
    assert encode_value(date(2024, 5, 1)) == "2024-05-01"
    assert (
        encode_value(datetime(2024, 5, 1, 12, tzinfo=timezone.utc)) == "2024-05-01T12:00:00+00:00"
    )
    assert encode_params({"a": None, "b": 0, "c": False}) == {"b": "0", "c": "false"}
    with pytest.raises(InvalidParameterError):
        encode_value(object())


def test_unknown_names_get_the_closest_valid_one() -> None:
    with pytest.raises(InvalidParameterError, match="did you mean 'place_id'") as info:
        check_params("v1", "GET", "/observations", {"plce_id": 1})
    assert "inatsdk.params.v1.ObservationsSearchParams" in str(info.value)
    check_params(
        "v1", "GET", "/observations", {"place_id": 1, "taxon_id": [3, 4], "d1": "2024-05-01"}
    )
    with pytest.raises(InvalidParameterError, match="d1='x' is not an ISO 8601 date"):
        check_params("v1", "GET", "/observations", {"d1": "x"})


def test_values_outside_the_declared_choices_are_refused() -> None:
    with pytest.raises(InvalidParameterError, match="did you mean 'observed_on'"):
        check_params("v1", "GET", "/observations", {"order_by": "observed_onn"})
    with pytest.raises(InvalidParameterError, match="rank='speces'"):
        check_params("v1", "GET", "/taxa", {"rank": ["genus", "speces"]})
    check_params("v1", "GET", "/taxa", {"rank": ["genus", "species"], "order": "asc"})


def test_dry_run_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    assert normalise_dry_run(True) == "all"
    assert normalise_dry_run("writes") == "writes"
    assert normalise_dry_run(None) == "off"
    with pytest.raises(ValueError, match="dry_run"):
        normalise_dry_run("sometimes")  # type: ignore[arg-type]
    monkeypatch.setenv("DRY_RUN_ENABLED", "TRUE")
    assert dry_run_from_env() == "all"
    monkeypatch.setenv("DRY_RUN_ENABLED", "false")
    monkeypatch.setenv("DRY_RUN_WRITE_ONLY", "Yes")
    assert dry_run_from_env() == "writes"


def test_rate_limit_and_timeout_settings() -> None:
    with pytest.raises(ValueError, match="per_minute"):
        RateLimit(per_minute=0)
    assert Timeout(read=5, write=50).for_method("GET") == (10.0, 5)
    assert Timeout(read=5, write=50).for_method("POST") == (10.0, 50)


def test_default_limits_stay_under_the_apis() -> None:
    from inatsdk.session import build_limiter

    limiter = build_limiter(RateLimit())
    rates = limiter.buckets()[0].rates
    per_minute = [r.limit * 60_000 / r.interval for r in rates if r.interval <= 60_000]
    assert all(rate < 60 for rate in per_minute)
    per_day = [r for r in rates if r.interval == 86_400_000]
    assert per_day and per_day[0].limit < 10_000
    limiter.close()
