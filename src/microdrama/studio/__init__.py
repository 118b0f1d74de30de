"""AI 创作实验室 — the AI creation lab's screens and jobs.

Projects started from a premise, the creation engine's stages run as background jobs with progress,
in-browser editing of the bible, scripts and shot list, playback, export and "send to filing".
"""
