"""CSV import and export of sets: what Excel writes imports; every bad row is named and nothing is
half-imported; an export imports back unchanged."""

from decimal import Decimal

import pytest

from microdrama.accounts.roles import OrgKind, Role
from microdrama.locations.models import Base, Set
from microdrama.locations.services.csv_io import MAX_BYTES, export_sets, import_sets

HEADER = "场景编号,基地,场景名称,类别,场景类型,面积（平方米）,可容纳人数,日租金（元）,设施,状态\r\n"


def rows(*lines: str) -> str:
    return HEADER + "".join(line + "\r\n" for line in lines)


GOOD = "CSV-1,测试基地,红星筒子楼,年代,80年代筒子楼,500,60,3800,大功率电力、化妆间,可预订"


def test_a_good_file_creates_sets_with_their_facilities(manager, base):
    result = import_sets(
        manager, rows(GOOD, 'CSV-2,测试基地,急诊室,现代,医院,260,50,"5,800",,维护中').encode()
    )
    assert result.ok, (result.file_errors, result.row_errors)
    assert (result.created, result.updated) == (2, 0)
    s = Set.objects.get(code="CSV-1")
    assert (s.kind, s.set_type, s.day_rate, s.facilities) == (
        "period",
        "80年代筒子楼",
        Decimal("3800"),
        ["power", "dressing_room"],
    )
    assert Set.objects.get(code="CSV-2").day_rate == Decimal("5800")
    assert Set.objects.get(code="CSV-2").status == Set.Status.MAINTENANCE


def test_gbk_from_excel_on_chinese_windows_imports(manager, base):
    result = import_sets(manager, rows(GOOD).encode("gbk"))
    assert result.ok and result.created == 1
    assert Set.objects.get(code="CSV-1").name == "红星筒子楼"


def test_utf8_with_bom_semicolons_and_english_headers_import(manager, base):
    text = "\ufeffcode;base;name;kind;type;area;capacity;day_rate;facilities\r\nE-1;测试基地;Loft;modern;办公室;90;12;1200;wifi\r\n"
    result = import_sets(manager, text.encode("utf-8"))
    assert result.ok, result.row_errors
    assert Set.objects.get(code="E-1").facilities == ["wifi"]


def test_bad_rows_are_each_named_and_nothing_is_imported(manager, base):
    data = rows(
        GOOD,
        "CSV-3,测试基地,宫殿,皇宫,宫殿,abc,60,1000,,",
        "CSV-4,不存在的基地,客栈,古装,客栈,100,10,-5,飞行器,",
        "CSV-1,测试基地,重复的编号,年代,筒子楼,100,10,100,,",
        ",测试基地,,现代,办公室,100,10,100,,",
    ).encode()
    result = import_sets(manager, data)
    assert not result.ok
    assert Set.objects.count() == 0
    errors = {e.line: " ".join(e.messages) for e in result.row_errors}
    assert set(errors) == {3, 4, 5, 6}
    assert "类别“皇宫”不对" in errors[3] and "面积" in errors[3]
    assert "基地“不存在的基地”不存在" in errors[4] and "未知的设施“飞行器”" in errors[4]
    assert "与第 2 行重复" in errors[5]
    assert "“场景编号”不能为空" in errors[6] and "“场景名称”不能为空" in errors[6]


def test_a_negative_rate_is_refused_by_the_model_rules(manager, base):
    result = import_sets(manager, rows("N-1,测试基地,客栈,古装,客栈,100,10,-5,,").encode())
    assert not result.ok and "日租金" in " ".join(result.row_errors[0].messages)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件是空的"),
        (b"\xef\xbb\xbf\r\n\r\n", "文件是空的"),
        (HEADER.encode(), "没有数据行"),
        ("场景编号,基地,场景名称\r\nA,B,C\r\n".encode(), "缺少必需的列"),
        (b"PK\x03\x04" + b"\x00" * 100, "Excel 工作簿"),
        (rows(GOOD).encode("utf-16"), "不是文本格式"),
        (b"\xff\xfe\xfd\x81\x30\xff" * 10 + b"\r\n", "编码"),
    ],
)
def test_unusable_files_are_refused_with_the_reason(manager, base, data, message):
    result = import_sets(manager, data)
    assert not result.ok
    assert message in " ".join(result.file_errors)
    assert Set.objects.count() == 0


def test_a_huge_file_is_refused_before_parsing(manager, base):
    big = rows(*[f"H-{n},测试基地,场景{n},现代,办公室,100,10,1000,," for n in range(40000)]).encode()
    assert len(big) > MAX_BYTES
    result = import_sets(manager, big)
    assert "2 MB" in result.file_errors[0]
    assert Set.objects.count() == 0


def test_too_many_rows_are_refused(manager, base):
    data = rows(*[f"R{n},测试基地,场{n},现代,房,1,1,1,," for n in range(5001)]).encode()
    assert len(data) < MAX_BYTES
    result = import_sets(manager, data)
    assert "超过 5000 行" in result.file_errors[0]
    assert Set.objects.count() == 0


def test_a_set_code_of_another_base_cannot_be_taken_over(manager, base, make_org):
    other_base = Base.objects.create(operator=make_org(OrgKind.SHOOTING_BASE), name="别人的基地", city="九江")
    Set.objects.create(
        base=other_base,
        code="CSV-1",
        name="别人的场景",
        kind="modern",
        set_type="办公室",
        floor_area=10,
        capacity=1,
        day_rate=1,
    )
    result = import_sets(manager, rows(GOOD).encode())
    assert "已属于其他基地" in " ".join(result.row_errors[0].messages)
    assert Set.objects.get(code="CSV-1").name == "别人的场景"


def test_someone_without_a_base_imports_nothing(make_user, base):
    result = import_sets(make_user(Role.APPLICANT), rows(GOOD).encode())
    assert not result.ok and Set.objects.count() == 0


def test_an_export_imports_back_unchanged(manager, base, make_set):
    make_set(
        kind="costume",
        set_type="宫殿",
        day_rate="18000.50",
        facilities=["power", "led_volume"],
        rules="禁止明火，请勿吸烟",
        description="正殿，带广场",
    )
    make_set(
        kind="period", set_type="80年代筒子楼", half_day_rate=Decimal("999"), status=Set.Status.MAINTENANCE
    )
    before = list(Set.objects.order_by("code").values())
    data = export_sets(Set.objects.order_by("code"))
    assert data.startswith("\ufeff".encode())
    result = import_sets(manager, data)
    assert result.ok and result.updated == 2 and result.created == 0
    after = list(Set.objects.order_by("code").values())
    strip = lambda rows: [{k: v for k, v in r.items() if k != "updated_at"} for r in rows]  # noqa: E731
    assert strip(after) == strip(before)


def test_importing_updates_known_codes_in_place(manager, base, make_set):
    s = make_set(set_type="医院", day_rate="100")
    line = f"{s.code},测试基地,新名字,现代,医院,100,20,250,绿幕,"
    result = import_sets(manager, rows(line).encode())
    s.refresh_from_db()
    assert result.updated == 1 and s.name == "新名字" and s.day_rate == Decimal("250")
    assert s.facilities == ["green_screen"]
