"""The operations people perform in the shooting base; views, the API and tasks only call these.

One module per concept: `sets` (editing sets and photos), `csv_io` (import/export), `search`,
`availability` (which half-days are taken), `bookings` (request → approve/decline/cancel/expire),
`calendar` (month grids), `utilisation` (dashboard figures) and `plans` (shooting plans; the AI
lab calls `plans.plan_from_scenes` with plain dicts).
"""
