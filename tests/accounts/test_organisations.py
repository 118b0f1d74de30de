"""Organisations: credit codes, production licences and which roles their people may hold."""

import pytest
from django.core.exceptions import ValidationError

from microdrama.accounts.models import Organisation
from microdrama.accounts.roles import OrgKind, Role


def test_bad_credit_code_is_rejected_with_a_chinese_reason(db):
    org = Organisation(name="坏代码公司", kind=OrgKind.PLATFORM, credit_code="91440300708461136U")
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert "校验位不正确" in str(exc.value.message_dict["credit_code"])


def test_production_company_needs_its_licence(db):
    org = Organisation(name="无证公司", kind=OrgKind.PRODUCTION, credit_code="91440300708461136T")
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert set(exc.value.message_dict) == {"licence_number", "licence_expiry"}


def test_platform_does_not_need_a_production_licence(db):
    org = Organisation(name="平台公司", kind=OrgKind.PLATFORM, credit_code="91440300708461136T")
    org.full_clean()


def test_roles_must_fit_the_organisation(make_user, make_org):
    platform_person = make_user(Role.PLATFORM_CONTACT)
    with pytest.raises(ValidationError):
        platform_person.set_roles([Role.REVIEWER, Role.CASE_MANAGER])
    assert platform_person.roles == {Role.PLATFORM_CONTACT}


def test_set_roles_replaces_the_previous_roles(make_user):
    person = make_user(Role.APPLICANT)
    person.set_roles([Role.CREATOR])
    person.refresh_from_db()
    assert person.roles == {Role.CREATOR}
