"""Settings of the real Celery worker the studio browser test starts: the platform's own settings
(database and media from the environment, as the test passes them), with the lab rendering small
and without the watermark engine, like the live server under test."""

from microdrama.hub.settings import *  # noqa: F403

STUDIO = {"watermark": False, "render_spec": {"frames": 48, "fps": 8, "width": 270, "height": 480}}
