"""Command bodies: what a caller sends to change a journey."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import Field

from domain import text as limits
from domain.priorities import GOALS_MAX_ITEMS
from domain.vocabulary import (
    Approach,
    DropKind,
    IdentifiedBy,
    LifeDomain,
    Orientation,
    Resource,
    Responsibility,
    ReviewDecision,
    StepMode,
    VtpArea,
    WorksheetColumn,
    WorksheetRow,
    WrittenBy,
)
from interfaces.http.schemas.common import (
    IsoDate,
    Name,
    Note,
    Reference,
    Request,
    Statement,
    WithWhom,
    _example,
)

_IN_OWN_WORDS = "Whether the words are the person's own: always said, never assumed."
_WRITTEN_BY = "Who wrote it down: `person` or `worker`; left out or null, not said."
_PERSON_NAMING = "In the person's own words; left out or null, none."


class RegisterPersonRequest(Request):
    model_config = _example(
        display_name="Sam Okafor",
        team_id="north",
        key_worker_id="alice",
        external_ref="EHR-12345",
        preferred_name="Sammy",
        pronouns="they/them",
    )
    display_name: Name
    team_id: Reference
    key_worker_id: Reference | None = None
    external_ref: Reference | None = None
    preferred_name: Name | None = Field(None, description=_PERSON_NAMING)
    pronouns: Name | None = Field(None, description=_PERSON_NAMING)


class PreferredNameRequest(Request):
    model_config = _example(preferred_name="Sammy", pronouns="they/them")
    preferred_name: Name | None = Field(None, description=_PERSON_NAMING + " Null clears it.")
    pronouns: Name | None = Field(None, description=_PERSON_NAMING + " Null clears them.")


class AssignKeyWorkerRequest(Request):
    model_config = _example(worker_id="bob")
    worker_id: Reference


class TransferRequest(Request):
    model_config = _example(team_id="south")
    team_id: Reference


class DischargeRequest(Request):
    model_config = _example(reason="Moved out of the area; handed over to the local team.")
    reason: Note


class WorkingAgreementRequest(Request):
    model_config = _example(
        text="We meet every two weeks at the library. If we disagree we talk it through at the next meeting.",
        expectations="Sam wants straight answers; Alice keeps to time and says if she has to cancel",
        how_we_work="Sam sets the agenda; we start with what went well",
        differences="If we disagree we say so and talk it through at the next meeting",
        practicalities="Every other Tuesday at 10, at the library; texts rather than calls",
        review_by="2027-03-01",
        agreed_by_person=True,
        agreed_on="2026-11-20",
    )
    text: Note | None = Field(None, description="The agreement in free text; or give the manual's parts.")
    expectations: Note | None = Field(
        None, description="What the person and the worker expect of each other."
    )
    how_we_work: Note | None = Field(None, description="How they work together: the rules of engagement.")
    differences: Note | None = Field(None, description="How they handle differences and conflict.")
    practicalities: Note | None = None
    review_by: IsoDate | None = Field(None, description="When they review the agreement together.")
    agreed_by_person: bool = False
    agreed_on: IsoDate | None = Field(
        None, description="Only with `agreed_by_person`: the day the person agreed, today if not given."
    )


class AgreeWorkingAgreementRequest(Request):
    model_config = _example(agreed_on="2026-11-20")
    agreed_on: IsoDate | None = Field(None, description="Not in the future; today if not given.")


class GoalPrioritiesRequest(Request):
    model_config = _example(
        goal_ids=["0b6e4f0e-8f2b-4a7e-9a53-3f1f0c2d9a10", "1c7f5a1f-9a3c-4b8f-8b64-4a2a1d3e0b21"]
    )
    goal_ids: Annotated[list[UUID], Field(max_length=GOALS_MAX_ITEMS)] = Field(
        description="Open goals of the person, most important first; `[]` clears the order."
    )


class IdentifyGoalRequest(Request):
    model_config = _example(
        statement="I want to dance again",
        identified_by="person",
        orientation="approach",
        life_domain="occupational",
        responsibility="person",
        in_own_words=True,
        written_by="person",
        target_date="2027-06-30",
    )
    statement: Statement
    identified_by: IdentifiedBy
    orientation: Orientation
    life_domain: LifeDomain
    responsibility: Responsibility = Field(description="The person's or shared: never the worker's alone.")
    in_own_words: bool = Field(description=_IN_OWN_WORDS)
    written_by: WrittenBy | None = Field(None, description=_WRITTEN_BY)
    value_ids: Annotated[list[UUID], Field(max_length=50)] = []
    strength_ids: Annotated[list[UUID], Field(max_length=50)] = []
    target_date: IsoDate | None = None
    preference_ids: Annotated[list[UUID], Field(max_length=50)] = []


class ReframeGoalRequest(Request):
    model_config = _example(statement="I want to feel fit enough to dance", orientation="approach")
    statement: Statement
    orientation: Orientation


class ReviseGoalRequest(Request):
    model_config = _example(statement="I want to dance every week", target_date="2027-09-30")
    statement: Statement | None = None
    life_domain: LifeDomain | None = None
    responsibility: Responsibility | None = None
    target_date: IsoDate | None = Field(None, description="`null` clears the target date.")


class LinkGoalRequest(Request):
    model_config = _example(value_ids=["5a1c2f8e-7d1b-4c3a-9e2f-1b2c3d4e5f60"], strength_ids=[])
    value_ids: Annotated[list[UUID], Field(max_length=50)] = []
    strength_ids: Annotated[list[UUID], Field(max_length=50)] = []
    preference_ids: Annotated[list[UUID], Field(max_length=50)] = []


class GrowRequest(Request):
    model_config = _example(
        goal="Dancing at my cousin's wedding in June",
        reality="I get breathless after ten minutes",
        options="A beginners' class; dancing at home with my sister",
        wrap_up="Ask my sister on Sunday",
    )
    goal: Statement | None = None
    reality: Statement | None = None
    options: Statement | None = None
    wrap_up: Statement | None = None


class NoteRequest(Request):
    model_config = _example(note="Talked it through at home.")
    note: Note | None = None


class DiscontinueRequest(Request):
    model_config = _example(reason="The person chose to put their energy into another goal.")
    reason: Note


class PlanStepRequest(Request):
    model_config = _example(
        description="Go to the Tuesday beginners' class", mode="joint", with_whom=["sister"], due="2026-12-08"
    )
    description: Statement
    mode: StepMode
    with_whom: WithWhom = []
    due: IsoDate | None = None
    conversation_id: UUID | None = Field(
        None, description="The coaching conversation with the same person in which the step was agreed."
    )
    preference_ids: Annotated[list[UUID], Field(max_length=50)] = []


class DropStepRequest(Request):
    model_config = _example(reason="The class closed for the winter.", kind="not_working")
    reason: Note
    kind: DropKind = Field(
        DropKind.OTHER,
        description="`done_another_way` (progress), `no_longer_wanted` (revisit the plan), "
        "`not_working` (got stuck) or `other`.",
    )


class RescheduleStepRequest(Request):
    model_config = _example(due="2026-12-15")
    due: IsoDate


class ChangeModeRequest(Request):
    model_config = _example(mode="joint", with_whom=["support worker"])
    mode: StepMode
    with_whom: WithWhom = []


class RecordValueRequest(Request):
    model_config = _example(
        area="religion_spirituality",
        statement="My faith keeps me going; Friday prayers matter to me",
        in_own_words=True,
        approach="conversational",
        written_by="person",
    )
    area: VtpArea
    statement: Statement
    in_own_words: bool = Field(description=_IN_OWN_WORDS)
    approach: Approach
    written_by: WrittenBy | None = Field(None, description=_WRITTEN_BY)


class ReviseValueRequest(Request):
    model_config = _example(
        statement="Prayer with my family on Fridays is what keeps me going", in_own_words=True
    )
    statement: Statement
    in_own_words: bool | None = Field(
        None,
        description="Required when the statement changes; left out, it stays as it was for the same words.",
    )
    approach: Approach | None = None
    written_by: WrittenBy | None = Field(
        None, description="Who wrote the new words; left out, as it was for the same words, else not said."
    )


class DeclineAreaRequest(Request):
    model_config = _example(area="sexuality", note="Sam would rather not talk about this.")
    area: VtpArea
    note: Note | None = None


class TreatmentPreferenceRequest(Request):
    model_config = _example(
        statement="I'd rather talk things through before any change to my medication",
        area="treatment_preferences",
        in_own_words=True,
        written_by="person",
    )
    statement: Statement
    area: VtpArea | None = None
    in_own_words: bool = Field(description=_IN_OWN_WORDS)
    written_by: WrittenBy | None = Field(None, description=_WRITTEN_BY)


class ReviseTreatmentPreferenceRequest(Request):
    model_config = _example(
        statement="I'd like my sister with me when we talk about medication", in_own_words=True
    )
    statement: Statement
    in_own_words: bool | None = Field(
        None, description="Required when the statement changes: are the new words the person's own?"
    )
    area: VtpArea | None = Field(None, description="Absent keeps the area; `null` removes it.")


class LinkStepRequest(Request):
    model_config = _example(preference_ids=["6b2d3f9e-8e2c-4d4b-9f3a-2c3d4e5f6a71"])
    preference_ids: Annotated[list[UUID], Field(min_length=1, max_length=50)]


class NarrativeRequest(Request):
    model_config = _example(
        text="When I was at college I used to dance every weekend...",
        themes=["dance", "college"],
        written_by="person",
    )
    text: Note
    themes: Annotated[list[Name], Field(max_length=limits.THEMES_MAX_ITEMS)] = []
    written_by: WrittenBy | None = Field(None, description="Who wrote it; null when not said.")


class ReviseNarrativeRequest(Request):
    model_config = _example(text="At college I danced every weekend with my cousins", written_by="person")
    text: Note | None = None
    themes: Annotated[list[Name], Field(max_length=limits.THEMES_MAX_ITEMS)] | None = None
    written_by: WrittenBy | None = Field(None, description="Who wrote the revision; null keeps it as it was.")


class LifeMapEntry(Request):
    label: Name
    detail: Statement | None = None
    group: Statement | None = None
    when: Statement | None = None


class LifeMapRequest(Request):
    model_config = _example(
        entries=[
            {"label": "My sister", "detail": "We talk every day", "group": "family"},
            {"label": "Choir", "group": "community", "when": "Thursdays"},
        ]
    )
    entries: Annotated[list[LifeMapEntry], Field(max_length=limits.LIFE_MAP_MAX_ENTRIES)]


class IdentifyStrengthRequest(Request):
    model_config = _example(
        domain="social_supports",
        column="current",
        resource="external",
        statement="My sister lives nearby and I see her every week",
        in_own_words=True,
        written_by="person",
    )
    domain: WorksheetRow = Field(
        description="A life domain, or `anything_else` for the worksheet's last row."
    )
    column: WorksheetColumn
    resource: Resource
    statement: Statement
    in_own_words: bool
    written_by: WrittenBy | None = Field(
        None, description="Who wrote it: `person` or `worker`; null: not said."
    )


class ReviseStrengthRequest(Request):
    model_config = _example(column="past_resource", statement="I used to sing in the church choir")
    domain: WorksheetRow | None = None
    column: WorksheetColumn | None = None
    resource: Resource | None = None
    statement: Statement | None = None
    in_own_words: bool | None = None
    written_by: WrittenBy | None = Field(
        None, description="Who wrote the revision; new words whose writer is not said leave it unknown."
    )


class ReviewStrengthsDomainRequest(Request):
    model_config = _example(domain="health", note="Went through it with Sam: nothing to change.")
    domain: WorksheetRow
    note: Note | None = None


class AgreeStrengthsWorksheetRequest(Request):
    model_config = _example(agreed_on="2026-11-28", participants=["Sam", "alice"])
    agreed_on: IsoDate = Field(description="When it was agreed; may be in the past, never in the future.")
    participants: Annotated[list[Name], Field(min_length=1, max_length=limits.PARTICIPANTS_MAX_ITEMS)]
    note: Note | None = None


class GoalDecisionRequest(Request):
    goal_id: UUID
    decision: ReviewDecision
    note: Note | None = Field(None, description="Required when the decision is `discontinue`: say why.")


class HoldReviewRequest(Request):
    model_config = _example(
        held_on="2026-11-20",
        participants=["Sam", "alice (care coordinator)", "Sam's sister"],
        summary="Sam has been to two classes and wants to keep going; sleep is better.",
        goal_decisions=[
            {"goal_id": "0b6e4f0e-8f2b-4a7e-9a53-3f1f0c2d9a10", "decision": "continue", "note": "Keep going"},
            {
                "goal_id": "1c7f5a1f-9a3c-4b8f-8b64-4a2a1d3e0b21",
                "decision": "achieved",
                "note": "Cooked for four",
            },
        ],
        next_review_due="2027-02-20",
    )
    held_on: IsoDate = Field(
        description="When the review took place; may be in the past, never in the future."
    )
    participants: Annotated[list[Name], Field(max_length=limits.PARTICIPANTS_MAX_ITEMS)]
    summary: Note
    goal_decisions: Annotated[list[GoalDecisionRequest], Field(max_length=limits.DECISIONS_MAX_ITEMS)]
    next_review_due: IsoDate
