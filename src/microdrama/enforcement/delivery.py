"""Sending a notice: e-mail (the PDF attached) and webhook (signed JSON). One attempt per call; the
caller (services.deliver) records it and decides about retrying.

Webhook signature: header ``X-Microdrama-Signature: t=<unix time>,v1=<hex>`` where hex is
HMAC-SHA256(secret, "<t>." + body); the secret is read from the environment variable the platform
profile names, never stored. The receiver should reject timestamps older than a few minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import smtplib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from microdrama.monitoring.net import AddressPolicy, FetchError, open_stream, read_limited

from .models import Delivery, Notice, PlatformProfile


@dataclass
class Attempt:
    ok: bool
    code: int | None = None
    body: str = ""
    error: str = ""
    retry: bool = True


def sign(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def payload(notice: Notice) -> dict:
    case = notice.case
    api = settings.SITE_URL + "/api/v1/enforcement"
    return {
        "type": f"copyright.{notice.kind}",
        "notice_number": notice.number,
        "case_number": case.number,
        "infringing_url": case.url,
        "media_url": case.media_url,
        "title": case.title,
        "uploader": case.uploader,
        "work": case.work.title,
        "episode": case.episode.number if case.episode else None,
        "rights_holder": case.work.owner.name,
        "filing_number": case.work.filing_number,
        "score": round(case.score, 4),
        "detected_at": case.detected_at.isoformat(),
        "deadline": notice.deadline.isoformat() if notice.deadline else None,
        "letter_sha256": notice.sha256,
        "letter_url": f"{api}/notices/{notice.pk}/letter.pdf",
        "report_takedown_url": f"{api}/notices/{notice.pk}/takedown",
        "dispute_url": f"{api}/notices/{notice.pk}/dispute",
    }


def send_email(delivery: Delivery) -> Attempt:
    notice = delivery.notice
    case = notice.case
    subject = f"【{notice.get_kind_display()}】{notice.number} 《{case.work.title}》侵权视频下架通知"
    body = (
        f"{notice.recipient.name}：\n\n附件为{notice.get_kind_display()}（{notice.number}），涉及侵权地址：\n{case.url}\n\n"
        f"请于 {notice.deadline:%Y-%m-%d %H:%M} 前处理并反馈。附件 SHA-256：{notice.sha256}\n\n"
        "赣江新区微短剧版权服务中心（可信AI实验室）"
    )
    message = EmailMessage(
        subject,
        body,
        to=[delivery.target],
        headers={"X-Microdrama-Notice": notice.number, "X-Microdrama-Case": case.number},
        connection=get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", 20)),
    )
    with notice.pdf.open("rb") as fh:
        message.attach(f"{notice.number}.pdf", fh.read(), "application/pdf")
    try:
        sent = message.send()
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        return Attempt(False, error=f"邮件发送失败：{exc}")
    return Attempt(bool(sent), body="accepted by mail server", error="" if sent else "邮件服务器未接受")


def send_webhook(delivery: Delivery, profile: PlatformProfile) -> Attempt:
    secret = os.environ.get(profile.webhook_secret_env or "", "")
    if not secret:
        return Attempt(
            False, error=f"Webhook 签名密钥环境变量 {profile.webhook_secret_env or '（未指定）'} 未设置"
        )
    body = json.dumps(payload(delivery.notice), ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "X-Microdrama-Event": delivery.notice.kind,
        "X-Microdrama-Delivery": str(delivery.pk),
        "X-Microdrama-Signature": f"t={timestamp},v1={sign(secret, timestamp, body)}",
    }
    timeout = float(getattr(settings, "ENFORCEMENT_WEBHOOK_TIMEOUT", 10))
    try:
        with open_stream(
            delivery.target,
            AddressPolicy.for_source(profile.allow_private_network),
            method="POST",
            headers=headers,
            content=body,
            timeout=timeout,
            connect_timeout=timeout,
            raise_for_status=False,
        ) as response:
            text = read_limited(response, 64 * 1024).decode("utf-8", errors="replace")
            code = response.status_code
    except FetchError as exc:
        return Attempt(
            False, error=f"Webhook 发送失败：{exc}", retry=exc.retry or exc.code == "private_address"
        )
    if 200 <= code < 300:
        return Attempt(True, code, text[:2000])
    return Attempt(False, code, text[:2000], f"平台 Webhook 返回 HTTP {code}")
