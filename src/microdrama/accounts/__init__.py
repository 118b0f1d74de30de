"""Organisations, people, roles and personal API tokens.

Who belongs to which organisation (production company, filing centre, copyright centre, platform,
shooting base, talent centre), which roles they hold, and the per-object visibility rules every
other app applies to its querysets. Also login throttling and token authentication for the API.
"""
