"""Benchmarks, run with ``python -m bench.<name>``; not part of the installed package."""
