"""The enforcement dashboard: SLA compliance and time-to-notice / time-to-takedown distributions over
the cases the viewer may see (the centre: all; a company: its works; a platform: its notices)."""

from __future__ import annotations

from django.shortcuts import render

from microdrama.accounts.access import role_required

from .. import stats
from ..models import Case, Policy
from .common import RIGHTS_ROLES, page


@role_required(*RIGHTS_ROLES)
def dashboard(request):
    cases = Case.objects.visible_to(request.user)
    figures = stats.figures(cases)
    labels = dict(Case.State.choices)
    return render(
        request,
        "enforcement/dashboard.html",
        page(
            figures=figures,
            tab="dashboard",
            policy=Policy.current(),
            chart={
                "notice": figures["notice"]["histogram"],
                "takedown": figures["takedown"]["histogram"],
                "states": [{"name": str(labels[k]), "value": v} for k, v in figures["by_state"].items()],
                "days": figures["days"],
            },
        ),
    )
