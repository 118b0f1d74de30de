"""The 64-bit payload a distribution copy carries, and how the platform names it.

Two ways to fill the 64 bits, both supported:

* **Random id** (recommended): `new_payload_id()` draws 64 random bits; the copyright centre stores
  the id with the record of the copy (work, episode, recipient, date). Nothing about the copy can
  be read from the id without the database, and a mis-read id almost never names an issued copy.
* **Packed fields**: `pack_fields(work, episode, recipient, issued)` puts the facts into the bits
  themselves (20 + 10 + 18 + 16 bits), for use without a database; `unpack_fields` reads them back.

Payloads are shown and typed as 16 hexadecimal digits (`format_payload` / `parse_payload`).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

PAYLOAD_BITS = 64
WORK_BITS, EPISODE_BITS, RECIPIENT_BITS, DATE_BITS = 20, 10, 18, 16
EPOCH = dt.date(2024, 1, 1)
"""Day 0 of the packed issue date; 16 bits of days reach into 2203."""

_HEX = re.compile(r"^(?:0[xX])?([0-9a-fA-F]{16})$")


@dataclass(frozen=True)
class PayloadFields:
    """The facts a packed payload carries."""

    work: int
    episode: int
    recipient: int
    issued: dt.date


def new_payload_id() -> int:
    """A fresh random 64-bit payload (never 0 or all ones, which look like blank data)."""
    while True:
        value = secrets.randbits(PAYLOAD_BITS)
        if 0 < value < (1 << PAYLOAD_BITS) - 1:
            return value


def format_payload(payload: int) -> str:
    """Sixteen lowercase hexadecimal digits."""
    return f"{check_payload(payload):016x}"


def parse_payload(text: str | int) -> int:
    """Read a payload typed as 16 hex digits (an optional 0x is allowed); ints are checked as is."""
    if isinstance(text, int) and not isinstance(text, bool):
        return check_payload(text)
    if not isinstance(text, str):
        raise ValueError("水印载荷必须是 16 位十六进制数字")
    m = _HEX.match(text.strip())
    if not m:
        raise ValueError(
            f"“{text}” 不是有效的水印载荷：需要正好 16 位十六进制数字（0-9、a-f），例如 0123456789abcdef"
        )
    return int(m.group(1), 16)


def check_payload(payload: int) -> int:
    """Return the payload if it is an integer in 0 … 2⁶⁴−1, else raise ValueError (Chinese)."""
    if isinstance(payload, bool) or not isinstance(payload, int):
        raise ValueError("水印载荷必须是整数或 16 位十六进制字符串")
    if not 0 <= payload < (1 << PAYLOAD_BITS):
        raise ValueError("水印载荷超出 64 位范围")
    return payload


def _field(name: str, value: int, bits: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < (1 << bits):
        raise ValueError(f"{name}必须是 0 到 {(1 << bits) - 1} 之间的整数，收到 {value!r}")
    return value


def pack_fields(work: int, episode: int, recipient: int, issued: dt.date) -> int:
    """Pack (work id, episode number, recipient id, issue date) into 64 bits."""
    _field("作品编号", work, WORK_BITS)
    _field("集数", episode, EPISODE_BITS)
    _field("接收方编号", recipient, RECIPIENT_BITS)
    if not isinstance(issued, dt.date):
        raise ValueError("签发日期必须是日期")
    days = _field("签发日期（距 2024-01-01 的天数）", (issued - EPOCH).days, DATE_BITS)
    value = work
    value = (value << EPISODE_BITS) | episode
    value = (value << RECIPIENT_BITS) | recipient
    return (value << DATE_BITS) | days


def unpack_fields(payload: int) -> PayloadFields:
    """The fields of a payload made with `pack_fields`."""
    value = check_payload(payload)
    days = value & ((1 << DATE_BITS) - 1)
    value >>= DATE_BITS
    recipient = value & ((1 << RECIPIENT_BITS) - 1)
    value >>= RECIPIENT_BITS
    episode = value & ((1 << EPISODE_BITS) - 1)
    work = value >> EPISODE_BITS
    return PayloadFields(work, episode, recipient, EPOCH + dt.timedelta(days=days))
