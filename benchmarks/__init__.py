"""Benchmarks of drift at thousands of projects: a synthetic portfolio generator and the runner that times it."""
