"""Public verification of a filing number: was it recorded by the centre, for which drama — and
nothing private (no investment, no people, no materials)."""

from __future__ import annotations

from . import numbers
from .models import Application, State


def verify(text: str) -> dict:
    try:
        number = numbers.parse(text)
    except numbers.NumberError as exc:
        return {"valid_format": False, "found": False, "message": str(exc)}
    app = (Application.objects.filter(number=number.text, state=State.NUMBERED)
           .select_related("drama__company").first())
    if app is None:
        return {"valid_format": True, "found": False, "number": number.text}
    return {
        "valid_format": True, "found": True, "number": app.number, "title": app.drama.title,
        "company": app.drama.company.name, "tier": app.get_tier_display(), "stage": app.get_stage_display(),
        "issued_on": app.numbered_on.isoformat() if app.numbered_on else None, "issuer": app.number_issuer,
    }
