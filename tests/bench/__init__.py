"""Benchmarks: run each as `python -m tests.bench.NAME`; the last line printed is one JSON object."""
