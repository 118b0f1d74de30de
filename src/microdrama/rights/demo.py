"""Demo registrations: the filing demo's approved dramas are registered through the filing signal;
with sample media on, two of them get real episodes, fingerprints, certificates and a watermarked
copy issued to a platform."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.db import transaction

from microdrama.accounts.models import Organisation, User

from .models import RegisteredEpisode, Work


def load() -> dict[str, int]:
    if os.environ.get("MICRODRAMA_DEMO_MEDIA", "1") != "0":
        _sample_episodes()
    return {"works": Work.objects.count(), "registered_episodes": RegisteredEpisode.objects.count()}


def _sample_episodes() -> None:
    from microdrama.filing.demo_media import make_episode

    from . import services
    from .tasks import register_episode

    officer = User.objects.filter(username="applicant").first()
    platform = Organisation.objects.filter(kind=Organisation.Kind.PLATFORM).order_by("pk").first()
    for work in Work.objects.filter(source=Work.Source.FILING).order_by("pk")[:2]:
        if work.episodes.exists():
            continue
        with tempfile.TemporaryDirectory() as tmp:
            for n in (1, 2):
                path = make_episode(Path(tmp) / f"{n}.mp4", work.title, n, work.filing_number, 20)
                with transaction.atomic():
                    episode = services.add_episode_file(work, n, path, f"{work.title}-第{n}集.mp4")
                register_episode.run(episode.pk)  # the demo shows certificates straight away
        first = work.episodes.order_by("number").first()
        first.refresh_from_db()
        if officer and platform and first.status == RegisteredEpisode.Status.REGISTERED:
            owner_user = User.objects.filter(organisation=work.owner, role_grants__role="applicant").first() or officer
            services.issue_copy(first, platform, owner_user)
