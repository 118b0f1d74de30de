"""Listing and editing sets and their photos (location managers)."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Base, Facility, Set, SetFacility, SetPhoto
from ..photos import process_photo

MAX_PHOTOS_PER_SET = 12


def _check_manages(user, base: Base) -> None:
    if not Base.objects.managed_by(user).filter(pk=base.pk).exists():
        raise PermissionDenied(_("只有该基地的场景运营可以修改它的场景"))


def save_set(user, set_obj: Set, facilities: list[str] | None = None) -> Set:
    """Create or update a set (fields already assigned) and replace its facilities."""
    _check_manages(user, set_obj.base)
    if set_obj.pk:
        original_base = Set.objects.filter(pk=set_obj.pk).values_list("base_id", flat=True).first()
        if original_base and original_base != set_obj.base_id:
            _check_manages(user, Base.objects.get(pk=original_base))
    set_obj.full_clean()
    unknown = [f for f in facilities or [] if f not in Facility.values]
    if unknown:
        raise ValidationError(_("未知的设施：%(names)s") % {"names": "、".join(unknown)})
    with transaction.atomic():
        set_obj.save()
        if facilities is not None:
            set_facilities(set_obj, facilities)
    return set_obj


def set_facilities(set_obj: Set, codes: list[str]) -> None:
    codes = list(dict.fromkeys(codes))
    set_obj.facility_rows.exclude(code__in=codes).delete()
    existing = set(set_obj.facility_rows.values_list("code", flat=True))
    SetFacility.objects.bulk_create([SetFacility(set=set_obj, code=c) for c in codes if c not in existing])


def add_photo(user, set_obj: Set, upload, caption: str = "") -> SetPhoto:
    """Store a photo and its thumbnail; refuses anything Pillow cannot read as a photo."""
    _check_manages(user, set_obj.base)
    if set_obj.photos.count() >= MAX_PHOTOS_PER_SET:
        raise ValidationError(_("每个场景最多 %(n)s 张照片") % {"n": MAX_PHOTOS_PER_SET})
    processed = process_photo(upload, stem=uuid.uuid4().hex[:12])
    photo = SetPhoto(
        set=set_obj,
        caption=caption[:80],
        width=processed.width,
        height=processed.height,
        order=set_obj.photos.count(),
    )
    photo.image.save(processed.image.name, processed.image, save=False)
    photo.thumbnail.save(processed.thumbnail.name, processed.thumbnail, save=False)
    photo.save()
    return photo


def delete_photo(user, photo: SetPhoto) -> None:
    _check_manages(user, photo.set.base)
    storage_files = [photo.image, photo.thumbnail]
    photo.delete()
    for f in storage_files:
        transaction.on_commit(lambda f=f: f.storage.delete(f.name) if f.name else None)
