"""Warning letters: a Chinese PDF with the evidence summary and the legal basis, sent by e-mail (PDF
attached) and by HMAC-signed webhook; every attempt is recorded; a webhook that answers 500 or
times out is retried with doubling back-off, and only after the last try given up — with the
officers told and the case's timeline saying so."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from pypdf import PdfReader

from microdrama.enforcement import delivery, services
from microdrama.enforcement.models import Case, Delivery, Notice
from microdrama.hub.models import Notification
from microdrama.hub.timetravel import as_of

pytestmark = pytest.mark.django_db


def webhook(case) -> Delivery:
    return Delivery.objects.get(notice__case=case, channel=Delivery.Channel.WEBHOOK)


def test_the_letter_is_a_chinese_pdf_with_the_evidence_and_the_legal_basis(open_case, profile):
    case = open_case(score=0.97)
    notice = case.notices.get(kind=Notice.Kind.NOTICE)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(notice.pdf.read())).pages).replace("\n", "")
    for words in (
        "预 警 函",
        notice.number,
        "星河短剧科技有限公司",
        case.url,
        case.candidate.sha256,
        "《赣水长流》",
        "《中华人民共和国著作权法》",
        "《信息网络传播权保护条例》第十四条",
        "第十五条",
        "南昌映画文化传媒有限公司",
        "rights@yinghua.example.cn",
        "00:01–00:11",
    ):
        assert words in text, words


def test_the_webhook_is_signed_with_the_secret_named_by_the_profile(
    open_case, profile, fake_platform, webhook_secret
):
    case = open_case(score=0.97)
    call = fake_platform.webhook_calls[-1]  # the test platform accepts it only after checking the HMAC
    assert call["payload"]["notice_number"] == case.notices.get().number
    assert call["payload"]["infringing_url"] == case.url and call["payload"]["deadline"]
    t, v1 = (part.split("=", 1)[1] for part in call["headers"]["X-Microdrama-Signature"].split(","))
    assert v1 == delivery.sign(webhook_secret, int(t), call["raw"])
    assert webhook(case).status == Delivery.Status.DELIVERED and webhook(case).response_code == 200


def test_the_signature_is_hmac_sha256_over_time_and_body():
    import hashlib
    import hmac

    assert (
        delivery.sign("secret", 1700000000, b'{"a":1}')
        == hmac.new(b"secret", b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
    )


def test_a_webhook_answering_500_is_retried_with_back_off_until_it_works(open_case, profile, fake_platform):
    fake_platform.webhook_mode = "error"
    case = open_case(score=0.97)
    hook = webhook(case)
    assert hook.status == Delivery.Status.RETRYING and hook.response_code == 500 and "HTTP 500" in hook.error
    assert case.state == Case.State.NOTICE_SENT  # the e-mail got through: the clock is served
    first_wait = hook.next_attempt_at - hook.last_attempt_at
    with as_of(hook.next_attempt_at - timedelta(seconds=5)):
        assert services.sweep()["retried"] == 0  # not before its time
    with as_of(hook.next_attempt_at + timedelta(seconds=1)):
        services.sweep()
    hook.refresh_from_db()
    assert hook.attempts == 2 and (hook.next_attempt_at - hook.last_attempt_at) == 2 * first_wait
    fake_platform.webhook_mode = "ok"
    with as_of(hook.next_attempt_at + timedelta(seconds=1)):
        services.sweep()
    hook.refresh_from_db()
    assert hook.status == Delivery.Status.DELIVERED and hook.attempts == 3 and hook.response_code == 200
    assert [line["ok"] for line in hook.log] == [False, False, True]


def test_a_webhook_that_times_out_is_recorded_as_a_timeout(open_case, profile, fake_platform, settings):
    settings.ENFORCEMENT_WEBHOOK_TIMEOUT = 0.5
    fake_platform.webhook_mode = "timeout"
    hook = webhook(open_case(score=0.97))
    assert hook.status == Delivery.Status.RETRYING and "超时" in hook.error


def test_when_every_channel_fails_to_the_end_the_officers_are_told(
    open_case, profile, fake_platform, officer, settings
):
    settings.EMAIL_BACKEND = "tests.enforcement.failing_mail.Backend"
    fake_platform.webhook_mode = "error"
    case = open_case(score=0.97)
    for _ in range(services.MAX_DELIVERY_ATTEMPTS):
        pending = Delivery.objects.filter(notice__case=case, status=Delivery.Status.RETRYING).order_by(
            "next_attempt_at"
        )
        if not pending:
            break
        with as_of(pending.last().next_attempt_at + timedelta(seconds=1)):
            services.sweep()
    statuses = set(Delivery.objects.filter(notice__case=case).values_list("status", "attempts"))
    assert statuses == {(Delivery.Status.FAILED, services.MAX_DELIVERY_ATTEMPTS)}
    case.refresh_from_db()
    assert case.state == Case.State.CONFIRMED and case.events.filter(action="delivery_failed").count() == 2
    assert Notification.objects.filter(user=officer, key__startswith="delivery-failed:").count() == 2


def test_a_missing_webhook_secret_is_a_clear_error(open_case, profile, monkeypatch):
    monkeypatch.delenv("XINGHE_WEBHOOK_SECRET")
    hook = webhook(open_case(score=0.97))
    assert hook.status == Delivery.Status.RETRYING and "XINGHE_WEBHOOK_SECRET 未设置" in hook.error


def test_the_e_mail_carries_the_letter(open_case, profile):
    case = open_case(score=0.97)
    message = mail.outbox[-1]
    notice = case.notices.get()
    assert notice.number in message.subject and case.url in message.body
    assert message.attachments[0][2] == "application/pdf" and message.attachments[0][1].startswith(b"%PDF")


def test_a_platform_without_channels_is_flagged_not_silently_skipped(open_case, platform_org, officer):
    from microdrama.enforcement.models import PlatformProfile

    PlatformProfile.objects.create(organisation=platform_org, api_enabled=True)
    case = open_case(score=0.97)
    assert case.state == Case.State.CONFIRMED and case.events.filter(action="no_channel").exists()
    assert Notification.objects.filter(user=officer, key__startswith="case-no-channel:").exists()
