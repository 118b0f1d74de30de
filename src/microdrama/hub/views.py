"""Platform-wide pages: the role-aware home page and the placeholder of a centre not yet open."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from .navigation import SECTIONS, can_open, summaries_for


@login_required
def home(request):
    return render(request, "hub/home.html", {"sections": summaries_for(request.user)})


def coming(key: str):
    """A centre's index page until its own issue lands: tells the user what will be here."""
    section = next(s for s in SECTIONS if s.key == key)

    @login_required
    def view(request):
        if not can_open(request.user, key):
            raise PermissionDenied
        return render(request, "hub/coming.html", {"section": section})

    return view


def csrf_failure(request, reason: str = ""):
    """A forged or stale form post: say so plainly, change nothing."""
    return render(request, "403_csrf.html", status=403)


@login_required
def notifications(request):
    """The person's notifications, newest first; opening the page marks them read."""
    from django.utils import timezone

    from .models import Notification

    items = list(Notification.objects.filter(user=request.user)[:100])
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "hub/notifications.html", {"items": items})


@login_required
def media(request, path: str):
    """Stored files that every logged-in person may see (set photos, talent headshots and showreels).

    Everything else in storage (cuts, registered episodes, distribution copies, evidence) is served
    only by its own app's views after a per-object access check; here it answers 404.
    """
    from pathlib import Path

    from django.conf import settings
    from django.http import Http404

    from .downloads import serve_file

    if ".." in Path(path).parts or not path.startswith(settings.SHARED_MEDIA_PREFIXES):
        raise Http404
    target = Path(settings.MEDIA_ROOT) / path
    if not target.is_file():
        raise Http404
    return serve_file(request, target, target.name)
