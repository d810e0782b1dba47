"""What clients write about observations: identifications, comments, annotations (and votes on
them), flags. The emulator keeps them here, and its reads show them.

The seeded world never changes, so writes are an overlay. The first write of a store gives it a
:class:`SocialRenderer`: the store's renderer with one change, that an observation somebody wrote
about is rendered with *its* lists (identifications, comments, annotations, flags) as
:class:`SocialWrites` keeps them. Those lists are copied from the observation the first time it is
written about, then changed in place. So ``GET /v1/observations/{id}``, ``/v1/identifications``
and every other read that renders observations see the writes, and
:meth:`~inatsdk.testing.store.Store.reset` (which puts the plain renderer back) drops them all.

Rules followed, from the API's documentation and the website's behaviour:

* every write needs a valid JWT; only the author of an identification, comment, annotation or
  flag may change or delete it (HTTP 403 otherwise); an unknown record is HTTP 404, a body the
  API would refuse HTTP 422;
* a new identification withdraws its author's earlier ones on that observation; restoring one
  (``current=true``) withdraws the author's others; deleting the current one makes the author's
  latest remaining one current;
* annotations: the value must belong to the attribute and the attribute must apply to the
  observation's taxon; one value per attribute unless the attribute is multivalued, never the
  same pair twice; one vote per person (a new vote replaces it), ``vote_score`` is ups minus
  downs;
* flags: ``spam``, ``inappropriate``, or ``other`` with a ``flag_explanation`` (stored as the
  flag's text); resolving one records who and when.

What the emulator does not model: a new identification does not change the observation's taxon,
community taxon or quality grade, and identification categories are estimated from the
observation's taxon alone.
"""

from __future__ import annotations

import copy
import functools
import random
import time
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from inatsdk.testing.records import JSON, Renderer, iso_time, time_details
from inatsdk.testing.rules import ApiError, is_json_object
from inatsdk.testing.seed import ObservationCore, World

if TYPE_CHECKING:
    from inatsdk.testing.store import Store

__all__ = ["FIRST_IDS", "SocialRenderer", "SocialWrites"]

#: Ids of records clients create start here, above every seeded id of their kind.
FIRST_IDS: Mapping[str, int] = {
    "identification": 2_000_000_001,
    "comment": 2_100_000_001,
    "annotation": 2_200_000_001,
    "flag": 2_300_000_001,
    "vote": 2_400_000_001,
}

#: What the API takes (the spec's enums).
COMMENT_PARENT_TYPES = frozenset(
    {"Observation", "ListedTaxon", "AssessmentSection", "ObservationField", "Post", "TaxonChange"}
)
FLAGGABLE_TYPES = frozenset(
    {"Comment", "Identification", "Message", "Observation", "Post", "Taxon"}
)
FLAG_KINDS = frozenset({"spam", "inappropriate", "other"})

_LISTS = ("identifications", "comments", "annotations", "flags")
_SEEDED_COMMENT_BASE = 300_000_000
"""Seeded comments are numbered ``300_000_000 + observation id * 4 + k`` (see ``records``)."""


class SocialRenderer(Renderer):
    """A store's renderer once clients have written something: observations they wrote about
    are rendered with :class:`SocialWrites`' lists."""

    social: SocialWrites

    @classmethod
    def wrap(cls, base: Renderer, social: SocialWrites) -> SocialRenderer:
        """``base`` with the overlay; its user tables are copied (``Store.add_user`` changes
        them in place once a store has a renderer of its own)."""
        made: SocialRenderer = object.__new__(cls)
        made.__dict__.update(base.__dict__)
        made.users = dict(base.users)
        made.users_by_login = dict(base.users_by_login)
        made._user_cache = dict(base._user_cache)
        made.social = social
        return made

    def observation(
        self, core: ObservationCore, *, details: bool = False, cache: bool = True
    ) -> JSON:
        record = super().observation(core, details=details, cache=cache)
        return self.social.apply(core, record, details)

    def plain_observation(self, core: ObservationCore) -> JSON:
        """The detailed record as generated, without the overlay (uncached)."""
        return super().observation(core, details=True, cache=False)


@functools.lru_cache(maxsize=4)
def _seeded_annotations(world: World) -> dict[str, int]:
    """UUID -> observation id of every seeded annotation (built on first need, per world)."""
    renderer = Renderer(world)
    found: dict[str, int] = {}
    for core in world.observations:
        if core.taxon_id is None:
            continue
        for annotation in renderer.observation(core, cache=False).get("annotations") or ():
            found[annotation["uuid"]] = core.id
    return found


def _int(value: object, name: str) -> int:
    if isinstance(value, bool):
        raise ApiError(422, f"{name} must be an integer")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise ApiError(422, f"{name} must be an integer")


def _opt_bool(value: object, name: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise ApiError(422, f"{name} must be true or false")


def _opt_text(value: object, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ApiError(422, f"{name} must be a string")


def _record(body: object, root: str) -> dict[str, Any]:
    if not is_json_object(body) or not is_json_object(body.get(root)):
        raise ApiError(422, f'the body must be {{"{root}": {{...}}}}')
    record: dict[str, Any] = body[root]
    return record


def _owned(record: Mapping[str, Any], user_id: int, what: str) -> None:
    owner = record.get("user_id")
    if owner is None:
        user = record.get("user")
        owner = user.get("id") if is_json_object(user) else None
    if owner != user_id:
        raise ApiError(403, f"only the author may change or delete this {what}")


class SocialWrites:
    """Identifications, comments, annotations, votes and flags written to one store since its
    last reset. Thread-safe (it shares the store's lock); handlers reach it through
    :meth:`Store.social_writes <inatsdk.testing.store.Store.social_writes>`."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = store.writing()
        self._lists: dict[int, dict[str, list[JSON]]] = {}
        """Observation id -> its lists, for every observation written about."""
        self._loose_comments: dict[int, JSON] = {}
        """Comments on records other than observations (kept, not shown anywhere)."""
        self._loose_flags: dict[int, JSON] = {}
        """Flags on messages, posts and taxa (kept, not shown anywhere)."""
        self._flag_targets: dict[int, tuple[str, int]] = {}
        """Flag id -> (flaggable type, flaggable id)."""
        self._annotation_ids: dict[int, str] = {}
        """Id -> UUID of annotations created here (the observations' copies carry no id)."""
        self._annotation_homes: dict[str, int] = {}
        """UUID -> observation id of annotations created here."""
        self._comment_homes: dict[int, int] = {}
        """Comment id -> observation id of comments created here."""
        self._next = dict(FIRST_IDS)
        self._rng = random.Random(f"{store.seed}:social")

    # --- the overlay ---------------------------------------------------------------------------

    def touched(self, observation_id: int) -> bool:
        """Whether clients wrote about this observation."""
        return observation_id in self._lists

    def apply(self, core: ObservationCore, record: JSON, details: bool) -> JSON:
        """``record`` (an observation as generated) with what clients wrote about it."""
        lists = self._lists.get(core.id)
        if lists is None:
            return record
        renderer = self._store.renderer
        with self._lock:
            out = dict(record)
            idents = copy.deepcopy(lists["identifications"])
            if not details:
                for ident in idents:
                    ident["taxon"] = renderer.taxon_in_identification(
                        ident["taxon_id"], ancestors=False
                    )
                    ident.pop("previous_observation_taxon", None)
            out["identifications"] = idents
            out["comments"] = copy.deepcopy(lists["comments"])
            out["annotations"] = copy.deepcopy(lists["annotations"])
            out["flags"] = copy.deepcopy(lists["flags"])
        non_owner = [i for i in idents if not i["own_observation"]]
        out["non_owner_ids"] = non_owner
        out["identifications_count"] = len(non_owner)
        out["comments_count"] = len(out["comments"])
        reviewers = set(out.get("reviewed_by") or ()) | {i["user"]["id"] for i in idents}
        out["reviewed_by"] = sorted(reviewers)
        return out

    def _core(self, observation_id: int) -> ObservationCore:
        core = self._store.observation_core(observation_id)
        if core is None:
            raise ApiError(422, f"Observation {observation_id} does not exist")
        return core

    def _touch(self, core: ObservationCore) -> dict[str, list[JSON]]:
        """The lists of an observation, copied from its generated record on first use."""
        lists = self._lists.get(core.id)
        if lists is None:
            renderer = self._store.renderer
            assert isinstance(renderer, SocialRenderer)
            plain = renderer.plain_observation(core)
            lists = {name: copy.deepcopy(plain.get(name) or []) for name in _LISTS}
            self._lists[core.id] = lists
        return lists

    def _changed(self, observation_id: int, *, identifications: bool = False) -> None:
        self._store.social_changed(observation_id, identifications=identifications)

    def _new_id(self, kind: str) -> int:
        value = self._next[kind]
        self._next[kind] = value + 1
        return value

    def _new_uuid(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    @staticmethod
    def _now() -> float:
        return float(int(time.time()))

    # --- identifications -----------------------------------------------------------------------

    def _find_identification(self, identification_id: int) -> tuple[int, JSON]:
        row = self._store.identification_row(identification_id)
        if row is None:
            raise ApiError(404, f"Identification {identification_id} does not exist")
        lists = self._touch(self._core(row.observation_id))
        for ident in lists["identifications"]:
            if ident["id"] == identification_id:
                return row.observation_id, ident
        raise ApiError(404, f"Identification {identification_id} does not exist")

    def _category(self, observation_taxon: int | None, taxon_id: int) -> str:
        if observation_taxon is None:
            return "leading"
        if taxon_id == observation_taxon:
            return "supporting"
        taxa = self._store.renderer.taxa
        if observation_taxon in taxa[taxon_id].ancestor_ids:
            return "leading"
        if taxon_id in taxa[observation_taxon].ancestor_ids:
            return "supporting"
        return "maverick"

    def create_identification(self, user_id: int, body: object) -> int:
        """``POST /v1/identifications``; returns the new identification's id."""
        record = _record(body, "identification")
        observation_id = _int(record.get("observation_id"), "identification.observation_id")
        taxon_id = _int(record.get("taxon_id"), "identification.taxon_id")
        text = _opt_text(record.get("body"), "identification.body")
        vision = _opt_bool(record.get("vision"), "identification.vision")
        disagreement = _opt_bool(record.get("disagreement"), "identification.disagreement")
        current = _opt_bool(record.get("current"), "identification.current")
        renderer = self._store.renderer
        if taxon_id not in renderer.taxa:
            raise ApiError(422, f"Taxon {taxon_id} does not exist")
        with self._lock:
            core = self._core(observation_id)
            lists = self._touch(core)
            if current is not False:
                for earlier in lists["identifications"]:
                    if earlier["user"]["id"] == user_id:
                        earlier["current"] = False
            now = self._now()
            previous = core.taxon_id
            ident: JSON = {
                "id": self._new_id("identification"),
                "uuid": self._new_uuid(),
                "user": renderer.user(user_id),
                "created_at": iso_time(now),
                "created_at_details": time_details(now, 0),
                "body": text or None,
                "category": self._category(core.taxon_id, taxon_id),
                "current": current is not False,
                "flags": [],
                "own_observation": user_id == core.user_id,
                "taxon_change": None,
                "vision": bool(vision),
                "disagreement": disagreement
                if disagreement is not None
                else (None if previous is None else False),
                "previous_observation_taxon_id": previous,
                "spam": False,
                "taxon_id": taxon_id,
                "hidden": False,
                "moderator_actions": [],
                "taxon": renderer.taxon_in_identification(taxon_id, ancestors=True),
            }
            if previous is not None:
                ident["previous_observation_taxon"] = renderer.taxon_in_identification(
                    previous, ancestors=False
                )
            lists["identifications"].append(ident)
            self._changed(core.id, identifications=True)
            return int(ident["id"])

    def update_identification(self, user_id: int, identification_id: int, body: object) -> None:
        """``PUT /v1/identifications/{id}``: its ``body`` and ``current`` (other keys are
        ignored, as the website cannot change an identification's taxon either)."""
        record = _record(body, "identification")
        with self._lock:
            observation_id, ident = self._find_identification(identification_id)
            _owned(ident, user_id, "identification")
            if "body" in record:
                ident["body"] = _opt_text(record["body"], "identification.body") or None
            current = _opt_bool(record.get("current"), "identification.current")
            if current is True:
                lists = self._lists[observation_id]
                for other in lists["identifications"]:
                    if other["user"]["id"] == user_id:
                        other["current"] = False
            if current is not None:
                ident["current"] = current
            self._changed(observation_id, identifications=True)

    def delete_identification(self, user_id: int, identification_id: int) -> None:
        """``DELETE /v1/identifications/{id}``."""
        with self._lock:
            observation_id, ident = self._find_identification(identification_id)
            _owned(ident, user_id, "identification")
            idents = self._lists[observation_id]["identifications"]
            idents.remove(ident)
            if ident["current"]:
                own = [i for i in idents if i["user"]["id"] == user_id]
                if own:
                    max(own, key=lambda i: i["id"])["current"] = True
            self._changed(observation_id, identifications=True)

    # --- comments ------------------------------------------------------------------------------

    def _find_comment(self, comment_id: int) -> tuple[int | None, JSON]:
        loose = self._loose_comments.get(comment_id)
        if loose is not None:
            return None, loose
        home = self._comment_homes.get(comment_id)
        if home is None and comment_id >= _SEEDED_COMMENT_BASE:
            home = (comment_id - _SEEDED_COMMENT_BASE) // 4
        core = self._store.observation_core(home) if home is not None else None
        if core is not None:
            for comment in self._touch(core)["comments"]:
                if comment["id"] == comment_id:
                    return core.id, comment
        raise ApiError(404, f"Comment {comment_id} does not exist")

    def comment_id_of(self, key: str) -> int | None:
        """The id of the comment with this UUID (written here or seeded), or None."""
        key = key.strip().lower()
        with self._lock:
            for comment in self._loose_comments.values():
                if comment["uuid"] == key:
                    return int(comment["id"])
            for lists in self._lists.values():
                for comment in lists.get("comments", ()):
                    if comment.get("uuid") == key:
                        return int(comment["id"])
        store = self._store
        for core in store.observations_snapshot():
            if core.id in self._lists:
                continue
            for comment in store.render_observation(core).get("comments") or ():
                if comment.get("uuid") == key:
                    return int(comment["id"])
        return None

    def _comment_answer(self, observation_id: int | None, comment: JSON) -> JSON:
        out = dict(comment)
        if observation_id is not None:
            out["parent_type"] = "Observation"
            out["parent_id"] = observation_id
        out["user_id"] = comment["user"]["id"]
        return out

    def create_comment(self, user_id: int, body: object) -> JSON:
        """``POST /v1/comments``; returns the comment as the API answers it."""
        record = _record(body, "comment")
        parent_type = record.get("parent_type")
        if parent_type not in COMMENT_PARENT_TYPES:
            raise ApiError(
                422, f"comment.parent_type must be one of {', '.join(sorted(COMMENT_PARENT_TYPES))}"
            )
        parent_id = _int(record.get("parent_id"), "comment.parent_id")
        text = _opt_text(record.get("body"), "comment.body")
        if not text or not text.strip():
            raise ApiError(422, "comment.body can't be blank")
        renderer = self._store.renderer
        with self._lock:
            now = self._now()
            comment: JSON = {
                "id": self._new_id("comment"),
                "uuid": self._new_uuid(),
                "user": renderer.user(user_id),
                "created_at": iso_time(now),
                "created_at_details": time_details(now, 0),
                "body": text,
                "flags": [],
                "hidden": False,
                "moderator_actions": [],
            }
            if parent_type != "Observation":
                comment["parent_type"] = parent_type
                comment["parent_id"] = parent_id
                self._loose_comments[comment["id"]] = comment
                return self._comment_answer(None, comment)
            core = self._core(parent_id)
            self._touch(core)["comments"].append(comment)
            self._comment_homes[comment["id"]] = core.id
            self._changed(core.id)
            return self._comment_answer(core.id, comment)

    def update_comment(self, user_id: int, comment_id: int, body: object) -> JSON:
        """``PUT /v1/comments/{id}``: its ``body``."""
        record = _record(body, "comment")
        with self._lock:
            observation_id, comment = self._find_comment(comment_id)
            _owned(comment, user_id, "comment")
            if "body" in record:
                text = _opt_text(record["body"], "comment.body")
                if not text or not text.strip():
                    raise ApiError(422, "comment.body can't be blank")
                comment["body"] = text
            if observation_id is not None:
                self._changed(observation_id)
            answer = self._comment_answer(observation_id, comment)
            answer["updated_at"] = iso_time(self._now())
            return answer

    def delete_comment(self, user_id: int, comment_id: int) -> None:
        """``DELETE /v1/comments/{id}``."""
        with self._lock:
            observation_id, comment = self._find_comment(comment_id)
            _owned(comment, user_id, "comment")
            if observation_id is None:
                del self._loose_comments[comment_id]
                return
            self._lists[observation_id]["comments"].remove(comment)
            self._changed(observation_id)

    # --- annotations ---------------------------------------------------------------------------

    def _find_annotation(self, key: str) -> tuple[int, JSON]:
        """An annotation by UUID, or by id (of those created here)."""
        key = key.strip()
        if key.isdigit():
            found = self._annotation_ids.get(int(key))
            if found is None:
                raise ApiError(404, f"Annotation {key} does not exist")
            key = found
        home = self._annotation_homes.get(key)
        if home is None:
            home = _seeded_annotations(self._store.world).get(key)
        core = self._store.observation_core(home) if home is not None else None
        if core is not None:
            for annotation in self._touch(core)["annotations"]:
                if annotation["uuid"] == key:
                    return core.id, annotation
        raise ApiError(404, f"Annotation {key} does not exist")

    def create_annotation(self, user_id: int, body: object) -> JSON:
        """``POST /v1/annotations``; returns the annotation as the API answers it."""
        from inatsdk.testing.controlled_terms.seed import applies, term_applies, term_json
        from inatsdk.testing.records import TERM_ATTRIBUTES, TERM_VALUES

        record = _record(body, "annotation")
        if record.get("resource_type", "Observation") != "Observation":
            raise ApiError(422, "annotation.resource_type must be Observation")
        observation_id = _int(record.get("resource_id"), "annotation.resource_id")
        attr_id = _int(record.get("controlled_attribute_id"), "annotation.controlled_attribute_id")
        value_id = _int(record.get("controlled_value_id"), "annotation.controlled_value_id")
        store = self._store
        term = next((t for t in store.controlled_terms() if t.id == attr_id), None)
        if term is None:
            raise ApiError(422, f"Controlled attribute {attr_id} does not exist")
        value = next((v for v in term.values if v.id == value_id), None)
        if value is None:
            raise ApiError(422, f"Controlled value {value_id} is not a value of {term.label}")
        with self._lock:
            core = self._core(observation_id)
            if core.taxon_id is not None:
                lineage = store.renderer.taxa[core.taxon_id].ancestor_ids
                if not term_applies(term, lineage) or not applies(value.clades, (), lineage):
                    raise ApiError(422, f"{term.label}: {value.label} does not apply to this taxon")
            annotations = self._touch(core)["annotations"]
            for other in annotations:
                if other["controlled_attribute_id"] != attr_id:
                    continue
                if other["controlled_value_id"] == value_id:
                    raise ApiError(422, "this annotation already exists")
                if not term.multivalued:
                    raise ApiError(422, f"{term.label} already has a value on this observation")
            annotation_id = self._new_id("annotation")
            annotation: JSON = {
                "uuid": self._new_uuid(),
                "controlled_attribute_id": attr_id,
                "controlled_value_id": value_id,
                "concatenated_attr_val": f"{attr_id}|{value_id}",
                "vote_score": 0,
                "user_id": user_id,
                "votes": [],
                "user": store.renderer.user(user_id),
                "controlled_attribute": copy.deepcopy(
                    TERM_ATTRIBUTES.get(attr_id) or term_json(term)
                ),
                "controlled_value": copy.deepcopy(
                    TERM_VALUES.get(value_id) or {"id": value_id, "label": value.label}
                ),
            }
            annotations.append(annotation)
            self._annotation_ids[annotation_id] = annotation["uuid"]
            self._annotation_homes[annotation["uuid"]] = core.id
            self._changed(core.id)
            return {
                **annotation,
                "id": annotation_id,
                "resource_type": "Observation",
                "resource_id": core.id,
            }

    def delete_annotation(self, user_id: int, key: str) -> None:
        """``DELETE /v1/annotations/{id}`` (an id or a UUID)."""
        with self._lock:
            observation_id, annotation = self._find_annotation(key)
            _owned(annotation, user_id, "annotation")
            self._lists[observation_id]["annotations"].remove(annotation)
            self._changed(observation_id)

    def vote_annotation(self, user_id: int, key: str, body: object) -> JSON:
        """``POST /v1/votes/vote/annotation/{id}`` with ``{"vote": "up"|"down"}`` (up when
        absent); returns the annotation with its votes."""
        vote = body.get("vote", "up") if is_json_object(body) else "up"
        if vote not in ("up", "down"):
            raise ApiError(422, "vote must be up or down")
        with self._lock:
            observation_id, annotation = self._find_annotation(key)
            votes = [v for v in annotation["votes"] if v["user_id"] != user_id]
            now = self._now()
            votes.append(
                {
                    "id": self._new_id("vote"),
                    "vote_flag": vote == "up",
                    "vote_scope": None,
                    "user_id": user_id,
                    "created_at": iso_time(now),
                    "user": self._store.renderer.user(user_id),
                }
            )
            self._set_votes(annotation, votes)
            self._changed(observation_id)
            return copy.deepcopy(annotation)

    def unvote_annotation(self, user_id: int, key: str) -> None:
        """``DELETE /v1/votes/unvote/annotation/{id}``: the user's vote, if any, is gone."""
        with self._lock:
            observation_id, annotation = self._find_annotation(key)
            self._set_votes(annotation, [v for v in annotation["votes"] if v["user_id"] != user_id])
            self._changed(observation_id)

    @staticmethod
    def _set_votes(annotation: JSON, votes: list[JSON]) -> None:
        annotation["votes"] = votes
        annotation["vote_score"] = sum(1 if v["vote_flag"] else -1 for v in votes)

    # --- flags ---------------------------------------------------------------------------------

    def _flags_of(self, flaggable_type: str, flaggable_id: int) -> tuple[int | None, list[JSON]]:
        """Where flags on a record live: (the observation that shows them, the list)."""
        store = self._store
        if flaggable_type == "Observation":
            core = store.observation_core(flaggable_id)
            if core is None:
                raise ApiError(422, f"Observation {flaggable_id} does not exist")
            return core.id, self._touch(core)["flags"]
        if flaggable_type == "Identification":
            try:
                observation_id, ident = self._find_identification(flaggable_id)
            except ApiError:
                raise ApiError(422, f"Identification {flaggable_id} does not exist") from None
            flags: list[JSON] = ident.setdefault("flags", [])
            return observation_id, flags
        if flaggable_type == "Comment":
            try:
                home, comment = self._find_comment(flaggable_id)
            except ApiError:
                raise ApiError(422, f"Comment {flaggable_id} does not exist") from None
            flags = comment.setdefault("flags", [])
            return home, flags
        if flaggable_type == "Taxon" and flaggable_id not in store.renderer.taxa:
            raise ApiError(422, f"Taxon {flaggable_id} does not exist")
        return None, []  # messages, posts, taxa: kept in _loose_flags only

    def _find_flag(self, flag_id: int) -> tuple[int | None, list[JSON] | None, JSON]:
        target = self._flag_targets.get(flag_id)
        if target is not None:
            loose = self._loose_flags.get(flag_id)
            if loose is not None:
                return None, None, loose
            home, flags = self._flags_of(*target)
            for flag in flags:
                if flag["id"] == flag_id:
                    return home, flags, flag
        raise ApiError(404, f"Flag {flag_id} does not exist")

    def create_flag(self, user_id: int, body: object) -> JSON:
        """``POST /v1/flags``; returns the flag as the API answers it."""
        record = _record(body, "flag")
        flaggable_type = record.get("flaggable_type")
        if flaggable_type not in FLAGGABLE_TYPES:
            raise ApiError(
                422, f"flag.flaggable_type must be one of {', '.join(sorted(FLAGGABLE_TYPES))}"
            )
        flaggable_id = _int(record.get("flaggable_id"), "flag.flaggable_id")
        kind = record.get("flag")
        if kind not in FLAG_KINDS:
            raise ApiError(422, "flag.flag must be spam, inappropriate or other")
        if kind == "other":
            explanation = body.get("flag_explanation") if is_json_object(body) else None
            if not isinstance(explanation, str) or not explanation.strip():
                raise ApiError(422, "a flag of kind other needs a flag_explanation")
            kind = explanation.strip()
        with self._lock:
            home, flags = self._flags_of(flaggable_type, flaggable_id)
            now = self._now()
            flag: JSON = {
                "id": self._new_id("flag"),
                "uuid": self._new_uuid(),
                "flag": kind,
                "comment": None,
                "user_id": user_id,
                "user": self._store.renderer.user(user_id),
                "resolved": False,
                "resolver_id": None,
                "resolved_at": None,
                "created_at": iso_time(now),
                "updated_at": iso_time(now),
            }
            self._flag_targets[flag["id"]] = (flaggable_type, flaggable_id)
            if home is None and flaggable_type not in ("Comment",):
                self._loose_flags[flag["id"]] = flag
            else:
                flags.append(flag)
            if home is not None:
                self._changed(home)
            return self._flag_answer(flag)

    def _flag_answer(self, flag: JSON) -> JSON:
        flaggable_type, flaggable_id = self._flag_targets[flag["id"]]
        return {**flag, "flaggable_type": flaggable_type, "flaggable_id": flaggable_id}

    def update_flag(self, user_id: int, flag_id: int, body: object) -> JSON:
        """``PUT /v1/flags/{id}``: ``resolved``."""
        record = _record(body, "flag")
        with self._lock:
            home, _, flag = self._find_flag(flag_id)
            _owned(flag, user_id, "flag")
            resolved = _opt_bool(record.get("resolved"), "flag.resolved")
            if resolved is not None:
                now = self._now()
                flag["resolved"] = resolved
                flag["resolver_id"] = user_id if resolved else None
                flag["resolved_at"] = iso_time(now) if resolved else None
                flag["updated_at"] = iso_time(now)
            if home is not None:
                self._changed(home)
            return self._flag_answer(flag)

    def delete_flag(self, user_id: int, flag_id: int) -> None:
        """``DELETE /v1/flags/{id}``."""
        with self._lock:
            home, flags, flag = self._find_flag(flag_id)
            _owned(flag, user_id, "flag")
            if flags is None:
                del self._loose_flags[flag_id]
            else:
                flags.remove(flag)
            del self._flag_targets[flag_id]
            if home is not None:
                self._changed(home)
