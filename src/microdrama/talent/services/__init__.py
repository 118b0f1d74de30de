"""The operations of the talent centre; views, the API and tasks only call these.

`profiles` (the pool, tags, portfolio, availability, self-service), `search`, `training` (courses,
enrolment, attendance, completion), `certificates` (the PDF), and `casting` (roles, matching,
shortlists; the AI lab calls `casting.set_roles_from_dicts` with plain dicts).
"""
