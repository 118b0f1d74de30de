"""What people do with their accounts: issue and revoke API tokens."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken


def issue_token(user, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("请为令牌填写名称"))
    if len(name) > 60:
        raise ValidationError(_("令牌名称不能超过 60 个字符"))
    if days is not None and not (1 <= days <= 3650):
        raise ValidationError(_("有效期须在 1 到 3650 天之间"))
    return ApiToken.issue(user, name, days)


def revoke_token(user, token_id: int) -> ApiToken:
    """Revoke one of `user`'s own tokens (idempotent). Other people's tokens do not exist for them."""
    token = ApiToken.objects.get(pk=token_id, user=user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
