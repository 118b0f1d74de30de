"""Shooting base pages, one module per concept: sets (search, detail, editing, CSV), bookings,
the dashboard and shooting plans. Views check permission, call a service and render."""
