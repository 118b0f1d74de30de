"""Checking personal API tokens and the Django Ninja authentication that uses them."""

from __future__ import annotations

import hmac

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from .models import ApiToken


class TokenRejected(Exception):
    """The token was presented but cannot be used; the message says why."""


def user_for_token(raw: str):
    """The active user a token belongs to, or TokenRejected with the reason."""
    raw = (raw or "").strip()
    if not raw.startswith(ApiToken.PREFIX) or "_" not in raw[len(ApiToken.PREFIX):]:
        raise TokenRejected(_("令牌格式不正确"))
    key_id, _sep, secret = raw[len(ApiToken.PREFIX):].partition("_")
    token = ApiToken.objects.select_related("user", "user__organisation").filter(key_id=key_id).first()
    if token is None or not hmac.compare_digest(token.key_hash, ApiToken.hash_secret(secret)):
        raise TokenRejected(_("令牌无效"))
    if token.revoked_at:
        raise TokenRejected(_("令牌已被撤销"))
    if token.expires_at and token.expires_at <= timezone.now():
        raise TokenRejected(_("令牌已过期"))
    if not token.user.is_active:
        raise TokenRejected(_("账户已停用"))
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer mdt_…`; a bad token is answered 401 with the reason."""

    def authenticate(self, request, token):
        try:
            user = user_for_token(token)
        except TokenRejected as exc:
            raise HttpError(401, str(exc)) from exc
        request.user = user
        return user


class LoggedInSession(SessionAuth):
    """The browser's session (CSRF-checked by Ninja for unsafe methods)."""

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated and user.is_active else None


api_auth = [TokenAuth(), LoggedInSession()]
