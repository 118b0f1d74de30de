"""Demo data of the AI lab: one project of the demo creator (`creator`, 南昌映画), two episodes.

With MICRODRAMA_DEMO_MEDIA=0 it is run up to the storyboard (no video: loading stays fast); with
media on it is rendered and exported in full (offline backends, no watermark embedding — that is a
few minutes of CPU per episode — so the demo loads in about a minute on two cores). Idempotent: the
project is found by its fixed id, and the engine skips every stage whose inputs did not change.
"""

from __future__ import annotations

import os

from microdrama.creation.backends import Backends
from microdrama.creation.pipeline import Stage
from microdrama.creation.project import Project

DEMO_UID = "demo-yinghua-01"
PREMISE = {
    "premise": "为了应付催婚，插画师在街头拉住陌生人假扮男友，没想到他是新上司",
    "genre": "甜宠",
    "episodes": 2,
    "hook_seconds": 3,
    "seed": 7,
}


def load() -> dict[str, int]:
    from microdrama.accounts.models import User

    from .models import StudioJob, StudioProject
    from .services.projects import create_project, touch

    creator = User.objects.filter(username="creator").select_related("organisation").first()
    if creator is None or creator.organisation is None:
        return {"studio_projects": 0}
    with_media = os.environ.get("MICRODRAMA_DEMO_MEDIA", "1") != "0"
    until = Stage.EXPORT if with_media else Stage.STORYBOARD
    project = StudioProject.objects.filter(uid=DEMO_UID).first()
    created = project is None
    if project is None:
        folder = StudioProject(uid=DEMO_UID).folder
        if (folder / "project.json").is_file():  # the folder outlived an earlier database: adopt it
            project = StudioProject.objects.create(
                uid=DEMO_UID,
                company=creator.organisation,
                created_by=creator,
                premise=PREMISE["premise"],
                genre=PREMISE["genre"],
                episodes=PREMISE["episodes"],
                hook_seconds=PREMISE["hook_seconds"],
                seed=PREMISE["seed"],
            )
        else:
            project = create_project(creator, uid=DEMO_UID, **PREMISE)
    engine_project = Project.open(project.folder)
    engine_project.run_all(Backends(), until=until)
    touch(project, engine_project)
    if created:
        StudioJob.objects.create(
            project=project,
            kind=StudioJob.Kind.ALL,
            stage=until.value,
            status=StudioJob.Status.DONE,
            fraction=1.0,
            message="完成",
            created_by=creator,
            attempts=1,
        )
    return {"studio_projects": 1}
