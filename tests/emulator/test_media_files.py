"""Media URLs of the emulator's records point at the emulator, which serves their bytes."""

from __future__ import annotations

import requests

from inatsdk.testing import Emulator
from inatsdk.testing.media import png_bytes, wav_bytes
from tests.emulator.helpers import get_json

_SIZES = ("square", "thumb", "small", "medium", "large", "original")


def _download(url: str) -> requests.Response:
    response = requests.get(url, timeout=30)
    assert response.status_code == 200, (url, response.text)
    return response


def test_seeded_photo_urls_serve_jpegs_of_every_size(emulator: Emulator) -> None:
    taxon = get_json(emulator, "/v1/taxa/3")["results"][0]
    photo = taxon["taxon_photos"][0]["photo"]
    assert photo["url"].startswith(emulator.api_url + "/photos/")
    urls = [photo["url"].replace("square", size) for size in _SIZES]
    assert urls[1:3] == [photo["url"].replace("square", "thumb"), photo["small_url"]]
    assert [urls[3], urls[4], urls[5]] == [
        photo["medium_url"],
        photo["large_url"],
        photo["original_url"],
    ]
    bodies = []
    for url in urls:
        response = _download(url)
        assert response.headers["Content-Type"] == "image/jpeg"
        assert int(response.headers["Content-Length"]) == len(response.content)
        assert response.content[:3] == b"\xff\xd8\xff" and response.content[-2:] == b"\xff\xd9"
        bodies.append(response.content)
    lengths = [len(b) for b in bodies]
    assert lengths == sorted(lengths) and len(set(lengths)) == len(lengths)
    assert _download(urls[3]).content == bodies[3]  # deterministic
    # a scoped view's URLs stay in its scope: the downloads are in its log
    assert [r.path for r in emulator.requests][-1] == urls[3].removeprefix(emulator.api_url)


def test_observation_photos_differ_per_photo(emulator: Emulator) -> None:
    found = get_json(emulator, "/v1/observations", photos="true", per_page=50)["results"]
    urls = [p["url"] for o in found for p in o["photos"]][:2]
    assert len(urls) == 2
    first, second = (_download(u.replace("square", "medium")).content for u in urls)
    assert first != second


def test_uploaded_photo_original_is_the_uploaded_bytes(emulator: Emulator) -> None:
    owner = emulator.store.user_ids()[0]
    token = {"Authorization": emulator.issue_jwt(owner)}
    data = png_bytes(5, 3, (9, 99, 199))
    photo = requests.post(
        emulator.api_url + "/v1/photos",
        headers=token,
        files={"file": ("a.png", data, "image/png")},
        timeout=30,
    )
    assert photo.status_code == 200, photo.text
    record = photo.json()
    original = _download(record["original_url"])
    assert original.content == data and original.headers["Content-Type"] == "image/png"
    assert _download(record["medium_url"]).headers["Content-Type"] == "image/jpeg"
    sound = requests.post(
        emulator.api_url + "/v1/sounds",
        headers=token,
        files={"file": ("a.wav", wav_bytes(0.05), "audio/x-wav")},
        timeout=30,
    )
    assert sound.status_code == 200, sound.text
    url = sound.json()["file_url"]
    assert url.startswith(emulator.api_url + "/sounds/")
    assert _download(url).content == wav_bytes(0.05)


def test_user_icons_and_unknown_media(emulator: Emulator) -> None:
    user = get_json(emulator, "/v1/users/autocomplete", q="a")["results"]
    icons = [u["icon_url"] for u in user if u.get("icon_url")]
    assert icons and icons[0].startswith(emulator.api_url + "/attachments/users/icons/")
    assert _download(icons[0]).content[:2] == b"\xff\xd8"
    base = emulator.api_url
    assert requests.get(f"{base}/photos/1/huge.jpg", timeout=30).status_code == 404
    assert requests.get(f"{base}/photos/x/square.jpg", timeout=30).status_code == 404
