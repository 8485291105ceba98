"""The error every layer meets when a person's data has been erased by destroying their key."""

from __future__ import annotations

from uuid import UUID


class PersonDataErased(Exception):  # noqa: N818 -- the name the application's callers use
    """Raised when a person's events are read after their data key was destroyed (erasure).

    Names the person by id only: the id is no personal data, and their words are gone.
    """

    def __init__(self, person_id: UUID) -> None:
        super().__init__(f"the data of person {person_id} has been erased")
        self.person_id = person_id
