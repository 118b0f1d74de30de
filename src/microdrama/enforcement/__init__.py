"""Enforcement — from a match to a takedown.

Infringement cases, evidence packs, warning letters (预警函) sent to platforms by e-mail and webhook,
and the notice (≤ 2 h) and takedown (≤ 24 h) clocks with re-checks and escalation.
"""
