"""What the copyright centre's registration shows on a person's dashboard card."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from microdrama.hub.navigation import Figure

from .models import DistributionCopy, RegisteredEpisode, Work


def summary(user) -> list[Figure]:
    episodes = RegisteredEpisode.objects.visible_to(user)
    figures = [
        Figure(_("登记作品"), Work.objects.visible_to(user).count(), "/rights/"),
        Figure(_("已登记集数"), episodes.filter(status=RegisteredEpisode.Status.REGISTERED).count(), "/rights/"),
    ]
    copies = DistributionCopy.objects.visible_to(user)
    if user.organisation and user.organisation.kind == "platform":
        figures = [Figure(_("收到的副本"), copies.filter(recipient=user.organisation).count(), "/rights/copies/")]
    else:
        figures.append(Figure(_("分发副本"), copies.count(), "/rights/copies/"))
    return figures
