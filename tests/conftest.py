"""Shared fixtures for the whole suite (one conftest.py)."""
