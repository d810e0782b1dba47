"""Change tracking on models (``changes``, ``is_new``, ``is_loaded``, ``mark_saved``,
``forget_changes``) and the write bodies built from it (:mod:`inatsdk.controllers._writes`)."""

from __future__ import annotations

import copy
import pickle
from datetime import datetime, timezone
from typing import Any

import pytest

from inatsdk.controllers._writes import Field, WriteSpec, create_body, record_id, update_body
from inatsdk.controllers.annotations import ANNOTATION_WRITES
from inatsdk.controllers.comments import COMMENT_WRITES
from inatsdk.controllers.flags import FLAG_WRITES
from inatsdk.controllers.identifications import IDENTIFICATION_WRITES
from inatsdk.errors import InvalidParameterError
from inatsdk.models import Annotation, Comment, Flag, Identification, Observation, Taxon

IDENT: dict[str, Any] = {
    "id": 5,
    "uuid": "6444ede0-9831-47bd-8c3b-ee32e08cbfe4",
    "observation_id": 77,
    "taxon_id": 3,
    "taxon": {"id": 3, "name": "Aves", "rank": "class", "ancestor_ids": [48460, 1, 3]},
    "body": "Wing bars",
    "current": True,
    "category": "improving",
    "created_at": "2024-05-01T10:00:00+02:00",
    "user": {"id": 9, "login": "someone"},
    "flags": [],
    "not_modelled": {"kept": True},
}


def loaded() -> Identification:
    return Identification.from_json(copy.deepcopy(IDENT))


# --- the model side ------------------------------------------------------------------------------


def test_a_loaded_model_has_no_changes() -> None:
    ident = loaded()
    assert ident.is_loaded
    assert not ident.is_new
    assert ident.changes() == {}


def test_changed_attributes_are_reported_with_their_values() -> None:
    ident = loaded()
    ident.body = "Wing bars and eye ring"
    ident.current = False
    assert ident.changes() == {"body": "Wing bars and eye ring", "current": False}
    ident.body = "Wing bars"  # set back: no longer a change
    assert ident.changes() == {"current": False}


def test_a_cleared_attribute_is_reported_as_none() -> None:
    ident = loaded()
    ident.body = None
    assert ident.changes() == {"body": None}


def test_changes_inside_nested_models_and_lists_count() -> None:
    ident = loaded()
    assert ident.taxon is not None
    ident.taxon.name = "Birds"
    assert list(ident.changes()) == ["taxon"]
    obs = Observation.from_json({"id": 1, "tags": ["garden"], "place_ids": [1, 2]})
    obs.tags = obs.tags or []
    obs.tags.append("hike")  # the model's list, not the loaded record's
    assert obs.changes() == {"tags": ["garden", "hike"]}


def test_an_empty_list_taken_over_from_the_input_is_still_tracked() -> None:
    ident = loaded()
    assert ident.flags == []
    assert ident.flags is not None
    ident.flags.append(Flag(id=1))
    assert list(ident.changes()) == ["flags"]


def test_extra_and_the_input_mapping_do_not_count() -> None:
    data = copy.deepcopy(IDENT)
    ident = Identification.from_json(data)
    ident.extra["not_modelled"] = {"kept": False}
    data["body"] = "changed in the caller's dict afterwards"
    assert ident.changes() == {}


def test_datetimes_compare_as_instants() -> None:
    ident = loaded()
    assert ident.created_at is not None
    ident.created_at = ident.created_at.astimezone(timezone.utc)
    assert ident.changes() == {}
    ident.created_at = datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc)
    assert list(ident.changes()) == ["created_at"]


def test_a_draft_is_new_and_every_set_attribute_is_a_change() -> None:
    draft = Identification(observation_id=77, taxon_id=3, body="first")
    assert draft.is_new
    assert not draft.is_loaded
    assert draft.changes() == {"observation_id": 77, "taxon_id": 3, "body": "first"}
    assert not Identification(id=5).is_new
    assert not Identification(uuid=IDENT["uuid"]).is_new


def test_nested_models_have_no_loaded_state_but_are_not_new() -> None:
    obs = Observation.from_json({"id": 1, "identifications": [copy.deepcopy(IDENT)]})
    assert obs.identifications is not None
    nested = obs.identifications[0]
    assert not nested.is_loaded
    assert not nested.is_new


def test_mark_saved_takes_the_current_state() -> None:
    draft = Comment(id=3, body="hello")
    draft.mark_saved()
    assert draft.is_loaded
    assert draft.changes() == {}
    draft.body = "hello again"
    assert draft.changes() == {"body": "hello again"}


def test_forget_changes_puts_the_loaded_state_back() -> None:
    ident = loaded()
    ident.body = "oops"
    assert ident.taxon is not None
    ident.taxon.name = "oops"
    ident.forget_changes()
    assert ident.changes() == {}
    assert ident == loaded()
    with pytest.raises(ValueError, match="no loaded state"):
        Comment(body="x").forget_changes()


def test_the_loaded_state_is_invisible_to_equality_json_and_copies() -> None:
    ident = loaded()
    built = Identification(**{a: getattr(ident, a) for a in ("id", "uuid", "taxon_id")})
    assert Identification.from_json(built.to_json()) == built  # loaded vs built: equal
    assert "_loaded" not in ident.to_json()
    assert ident.to_json() == loaded().to_json()
    clone = copy.copy(ident)
    assert clone == ident
    assert not clone.is_loaded  # a copy is detached; it sends every attribute that is set
    assert pickle.loads(pickle.dumps(ident)) == ident


# --- the bodies ------------------------------------------------------------------------------------


def test_create_body_sends_what_is_set_with_fallbacks() -> None:
    draft = Identification(observation_id=77, taxon=Taxon(id=3), body="Note the crest")
    assert create_body(IDENTIFICATION_WRITES, draft) == {
        "identification": {"observation_id": 77, "taxon_id": 3, "body": "Note the crest"}
    }
    draft.taxon_id = 9  # the explicit id wins over the nested taxon
    assert create_body(IDENTIFICATION_WRITES, draft)["identification"]["taxon_id"] == 9


def test_create_body_refuses_a_draft_missing_required_keys() -> None:
    with pytest.raises(InvalidParameterError, match="taxon_id"):
        create_body(IDENTIFICATION_WRITES, Identification(observation_id=77))


def test_update_body_sends_only_what_changed() -> None:
    ident = loaded()
    assert update_body(IDENTIFICATION_WRITES, ident) is None
    ident.body = "Wing bars visible"
    assert update_body(IDENTIFICATION_WRITES, ident) == {
        "identification": {"body": "Wing bars visible"}
    }
    ident.body = None
    assert update_body(IDENTIFICATION_WRITES, ident) == {"identification": {"body": None}}


def test_update_body_refuses_changes_the_api_cannot_save() -> None:
    ident = loaded()
    ident.taxon_id = 9
    with pytest.raises(InvalidParameterError, match=r"taxon_id \(only set when creating\)"):
        update_body(IDENTIFICATION_WRITES, ident)
    ident = loaded()
    ident.category = "maverick"
    with pytest.raises(InvalidParameterError, match=r"category \(read-only\)"):
        update_body(IDENTIFICATION_WRITES, ident)


def test_update_body_of_a_detached_model_sends_every_updatable_attribute() -> None:
    assert update_body(COMMENT_WRITES, Comment(id=3, parent_id=7, body="fixed typo")) == {
        "comment": {"body": "fixed typo"}
    }


def test_comment_bodies_default_to_observations() -> None:
    assert create_body(COMMENT_WRITES, Comment(parent_id=7, body="Nice")) == {
        "comment": {"parent_id": 7, "body": "Nice", "parent_type": "Observation"}
    }
    with pytest.raises(InvalidParameterError, match="parent_type"):
        create_body(COMMENT_WRITES, Comment(parent_type="Photo", parent_id=7, body="Nice"))


def test_flag_explanations_go_as_other() -> None:
    spam = Flag(flaggable_type="Comment", flaggable_id=5, flag="spam")
    assert create_body(FLAG_WRITES, spam) == {
        "flag": {"flaggable_type": "Comment", "flaggable_id": 5, "flag": "spam"}
    }
    own = Flag(flaggable_type="Observation", flaggable_id=5, flag="copied from a book")
    assert create_body(FLAG_WRITES, own) == {
        "flag": {"flaggable_type": "Observation", "flaggable_id": 5, "flag": "other"},
        "flag_explanation": "copied from a book",
    }
    with pytest.raises(InvalidParameterError, match="explanation"):
        create_body(FLAG_WRITES, Flag(flaggable_type="Taxon", flaggable_id=5, flag="other"))
    loaded_flag = Flag.from_json({"id": 4, "flag": "spam", "resolved": False})
    loaded_flag.resolved = True
    assert update_body(FLAG_WRITES, loaded_flag) == {"flag": {"resolved": True}}


def test_annotation_bodies_take_nested_terms() -> None:
    from inatsdk.models import ControlledTerm

    draft = Annotation(
        controlled_attribute=ControlledTerm(id=1), controlled_value=ControlledTerm(id=2)
    )
    assert create_body(ANNOTATION_WRITES, draft) == {
        "annotation": {"controlled_attribute_id": 1, "controlled_value_id": 2}
    }


def test_spread_fields_and_a_custom_finish() -> None:
    spec = WriteSpec(
        model=Observation,
        root=None,
        fields=(
            Field("tags", key="tag_list", encode=",".join),
            Field(
                "place_ids",
                encode=lambda ids: {"first_place": ids[0], "places": len(ids)},
                spread=True,
                update=False,
            ),
        ),
        finish=lambda body, model, creating: {**body, "creating": creating},
    )
    draft = Observation(tags=["a", "b"], place_ids=[4, 5])
    assert create_body(spec, draft) == {
        "tag_list": "a,b",
        "first_place": 4,
        "places": 2,
        "creating": True,
    }


def test_record_ids() -> None:
    """record_id picks what names a record; whether the value is safe in a path is checked
    where paths are filled (tests/e2e/test_path_safety.py)."""
    assert record_id(5, "comment") == 5
    assert record_id("12", "comment") == "12"
    assert record_id(Comment(id=7), "comment") == 7
    ann = Annotation(uuid="6444ede0-9831-47bd-8c3b-ee32e08cbfe4", id=3)
    assert record_id(ann, "annotation", uuid=True) == ann.uuid
    assert record_id(Annotation(id=3), "annotation", uuid=True) == 3
    for bad in (True, None, 1.5, Comment(body="draft")):
        with pytest.raises(InvalidParameterError):
            record_id(bad, "comment")  # type: ignore[arg-type]
