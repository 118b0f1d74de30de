"""Shooting base models, one module per concept: sets and their bases, bookings, shooting plans."""

from .bookings import ACTIVE_STATUSES, Booking, BookingSlot, BookingStatus, Slot
from .plans import PlanGroup, PlanScene, ShootingPlan
from .sets import Base, Facility, Set, SetFacility, SetKind, SetPhoto

__all__ = [
    "ACTIVE_STATUSES",
    "Base",
    "Booking",
    "BookingSlot",
    "BookingStatus",
    "Facility",
    "PlanGroup",
    "PlanScene",
    "Set",
    "SetFacility",
    "SetKind",
    "SetPhoto",
    "ShootingPlan",
    "Slot",
]
