"""Roles a person can hold, and which kinds of organisation each role belongs to."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    PRODUCTION = "production", _("制作机构")
    FILING_CENTRE = "filing_centre", _("备案服务中心")
    COPYRIGHT_CENTRE = "copyright_centre", _("版权中心")
    PLATFORM = "platform", _("平台方")
    SHOOTING_BASE = "shooting_base", _("拍摄基地")
    TALENT_CENTRE = "talent_centre", _("人才中心")


class Role(models.TextChoices):
    APPLICANT = "applicant", _("申报人")
    CASE_MANAGER = "case_manager", _("剧管家")
    CASE_LEAD = "case_lead", _("剧管家组长")
    REVIEWER = "reviewer", _("审核员")
    COPYRIGHT_OFFICER = "copyright_officer", _("版权专员")
    PLATFORM_CONTACT = "platform_contact", _("平台对接人")
    LOCATION_MANAGER = "location_manager", _("场景运营")
    TALENT_OFFICER = "talent_officer", _("人才运营")
    CREATOR = "creator", _("创作者")
    ADMIN = "admin", _("管理员")


# Which roles make sense in which kind of organisation; `admin` is allowed everywhere.
ROLES_BY_ORG_KIND: dict[str, set[str]] = {
    OrgKind.PRODUCTION: {Role.APPLICANT, Role.CREATOR, Role.COPYRIGHT_OFFICER},
    OrgKind.FILING_CENTRE: {Role.CASE_MANAGER, Role.CASE_LEAD, Role.REVIEWER},
    OrgKind.COPYRIGHT_CENTRE: {Role.COPYRIGHT_OFFICER},
    OrgKind.PLATFORM: {Role.PLATFORM_CONTACT, Role.REVIEWER},
    OrgKind.SHOOTING_BASE: {Role.LOCATION_MANAGER},
    OrgKind.TALENT_CENTRE: {Role.TALENT_OFFICER},
}
