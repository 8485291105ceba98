"""The journey document: one person's whole plan, folded from their events.

A pure fold (``apply``) shared by the live view and, later, by replay and as-of
queries, so the two can never disagree. Closed goals and finished steps stay in
the document: the care plan filters them, the history needs them. The handlers of working
practices 1 and 2 live in ``projections.journey_practices``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.goal import Goal
from domain.person import Person
from domain.step import Step
from domain.vocabulary import GoalStatus, PersonStatus, StepStatus
from projections.events import iso_time, jsonable, person_id_of, uuid_text
from projections.journey_practices import PRACTICE_HANDLERS

Document = dict[str, Any]


def new_document() -> Document:
    return {
        "person": None,
        "goals": {},
        "steps": {},
        "values": {},
        "declined_areas": {},
        "treatment_preferences": {},
        "narrative": [],
        "life_maps": {},
        "strengths": {},
        "strengths_updated_at": None,
        "worksheet_rows": {},
        "worksheet_agreement": None,
        "reviews": {},
        "last_review_id": None,
        "next_review_due": None,
        "conversations": {},
        "goal_priority": [],
    }


def happened_at(doc: Document, event: Any) -> str:
    """When it happened: for a review and what it decided, and a coaching conversation, the day
    it was held.

    A back-dated one is placed at the end of the day it was held, after what
    was recorded that day; one recorded on the day keeps its recorded time.
    """
    recorded = iso_time(event.timestamp)
    held_on = getattr(event, "held_on", None)
    review_id = getattr(event, "review_id", None)
    if held_on is None and review_id is not None:
        review = doc.get("reviews", {}).get(uuid_text(review_id))
        held_on = date.fromisoformat(review["held_on"]) if review else None
    if held_on is None or recorded.startswith(held_on.isoformat()):
        return recorded
    return f"{held_on.isoformat()}T23:59:59.999999Z"


def apply(doc: Document, event: Any) -> None:
    handler = _HANDLERS.get(type(event))
    if handler is None:
        return
    at = iso_time(event.timestamp)
    handler(doc, event, at)
    doc["last_activity_at"] = at
    if isinstance(event, Person.Event):
        doc["person"]["version"] = event.originator_version
    elif isinstance(event, Step.Event):
        doc["steps"][uuid_text(event.originator_id)]["version"] = event.originator_version
    else:
        doc["goals"][uuid_text(event.originator_id)]["version"] = event.originator_version


def _registered(doc: Document, e: Person.PersonRegistered, at: str) -> None:
    doc["person"] = {
        "id": uuid_text(person_id_of(e)),
        "display_name": e.display_name,
        "team_id": e.team_id,
        "key_worker_id": e.key_worker_id,
        "external_ref": e.external_ref,
        "preferred_name": e.preferred_name,
        "pronouns": e.pronouns,
        "status": PersonStatus.ACTIVE,
        "registered_at": at,
        "discharged_at": None,
        "working_agreement": None,
    }


def _preferred_name(doc: Document, e: Person.PreferredNameRecorded, at: str) -> None:
    doc["person"].update(preferred_name=e.preferred_name, pronouns=e.pronouns)


def _key_worker(doc: Document, e: Person.KeyWorkerAssigned, at: str) -> None:
    doc["person"]["key_worker_id"] = e.worker_id


def _transferred(doc: Document, e: Person.PersonTransferred, at: str) -> None:
    doc["person"]["team_id"] = e.team_id


def _discharged(doc: Document, e: Person.PersonDischarged, at: str) -> None:
    doc["person"].update(status=PersonStatus.DISCHARGED, discharged_at=at)


def _agreement(doc: Document, e: Person.WorkingAgreementMade, at: str) -> None:
    earlier = doc["person"]["working_agreement"]
    history = []
    if earlier:
        history = [*earlier.pop("history", []), earlier]
    doc["person"]["working_agreement"] = {
        "text": e.text,
        "expectations": e.expectations,
        "how_we_work": e.how_we_work,
        "differences": e.differences,
        "practicalities": e.practicalities,
        "review_by": jsonable(e.review_by),
        "agreed_by_person": e.agreed_by_person,
        "agreed_on": jsonable(e.agreed_on),
        "made_at": at,
        "history": history,
    }


def _agreement_agreed(doc: Document, e: Person.WorkingAgreementAgreed, at: str) -> None:
    doc["person"]["working_agreement"].update(agreed_by_person=True, agreed_on=e.agreed_on.isoformat())


def _goals_prioritised(doc: Document, e: Person.GoalsPrioritised, at: str) -> None:
    doc["goal_priority"] = [uuid_text(goal_id) for goal_id in e.goal_ids]


def _review_held(doc: Document, e: Person.ReviewHeld, at: str) -> None:
    review_id = uuid_text(e.review_id)
    doc.setdefault("reviews", {})[review_id] = {
        "id": review_id,
        "held_on": e.held_on.isoformat(),
        "participants": list(e.participants),
        "summary": e.summary,
        "goal_decisions": jsonable(e.goal_decisions),
        "next_review_due": e.next_review_due.isoformat(),
        "recorded_at": at,
    }
    latest = doc.get("last_review_id")
    if latest is None or doc["reviews"][latest]["held_on"] <= e.held_on.isoformat():
        doc["last_review_id"] = review_id
        doc["next_review_due"] = e.next_review_due.isoformat()


def _goal_reviewed(doc: Document, e: Goal.GoalReviewed, at: str) -> None:
    _goal(doc, e)["last_decision"] = {
        "review_id": uuid_text(e.review_id),
        "held_on": e.held_on.isoformat(),
        "decision": e.decision,
        "note": e.note,
    }


def _linked_preference(doc: Document, e: Goal.GoalLinkedToPreference, at: str) -> None:
    _goal(doc, e)["preference_ids"].append(uuid_text(e.preference_id))


def _step_linked_preference(doc: Document, e: Step.StepLinkedToPreference, at: str) -> None:
    # A new list, not an append: a step's view shares the list, and replay compares it with
    # the view before the event.
    step = _step(doc, e)
    step["preference_ids"] = [*step["preference_ids"], uuid_text(e.preference_id)]


def _goal_identified(doc: Document, e: Goal.GoalIdentified, at: str) -> None:
    doc["goals"][uuid_text(e.originator_id)] = {
        "id": uuid_text(e.originator_id),
        "statement": e.statement,
        "status": GoalStatus.ACTIVE,
        "orientation": e.orientation,
        "identified_by": e.identified_by,
        "responsibility": e.responsibility,
        "life_domain": e.life_domain,
        "in_own_words": e.in_own_words,
        "written_by": e.written_by,
        "target_date": jsonable(e.target_date),
        "value_ids": jsonable(e.value_ids),
        "strength_ids": jsonable(e.strength_ids),
        "preference_ids": jsonable(e.preference_ids),
        "grow": None,
        "identified_at": at,
        "closed_at": None,
        "step_ids": [],
    }


def _goal(doc: Document, e: Goal.Event) -> dict[str, Any]:
    goal: dict[str, Any] = doc["goals"][uuid_text(e.originator_id)]
    return goal


def _reframed(doc: Document, e: Goal.GoalReframed, at: str) -> None:
    _goal(doc, e).update(statement=e.statement, orientation=e.orientation)


def _revised(doc: Document, e: Goal.GoalRevised, at: str) -> None:
    _goal(doc, e).update(jsonable(e.changes))


def _linked_value(doc: Document, e: Goal.GoalLinkedToValue, at: str) -> None:
    _goal(doc, e)["value_ids"].append(uuid_text(e.value_id))


def _linked_strength(doc: Document, e: Goal.GoalLinkedToStrength, at: str) -> None:
    _goal(doc, e)["strength_ids"].append(uuid_text(e.strength_id))


def _grow(doc: Document, e: Goal.GrowRecorded, at: str) -> None:
    _goal(doc, e)["grow"] = {
        "goal": e.goal,
        "reality": e.reality,
        "options": e.options,
        "wrap_up": e.wrap_up,
        "recorded_at": at,
    }


def _goal_status(status: GoalStatus) -> Callable[[Document, Any, str], None]:
    closes = status.is_closed

    def handle(doc: Document, e: Goal.Event, at: str) -> None:
        _goal(doc, e).update(status=status, closed_at=at if closes else None)

    return handle


def _step_planned(doc: Document, e: Step.StepPlanned, at: str) -> None:
    step_id = uuid_text(e.originator_id)
    doc["steps"][step_id] = {
        "id": step_id,
        "goal_id": uuid_text(e.goal_id),
        "description": e.description,
        "mode": e.mode,
        "with_whom": list(e.with_whom),
        "status": StepStatus.PLANNED,
        "due": jsonable(e.due),
        "preference_ids": jsonable(e.preference_ids),
        "planned_at": at,
        "finished_at": None,
        "dropped_kind": None,
        "conversation_id": None,
    }
    doc["goals"][uuid_text(e.goal_id)]["step_ids"].append(step_id)
    if e.conversation_id is not None:
        _agreed_in_conversation(doc, doc["steps"][step_id], e.conversation_id)


def _conversation(doc: Document, e: Person.CoachingConversationRecorded, at: str) -> None:
    conversation_id = uuid_text(e.conversation_id)
    doc["conversations"][conversation_id] = {
        "id": conversation_id,
        "held_on": e.held_on.isoformat(),
        "participants": list(e.participants),
        "goal_ids": jsonable(e.goal_ids),
        "step_ids": jsonable(e.step_ids),
        "reflect": e.reflect,
        "explore": e.explore,
        "agree_outcomes": e.agree_outcomes,
        "commit_to_action": e.commit_to_action,
        "hold_to_account": e.hold_to_account,
        "recorded_at": at,
        "agreed_step_ids": [],
    }


def _agreed_in_conversation(doc: Document, step: dict[str, Any], conversation_id: Any) -> None:
    step["conversation_id"] = uuid_text(conversation_id)
    doc["conversations"][step["conversation_id"]]["agreed_step_ids"].append(step["id"])


def _step(doc: Document, e: Step.Event) -> dict[str, Any]:
    step: dict[str, Any] = doc["steps"][uuid_text(e.originator_id)]
    return step


def _step_status(status: StepStatus) -> Callable[[Document, Any, str], None]:
    finishes = status.is_closed

    def handle(doc: Document, e: Step.Event, at: str) -> None:
        step = _step(doc, e)
        step["status"] = status
        if finishes:
            step["finished_at"] = at

    return handle


def _step_dropped(doc: Document, e: Step.StepDropped, at: str) -> None:
    _step(doc, e).update(status=StepStatus.DROPPED, finished_at=at, dropped_kind=e.kind)


def _rescheduled(doc: Document, e: Step.StepRescheduled, at: str) -> None:
    _step(doc, e)["due"] = jsonable(e.due)


def _mode_changed(doc: Document, e: Step.StepModeChanged, at: str) -> None:
    _step(doc, e).update(mode=e.mode, with_whom=list(e.with_whom))


_HANDLERS: dict[type, Callable[[Document, Any, str], None]] = {
    # One dict, merged once here: ``apply`` finds every handler with a single lookup.
    **PRACTICE_HANDLERS,
    Person.PersonRegistered: _registered,
    Person.KeyWorkerAssigned: _key_worker,
    Person.PreferredNameRecorded: _preferred_name,
    Person.PersonTransferred: _transferred,
    Person.PersonDischarged: _discharged,
    Person.WorkingAgreementMade: _agreement,
    Person.WorkingAgreementAgreed: _agreement_agreed,
    Person.ReviewHeld: _review_held,
    Person.CoachingConversationRecorded: _conversation,
    Goal.GoalIdentified: _goal_identified,
    Goal.GoalReframed: _reframed,
    Goal.GoalRevised: _revised,
    Goal.GoalLinkedToValue: _linked_value,
    Goal.GoalLinkedToStrength: _linked_strength,
    Goal.GrowRecorded: _grow,
    Goal.GoalReviewed: _goal_reviewed,
    Goal.GoalPaused: _goal_status(GoalStatus.PAUSED),
    Goal.GoalResumed: _goal_status(GoalStatus.ACTIVE),
    Goal.GoalAchieved: _goal_status(GoalStatus.ACHIEVED),
    Goal.GoalDiscontinued: _goal_status(GoalStatus.DISCONTINUED),
    Step.StepPlanned: _step_planned,
    Step.StepStarted: _step_status(StepStatus.STARTED),
    Step.StepCompleted: _step_status(StepStatus.COMPLETED),
    Step.StepDropped: _step_dropped,
    Step.StepRescheduled: _rescheduled,
    Step.StepModeChanged: _mode_changed,
    Person.GoalsPrioritised: _goals_prioritised,
    Goal.GoalLinkedToPreference: _linked_preference,
    Step.StepLinkedToPreference: _step_linked_preference,
}
