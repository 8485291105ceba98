"""The care plan's four REFOCUS checks as the API answers them (manual, end of chapter 5)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Outcome = Literal["met", "not_met", "not_applicable"]


class CheckPublic(BaseModel):
    ok: bool = Field(description="False only when the outcome is `not_met`.")
    outcome: Outcome
    detail: str = Field(description="The next thing to do for this plan.")


class LinkCountsPublic(BaseModel):
    goals: int = Field(description="The person's open goals (service goals are not counted).")
    linked: int = Field(
        description="Of those, the goals linked (for preferences: or one of their open steps)."
    )
    recorded: int = Field(description="Current values, treatment preferences or strengths of the person.")


class CheckPartPublic(BaseModel):
    outcome: Outcome
    detail: str
    counts: LinkCountsPublic


class ReflectsCheckPublic(CheckPublic):
    values: CheckPartPublic = Field(description="Met when every goal is linked to a current value.")
    preferences: CheckPartPublic = Field(
        description="Met when a current treatment preference shapes a goal or one of its open steps."
    )
    rule: str


class StrengthsCheckPublic(CheckPublic):
    counts: LinkCountsPublic


class ActionCountsPublic(BaseModel):
    independent: int
    joint: int
    passive: int


class ActionCheckPublic(CheckPublic):
    counts: ActionCountsPublic = Field(description="Open steps on the person's active goals, by mode.")
    rule: str


class ChecksPublic(BaseModel):
    personally_valued_goals: CheckPublic
    reflects_values: ReflectsCheckPublic
    builds_on_strengths: StrengthsCheckPublic
    independent_or_joint_action: ActionCheckPublic
