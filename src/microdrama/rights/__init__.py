"""版权登记 — rights registration.

Registered works and episodes, their fingerprints in the reference index, the tamper-evident evidence
log with signed tree heads, registration certificates, and per-recipient watermarked distribution copies.
"""
