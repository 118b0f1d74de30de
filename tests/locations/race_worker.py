"""One racer of the double-booking test: says it is ready, waits for the starting gun (a file), asks
for the same half-days as every other racer, prints `ok <booking id>` or `taken`. Run as a separate process against a
deployment's database (SQLite file or PostgreSQL)."""

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microdrama.hub.settings")

import django

django.setup()

from datetime import date  # noqa: E402

from django.core.exceptions import ValidationError  # noqa: E402

from microdrama.accounts.models import User  # noqa: E402
from microdrama.filing.models import Drama  # noqa: E402
from microdrama.locations.models import Set  # noqa: E402
from microdrama.locations.services.bookings import request_booking  # noqa: E402


def main() -> None:
    spec = json.loads(sys.argv[1])
    user = User.objects.get(pk=spec["user"])
    set_obj = Set.objects.select_related("base").get(pk=spec["set"])
    drama = Drama.objects.get(pk=spec["drama"])
    slots = [(date.fromisoformat(d), s) for d, s in spec["slots"]]
    User.objects.exists()  # open the database connection before the race
    Path(spec["ready"]).touch()  # loaded and connected; now wait for the starting gun
    go = Path(spec["go"])
    deadline = time.time() + 120
    while not go.exists() and time.time() < deadline:
        time.sleep(0.001)
    try:
        booking = request_booking(user, set_obj, drama, slots, announce=False)
    except ValidationError:
        print("taken", flush=True)
    else:
        print(f"ok {booking.pk}", flush=True)


if __name__ == "__main__":
    main()
