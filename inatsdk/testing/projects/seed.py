"""Projects for the projects API: collection projects (observations matching search parameters),
umbrella projects (groups of projects) and traditional projects (observations added by hand),
with their members (drawn from the seeded users), managers and curators, rules, observation
fields, features on network sites, and the members' subscriptions.

Drawn from a generator seeded with the world's seed, so the same world gives the same projects.
Titles name real places and taxa; ids are the emulator's own. Built once per world, on first use
(a few milliseconds); members' observation counts are counted from the seeded observations the
first time a project's members are asked for.
"""

from __future__ import annotations

import copy
import functools
import random
import threading
from collections.abc import Iterable

import attrs

from inatsdk.testing.observation_fields.seed import observation_field_catalog
from inatsdk.testing.places.seed import PlaceCatalog, place_catalog
from inatsdk.testing.records import JSON, Renderer, iso_time
from inatsdk.testing.seed import EPOCH_START, World

__all__ = [
    "ProjectCatalog",
    "ProjectRow",
    "ProjectUserRow",
    "SubscriptionRow",
    "project_catalog",
]

FIRST_PROJECT_ID = 1_001

# (title template, taxon names the project covers)
_THEMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Birds of {place}", ("Aves",)),
    ("Butterflies and Moths of {place}", ("Lepidoptera",)),
    ("Dragonflies of {place}", ("Odonata",)),
    ("Fungi of {place}", ("Fungi",)),
    ("Herps of {place}", ("Amphibia", "Reptilia")),
    ("Wildflowers of {place}", ("Magnoliopsida",)),
    ("{place} Pollinators", ("Hymenoptera", "Lepidoptera")),
    ("Mammals of {place}", ("Mammalia",)),
    ("Spiders of {place}", ("Araneae",)),
    ("{place} Biodiversity", ()),
)
_THEME_PLACES = (14, 18, 48, 2, 46, 6883, 7085, 6857, 6753, 7207, 6744, 6803, 6793, 1, 6712)
_CNC_PLACES = (200003, 48, 2, 6857)
# (title, project type, extra rules)
_TRADITIONAL: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Backyard Bird Survey", "", ("georeferenced?", "has_a_photo?")),
    ("School Garden Inventory", "", ("identified?",)),
    ("Roadkill Watch", "", ("georeferenced?", "wild?")),
    ("Golden Gate Park Bioblitz", "bioblitz", ("georeferenced?",)),
    ("Pacific Cetacean Sightings", "", ("has_a_photo?",)),
    ("Pollinator Garden Monitoring", "", ("verifiable?",)),
    ("Herbarium Voucher Project", "", ("has_a_photo?", "identified?")),
    ("Mushroom Club Forays", "", ()),
)
_DESCRIPTIONS = (
    "A project to document the species found here. Everyone is welcome to join!",
    "Help us map where these organisms live. Observations are added automatically.",
    "Part of a long-term survey run by volunteers.",
    "Photos with a date and a location are the most useful for this project.",
    "",
)
_COLORS = ("#74ac00", "#4551b7", "#ac0000", "#28638c", None, None)
_ROLES_OF_CURATORS = ("curator", "manager")


@attrs.frozen
class ProjectUserRow:
    """One membership (``project_users``)."""

    id: int
    project_id: int
    user_id: int
    role: str | None
    """``None`` for a plain member, else ``"curator"`` or ``"manager"``."""
    created_at: float
    updated_at: float
    prefers_curator_coordinate_access_for: str
    prefers_updates: bool


@attrs.frozen
class SubscriptionRow:
    """A user's subscription to a project's updates."""

    id: int
    user_id: int
    project_id: int
    created_at: float
    updated_at: float


@attrs.frozen
class ProjectRow:
    id: int
    slug: str
    title: str
    description: str
    project_type: str
    """``"collection"``, ``"umbrella"``, or a traditional type (``""``, ``"bioblitz"``)."""
    user_id: int
    place_id: int | None
    location: tuple[float, float] | None
    taxon_ids: tuple[int, ...]
    rule_place_ids: tuple[int, ...]
    quality_grades: tuple[str, ...]
    subproject_ids: tuple[int, ...]
    rule_user_ids: tuple[int, ...]
    other_rules: tuple[str, ...]
    observation_field_ids: tuple[tuple[int, bool], ...]
    """(field id, required) in form order."""
    members: tuple[ProjectUserRow, ...]
    created_at: float
    updated_at: float
    last_post_at: float | None
    site_features: tuple[tuple[int, bool, float], ...]
    """(site id, noteworthy, featured at)."""
    banner_color: str | None
    has_icon: bool
    terms: str | None
    hide_title: bool
    header_image_contain: bool
    prefers_user_trust: bool
    first_rule_id: int

    @property
    def is_umbrella(self) -> bool:
        return self.project_type == "umbrella"

    @property
    def is_new_style(self) -> bool:
        return self.project_type in ("collection", "umbrella")

    @property
    def member_ids(self) -> list[int]:
        return [m.user_id for m in self.members]

    @property
    def has_params(self) -> bool:
        return self.is_new_style


def slugify(title: str, taken: set[str]) -> str:
    text = "".join(c.lower() if c.isalnum() else " " for c in title)
    slug = "-".join(text.split())
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


class _Builder:
    def __init__(self, world: World, places: PlaceCatalog) -> None:
        self.world = world
        self.places = places
        self.rng = random.Random(f"{world.seed}:projects")
        self.taxa = {t.name: t.id for t in world.taxa}
        self.users = [u.id for u in world.users]
        self.fields = [r.id for r in observation_field_catalog(world).rows]
        self.next_id = FIRST_PROJECT_ID
        self.next_member_id = 2_000_000
        self.next_rule_id = 800_000
        self.slugs: set[str] = set()
        self.rows: list[ProjectRow] = []

    def _id(self) -> int:
        value = self.next_id
        self.next_id += self.rng.randint(1, 400)
        return value

    def _members(
        self, project_id: int, owner: int, created: float, size: int
    ) -> tuple[ProjectUserRow, ...]:
        rng = self.rng
        chosen = [owner] + [u for u in rng.sample(self.users, size) if u != owner]
        rows: list[ProjectUserRow] = []
        for k, user_id in enumerate(chosen):
            role: str | None = None
            if k == 0:
                role = "manager"
            elif rng.random() < 0.06:
                role = rng.choice(_ROLES_OF_CURATORS)
            joined = created + (0.0 if k == 0 else rng.random() ** 2 * 200_000_000)
            rows.append(
                ProjectUserRow(
                    id=self.next_member_id,
                    project_id=project_id,
                    user_id=user_id,
                    role=role,
                    created_at=float(int(joined)),
                    updated_at=float(int(joined + rng.random() * 10_000_000)),
                    prefers_curator_coordinate_access_for=rng.choice(
                        ("none", "none", "taxon", "any")
                    ),
                    prefers_updates=rng.random() < 0.85,
                )
            )
            self.next_member_id += rng.randint(1, 50)
        return tuple(rows)

    def _project(
        self,
        title: str,
        project_type: str,
        *,
        place_id: int | None,
        taxon_ids: tuple[int, ...] = (),
        subproject_ids: tuple[int, ...] = (),
        other_rules: tuple[str, ...] = (),
        rule_user_ids: tuple[int, ...] = (),
        members: int | None = None,
    ) -> ProjectRow:
        rng = self.rng
        project_id = self._id()
        owner = self.users[rng.randrange(len(self.users))]
        created = float(rng.randint(EPOCH_START, 1_700_000_000))
        size = members if members is not None else int(1 + rng.paretovariate(1.1) * 3)
        location: tuple[float, float] | None = None
        if place_id is not None:
            location = self.places.by_id[place_id].center
        elif rng.random() < 0.5:
            lat_lng = self.places.rows[rng.randrange(len(self.places.rows))].center
            location = lat_lng
        features: list[tuple[int, bool, float]] = []
        if rng.random() < 0.3:
            features.append((1, rng.random() < 0.5, created + rng.random() * 50_000_000))
        if place_id is not None and rng.random() < 0.5:
            ancestors = self.places.by_id[place_id].ancestor_place_ids
            for site_id, site_place in ((2, 6793), (5, 6712)):
                if site_place in ancestors:
                    features.append((site_id, True, created + rng.random() * 50_000_000))
        field_ids: tuple[tuple[int, bool], ...] = ()
        if project_type not in ("collection", "umbrella") and rng.random() < 0.7:
            picked = rng.sample(self.fields, rng.randint(1, 4))
            field_ids = tuple((f, rng.random() < 0.3) for f in picked)
        rule_place_ids = (place_id,) if place_id is not None and project_type != "umbrella" else ()
        first_rule = self.next_rule_id
        self.next_rule_id += 10
        row = ProjectRow(
            id=project_id,
            slug=slugify(title, self.slugs),
            title=title,
            description=rng.choice(_DESCRIPTIONS),
            project_type=project_type,
            user_id=owner,
            place_id=place_id,
            location=location,
            taxon_ids=taxon_ids,
            rule_place_ids=rule_place_ids,
            quality_grades=("research", "needs_id") if project_type == "collection" else (),
            subproject_ids=subproject_ids,
            rule_user_ids=rule_user_ids,
            other_rules=other_rules,
            observation_field_ids=field_ids,
            members=self._members(project_id, owner, created, min(size, 90)),
            created_at=created,
            updated_at=created + rng.random() * 100_000_000,
            last_post_at=created + rng.random() * 60_000_000 if rng.random() < 0.4 else None,
            site_features=tuple(features),
            banner_color=rng.choice(_COLORS),
            has_icon=rng.random() < 0.6,
            terms="Please respect local regulations." if rng.random() < 0.15 else None,
            hide_title=rng.random() < 0.05,
            header_image_contain=rng.random() < 0.1,
            prefers_user_trust=rng.random() < 0.2,
            first_rule_id=first_rule,
        )
        self.rows.append(row)
        return row

    def build(self) -> tuple[ProjectRow, ...]:
        rng = self.rng
        titles: set[str] = set()
        for _ in range(24):
            template, taxon_names = _THEMES[rng.randrange(len(_THEMES))]
            place_id = _THEME_PLACES[rng.randrange(len(_THEME_PLACES))]
            title = template.format(place=self.places.by_id[place_id].name)
            if title in titles:
                continue
            titles.add(title)
            covered = tuple(self.taxa[n] for n in taxon_names)
            self._project(title, "collection", place_id=place_id, taxon_ids=covered)
        for year in (2023, 2024):
            subprojects = [
                self._project(
                    f"City Nature Challenge {year}: {self.places.by_id[p].name}",
                    "collection",
                    place_id=p,
                    members=rng.randint(10, 60),
                ).id
                for p in _CNC_PLACES
            ]
            self._project(
                f"City Nature Challenge {year}",
                "umbrella",
                place_id=None,
                subproject_ids=tuple(subprojects),
                members=rng.randint(20, 80),
            )
        for title, kind, rules in _TRADITIONAL:
            park = 200001 if "Golden Gate" in title else None
            taxa: tuple[int, ...] = ()
            if "Bird" in title:
                taxa = (self.taxa["Aves"],)
            elif "Mushroom" in title:
                taxa = (self.taxa["Fungi"],)
            users = tuple(rng.sample(self.users, 2)) if "Herbarium" in title else ()
            self._project(
                title,
                kind,
                place_id=park,
                taxon_ids=taxa,
                other_rules=rules,
                rule_user_ids=users,
            )
        return tuple(self.rows)


class ProjectCatalog:
    """Every project one world serves, with their members and JSON forms."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.places = place_catalog(world)
        self.fields = observation_field_catalog(world)
        self.rows: tuple[ProjectRow, ...] = _Builder(world, self.places).build()
        self.by_id: dict[int, ProjectRow] = {r.id: r for r in self.rows}
        self.by_slug: dict[str, ProjectRow] = {r.slug: r for r in self.rows}
        rng = random.Random(f"{world.seed}:project-subscriptions")
        subs: list[SubscriptionRow] = []
        next_id = 5_000_000
        for row in self.rows:
            for m in row.members:
                if rng.random() < 0.5:
                    when = m.created_at + rng.random() * 1_000_000
                    subs.append(SubscriptionRow(next_id, m.user_id, row.id, when, when))
                    next_id += rng.randint(1, 20)
        self.subscriptions: tuple[SubscriptionRow, ...] = tuple(subs)
        self._counts: dict[int, dict[int, tuple[int, int]]] = {}
        self._lock = threading.Lock()

    def own_copy(self) -> ProjectCatalog:
        """A copy with tables and counts of its own, for a store whose clients write projects."""
        mine = copy.copy(self)
        mine.rows = tuple(self.rows)
        mine.by_id = dict(self.by_id)
        mine.by_slug = dict(self.by_slug)
        mine.subscriptions = tuple(self.subscriptions)
        mine._counts = {}
        mine._lock = threading.Lock()
        return mine

    def forget_member_counts(self, project_id: int) -> None:
        """Count a project's members again next time (after its rules or members changed)."""
        with self._lock:
            self._counts.pop(project_id, None)

    # --- lookups ---------------------------------------------------------------------------

    def find(self, key: str) -> ProjectRow | None:
        """The project with this id (digits) or slug."""
        if key.isdigit():
            return self.by_id.get(int(key))
        return self.by_slug.get(key.lower())

    def associated_place_ids(self, row: ProjectRow) -> set[int]:
        """Places a project is associated with: its place, its rules' places, their ancestors
        (what ``place_id`` filters on)."""
        out: set[int] = set()
        for place_id in (row.place_id, *row.rule_place_ids):
            if place_id is not None and place_id in self.places.by_id:
                out.update(self.places.by_id[place_id].ancestor_place_ids or (place_id,))
        for sub in row.subproject_ids:
            if sub in self.by_id:
                out.update(self.associated_place_ids(self.by_id[sub]))
        return out

    def member_counts(self, row: ProjectRow) -> dict[int, tuple[int, int]]:
        """user id -> (observations, taxa) in the project, counted from the seeded records for
        collection projects (by the project's taxa, places and quality grades)."""
        with self._lock:
            cached = self._counts.get(row.id)
        if cached is not None:
            return cached
        members = set(row.member_ids)
        counts: dict[int, tuple[int, int]] = {}
        if row.project_type == "collection":
            taxa_of: dict[int, set[int]] = {}
            obs_of: dict[int, int] = {}
            taxa = {t.id: t for t in self.world.taxa}
            places = {p.id: p for p in self.world.places}
            wanted_taxa = set(row.taxon_ids)
            rule_places = set(row.rule_place_ids)
            for o in self.world.observations:
                if o.user_id not in members or o.quality_grade not in row.quality_grades:
                    continue
                if wanted_taxa and (
                    o.taxon_id is None or wanted_taxa.isdisjoint(taxa[o.taxon_id].ancestor_ids)
                ):
                    continue
                if rule_places:
                    ancestors = places[o.place_id].ancestor_place_ids if o.place_id else ()
                    if rule_places.isdisjoint(ancestors):
                        continue
                obs_of[o.user_id] = obs_of.get(o.user_id, 0) + 1
                if o.taxon_id is not None:
                    taxa_of.setdefault(o.user_id, set()).add(o.taxon_id)
            counts = {u: (obs_of.get(u, 0), len(taxa_of.get(u, ()))) for u in members}
        else:
            rng = random.Random(f"{self.world.seed}:project-counts:{row.id}")
            for u in row.member_ids:
                n = max(0, int(rng.paretovariate(1.2) * 3) - 3) if rng.random() < 0.7 else 0
                counts[u] = (n, n if n < 2 else rng.randint(1, n))
        with self._lock:
            self._counts[row.id] = counts
        return counts

    def members(self, row: ProjectRow, role: str | None) -> list[ProjectUserRow]:
        """Members, most observations first; ``role`` keeps managers (``"manager"``) or
        managers and curators (``"curator"``), the owner counting as both."""
        rows = list(row.members)
        if role == "manager":
            rows = [m for m in rows if m.role == "manager" or m.user_id == row.user_id]
        elif role == "curator":
            rows = [m for m in rows if m.role in ("manager", "curator") or m.user_id == row.user_id]
        counts = self.member_counts(row)
        rows.sort(key=lambda m: (-counts.get(m.user_id, (0, 0))[0], m.id))
        return rows

    # --- JSON ------------------------------------------------------------------------------

    def _rules(self, row: ProjectRow, renderer: Renderer, details: bool) -> list[JSON]:
        rules: list[JSON] = []
        rule_id = row.first_rule_id

        def add(operator: str, operand_type: str | None, operand_id: int | None) -> None:
            nonlocal rule_id
            rule: JSON = {
                "id": rule_id,
                "operator": operator,
                "operand_type": operand_type,
                "operand_id": operand_id,
            }
            rule_id += 1
            if details and operand_id is not None:
                if operand_type == "Taxon" and operand_id in renderer.taxa:
                    rule["taxon"] = renderer.taxon_brief(operand_id)
                elif operand_type == "Place" and operand_id in self.places.by_id:
                    rule["place"] = self.places.record(operand_id, geometry=False)
                elif operand_type == "User" and operand_id in renderer.users:
                    rule["user"] = renderer.user(operand_id)
                elif operand_type == "Project" and operand_id in self.by_id:
                    rule["project"] = self.record(self.by_id[operand_id], renderer)
            rules.append(rule)

        for taxon_id in row.taxon_ids:
            add("in_taxon?", "Taxon", taxon_id)
        for place_id in row.rule_place_ids:
            add("observed_in_place?", "Place", place_id)
        for user_id in row.rule_user_ids:
            add("observed_by_user?", "User", user_id)
        for sub in row.subproject_ids:
            add("in_project?", "Project", sub)
        for operator in row.other_rules:
            add(operator, None, None)
        return rules

    def _search_parameters(self, row: ProjectRow) -> list[JSON]:
        params: list[JSON] = []
        if row.quality_grades:
            grades = list(row.quality_grades)
            params.append(
                {"field": "quality_grade", "value": grades, "value_keyword": list(grades)}
            )
        if row.is_new_style and row.taxon_ids:
            ids = list(row.taxon_ids)
            params.append({"field": "taxon_id", "value": ids, "value_number": list(ids)})
        if row.is_new_style and row.rule_place_ids:
            ids = list(row.rule_place_ids)
            params.append({"field": "place_id", "value": ids, "value_number": list(ids)})
        if row.subproject_ids:
            ids = list(row.subproject_ids)
            params.append({"field": "project_id", "value": ids, "value_number": list(ids)})
        if row.is_new_style:
            params.append({"field": "captive", "value": False, "value_bool": False})
        return params

    def record(self, row: ProjectRow, renderer: Renderer, *, details: bool = False) -> JSON:
        """A project as ``/projects`` and ``/projects/{id}`` give it (``details``: with
        ``rule_details=true``). Built on each call (a fresh dict)."""
        icon = (
            f"https://static.inaturalist.org/projects/{row.id}-icon-span2.jpg"
            if row.has_icon
            else "https://www.inaturalist.org/attachment_defaults/general/span2.png"
        )
        admins = [
            {
                "id": m.id,
                "user_id": m.user_id,
                "project_id": row.id,
                "role": m.role,
                "user": renderer.user(m.user_id),
            }
            for m in row.members
            if m.role is not None
        ]
        location = row.location
        d: JSON = {
            "id": row.id,
            "title": row.title,
            "hide_title": row.hide_title,
            "description": row.description,
            "slug": row.slug,
            "project_type": row.project_type,
            "banner_color": row.banner_color,
            "place_id": row.place_id,
            "user_id": row.user_id,
            "admins": admins,
            "user_ids": row.member_ids,
            "location": f"{location[0]},{location[1]}" if location is not None else None,
            "icon": icon,
            "icon_file_name": f"project-{row.id}.jpg" if row.has_icon else None,
            "header_image_url": None,
            "header_image_file_name": None,
            "header_image_contain": row.header_image_contain,
            "project_observation_fields": [
                {
                    "observation_field": self.fields.project_record(field_id),
                    "id": 30_000 + row.id % 10_000 * 10 + k,
                    "position": k,
                    "required": required,
                }
                for k, (field_id, required) in enumerate(row.observation_field_ids)
            ],
            "terms": row.terms,
            "search_parameters": self._search_parameters(row),
            "project_observation_rules": self._rules(row, renderer, details),
            "rule_preferences": (
                [{"field": "quality_grade", "value": ",".join(row.quality_grades)}]
                if row.quality_grades
                else []
            ),
            "created_at": iso_time(row.created_at),
            "updated_at": iso_time(row.updated_at),
            "flags": [],
            "site_features": [
                {
                    "site_id": site_id,
                    "noteworthy": noteworthy,
                    "featured_at": iso_time(featured).replace("+00:00", "Z"),
                }
                for site_id, noteworthy, featured in row.site_features
            ],
            "prefers_user_trust": row.prefers_user_trust,
            "observation_requirements_updated_at": (
                iso_time(row.created_at) if row.is_new_style else None
            ),
            "latitude": str(location[0]) if location is not None else None,
            "longitude": str(location[1]) if location is not None else None,
            "is_umbrella": row.is_umbrella,
            "is_new_style_project": row.is_new_style,
            "user": renderer.user(row.user_id),
        }
        if details and row.place_id is not None and row.place_id in self.places.by_id:
            d["place"] = self.places.record(row.place_id, geometry=False)
        return d

    def member_record(self, m: ProjectUserRow, renderer: Renderer) -> JSON:
        """A membership as ``/projects/{id}/members`` gives it."""
        obs, taxa = self.member_counts(self.by_id[m.project_id]).get(m.user_id, (0, 0))
        return {
            "id": m.id,
            "project_id": m.project_id,
            "user_id": m.user_id,
            "created_at": iso_time(m.created_at),
            "updated_at": iso_time(m.updated_at),
            "role": m.role,
            "observations_count": obs,
            "taxa_count": taxa,
            "user": renderer.user(m.user_id),
        }

    @staticmethod
    def membership_record(m: ProjectUserRow) -> JSON:
        """A membership as ``/projects/{id}/membership`` gives it to the member."""
        return {
            "id": m.id,
            "project_id": m.project_id,
            "role": m.role,
            "created_at": iso_time(m.created_at),
            "updated_at": iso_time(m.updated_at),
            "prefers_curator_coordinate_access_for": m.prefers_curator_coordinate_access_for,
            "prefers_updates": m.prefers_updates,
        }

    @staticmethod
    def subscription_record(s: SubscriptionRow) -> JSON:
        return {
            "id": s.id,
            "user_id": s.user_id,
            "resource_type": "Project",
            "resource_id": s.project_id,
            "created_at": iso_time(s.created_at),
            "updated_at": iso_time(s.updated_at),
            "taxon_id": None,
        }

    def projects_of(self, user_id: int) -> list[ProjectRow]:
        return [r for r in self.rows if user_id in r.member_ids]

    def subscriptions_of(self, user_id: int, project_ids: Iterable[int]) -> list[SubscriptionRow]:
        wanted = set(project_ids)
        return [s for s in self.subscriptions if s.user_id == user_id and s.project_id in wanted]


@functools.lru_cache(maxsize=8)
def project_catalog(world: World) -> ProjectCatalog:
    """The projects of ``world``; built on first use and shared by emulators of that world."""
    return ProjectCatalog(world)
