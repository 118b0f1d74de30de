"""Finding people in the talent pool: by kind, gender, playing age, city, tags and free dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from ..models import Enrolment, ProfileTag, TagCategory, TalentProfile, Unavailability


@dataclass
class TalentQuery:
    kind: str = ""
    gender: str = ""
    age: int | None = None
    city: str = ""
    language: str = ""
    dialect: str = ""
    speciality: str = ""
    genre: str = ""
    text: str = ""
    free_from: date | None = None
    free_to: date | None = None
    certified: bool = False
    status: str = ""


def search_profiles(user, q: TalentQuery) -> QuerySet[TalentProfile]:
    profiles = TalentProfile.objects.visible_to(user).prefetch_related("tags")
    if q.kind:
        profiles = profiles.filter(kind=q.kind)
    if q.gender:
        profiles = profiles.filter(gender=q.gender)
    if q.age is not None:
        profiles = profiles.filter(age_min__lte=q.age, age_max__gte=q.age)
    if q.city:
        profiles = profiles.filter(city=q.city)
    if q.status:
        profiles = profiles.filter(status=q.status)
    for category, value in (
        (TagCategory.LANGUAGE, q.language),
        (TagCategory.DIALECT, q.dialect),
        (TagCategory.SPECIALITY, q.speciality),
        (TagCategory.GENRE, q.genre),
    ):
        if value:
            profiles = profiles.filter(
                Exists(ProfileTag.objects.filter(profile=OuterRef("pk"), category=category, value=value))
            )
    if q.text:
        t = q.text.strip()
        profiles = profiles.filter(
            Q(name__icontains=t)
            | Q(headline__icontains=t)
            | Q(bio__icontains=t)
            | Q(number__iexact=t)
            | Q(school__icontains=t)
        )
    if q.free_from:
        last = q.free_to or q.free_from
        profiles = profiles.exclude(
            Exists(
                Unavailability.objects.filter(profile=OuterRef("pk"), start__lte=last, end__gte=q.free_from)
            )
        )
    if q.certified:
        profiles = profiles.filter(
            Exists(Enrolment.objects.filter(profile=OuterRef("pk"), status=Enrolment.Status.COMPLETED))
        )
    return profiles


def tag_options(category: str) -> list[str]:
    """The values in use for a tag category, most common first (for filter drop-downs)."""
    from django.db.models import Count

    rows = (
        ProfileTag.objects.filter(category=category, profile__status=TalentProfile.Status.PUBLISHED)
        .values("value")
        .annotate(n=Count("pk"))
        .order_by("-n", "value")
    )
    return [r["value"] for r in rows]


def cities() -> list[str]:
    return list(
        TalentProfile.objects.exclude(city="").values_list("city", flat=True).distinct().order_by("city")
    )
