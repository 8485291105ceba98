"""Encryption at rest: sealed events, per-person data keys, the master key ring, sealed columns."""
