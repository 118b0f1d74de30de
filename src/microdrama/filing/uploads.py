"""Episodes of the finished cut arrive as resumable uploads; this files each one as an Episode
after checking it is a readable video, and queues its technical pre-check."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from microdrama.hub import uploads
from microdrama.media.errors import MediaError
from microdrama.media.probe import probe

from .models import Application, Episode, Stage, State

MAX_EPISODE_BYTES = 4 * 1024**3
CHUNK_BYTES = 8 * 1024 * 1024


def _application(user, meta: dict) -> tuple[Application, int]:
    try:
        app_id, number = int(meta.get("application", "")), int(meta.get("episode", ""))
    except ValueError:
        raise ValidationError(_("缺少申请或集数")) from None
    app = Application.objects.visible_to(user).select_related("drama").filter(pk=app_id).first()
    if app is None or app.drama.company_id != user.organisation_id:
        raise PermissionDenied
    if app.stage != Stage.ONLINE:
        raise ValidationError(_("只有上线备案需要上传成片"))
    if app.state not in (State.DRAFT, State.NEEDS_REVISION):
        raise ValidationError(_("申请当前为“%(state)s”，不能更换成片") % {"state": app.get_state_display()})
    if not 1 <= number <= app.drama.episodes:
        raise ValidationError(_("集数应在 1 到 %(n)s 之间") % {"n": app.drama.episodes})
    return app, number


def start(user, meta: dict) -> None:
    _application(user, meta)


def finish(upload, path: Path) -> dict:
    app, number = _application(upload.user, upload.meta)
    try:
        info = probe(path)
    except MediaError as exc:
        raise ValidationError(_("“%(name)s”不是可用的视频：%(why)s") % {"name": upload.filename, "why": exc}) from exc
    if info.duration <= 0:
        raise ValidationError(_("“%(name)s”没有可播放的画面") % {"name": upload.filename})
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(block)
    with transaction.atomic():
        for old in Episode.objects.select_for_update().filter(application=app, number=number):
            old.file.delete(save=False)
            old.delete()
        with path.open("rb") as fh:
            episode = Episode(application=app, number=number, original_name=upload.filename, size=info.size_bytes,
                              sha256=digest.hexdigest(), duration=info.duration, probe=info.as_dict(),
                              uploaded_by=upload.user)
            episode.file.save(Path(upload.filename).name, File(fh), save=False)
            episode.save()
        from .tasks import precheck_episode

        transaction.on_commit(lambda: precheck_episode.delay(episode.pk))
    return {"episode": episode.pk, "number": number, "duration": info.duration,
            "status_url": f"/filing/applications/{app.pk}/episodes/{episode.pk}/status/"}


uploads.register("episode", start=start, finish=finish, max_bytes=MAX_EPISODE_BYTES)
