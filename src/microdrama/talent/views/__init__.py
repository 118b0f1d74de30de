"""Talent centre pages, one module per concept: people (the pool and profiles), training, casting."""
