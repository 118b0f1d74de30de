"""Fixtures for the creation engine: an offline series, espeak-ng (installed when missing and we
may), and one two-episode mini-series rendered end to end for the whole session (the expensive
part, about a minute on two cores), which the end-to-end, export, label and cache tests share."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from microdrama.creation.backends import Backends
from microdrama.creation.models import Premise
from microdrama.creation.project import Project
from microdrama.creation.stages.plan import plan_series
from microdrama.creation.stages.write import write_scripts
from microdrama.creation.voice import espeak

PREMISE = Premise(
    premise="为了应付催婚，插画师在街头拉住陌生人假扮男友，没想到他是新上司", genre="甜宠", episodes=2, seed=7
)


def ensure_espeak() -> bool:
    """espeak-ng for Mandarin speech: install it with apt-get when missing and we run as root."""
    if espeak.espeak_available():
        return True
    if shutil.which("apt-get") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for cmd in (
            ["apt-get", "install", "-y", "-qq", "espeak-ng"],
            ["apt-get", "update", "-qq"],
            ["apt-get", "install", "-y", "-qq", "espeak-ng"],
        ):
            try:
                done = subprocess.run(cmd, capture_output=True, timeout=300, env=env)
            except (OSError, subprocess.SubprocessError):
                break
            if cmd[1] == "install" and done.returncode == 0:
                break
        espeak.espeak_available.cache_clear()
    return espeak.espeak_available()


@pytest.fixture(scope="session")
def has_espeak() -> bool:
    return ensure_espeak()


@pytest.fixture(scope="session")
def series():
    bible = plan_series(PREMISE)
    return bible, write_scripts(bible)


class CopyingHook:
    """A stand-in for the watermark engine's `embed`: records the payload, copies the video."""

    def __init__(self) -> None:
        self.calls: list[tuple[Path, Path, int]] = []

    def __call__(self, src: Path, dst: Path, payload: int) -> None:
        self.calls.append((Path(src), Path(dst), payload))
        shutil.copyfile(src, dst)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory, has_espeak):
    """A two-episode mini-series run through every stage, offline, with a watermark hook."""
    root = tmp_path_factory.mktemp("series") / "project"
    hook = CopyingHook()
    backends = Backends(watermark=hook)
    project = Project.create(root, PREMISE, project_id="testseries01")
    events = []
    project.run_all(backends, progress=events.append)
    return project, backends, hook, events
