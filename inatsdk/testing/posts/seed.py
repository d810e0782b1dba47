"""Journal posts, drawn once per world from its seed.

* Users' journals: each seeded user has as many posts as their ``journal_posts_count`` says.
* Project journals: a few posts for each project that has a ``last_post_at``, the newest one
  published then (the projects come from the store's project catalog).
* Site news: posts of the site itself (``parent_type`` ``"Site"``, id 1), written by curators.

Trip fields (``start_time`` .. ``number``) are null, as on ordinary journal posts.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Mapping

import attrs

from inatsdk.testing.records import ICON_BASE, JSON, Renderer
from inatsdk.testing.seed import World, random_uuid4

__all__ = ["SITE_ID", "SITE_NAME", "PostRow", "ProjectParent", "post_json", "seeded_posts"]

FIRST_POST_ID = 50_000
SITE_ID = 1
SITE_NAME = "iNaturalist"
_START = 1_546_300_800  # 2019-01-01T00:00:00Z
_END = 1_751_241_600  # 2025-06-30T00:00:00Z
SITE_ICON = "https://static.inaturalist.org/sites/1-logo_square.png"


@attrs.frozen
class ProjectParent:
    """A project whose journal has posts."""

    id: int
    title: str
    icon_url: str | None
    last_post_at: float
    """When its newest post was published (UTC epoch seconds)."""


_TITLES = (
    "First {taxon} of the year",
    "A morning at {place}",
    "Notes on {taxon}",
    "Bioblitz results",
    "What I learned identifying {taxon}",
    "Spring migration update",
    "Looking for help with {taxon}",
)
_NEWS = (
    "Announcing the {year} City Nature Challenge",
    "New computer vision model released",
    "iNaturalist {year} year in review",
    "Improvements to the identify page",
    "Welcome to our new curators",
)
_PARAGRAPHS = (
    "It was a cool, overcast morning and the trail was quiet.",
    "I spent most of the afternoon near the water, where the {taxon} were most active.",
    "Thanks to everyone who helped with identifications this month!",
    "Photos are on my observations page; corrections welcome.",
    "Next time I want to come back earlier in the season.",
    "Remember to add a location and a date to every observation.",
)


@attrs.frozen
class PostRow:
    id: int
    uuid: str
    parent_type: str
    """``"User"``, ``"Project"`` or ``"Site"``."""
    parent_id: int
    user_id: int
    """The author."""
    title: str
    body: str
    published: float
    """UTC epoch seconds."""
    updated: float


def _text(rng: random.Random, words: dict[str, str]) -> str:
    count = rng.randint(1, 4)
    return "\r\n\r\n".join(rng.choice(_PARAGRAPHS).format(**words) for _ in range(count))


@functools.lru_cache(maxsize=8)
def seeded_posts(world: World, projects: tuple[ProjectParent, ...] = ()) -> tuple[PostRow, ...]:
    """Every seeded post, ascending by id (and publication time)."""
    rng = random.Random(f"{world.seed}:posts")
    taxa = [t for t in world.taxa if t.common_name and t.rank == "species"] or list(world.taxa)
    places = [p.name for p in world.places]
    users = world.users
    if not users:
        return ()
    curators = [u for u in users if "curator" in u.roles] or list(users[:3])
    drafts: list[tuple[float, str, int, int, str, str]] = []

    def words() -> dict[str, str]:
        taxon = rng.choice(taxa)
        return {"taxon": (taxon.common_name or taxon.name).lower(), "place": rng.choice(places)}

    for u in users:
        for _ in range(u.journal_posts_count):
            w = words()
            drafts.append(
                (
                    rng.uniform(_START, _END),
                    "User",
                    u.id,
                    u.id,
                    rng.choice(_TITLES).format(**w).capitalize(),
                    _text(rng, w),
                )
            )
    for project in projects:
        count = rng.randint(3, 12)
        for k in range(count):
            w = words()
            when = project.last_post_at - (0.0 if k == 0 else rng.uniform(86_400, 60_000_000))
            drafts.append(
                (
                    when,
                    "Project",
                    project.id,
                    rng.choice(users[:30]).id,
                    rng.choice(_TITLES).format(**w).capitalize(),
                    _text(rng, w),
                )
            )
    for _ in range(18):
        when = rng.uniform(_START, _END)
        year = str(1970 + int(when // 31_557_600))
        drafts.append(
            (
                when,
                "Site",
                SITE_ID,
                rng.choice(curators).id,
                rng.choice(_NEWS).format(year=year),
                _text(rng, words()),
            )
        )
    drafts.sort(key=lambda d: d[0])
    rows: list[PostRow] = []
    post_id = FIRST_POST_ID
    for when, parent_type, parent_id, author, title, body in drafts:
        post_id += rng.randint(1, 40)
        published = float(int(when))
        rows.append(
            PostRow(
                id=post_id,
                uuid=random_uuid4(rng),
                parent_type=parent_type,
                parent_id=parent_id,
                user_id=author,
                title=title,
                body=body,
                published=published,
                updated=published + (rng.uniform(0, 86_400) if rng.random() < 0.2 else 0.0),
            )
        )
    return tuple(rows)


def _utc_millis(ts: float) -> str:
    """``2021-07-02T20:55:31.339Z``: how posts write their times."""
    text = dt.datetime.fromtimestamp(ts, dt.timezone.utc).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def post_json(row: PostRow, renderer: Renderer, projects: Mapping[int, ProjectParent]) -> JSON:
    """One post as ``/v1/posts`` gives it."""
    author = renderer.users[row.user_id]
    icon = f"{ICON_BASE}/{author.id}/thumb.jpg" if author.has_icon else None
    medium = f"{ICON_BASE}/{author.id}/medium.jpg" if author.has_icon else None
    parent: JSON
    if row.parent_type == "Project":
        project = projects.get(row.parent_id)
        parent = {
            "id": row.parent_id,
            "title": project.title if project is not None else None,
            "icon_url": project.icon_url if project is not None else None,
        }
    elif row.parent_type == "Site":
        parent = {"id": row.parent_id, "name": SITE_NAME, "icon_url": SITE_ICON}
    else:
        parent = {"id": row.parent_id, "name": author.name, "icon_url": medium}
    return {
        "id": row.id,
        "parent_id": row.parent_id,
        "parent_type": row.parent_type,
        "user_id": row.user_id,
        "published_at": _utc_millis(row.published),
        "title": row.title,
        "body": row.body,
        "created_at": _utc_millis(row.published),
        "updated_at": _utc_millis(row.updated),
        "start_time": None,
        "stop_time": None,
        "place_id": None,
        "latitude": None,
        "longitude": None,
        "radius": None,
        "distance": None,
        "number": None,
        "uuid": row.uuid,
        "user": {
            "id": author.id,
            "login": author.login,
            "user_icon_url": icon,
            "medium_user_icon_url": medium,
        },
        "parent": parent,
    }
