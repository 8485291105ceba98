"""The stable schema of the event feed, generated from the domain's own event classes.

Every journey event type gets a data model with its payload fields, so OpenAPI
documents exactly what integrators receive, and a new event or field shows up
here without being written twice.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, Literal, Union, get_type_hints
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, create_model

from domain.goal import Goal
from domain.person import Person
from domain.step import Step
from interfaces.http.schemas.common import ActorPublic

_ENVELOPE = {
    "originator_id",
    "originator_version",
    "timestamp",
    "originator_topic",
    "actor_subject",
    "actor_role",
}


def journey_event_classes() -> list[type]:
    """Every event a person's journey can record (supervision notes are not part of it)."""
    found = []
    for aggregate in (Person, Goal, Step):
        for name, value in vars(aggregate).items():
            # The library defines generic Event and Created bases on each aggregate: never recorded.
            if (
                isinstance(value, type)
                and issubclass(value, aggregate.Event)
                and name not in ("Event", "Created")
            ):
                found.append(value)
    return found


def _data_model(event_class: type) -> type[BaseModel]:
    hints = get_type_hints(event_class)
    fields: dict[str, Any] = {
        field.name: (hints[field.name], ...)
        for field in dataclasses.fields(event_class)
        if field.name not in _ENVELOPE
    }
    return create_model(f"{event_class.__name__}Data", __config__=ConfigDict(extra="forbid"), **fields)


def _item_model(event_class: type) -> type[BaseModel]:
    name = event_class.__name__
    return create_model(
        f"{name}Item",
        position=(int, Field(description="Global position; positions increase but can have gaps.")),
        at=(str, Field(description="When the event was recorded (UTC).")),
        type=(Literal[name], ...),  # type: ignore[arg-type]
        aggregate_id=(UUID, ...),
        aggregate_version=(int, ...),
        person_id=(UUID, ...),
        actor=(ActorPublic, ...),
        data=(
            _withheld_or(_data_model(event_class)),
            Field(description="The event's fields; null when withheld, once the person's data is erased."),
        ),
        withheld=(
            Literal[True] | None,
            Field(
                default=None,
                description="Present, and true, only when the person's data was erased: the event"
                " keeps its place in the feed and its data is withheld.",
            ),
        ),
    )


def _withheld_or(model: type[BaseModel]) -> Any:
    return model | None


_ITEMS = [_item_model(cls) for cls in journey_event_classes()]
FeedItem = Annotated[Union[tuple(_ITEMS)], Field(discriminator="type")]  # type: ignore[valid-type]  # noqa: UP007


class FeedPublic(BaseModel):
    """A page of the event feed."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "position": 41,
                            "at": "2026-11-28T10:15:00.000000Z",
                            "type": "StepCompleted",
                            "aggregate_id": "c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b",
                            "aggregate_version": 3,
                            "person_id": "9b1d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4",
                            "actor": {"subject": "ehr-north", "role": "integration"},
                            "data": {
                                "person_id": "9b1d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4",
                                "goal_id": "0b6e4f0e-8f2b-4a7e-9a53-3f1f0c2d9a10",
                                "note": "Went with my sister",
                            },
                        }
                    ],
                    "next_after": 41,
                }
            ]
        }
    )
    items: list[FeedItem]  # type: ignore[valid-type]
    next_after: int = Field(
        description="Pass as `after` to read on; equal to `after` when nothing new is visible."
    )


__all__ = ["FeedPublic", "journey_event_classes"]
