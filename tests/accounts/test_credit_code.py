import pytest
from hypothesis import given
from hypothesis import strategies as st

from microdrama.accounts.credit_code import (
    ALPHABET,
    CreditCodeError,
    make_credit_code,
    validate_credit_code,
)

# Codes published by real companies (from their business licences).
REAL_CODES = ["91350100M000100Y43", "91440300708461136T", "911100001000079554"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_published_codes_are_accepted(code):
    assert validate_credit_code(code) == code


def test_lower_case_and_spaces_are_normalised():
    assert validate_credit_code("  91440300708461136t ") == "91440300708461136T"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("", "18 位"),
        ("9144030070846113", "18 位"),
        ("91440300708461136I", "不允许的字符"),
        ("01440300708461136T", "登记管理部门"),
        ("9144AB00708461136T", "行政区划"),
        ("91440300708461137T", "组织机构代码"),
        ("91440300708461136U", "校验位不正确"),
    ],
)
def test_invalid_codes_are_rejected_with_the_reason(code, reason):
    with pytest.raises(CreditCodeError, match=reason):
        validate_credit_code(code)


org_bodies = st.text(alphabet=ALPHABET, min_size=8, max_size=8)
divisions = st.integers(110000, 659999).map(str)


@given(org_bodies, divisions)
def test_built_codes_validate(body, division):
    assert validate_credit_code(make_credit_code("91", division, body))


@given(org_bodies, divisions, st.integers(0, 17), st.sampled_from(ALPHABET))
def test_any_single_character_change_is_caught(body, division, position, replacement):
    code = make_credit_code("91", division, body)
    if code[position] == replacement:
        return
    changed = code[:position] + replacement + code[position + 1:]
    with pytest.raises(CreditCodeError):
        validate_credit_code(changed)
