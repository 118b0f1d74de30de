"""备案中心 — the filing centre.

Dramas, planning (规划备案) and online (上线备案) applications, tier classification by versioned rules,
the working-day calendar and SLA clock, 剧管家 case management, review opinions, official numbers,
public verification of a number and the centre's statistics.
"""
