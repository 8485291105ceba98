"""Errors the application adds to the domain's (see ``domain.errors`` for the tree).

JourneyError
├── ConcurrentUpdateError      retries ran out while others kept changing it
└── VersionMismatchError       the caller's If-Match version is stale

PersonDataErased (``domain.erased_data``): a person's events read after their data key was
destroyed; apart from the tree, as it is no refusal of a command.
"""

from __future__ import annotations

from domain.erased_data import PersonDataErased
from domain.errors import JourneyError

__all__ = ["ConcurrentUpdateError", "PersonDataErased", "VersionMismatchError"]


class ConcurrentUpdateError(JourneyError):
    """Raised when an aggregate kept changing under a command after every retry."""


class VersionMismatchError(JourneyError):
    """Raised when a command expected a version the aggregate has moved on from."""

    def __init__(self, expected: int, current: int) -> None:
        super().__init__(f"expected version {expected}, but the current version is {current}")
        self.expected = expected
        self.current = current
