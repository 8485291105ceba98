"""Erasure of a person's data, the log of every request to erase, and subject access exports."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from domain.erasure import ErasureReason
from interfaces.http.schemas.coaching import ConversationsPublic
from interfaces.http.schemas.common import ActorPublic, Request, _example
from interfaces.http.schemas.journey import CarePlanPublic
from interfaces.http.schemas.profile import ProfilePublic
from interfaces.http.schemas.supervision import SupervisionNotePublic
from interfaces.http.schemas.worksheet import StrengthsWorksheetPublic


class ErasePersonRequest(Request):
    model_config = _example(reason="recorded_in_error")
    reason: ErasureReason = Field(
        description="A code, never free text: `recorded_in_error` and `retention_expired` erase a "
        "record the retention rule keeps; `person_request` and `legal_order` erase only a record "
        "discharged longer ago than the retention period."
    )


class ErasurePublic(BaseModel):
    """The erasure, as recorded (`PersonErased` on the person's erasure record)."""

    id: UUID = Field(description="The person's erasure record.")
    person_id: UUID
    version: int
    position: int = Field(description="Pass as `min_position` to a query to read this write elsewhere.")
    reason: ErasureReason
    erased_at: str


class ErasureRequestPublic(BaseModel):
    position: int
    outcome: Literal["erased", "refused"]
    reason: ErasureReason
    rule: str | None = Field(description="The rule that refused; null when erased.")
    actor: ActorPublic
    at: str


class ErasureLogItemPublic(ErasureRequestPublic):
    person_id: UUID
    from_ledger: bool = Field(description="Erased again from the ledger, after a restore.")


class ErasureLogPublic(BaseModel):
    """Every request to erase a person's data, granted or refused, in the order recorded."""

    items: list[ErasureLogItemPublic]
    next_after: int = Field(description="Pass as `after` to read on.")


class ExportedEventPublic(BaseModel):
    position: int
    type: str = Field(description="The event's type, as in the event feed.")
    aggregate_id: UUID
    aggregate_version: int
    at: str
    actor: ActorPublic
    data: dict[str, Any] = Field(description="The event's fields, as in the feed's `<Type>Data`.")


class ExportedNotePublic(SupervisionNotePublic):
    kind: Literal["supervision_note"] = Field(
        description="A supervision note: a reflection on practice pinned to one of the person's "
        "events, not part of the journey itself."
    )


class ExportedViewsPublic(BaseModel):
    profile: ProfilePublic
    care_plan: CarePlanPublic
    conversations: ConversationsPublic
    strengths_worksheet: StrengthsWorksheetPublic


class AccessRecordPublic(BaseModel):
    seq: int = Field(description="The record's place in the whole access log (1, 2, 3...).")
    at: str = Field(description="When the data was read (UTC).")
    subject: str = Field(description="Who read it.")
    role: str
    teams: list[str] = Field(description="The reader's teams at the time.")
    view: str = Field(description="What was read: the route's path template or the page's.")
    request_id: str = Field(description="The request's `X-Request-Id`.")


class SubjectAccessExportPublic(BaseModel):
    """Everything held about one person (a subject access request, UK GDPR article 15)."""

    person_id: UUID
    exported_at: str
    position: int = Field(description="The last of the person's events the export includes.")
    events: list[ExportedEventPublic] = Field(description="Every event of the person's, in order.")
    views: ExportedViewsPublic
    supervision_notes: list[ExportedNotePublic]
    erasure_requests: list[ErasureRequestPublic] = Field(
        description="Requests to erase the person's data, each refused (an erased person is gone)."
    )
    access_log: list[AccessRecordPublic] = Field(
        description="Every read of the person's data, oldest first, this export's own included: "
        "who read it, when and which view; never what was read."
    )
