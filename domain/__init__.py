"""The recovery journey: aggregates, their events and the rules they keep.

Standard library and ``eventsourcing.domain`` only: no web, no SQL, no pydantic.
"""
