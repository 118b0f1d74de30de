"""拍摄基地 / 场景联盟 — the shooting base and its scene alliance.

Sets across bases and cities, their photos and facilities, availability search, bookings that can
never overlap, calendars, utilisation and the shooting plan that books sets for a drama's scenes.
"""
