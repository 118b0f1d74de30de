"""CSV import and export of sets, in the shape Excel opens and saves.

Import reads UTF-8 (with or without BOM) or GBK/GB18030 — what Excel writes on a Chinese Windows —
with comma, semicolon or tab separators, and headers in Chinese or English. Every row is checked
first; if any row is wrong, the result lists each row's problems and nothing is written. Otherwise
all rows are applied in one transaction (new codes create sets, known codes update them).
Export writes UTF-8 with BOM and the same Chinese headers, so an export imports back unchanged.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import Base, Facility, Set, SetKind
from .sets import set_facilities

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

# The Chinese header text is fixed whatever the UI language, so files travel between people.
HEADERS_ZH = {
    "code": "场景编号",
    "base": "基地",
    "city": "城市",
    "name": "场景名称",
    "kind": "类别",
    "set_type": "场景类型",
    "floor_area": "面积（平方米）",
    "capacity": "可容纳人数",
    "day_rate": "日租金（元）",
    "half_day_rate": "半日租金（元）",
    "facilities": "设施",
    "status": "状态",
    "contact_name": "现场联系人",
    "contact_phone": "现场电话",
    "rules": "使用须知",
    "description": "介绍",
}
# key, English aliases accepted on import, required
COLUMNS: list[tuple[str, tuple[str, ...], bool]] = [
    ("code", ("code",), True),
    ("base", ("base",), True),
    ("city", ("city",), False),
    ("name", ("name",), True),
    ("kind", ("kind",), True),
    ("set_type", ("type", "set_type"), True),
    ("floor_area", ("area", "floor_area"), True),
    ("capacity", ("capacity",), True),
    ("day_rate", ("day_rate",), True),
    ("half_day_rate", ("half_day_rate",), False),
    ("facilities", ("facilities",), False),
    ("status", ("status",), False),
    ("contact_name", ("contact_name", "contact"), False),
    ("contact_phone", ("contact_phone", "phone"), False),
    ("rules", ("rules",), False),
    ("description", ("description",), False),
]
LIST_SEPARATORS = ("、", "，", ",", ";", "；", "/", "|")


@dataclass
class RowError:
    line: int  # line number in the file as a spreadsheet shows it (header = 1)
    code: str
    messages: list[str]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    file_errors: list[str] = field(default_factory=list)
    row_errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.row_errors


def _normalise_header(text: str) -> str:
    return (text or "").strip().strip("\ufeff").replace("(", "（").replace(")", "）").replace(" ", "").lower()


def _header_map() -> dict[str, str]:
    mapping = {}
    for key, aliases, _required in COLUMNS:
        mapping[_normalise_header(HEADERS_ZH[key])] = key
        mapping[_normalise_header(HEADERS_ZH[key].split("（")[0])] = key
        for alias in aliases:
            mapping[_normalise_header(alias)] = key
    return mapping


def decode(data: bytes) -> str:
    """Text of an uploaded CSV: UTF-8 first, then GB18030 (a superset of GBK and GB2312)."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(
            _("这是 Excel 工作簿，不是 CSV。请在 Excel 中选择“另存为 → CSV（逗号分隔）”后再上传"),
            code="excel",
        )
    if b"\x00" in data[:4096]:
        raise ValidationError(
            _("文件不是文本格式的 CSV（可能是 UTF-16 或二进制文件），请另存为 UTF-8 或 GBK 编码的 CSV"),
            code="binary",
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV"), code="encoding")


def _split_list(value: str) -> list[str]:
    items = [value]
    for sep in LIST_SEPARATORS:
        items = [part for item in items for part in item.split(sep)]
    return [i.strip() for i in items if i.strip()]


def _choice(value: str, choices) -> str | None:
    """A choice code from its code, its Chinese label or its English label."""
    value = value.strip()
    for code, label in choices:
        names = {code}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                names.add(str(label).lower())
        if value.lower() in names:
            return code
    return None


def _decimal(value: str) -> Decimal:
    cleaned = (
        value.replace(",", "").replace("，", "").replace("¥", "").replace("￥", "").replace("元", "").strip()
    )
    number = Decimal(cleaned)
    if not number.is_finite():
        raise InvalidOperation
    return number


def _int(value: str) -> int:
    cleaned = value.replace(",", "").replace("㎡", "").replace("平方米", "").replace("人", "").strip()
    number = Decimal(cleaned)
    if number != number.to_integral_value():
        raise InvalidOperation
    return int(number)


def _parse_row(
    raw: dict[str, str], bases: dict[str, Base], existing: dict[str, Set], managed_base_ids: set[int]
) -> tuple[dict, list[str], list[str]]:
    """Clean one row into model fields; returns (fields, facilities, problems)."""
    problems: list[str] = []
    fields: dict = {}
    get = lambda key: (raw.get(key) or "").strip()  # noqa: E731
    for key, _aliases, required in COLUMNS:
        if required and not get(key):
            problems.append(_("“%(col)s”不能为空") % {"col": HEADERS_ZH[key]})
    code = get("code")
    if code:
        fields["code"] = code
        other = existing.get(code)
        if other is not None and other.base_id not in managed_base_ids:
            problems.append(_("场景编号 %(code)s 已属于其他基地的场景") % {"code": code})
    if get("base"):
        base = bases.get(get("base"))
        if base is None:
            problems.append(_("基地“%(name)s”不存在或不归你管理") % {"name": get("base")})
        else:
            fields["base"] = base
            if get("city") and get("city") != base.city:
                problems.append(
                    _("城市“%(city)s”与基地所在城市“%(base_city)s”不符")
                    % {"city": get("city"), "base_city": base.city}
                )
    for key in ("name", "set_type", "rules", "description", "contact_name", "contact_phone"):
        if get(key):
            fields[key] = get(key)
    if get("kind"):
        kind = _choice(get("kind"), SetKind.choices)
        if kind is None:
            problems.append(
                _("类别“%(value)s”不对，应为 %(options)s 之一")
                % {"value": get("kind"), "options": "、".join(str(label) for _c, label in SetKind.choices)}
            )
        fields["kind"] = kind
    status = get("status")
    fields["status"] = Set.Status.OPEN
    if status:
        fields["status"] = _choice(status, Set.Status.choices)
        if fields["status"] is None:
            problems.append(
                _("状态“%(value)s”不对，应为 %(options)s 之一")
                % {"value": status, "options": "、".join(str(label) for _c, label in Set.Status.choices)}
            )
    for key, parse, message in (
        ("floor_area", _int, _("“面积（平方米）”应为整数，而不是“%(value)s”")),
        ("capacity", _int, _("“可容纳人数”应为整数，而不是“%(value)s”")),
        ("day_rate", _decimal, _("“日租金（元）”应为金额，而不是“%(value)s”")),
        ("half_day_rate", _decimal, _("“半日租金（元）”应为金额，而不是“%(value)s”")),
    ):
        if get(key):
            try:
                fields[key] = parse(get(key))
            except (InvalidOperation, ValueError):
                problems.append(message % {"value": get(key)})
    fields.setdefault("half_day_rate", None)
    facilities = []
    for item in _split_list(get("facilities")):
        code_ = _choice(item, Facility.choices)
        if code_ is None:
            problems.append(
                _("未知的设施“%(value)s”；可用：%(options)s")
                % {"value": item, "options": "、".join(str(lbl) for _c, lbl in Facility.choices)}
            )
        else:
            facilities.append(code_)
    return fields, facilities, problems


def _model_problems(instance: Set) -> list[str]:
    try:
        instance.full_clean(validate_unique=False)
    except ValidationError as exc:
        labels = {f.name: str(f.verbose_name) for f in Set._meta.fields}
        return [f"{labels.get(name, name)}：{msg}" for name, msgs in exc.message_dict.items() for msg in msgs]
    return []


def import_sets(user, data: bytes) -> ImportResult:
    """Check every row, then apply all of them or none."""
    result = ImportResult()
    if not data or not data.strip(b"\xef\xbb\xbf \r\n\t,;"):
        result.file_errors.append(_("文件是空的"))
        return result
    if len(data) > MAX_BYTES:
        result.file_errors.append(_("文件超过 2 MB，请拆分后分批导入"))
        return result
    try:
        text = decode(data)
    except ValidationError as exc:
        result.file_errors += exc.messages
        return result
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        result.file_errors.append(_("文件没有表头行"))
        return result
    header_map = _header_map()
    keys = [header_map.get(_normalise_header(h)) for h in header]
    result.ignored_columns = [h for h, k in zip(header, keys, strict=True) if k is None and h.strip()]
    missing = [HEADERS_ZH[key] for key, _a, required in COLUMNS if required and key not in keys]
    if missing:
        result.file_errors.append(_("缺少必需的列：%(cols)s") % {"cols": "、".join(missing)})
        return result
    dupes = sorted({k for k in keys if k and keys.count(k) > 1})
    if dupes:
        result.file_errors.append(
            _("这些列出现了不止一次：%(cols)s") % {"cols": "、".join(HEADERS_ZH[k] for k in dupes)}
        )
        return result

    managed = {b.name: b for b in Base.objects.managed_by(user)}
    managed_ids = {b.pk for b in managed.values()}
    parsed: list[tuple[int, dict, list[str]]] = []
    seen: dict[str, int] = {}
    rows = []
    try:
        for record in reader:
            rows.append((reader.line_num, record))
            if len(rows) > MAX_ROWS:
                result.file_errors.append(_("超过 %(n)s 行，请拆分后分批导入") % {"n": MAX_ROWS})
                return result
    except csv.Error as exc:
        result.file_errors.append(
            _("第 %(line)s 行格式有误：%(error)s") % {"line": reader.line_num, "error": exc}
        )
        return result
    codes = [r[keys.index("code")].strip() for _n, r in rows if len(r) > keys.index("code")]
    existing = {s.code: s for s in Set.objects.filter(code__in=codes).prefetch_related("facility_rows")}
    for line, record in rows:
        if not any(cell.strip() for cell in record):
            continue  # Excel leaves blank lines at the end
        result.rows += 1
        if len(record) > len(header):
            extra = [c for c in record[len(header) :] if c.strip()]
            if extra:
                result.row_errors.append(
                    RowError(
                        line,
                        "",
                        [
                            _("这一行比表头多出 %(n)s 列（可能有未加引号的逗号）")
                            % {"n": len(record) - len(header)}
                        ],
                    )
                )
                continue
        raw = {k: v for k, v in zip(keys, record, strict=False) if k}
        fields, facilities, problems = _parse_row(raw, managed, existing, managed_ids)
        code = fields.get("code", "")
        if code in seen:
            problems.append(_("场景编号 %(code)s 与第 %(line)s 行重复") % {"code": code, "line": seen[code]})
        elif code:
            seen[code] = line
        if not problems:
            instance = existing.get(code) or Set()
            for name, value in fields.items():
                setattr(instance, name, value)
            problems += _model_problems(instance)
        if problems:
            result.row_errors.append(RowError(line, code, problems))
        else:
            parsed.append((line, fields, facilities))
    if result.rows == 0:
        result.file_errors.append(_("文件只有表头，没有数据行"))
    if not result.ok:
        return result
    with transaction.atomic():
        for _line, fields, facilities in parsed:
            instance = existing.get(fields["code"])
            if instance is None:
                instance = Set(**fields)
                instance.save()
                result.created += 1
            else:
                for name, value in fields.items():
                    setattr(instance, name, value)
                instance.save()
                result.updated += 1
            set_facilities(instance, facilities)
    return result


def export_sets(sets) -> bytes:
    """UTF-8 with BOM (so Excel shows the Chinese), one row per set, the import's columns."""
    with translation.override("zh-hans"):
        return _export_rows(sets)


def _export_rows(sets) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([HEADERS_ZH[key] for key, *_rest in COLUMNS])
    kinds = dict(SetKind.choices)
    statuses = dict(Set.Status.choices)
    facility_labels = dict(Facility.choices)
    for s in sets.select_related("base").prefetch_related("facility_rows"):
        writer.writerow(
            [
                s.code,
                s.base.name,
                s.base.city,
                s.name,
                str(kinds[s.kind]),
                s.set_type,
                s.floor_area,
                s.capacity,
                s.day_rate,
                "" if s.half_day_rate is None else s.half_day_rate,
                "、".join(str(facility_labels[c]) for c in s.facilities),
                str(statuses[s.status]),
                s.contact_name,
                s.contact_phone,
                s.rules,
                s.description,
            ]
        )
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")
