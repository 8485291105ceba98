"""Errors raised when a command breaks a rule of the recovery journey.

The tree::

    JourneyError
    ├── InvalidInputError          bad or missing input, names the field
    ├── NotFoundError              unknown, or not visible to the actor
    │   ├── PersonNotFoundError
    │   ├── GoalNotFoundError
    │   ├── StepNotFoundError
    │   ├── ValueNotFoundError
    │   ├── StrengthNotFoundError
    │   ├── NarrativeEntryNotFoundError
    │   ├── PreferenceNotFoundError
    │   └── SupervisionNoteNotFoundError
    ├── RuleViolationError         the journey's current state forbids it
    ├── NotPermittedError          the actor's role or teams do not allow it
    └── MissingActorError          a change was attempted with no actor set

Messages never contain the person's words or other personal data: they name
fields, states and rules only, so they are safe to log and to return.
"""

from __future__ import annotations


class JourneyError(Exception):
    """Raised when a command on the recovery journey is refused: the base of every error here."""


class InvalidInputError(JourneyError):
    """Raised when a command's input is malformed or out of range."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFoundError(JourneyError):
    """Raised when what a command names is unknown, or not visible to the actor."""

    kind = "resource"

    def __init__(self, resource_id: object) -> None:
        super().__init__(f"{self.kind} {resource_id} was not found")
        self.resource_id = resource_id


class PersonNotFoundError(NotFoundError):
    """Raised when a person is unknown or outside the actor's teams."""

    kind = "person"


class GoalNotFoundError(NotFoundError):
    """Raised when a goal is unknown or belongs to a person the actor cannot see."""

    kind = "goal"


class StepNotFoundError(NotFoundError):
    """Raised when a step is unknown or belongs to a person the actor cannot see."""

    kind = "step"


class ValueNotFoundError(NotFoundError):
    """Raised when a value is not one of this person's."""

    kind = "value"


class StrengthNotFoundError(NotFoundError):
    """Raised when a strength is not one of this person's."""

    kind = "strength"


class NarrativeEntryNotFoundError(NotFoundError):
    """Raised when a narrative entry is not one of this person's."""

    kind = "narrative entry"


class PreferenceNotFoundError(NotFoundError):
    """Raised when a treatment preference is not one of this person's."""

    kind = "treatment preference"


class SupervisionNoteNotFoundError(NotFoundError):
    """Raised when a supervision note is not one of this person's, or not visible to the actor."""

    kind = "supervision note"


class RuleViolationError(JourneyError):
    """Raised when the journey's current state does not allow a command."""

    def __init__(self, rule: str, detail: str) -> None:
        super().__init__(detail)
        self.rule = rule
        self.detail = detail


class NotPermittedError(JourneyError):
    """Raised when the actor's role or teams do not allow a command."""


class MissingActorError(JourneyError):
    """Raised when an event would be recorded without knowing who caused it."""
