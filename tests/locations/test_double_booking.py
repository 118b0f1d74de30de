"""A set can never be double-booked: the database refuses a second live row for the same set,
date and half-day, whatever the application does, and racing requests — threads in one process,
and separate processes on SQLite and on PostgreSQL — end with exactly one booking."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, close_old_connections, connection, transaction

from microdrama.locations.models import Booking, BookingSlot
from microdrama.locations.services import bookings as svc
from microdrama.locations.services.availability import slots_for
from tests.integration.conftest import Deployment, postgres_url  # noqa: F401 - the fixture is used below

WORKER = Path(__file__).with_name("race_worker.py")
ROOT = Path(__file__).resolve().parents[2]


def test_the_database_refuses_a_second_live_row_for_a_half_day(crew, drama, make_set, next_week):
    s = make_set()
    booking = svc.request_booking(crew, s, drama, slots_for(next_week[0], next_week[0], "am"))
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingSlot.objects.create(booking=booking, set=s, date=next_week[0], slot="am")


def test_inactive_rows_do_not_count(crew, drama, manager, make_set, next_week):
    s = make_set()
    first = svc.request_booking(crew, s, drama, slots_for(next_week[0], next_week[0], "am"))
    svc.decline(first, manager, "不行")
    BookingSlot.objects.create(booking=first, set=s, date=next_week[0], slot="am", active=False)
    assert svc.request_booking(crew, s, drama, slots_for(next_week[0], next_week[0], "am"))


@pytest.mark.django_db(transaction=True)
def test_racing_threads_end_with_one_booking(crew, drama, other_crew, other_drama, make_set, next_week):
    s = make_set()
    racers = [(crew, drama), (other_crew, other_drama)] * 4
    slots = slots_for(next_week[0], next_week[0] + timedelta(days=2), "day")
    barrier = threading.Barrier(len(racers))
    results: list[str] = []

    def race(user, d):
        try:
            barrier.wait()
            svc.request_booking(user, s, d, slots, announce=False)
            results.append("ok")
        except ValidationError:
            results.append("taken")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=race, args=r) for r in racers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(results) == ["ok"] + ["taken"] * (len(racers) - 1)
    assert BookingSlot.objects.filter(set=s, active=True).count() == len(slots)
    assert Booking.objects.filter(set=s).count() == 1


def _race(env: dict, workdir: Path, set_id: int, crews: list[tuple[int, int]]) -> list[str]:
    """Start one process per crew, let them all connect, fire the starting gun, collect answers."""
    first = date.today() + timedelta(days=8)
    slots = [[(first + timedelta(days=i)).isoformat(), half] for i in range(3) for half in ("am", "pm")]
    go = workdir / "go"
    ready = [workdir / f"ready-{n}" for n in range(len(crews))]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(WORKER),
                json.dumps(
                    {"user": u, "drama": d, "set": set_id, "slots": slots, "ready": str(r), "go": str(go)}
                ),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for (u, d), r in zip(crews, ready, strict=True)
    ]
    deadline = time.time() + 120
    while (
        not all(r.exists() for r in ready) and time.time() < deadline and all(p.poll() is None for p in procs)
    ):
        time.sleep(0.05)
    go.touch()  # the starting gun: every racer is connected and spinning on this file
    outputs = []
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err[-2000:]
        outputs.append(out.strip())
    assert all(r.exists() for r in ready)
    return outputs


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_racing_processes_on_sqlite_end_with_one_booking(tmp_path, make_user, make_drama, make_set):
    from microdrama.accounts.roles import Role

    s = make_set()
    crews = []
    for n in range(4):
        user = make_user(Role.APPLICANT, username=f"racer{n}")
        crews.append((user.pk, make_drama(user).pk))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.locations.race_settings",
        "RACE_SQLITE_PATH": str(connection.settings_dict["NAME"]),
        "PYTHONPATH": str(ROOT),
    }
    outputs = _race(env, tmp_path, s.pk, crews)
    assert sum(o.startswith("ok") for o in outputs) == 1, outputs
    assert outputs.count("taken") == 3, outputs
    assert BookingSlot.objects.filter(set=s, active=True).count() == 6
    assert Booking.objects.filter(set=s).count() == 1


SETUP = """
from datetime import date
from decimal import Decimal
import json
from microdrama.accounts.credit_code import make_credit_code
from microdrama.accounts.models import Organisation, User
from microdrama.filing.services import create_drama
from microdrama.locations.models import Base, Set
base_org = Organisation.objects.create(name="赛跑基地", kind="shooting_base",
                                       credit_code=make_credit_code("91", "360100", "MA3RACE1"))
base = Base.objects.create(operator=base_org, name="赛跑基地一号", city="南昌")
s = Set.objects.create(base=base, code="RACE-1", name="赛跑场景", kind="period", set_type="80年代筒子楼",
                       floor_area=100, capacity=10, day_rate=Decimal("1000"))
crews = []
for n in range(4):
    org = Organisation.objects.create(name=f"赛跑公司{n}", kind="production", licence_number=f"L{n}",
                                      licence_expiry=date(2030, 1, 1),
                                      credit_code=make_credit_code("91", "360100", f"MA3RC{n:03d}"))
    u = User.objects.create_user(username=f"racer{n}", password="x-Pass-1234", organisation=org)
    u.set_roles(["applicant"])
    d = create_drama(u, title=f"赛跑剧{n}", genre="urban", synopsis="测试", episodes=10,
                     minutes_per_episode=Decimal("2"), total_minutes=Decimal("20"), investment=Decimal("100000"))
    crews.append((u.pk, d.pk))
print(json.dumps({"set": s.pk, "crews": crews}))
"""


@pytest.mark.slow
@pytest.mark.services
def test_racing_processes_on_postgresql_end_with_one_booking(tmp_path, postgres_url):  # noqa: F811
    deployment = Deployment(tmp_path, postgres_url, "filesystem://")
    deployment.cli("manage", "migrate", "--noinput")
    ids = json.loads(deployment.python(SETUP).splitlines()[-1])
    outputs = _race(deployment.env, tmp_path, ids["set"], [tuple(c) for c in ids["crews"]])
    assert sum(o.startswith("ok") for o in outputs) == 1, outputs
    assert outputs.count("taken") == 3, outputs
    counts = deployment.python(
        "from microdrama.locations.models import Booking, BookingSlot\n"
        f"print(BookingSlot.objects.filter(set_id={ids['set']}, active=True).count(), "
        f"Booking.objects.filter(set_id={ids['set']}).count())"
    )
    assert counts == "6 1"
