"""Warning letters (预警函), reminders (催告函) and escalation notices: Chinese PDFs rendered from the
template `enforcement/letter.txt` (evidence summary and legal basis), with a QR code to the public
certificate check of the registered episode."""

from __future__ import annotations

import io
from datetime import timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from microdrama.hub.pdf import qr_image, register_font, wrap
from microdrama.rights import evidence
from microdrama.timespan import format_timecode

from .models import EvidenceItem, Notice, PlatformProfile

TITLES = {
    Notice.Kind.NOTICE: "预 警 函",
    Notice.Kind.REMINDER: "催 告 函",
    Notice.Kind.ESCALATION: "升 级 通 知",
}
CENTRE = "赣江新区微短剧版权服务中心（可信AI实验室）"


def _segments(case) -> tuple[list[dict], str]:
    match = case.candidate.matches.filter(work=case.work).order_by("-score").first()
    if match is None:
        return [], ""
    rows = [
        {
            "q": f"{format_timecode(s['query_start'])}–{format_timecode(s['query_end'])}",
            "r": f"{format_timecode(s['ref_start'])}–{format_timecode(s['ref_end'])}",
            "speed": f"{float(s.get('speed', 1.0)):.2f}",
        }
        for s in match.segments[:6]
    ]
    return rows, match.data.get("transform", "")


def _watermark(case) -> str:
    item = case.evidence_items.filter(kind=EvidenceItem.Kind.WATERMARK).order_by("-pk").first()
    if item is None or not item.data.get("present"):
        return ""
    who = item.data.get("recipient") or "未知接收方"
    return f"检出分发水印（编号 {item.data['payload']}，对应分发给 {who} 的副本）"


def text(notice: Notice, hours: float) -> str:
    case = notice.case
    first = case.notices.filter(kind=Notice.Kind.NOTICE).first() or notice
    segments, transform = _segments(case)
    entries = [
        f"#{i.entry.index}" for i in case.evidence_items.select_related("entry").order_by("entry__index")
    ]
    episode = case.episode
    verify = settings.SITE_URL + (
        reverse("rights:certificate_public", args=[episode.certificate_code])
        if episode and episode.evidence_id
        else reverse("rights:log")
    )
    return render_to_string(
        "enforcement/letter.txt",
        {
            "kind": notice.kind,
            "notice": first,
            "first": first,
            "case": case,
            "candidate": case.candidate,
            "recipient": notice.recipient,
            "work": case.work,
            "owner": case.work.owner,
            "episode": episode,
            "profile": PlatformProfile.objects.filter(organisation=notice.recipient).first(),
            "segments": segments,
            "transform": transform,
            "watermark": _watermark(case),
            "entries": "、".join(entries) or "—",
            "head": evidence.latest_head(),
            "verify_url": verify,
            "api_url": settings.SITE_URL + "/api/v1/enforcement/notices",
            "centre": CENTRE,
            "centre_short": "本中心",
            "deadline": notice.deadline or timezone.now() + timedelta(hours=hours),
            "hours": f"{hours:g}",
            "date": notice.created_at,
        },
    )


def render(notice: Notice, hours: float) -> bytes:
    font = register_font()
    body = text(notice, hours)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"{TITLES[notice.kind].replace(' ', '')} {notice.number}")
    pdf.setAuthor(CENTRE)
    width, height = A4
    left, right = 20 * mm, width - 20 * mm

    def header() -> float:
        pdf.setFillColor(colors.HexColor("#c8372d"))
        pdf.setFont(font, 22)
        pdf.drawCentredString(width / 2, height - 28 * mm, TITLES[notice.kind])
        pdf.setStrokeColor(colors.HexColor("#c8372d"))
        pdf.setLineWidth(1.2)
        pdf.line(left, height - 34 * mm, right, height - 34 * mm)
        pdf.setFillColor(colors.black)
        pdf.setFont(font, 9)
        pdf.drawRightString(right, height - 40 * mm, f"函号：{notice.number}")
        return height - 48 * mm

    y = header()
    size, leading = 10.5, 16
    for line in wrap(body.strip("\n"), font, size, right - left):
        if y < 35 * mm:
            pdf.showPage()
            y = header()
        pdf.setFont(font, size)
        pdf.drawString(left, y, line)
        y -= leading
    episode = notice.case.episode
    if episode and episode.evidence_id:
        url = settings.SITE_URL + reverse("rights:certificate_public", args=[episode.certificate_code])
        pdf.drawImage(qr_image(url, box_size=3), right - 24 * mm, 14 * mm, 22 * mm, 22 * mm)
        pdf.setFont(font, 7)
        pdf.drawRightString(right - 26 * mm, 16 * mm, "扫码核验作品登记与存证")
    pdf.save()
    return buffer.getvalue()
