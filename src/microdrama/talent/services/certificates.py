"""The completion certificate (结业证书) as a one-page landscape A4 PDF, drawn with ReportLab in the
bundled CJK font, with a QR code that opens the public verification page of its number."""

from __future__ import annotations

import io

import qrcode
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from microdrama.accounts.models import Organisation
from microdrama.accounts.roles import OrgKind
from microdrama.fonts import cjk_font_path

from ..models import Enrolment

FONT = "WQY"
RED = HexColor("#b3261e")
GOLD = HexColor("#b8893b")
INK = HexColor("#1f2329")


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(cjk_font_path()), subfontIndex=0))
    return FONT


def verify_url(number: str) -> str:
    return f"{settings.SITE_URL}{reverse('talent:verify', args=[number])}"


NO_LINE_START = set("。，、；：？！）》」』”’")


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break Chinese text into lines that fit `width`, character by character, never starting a line
    with closing punctuation (the usual Chinese line-breaking rule)."""
    lines, line = [], ""
    for ch in text:
        if pdfmetrics.stringWidth(line + ch, font, size) > width and ch not in NO_LINE_START:
            lines.append(line)
            line = ch
        else:
            line += ch
    return [*lines, line] if line else lines


def issuer_name() -> str:
    org = Organisation.objects.filter(kind=OrgKind.TALENT_CENTRE, is_active=True).order_by("pk").first()
    return org.name if org else "微短剧人才中心"


def render_certificate(enrolment: Enrolment) -> bytes:
    course = enrolment.course
    profile = enrolment.profile
    font = _font()
    buf = io.BytesIO()
    width, height = landscape(A4)
    c = canvas.Canvas(buf, pagesize=(width, height))
    c.setTitle(f"结业证书 {enrolment.certificate_number}")
    c.setAuthor(issuer_name())
    # frame
    c.setStrokeColor(GOLD)
    c.setLineWidth(3)
    c.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    c.setLineWidth(0.8)
    c.rect(16 * mm, 16 * mm, width - 32 * mm, height - 32 * mm)
    # title
    c.setFillColor(RED)
    c.setFont(font, 40)
    c.drawCentredString(width / 2, height - 52 * mm, "结 业 证 书")
    c.setFillColor(GOLD)
    c.setFont(font, 12)
    c.drawCentredString(width / 2, height - 61 * mm, "CERTIFICATE OF COMPLETION")
    # body
    c.setFillColor(INK)
    c.setFont(font, 26)
    c.drawCentredString(width / 2, height - 84 * mm, profile.name)
    sessions = list(course.sessions.order_by("starts_at"))
    period = ""
    if sessions:
        first = timezone.localtime(sessions[0].starts_at).date()
        last = timezone.localtime(sessions[-1].starts_at).date()
        period = f"于 {first.year}年{first.month}月{first.day}日" + (
            f" 至 {last.year}年{last.month}月{last.day}日 " if last != first else " "
        )
    partner = f"与{course.partner_label}联合举办的" if course.partner_label else "举办的"
    body = (
        f"{period}参加{issuer_name()}{partner}《{course.title}》培训（{course.hours} 学时），"
        f"完成全部课程，出勤合格，准予结业。特发此证。"
    )
    c.setFont(font, 15)
    y = height - 102 * mm
    for line in _wrap(body, font, 15, width - 90 * mm):
        c.drawCentredString(width / 2, y, line)
        y -= 9 * mm
    # footer: number, date, issuer, QR
    c.setFont(font, 11)
    c.setFillColor(HexColor("#4e5969"))
    c.drawString(30 * mm, 34 * mm, f"证书编号：{enrolment.certificate_number}")
    c.drawString(30 * mm, 27 * mm, f"人才编号：{profile.number}")
    on = enrolment.completed_on
    c.setFillColor(INK)
    c.setFont(font, 14)
    c.drawRightString(width - 62 * mm, 40 * mm, issuer_name())
    c.setFont(font, 12)
    c.drawRightString(width - 62 * mm, 32 * mm, f"{on.year} 年 {on.month} 月 {on.day} 日")
    # a round seal, over the issuer's name as a real one would be
    c.saveState()
    c.setStrokeAlpha(0.8)
    c.setFillAlpha(0.8)
    c.setStrokeColor(RED)
    c.setLineWidth(2)
    c.circle(width - 88 * mm, 42 * mm, 15 * mm)
    c.setFillColor(RED)
    c.setFont(font, 9)
    c.drawCentredString(width - 88 * mm, 44 * mm, "人才中心")
    c.drawCentredString(width - 88 * mm, 38 * mm, "培训专用章")
    c.restoreState()
    qr = qrcode.QRCode(border=1, box_size=4)
    qr.add_data(verify_url(enrolment.certificate_number))
    png = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(png)
    png.seek(0)
    c.drawImage(ImageReader(png), width - 50 * mm, 24 * mm, 26 * mm, 26 * mm)
    c.setFont(font, 8)
    c.setFillColor(HexColor("#86909c"))
    c.drawCentredString(width - 37 * mm, 20 * mm, "扫码核验")
    c.showPage()
    c.save()
    return buf.getvalue()
