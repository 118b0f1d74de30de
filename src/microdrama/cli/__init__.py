"""The `microdrama` command: a thin layer over the engines and the Django project.

Each concern keeps its commands in its own module here and exports them as `commands`; this file
only assembles them. Engine commands never load Django; platform commands set it up on demand.
"""

from __future__ import annotations

import importlib

import click

# Modules whose `commands` list is added to the top-level group, in help order.
_COMMAND_MODULES = ["platform", "filing", "media", "studio", "copyright", "watermark"]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="microdrama")
def main() -> None:
    """微短剧产业服务平台 — microdrama platform command line."""


for _name in _COMMAND_MODULES:
    for _command in importlib.import_module(f"{__name__}.{_name}").commands:
        main.add_command(_command)
