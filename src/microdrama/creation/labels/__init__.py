"""AIGC labelling (《人工智能生成合成内容标识办法》, GB 45438-2025): the visible label's text, the
implicit metadata label, the C2PA manifest, the watermark hook, and the checker."""

from .checker import LabelCheck, LabelFinding, check_labels
from .implicit import LabelPolicy, implicit_label, read_implicit_label, write_implicit_label
from .provenance import SigningCredentials, self_signed_credentials
from .watermark import WatermarkHook, WatermarkReader, payload_for

__all__ = [
    "LabelCheck",
    "LabelFinding",
    "LabelPolicy",
    "SigningCredentials",
    "WatermarkHook",
    "WatermarkReader",
    "check_labels",
    "implicit_label",
    "payload_for",
    "read_implicit_label",
    "self_signed_credentials",
    "write_implicit_label",
]
