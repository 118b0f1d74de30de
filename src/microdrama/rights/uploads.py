"""Episodes registered by hand arrive as resumable uploads (purpose "rights-episode")."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from microdrama.hub import uploads

from .models import Work
from .services import add_episode_file, can_register_for

MAX_BYTES = 8 * 1024**3


def _work(user, meta: dict) -> tuple[Work, int]:
    try:
        work_id, number = int(meta.get("work", "")), int(meta.get("episode", ""))
    except ValueError:
        raise ValidationError(_("缺少作品或集数")) from None
    work = Work.objects.visible_to(user).filter(pk=work_id).first()
    if work is None or not can_register_for(user, work.owner):
        raise PermissionDenied
    if not 1 <= number <= 999:
        raise ValidationError(_("集数应在 1 到 999 之间"))
    if work.episodes.filter(number=number).exists():
        raise ValidationError(_("第 %(n)s 集已经登记过") % {"n": number})
    return work, number


def start(user, meta: dict) -> None:
    _work(user, meta)


def finish(upload, path: Path) -> dict:
    work, number = _work(upload.user, upload.meta)
    episode = add_episode_file(work, number, path, upload.filename)
    return {"episode": episode.pk, "number": number}


uploads.register("rights-episode", start=start, finish=finish, max_bytes=MAX_BYTES)
