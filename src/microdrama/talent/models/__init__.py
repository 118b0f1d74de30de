"""Talent centre models, one module per concept: profiles, training, casting."""

from .casting import CastingRole, Shortlist, ShortlistEntry
from .profiles import Credit, ProfileTag, TagCategory, TalentKind, TalentProfile, Unavailability
from .training import Attendance, Course, Enrolment, Session

__all__ = [
    "Attendance",
    "CastingRole",
    "Course",
    "Credit",
    "Enrolment",
    "ProfileTag",
    "Session",
    "Shortlist",
    "ShortlistEntry",
    "TagCategory",
    "TalentKind",
    "TalentProfile",
    "Unavailability",
]
