"""统一社会信用代码 (unified social credit code, GB 32100-2015): validation and check digits.

18 characters: registration authority, organisation type, 6-digit administrative division, the
9-character organisation code (GB 11714, with its own check character) and a final check character
computed modulo 31 over the first 17. Letters I, O, Z, S and V are never used.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
_ORG_VALUE = {ch: i for i, ch in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
_AUTHORITIES = set("123456789ABCDEFGNY")


class CreditCodeError(ValueError):
    """The code is not a valid 统一社会信用代码; the message says why, in Chinese."""


def check_character(first17: str) -> str:
    """The 18th character for the given first 17."""
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def org_code_check(first8: str) -> str:
    """GB 11714 check character of an organisation code body (8 characters)."""
    total = sum(_ORG_VALUE[ch] * w for ch, w in zip(first8, _ORG_WEIGHTS, strict=True))
    c = 11 - total % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def validate_credit_code(code: str) -> str:
    """Return the normalised (upper-case, trimmed) code or raise CreditCodeError."""
    code = (code or "").strip().upper()
    if len(code) != 18:
        raise CreditCodeError(f"统一社会信用代码应为 18 位，当前为 {len(code)} 位")
    bad = sorted({ch for ch in code if ch not in _VALUE})
    if bad:
        raise CreditCodeError(f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}（不使用 I、O、Z、S、V）")
    if code[0] not in _AUTHORITIES:
        raise CreditCodeError(f"第 1 位登记管理部门代码“{code[0]}”无效")
    if not code[2:8].isdigit():
        raise CreditCodeError("第 3–8 位应为行政区划代码（6 位数字）")
    if org_code_check(code[8:16]) != code[16]:
        raise CreditCodeError("第 9–17 位组织机构代码校验位不正确")
    expected = check_character(code[:17])
    if code[17] != expected:
        raise CreditCodeError(f"校验位不正确：第 18 位应为“{expected}”，实际为“{code[17]}”")
    return code


def make_credit_code(authority_type: str, division: str, org_body: str) -> str:
    """Build a valid code from its parts (used for demo data and tests): e.g. ("91", "360100", "MA3Z0K1T")."""
    org = org_body + org_code_check(org_body)
    first17 = authority_type + division + org
    return first17 + check_character(first17)
