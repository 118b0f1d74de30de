"""Organisations, people and their API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .credit_code import CreditCodeError, validate_credit_code
from .roles import ROLES_BY_ORG_KIND, OrgKind, Role


def credit_code_validator(value: str) -> None:
    try:
        validate_credit_code(value)
    except CreditCodeError as exc:
        raise ValidationError(str(exc), code="credit_code") from exc


class Organisation(models.Model):
    Kind = OrgKind

    name = models.CharField(_("名称"), max_length=120, unique=True)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("类型"), max_length=30, choices=OrgKind.choices)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[credit_code_validator]
    )
    licence_number = models.CharField(_("广播电视节目制作经营许可证编号"), max_length=60, blank=True)
    licence_expiry = models.DateField(_("许可证有效期至"), null=True, blank=True)
    city = models.CharField(_("所在城市"), max_length=40, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.credit_code:
            self.credit_code = self.credit_code.strip().upper()
        if self.kind == OrgKind.PRODUCTION:
            errors = {}
            if not self.licence_number:
                errors["licence_number"] = _("制作机构须填写广播电视节目制作经营许可证编号")
            if not self.licence_expiry:
                errors["licence_expiry"] = _("制作机构须填写许可证有效期")
            if errors:
                raise ValidationError(errors)

    @property
    def licence_valid(self) -> bool:
        return bool(self.licence_expiry and self.licence_expiry >= timezone.localdate())


class RoleGrant(models.Model):
    """One role held by one person."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user")]
        verbose_name = _("角色")
        verbose_name_plural = _("角色")

    def __str__(self) -> str:
        return self.get_role_display()


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="members",
        verbose_name=_("所属机构"),
    )
    display_name = models.CharField(_("姓名"), max_length=60, blank=True)
    phone = models.CharField(_("手机"), max_length=30, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def roles(self) -> frozenset[str]:
        """The role codes this person holds (cached per instance; grants change rarely)."""
        cached = getattr(self, "_roles_cache", None)
        if cached is None:
            cached = frozenset(self.role_grants.values_list("role", flat=True)) if self.pk else frozenset()
            self._roles_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_platform_admin(self) -> bool:
        return self.is_superuser or Role.ADMIN in self.roles

    def set_roles(self, roles: list[str] | set[str]) -> None:
        invalid = self.invalid_roles(roles)
        if invalid:
            raise ValidationError(_("机构类型不允许这些角色：%(roles)s") % {"roles": "、".join(invalid)})
        self.role_grants.exclude(role__in=roles).delete()
        for role in roles:
            RoleGrant.objects.get_or_create(user=self, role=role)
        self._roles_cache = None

    def invalid_roles(self, roles) -> list[str]:
        if self.organisation is None:
            return [r for r in roles if r != Role.ADMIN]
        allowed = ROLES_BY_ORG_KIND.get(self.organisation.kind, set()) | {Role.ADMIN}
        return [str(Role(r).label) for r in roles if r not in allowed]


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 of the secret is stored; the secret is shown once."""

    PREFIX = "mdt_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=60)
    key_id = models.CharField(max_length=12, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.PREFIX}{self.key_id}…)"

    @staticmethod
    def hash_secret(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str, days: int | None = None) -> tuple[ApiToken, str]:
        """Create a token and return it with its one-time plain text."""
        days = settings.MICRODRAMA["api_token_days"] if days is None else days
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, key_id=key_id, key_hash=cls.hash_secret(secret),
            expires_at=timezone.now() + timedelta(days=days) if days else None,
        )
        return token, f"{cls.PREFIX}{key_id}_{secret}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())

    @property
    def state(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.expires_at and self.expires_at <= timezone.now():
            return "expired"
        return "active"
