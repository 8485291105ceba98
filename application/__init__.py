"""Use cases of the recovery journey over the event store (load, act, save)."""
