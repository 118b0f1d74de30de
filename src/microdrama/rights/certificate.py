"""The registration certificate (作品登记证书): a one-page Chinese PDF carrying the evidence-log
entry, its inclusion proof and signed tree head, and a QR code to the public verification page."""

from __future__ import annotations

import io

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from microdrama.hub.pdf import qr_image, register_font, wrap

from . import evidence
from .models import RegisteredEpisode


def verification_url(episode: RegisteredEpisode) -> str:
    return settings.SITE_URL + reverse("rights:certificate_public", args=[episode.certificate_code])


def render(episode: RegisteredEpisode) -> bytes:
    font = register_font()
    entry = episode.evidence
    proof = evidence.prove(entry)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"作品登记证书 {episode.work.title} 第{episode.number}集")
    width, height = A4
    pdf.setStrokeColor(colors.HexColor("#c8372d"))
    pdf.setLineWidth(2)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setFillColor(colors.HexColor("#c8372d"))
    pdf.setFont(font, 24)
    pdf.drawCentredString(width / 2, height - 35 * mm, "微短剧作品登记证书")
    pdf.setFont(font, 10)
    pdf.setFillColor(colors.HexColor("#4e5969"))
    pdf.drawCentredString(width / 2, height - 43 * mm, "赣江新区微短剧版权服务中心 · 可信存证")
    pdf.setFillColor(colors.black)
    rows = [
        ("证书编号", str(episode.certificate_code)),
        ("权利人", f"{episode.work.owner.name}（统一社会信用代码 {episode.work.owner.credit_code}）"),
        ("作品名称", f"《{episode.work.title}》 第 {episode.number} 集"),
        ("备案号", episode.work.filing_number or "—"),
        ("时长", f"{(episode.duration or 0):.1f} 秒"),
        ("文件 SHA-256", episode.sha256),
        ("内容指纹摘要", episode.fp_digest),
        ("登记时间", timezone.localtime(episode.registered_at).strftime("%Y-%m-%d %H:%M:%S")),
        ("存证日志序号", f"#{entry.index}（叶子哈希 {entry.leaf_hash}）"),
        ("签名树头", f"规模 {proof.tree_size}，根哈希 {proof.root_hash}"),
        ("树头时间", proof.head_timestamp),
    ]
    y = height - 60 * mm
    label_x, value_x, value_w = 22 * mm, 55 * mm, width - 55 * mm - 22 * mm
    for label, value in rows:
        pdf.setFont(font, 10)
        pdf.setFillColor(colors.HexColor("#86909c"))
        pdf.drawString(label_x, y, label)
        pdf.setFillColor(colors.black)
        for line in wrap(value, font, 10, value_w):
            pdf.drawString(value_x, y, line)
            y -= 5.2 * mm
        y -= 1.5 * mm
    y -= 2 * mm
    pdf.setFont(font, 9)
    pdf.setFillColor(colors.HexColor("#4e5969"))
    pdf.drawString(label_x, y, "包含证明（RFC 6962 审计路径，自叶子向根）：")
    y -= 5 * mm
    pdf.setFont(font, 7)
    for n, node in enumerate(proof.path):
        pdf.drawString(label_x + 4 * mm, y, f"{n + 1:2d}. {node}")
        y -= 3.8 * mm
    y -= 2 * mm
    pdf.setFont(font, 7)
    for line in wrap("树头签名（Ed25519）：" + proof.head_signature, font, 7, width - 44 * mm):
        pdf.drawString(label_x, y, line)
        y -= 3.6 * mm
    for line in wrap(f"存证数据：{entry.data}", font, 7, width - 44 * mm - 40 * mm)[:12]:
        pdf.drawString(label_x, y, line)
        y -= 3.6 * mm
    url = verification_url(episode)
    pdf.drawImage(qr_image(url), width - 60 * mm, 20 * mm, 38 * mm, 38 * mm)
    pdf.setFont(font, 8)
    pdf.drawString(22 * mm, 30 * mm, "扫码或访问以下地址核验本证书：")
    pdf.drawString(22 * mm, 25 * mm, url)
    pdf.drawString(22 * mm, 20 * mm, f"日志公钥 {evidence.public_key_b64()}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
