"""人才中心 — the talent centre.

Talent profiles (actors, directors, screenwriters, technicians), training courses, sessions,
attendance and certificates, and casting shortlists that rank profiles against a drama's roles.
"""
