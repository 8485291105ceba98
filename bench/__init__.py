"""Benchmarks: ``python -m bench --help`` for the suite, ``python -m bench.replay`` for replay cost."""
