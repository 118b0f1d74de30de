"""Scoring a profile against a role: hard rules, weights, reasons — and invariants that hold for any input."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from microdrama.talent.matching import AGE_TOLERANCE, Candidate, RoleSpec, rank, score

ROLE = RoleSpec(
    kind="actor",
    gender="female",
    age_min=20,
    age_max=28,
    dialects=("南昌话",),
    specialities=("书法", "古典舞"),
    genre="costume",
    genre_label="古装",
    window=(date(2030, 6, 1), date(2030, 6, 20)),
    filed_name="苏晚",
)
IDEAL = Candidate(
    id=1,
    name="苏晚",
    kind="actor",
    gender="female",
    age_min=20,
    age_max=30,
    dialects=("南昌话",),
    specialities=("书法", "古典舞"),
    credit_genres=("costume",),
    credits=3,
    certificates=("表演实训营",),
)


def test_an_ideal_candidate_scores_full_marks_with_every_reason():
    m = score(ROLE, IDEAL)
    assert m.score == 100 and m.concerns == []
    text = " ".join(m.reasons)
    for part in ("备案材料", "覆盖角色", "南昌话", "书法", "古装", "档期空闲", "表演实训营", "作品 3 部"):
        assert part in text


def test_kind_gender_and_a_far_playing_age_rule_a_candidate_out():
    assert score(ROLE, Candidate(id=2, name="甲", kind="director", gender="female")) is None
    assert score(ROLE, Candidate(id=3, name="乙", kind="actor", gender="male")) is None
    far = Candidate(
        id=4, name="丙", kind="actor", gender="female", age_min=28 + AGE_TOLERANCE + 1, age_max=60
    )
    assert score(ROLE, far) is None


def test_what_does_not_fit_is_said_plainly():
    busy = Candidate(
        id=5,
        name="丁",
        kind="actor",
        gender="female",
        age_min=30,
        age_max=33,
        busy=((date(2030, 6, 10), date(2030, 6, 30)),),
    )
    m = score(ROLE, busy)
    text = " ".join(m.concerns)
    assert "略有出入" in text and "不会南昌话" in text and "档期冲突：6月10日–6月30日" in text
    assert m.score < 30


def test_criteria_the_role_leaves_open_neither_help_nor_hurt():
    open_role = RoleSpec(kind="actor")
    assert score(open_role, Candidate(id=6, name="戊", kind="actor")).score == 0
    assert score(open_role, Candidate(id=7, name="己", kind="actor", dialects=("客家话",))).score == 0


def test_ranking_puts_the_best_first():
    weaker = Candidate(id=8, name="庚", kind="actor", gender="female", age_min=22, age_max=26)
    assert [m.candidate.id for m in rank(ROLE, [weaker, IDEAL])] == [1, 8]


ages = st.one_of(st.none(), st.integers(0, 90))
tags = st.lists(
    st.sampled_from(["南昌话", "客家话", "英语", "书法", "古典舞", "骑马"]), max_size=4, unique=True
)
days = st.dates(min_value=date(2030, 5, 1), max_value=date(2030, 7, 31))


@st.composite
def candidates(draw):
    lo, hi = draw(ages), draw(ages)
    start = draw(days)
    return Candidate(
        id=1,
        name=draw(st.sampled_from(["苏晚", "某人"])),
        kind="actor",
        gender=draw(st.sampled_from(["", "female"])),
        age_min=lo,
        age_max=hi,
        languages=tuple(draw(tags)),
        dialects=tuple(draw(tags)),
        specialities=tuple(draw(tags)),
        genres=tuple(draw(st.lists(st.sampled_from(["costume", "urban"]), max_size=2))),
        credit_genres=tuple(draw(st.lists(st.sampled_from(["costume", "urban"]), max_size=3))),
        credits=draw(st.integers(0, 6)),
        busy=((start, start),) if draw(st.booleans()) else (),
        certificates=("课",) if draw(st.booleans()) else (),
    )


@given(candidates())
def test_scores_stay_between_0_and_100(cand):
    m = score(ROLE, cand)
    assert m is None or 0 <= m.score <= 100


@given(candidates(), st.sampled_from(["南昌话", "书法", "古典舞"]))
def test_having_a_skill_the_role_asks_for_never_lowers_the_score(cand, skill):
    richer = Candidate(
        **{**cand.__dict__, "dialects": (*cand.dialects, skill), "specialities": (*cand.specialities, skill)}
    )
    before, after = score(ROLE, cand), score(ROLE, richer)
    if before is not None:
        assert after.score >= before.score


@given(candidates())
def test_being_free_never_scores_lower_than_being_busy(cand):
    free = Candidate(**{**cand.__dict__, "busy": ()})
    busy = Candidate(**{**cand.__dict__, "busy": ((date(2030, 6, 5), date(2030, 6, 6)),)})
    f, b = score(ROLE, free), score(ROLE, busy)
    if f is not None:
        assert f.score >= b.score
