"""Scoring a talent profile against a role: plain data in, a score out of 100 with the reasons.

No database here: `services.casting` turns roles and profiles into `RoleSpec` and `Candidate` and
calls `rank`. Each criterion the role actually specifies carries a weight; the score is the share of
those weights a candidate earns, so a role that says nothing about dialects neither helps nor hurts
anyone on dialects. Kind and gender are hard requirements; everything else ranks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

WEIGHTS = {
    "filed": 20,  # the filing materials already name this person for the role
    "age": 25,
    "speech": 25,  # languages and dialects
    "speciality": 15,
    "genre": 10,
    "availability": 15,
    "training": 5,
    "portfolio": 5,
}
PORTFOLIO_FULL = 3  # credits for the full portfolio points
AGE_TOLERANCE = 5  # years outside the role's range a candidate may still be considered (make-up, styling)


@dataclass(frozen=True)
class RoleSpec:
    kind: str
    gender: str = ""
    age_min: int | None = None
    age_max: int | None = None
    languages: tuple[str, ...] = ()
    dialects: tuple[str, ...] = ()
    specialities: tuple[str, ...] = ()
    genre: str = ""
    genre_label: str = ""
    window: tuple[date, date] | None = None
    filed_name: str = ""


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    kind: str
    gender: str = ""
    age_min: int | None = None
    age_max: int | None = None
    languages: tuple[str, ...] = ()
    dialects: tuple[str, ...] = ()
    specialities: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    credit_genres: tuple[str, ...] = ()  # one entry per credit in a filed drama, its genre
    credits: int = 0
    busy: tuple[tuple[date, date], ...] = ()
    certificates: tuple[str, ...] = ()


@dataclass
class Match:
    candidate: Candidate
    score: int
    reasons: list[str] = field(default_factory=list)  # what fits
    concerns: list[str] = field(default_factory=list)  # what does not

    @property
    def lines(self) -> list[str]:
        return [f"✓ {r}" for r in self.reasons] + [f"✗ {c}" for c in self.concerns]


def _range(a: int | None, b: int | None) -> tuple[int, int] | None:
    if a is None and b is None:
        return None
    lo = a if a is not None else b
    hi = b if b is not None else a
    return (min(lo, hi), max(lo, hi))


def _md(d: date) -> str:
    return _("%(m)s月%(d)s日") % {"m": d.month, "d": d.day}


def score(role: RoleSpec, cand: Candidate) -> Match | None:
    """The candidate's match for the role, or None when kind, gender or a playing age far from the
    role's rule them out."""
    if cand.kind != role.kind:
        return None
    if role.gender and cand.gender and cand.gender != role.gender:
        return None
    m = Match(cand, 0)
    possible = 0.0
    earned = 0.0

    if role.filed_name:
        possible += WEIGHTS["filed"]
        if cand.name == role.filed_name:
            earned += WEIGHTS["filed"]
            m.reasons.append(_("备案材料中已填报为该角色人选"))

    wanted = _range(role.age_min, role.age_max)
    if wanted:
        possible += WEIGHTS["age"]
        plays = _range(cand.age_min, cand.age_max)
        if plays is None:
            earned += WEIGHTS["age"] * 0.3
            m.concerns.append(_("未填写可饰年龄"))
        else:
            overlap = min(wanted[1], plays[1]) - max(wanted[0], plays[0])
            span = max(1, wanted[1] - wanted[0])
            text = {"c0": plays[0], "c1": plays[1], "r0": wanted[0], "r1": wanted[1]}
            if plays[0] <= wanted[0] and plays[1] >= wanted[1]:
                earned += WEIGHTS["age"]
                m.reasons.append(_("可饰 %(c0)s–%(c1)s 岁，覆盖角色的 %(r0)s–%(r1)s 岁") % text)
            elif overlap >= 0:
                earned += WEIGHTS["age"] * max(0.4, min(1.0, (overlap + 1) / (span + 1)))
                m.reasons.append(_("可饰 %(c0)s–%(c1)s 岁，与角色的 %(r0)s–%(r1)s 岁部分重合") % text)
            elif -overlap <= AGE_TOLERANCE:
                earned += WEIGHTS["age"] * 0.2
                m.concerns.append(_("可饰 %(c0)s–%(c1)s 岁，比角色的 %(r0)s–%(r1)s 岁略有出入") % text)
            else:
                return None

    needed = list(dict.fromkeys([*role.languages, *role.dialects]))
    if needed:
        possible += WEIGHTS["speech"]
        speaks = set(cand.languages) | set(cand.dialects)
        have = [x for x in needed if x in speaks]
        missing = [x for x in needed if x not in speaks]
        earned += WEIGHTS["speech"] * len(have) / len(needed)
        if have:
            m.reasons.append(_("会说%(what)s") % {"what": "、".join(have)})
        if missing:
            m.concerns.append(_("不会%(what)s") % {"what": "、".join(missing)})

    if role.specialities:
        possible += WEIGHTS["speciality"]
        have = [x for x in role.specialities if x in cand.specialities]
        earned += WEIGHTS["speciality"] * len(have) / len(role.specialities)
        if have:
            m.reasons.append(_("特长：%(what)s") % {"what": "、".join(have)})
        missing = [x for x in role.specialities if x not in cand.specialities]
        if missing:
            m.concerns.append(_("未登记特长：%(what)s") % {"what": "、".join(missing)})

    if role.genre:
        possible += WEIGHTS["genre"]
        works = cand.credit_genres.count(role.genre)
        if works:
            earned += WEIGHTS["genre"]
            m.reasons.append(
                _("演过/做过 %(n)s 部%(genre)s题材备案剧目") % {"n": works, "genre": role.genre_label}
            )
        elif role.genre in cand.genres:
            earned += WEIGHTS["genre"] * 0.7
            m.reasons.append(_("擅长%(genre)s题材") % {"genre": role.genre_label})

    if role.window:
        possible += WEIGHTS["availability"]
        first, last = role.window
        clashes = [(s, e) for s, e in cand.busy if s <= last and e >= first]
        if clashes:
            s, e = clashes[0]
            m.concerns.append(_("档期冲突：%(s)s–%(e)s 已有安排") % {"s": _md(s), "e": _md(e)})
        else:
            earned += WEIGHTS["availability"]
            m.reasons.append(_("%(s)s–%(e)s 档期空闲") % {"s": _md(first), "e": _md(last)})

    possible += WEIGHTS["training"] + WEIGHTS["portfolio"]
    if cand.certificates:
        earned += WEIGHTS["training"]
        m.reasons.append(_("已结业：%(what)s") % {"what": "、".join(cand.certificates[:2])})
    if cand.credits:
        earned += WEIGHTS["portfolio"] * min(1.0, cand.credits / PORTFOLIO_FULL)
        m.reasons.append(_("作品 %(n)s 部") % {"n": cand.credits})

    m.score = round(100 * earned / possible) if possible else 0
    return m


def rank(role: RoleSpec, candidates: list[Candidate], limit: int | None = None) -> list[Match]:
    """Best first; ties go to fewer concerns, then the profile number order given."""
    matches = [m for c in candidates if (m := score(role, c)) is not None]
    matches.sort(key=lambda m: (-m.score, len(m.concerns)))
    return matches[:limit] if limit else matches
