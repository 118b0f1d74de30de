"""Payload helpers: random ids, hex text, and the packed (work, episode, recipient, date) layout."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microdrama.watermark import (
    format_payload,
    new_payload_id,
    pack_fields,
    parse_payload,
    unpack_fields,
)
from microdrama.watermark.payload import EPOCH

payloads = st.integers(min_value=0, max_value=2**64 - 1)


@given(payloads)
def test_hex_text_round_trips_every_64_bit_payload(value):
    text = format_payload(value)
    assert len(text) == 16
    assert parse_payload(text) == value
    assert parse_payload(text.upper()) == value
    assert parse_payload("0x" + text) == value


@given(
    st.integers(0, 2**20 - 1),
    st.integers(0, 2**10 - 1),
    st.integers(0, 2**18 - 1),
    st.dates(min_value=EPOCH, max_value=EPOCH + dt.timedelta(days=2**16 - 1)),
)
def test_packed_fields_round_trip(work, episode, recipient, issued):
    value = pack_fields(work, episode, recipient, issued)
    assert 0 <= value < 2**64
    back = unpack_fields(value)
    assert (back.work, back.episode, back.recipient, back.issued) == (work, episode, recipient, issued)


def test_new_payload_ids_are_random_64_bit_numbers():
    ids = {new_payload_id() for _ in range(200)}
    assert len(ids) == 200
    assert all(0 < i < 2**64 - 1 for i in ids)
    assert max(ids).bit_length() > 56  # drawn from the whole range, not a small one


@pytest.mark.parametrize(
    "text",
    [
        "",
        "0123",
        "0123456789abcdeg",
        "0123456789abcdef0",
        " 0x",
        "0123456789ABCDE",
        "zzzzzzzzzzzzzzzz",
        "-123456789abcdef",
    ],
)
def test_text_that_is_not_16_hex_digits_is_refused_in_chinese(text):
    with pytest.raises(ValueError, match="十六进制"):
        parse_payload(text)


@given(st.text(max_size=20).filter(lambda s: len(s.strip().removeprefix("0x").removeprefix("0X")) != 16))
def test_any_text_of_the_wrong_length_is_refused(text):
    with pytest.raises(ValueError):
        parse_payload(text)


@pytest.mark.parametrize("value", [-1, 2**64, True, 1.5, None])
def test_non_integers_and_out_of_range_numbers_are_refused(value):
    with pytest.raises(ValueError):
        parse_payload(value)


@pytest.mark.parametrize(
    ("work", "episode", "recipient", "issued"),
    [
        (2**20, 1, 1, EPOCH),
        (1, 2**10, 1, EPOCH),
        (1, 1, 2**18, EPOCH),
        (1, 1, 1, EPOCH - dt.timedelta(days=1)),
        (-1, 1, 1, EPOCH),
    ],
)
def test_fields_out_of_their_range_are_refused(work, episode, recipient, issued):
    with pytest.raises(ValueError):
        pack_fields(work, episode, recipient, issued)
