"""The one-to-one conversation per drama between the company and its 剧管家, with read receipts."""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from microdrama.accounts.models import User
from microdrama.accounts.roles import OrgKind, Role
from microdrama.hub.notifications import notify

from .models import Drama, Message, MessageRead

MAX_ATTACHMENT = 20 * 1024 * 1024


def _participant(drama: Drama, user) -> bool:
    if user.is_platform_admin or user.organisation_id == drama.company_id:
        return True
    return bool(user.organisation and user.organisation.kind == OrgKind.FILING_CENTRE)


def post(drama: Drama, user, text: str, attachment=None) -> Message:
    if not _participant(drama, user):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("消息不能为空"))
    if attachment is not None:
        if attachment.size == 0:
            raise ValidationError(_("附件是空文件"))
        if attachment.size > MAX_ATTACHMENT:
            raise ValidationError(_("附件不能超过 20 MB"))
    with transaction.atomic():
        msg = Message.objects.create(drama=drama, author=user, text=text,
                                     attachment=attachment or "", attachment_name=(attachment.name if attachment else "")[:200])
        MessageRead.objects.create(message=msg, user=user)
    from_company = user.organisation_id == drama.company_id
    if from_company:
        recipients = [drama.case_manager] if drama.case_manager else []
    else:
        recipients = list(User.objects.filter(organisation=drama.company, role_grants__role=Role.APPLICANT))
    digest = hashlib.sha1(text.encode()).hexdigest()[:8]
    notify(recipients, f"filing:drama:{drama.pk}:msg:{msg.pk}:{digest}",
           _("%(drama)s 有新消息") % {"drama": drama}, text[:500], f"/filing/dramas/{drama.pk}/#conversation")
    return msg


def thread_for(drama: Drama, user) -> list[dict]:
    """The messages, oldest first, each with who has read it; marks them read for `user`."""
    msgs = list(drama.messages.select_related("author", "author__organisation").prefetch_related("reads__user"))
    unread = [m for m in msgs if not any(r.user_id == user.pk for r in m.reads.all())]
    if unread and _participant(drama, user):
        MessageRead.objects.bulk_create([MessageRead(message=m, user=user) for m in unread], ignore_conflicts=True)
    thread = []
    for m in msgs:
        readers = [r for r in m.reads.all() if r.user_id != m.author_id]
        thread.append({
            "message": m, "mine": m.author_id == user.pk,
            "from_company": m.author.organisation_id == drama.company_id,
            "read_by": [r.user for r in readers], "read_at": max((r.read_at for r in readers), default=None),
        })
    return thread
