"""The offline showrunner: premise → series bible, from a genre's cast, places and beats.

Everything random is drawn from one `random.Random` seeded by the premise's seed, genre and text,
so the same premise always gives the same bible.
"""

from __future__ import annotations

import random

from ..models.bible import Character, EpisodeOutline, Hook, Location, Premise, SeriesBible, Voice
from ..models.vocabulary import Gender
from ..pacing import default_paywall_episodes
from . import find_genre
from .genre import ROLE_KEYS, Genre, RoleTemplate
from .lines import Fill, escalation_pick, fill_text

# Figure colours in storyboard frames, one per role, far apart on the colour wheel.
ROLE_COLORS = {"A": "#e4572e", "B": "#2e86ab", "C": "#8e44ad", "D": "#d4a017"}
# espeak-ng Mandarin voice variants: a different timbre for each role.
ROLE_VOICES = {
    ("A", Gender.FEMALE): ("cmn+f3", 175, 58),
    ("A", Gender.MALE): ("cmn+m3", 170, 45),
    ("B", Gender.FEMALE): ("cmn+f4", 170, 52),
    ("B", Gender.MALE): ("cmn+m1", 160, 38),
    ("C", Gender.FEMALE): ("cmn+f2", 180, 66),
    ("C", Gender.MALE): ("cmn+m6", 165, 42),
    ("D", Gender.FEMALE): ("cmn+f1", 170, 48),
    ("D", Gender.MALE): ("cmn+m4", 170, 50),
}


def series_rng(seed: int, genre: str, premise: str, salt: str = "") -> random.Random:
    return random.Random(f"{seed}|{genre}|{premise}|{salt}")


def lead_job(genre: Genre, premise: str) -> str:
    """The lead's occupation: the first of the genre's jobs the premise names, else the genre's default."""
    return next((job for job in sorted(genre.jobs, key=len, reverse=True) if job in premise), genre.jobs[0])


def choose_names(genre: Genre, rng: random.Random) -> dict[str, tuple[str, str]]:
    """(surname, given name) per role; "-" as a surname means the lead's family name (siblings)."""
    names: dict[str, tuple[str, str]] = {}
    used_surnames: set[str] = set()
    for role in genre.roles:
        if role.surnames == ("-",):
            surname = names["A"][0]
        else:
            options = [s for s in role.surnames if s not in used_surnames] or list(role.surnames)
            surname = rng.choice(options)
        used_surnames.add(surname)
        given = rng.choice(role.given)
        names[role.key] = (surname, given)
    return names


def _character(
    index: int, role: RoleTemplate, name: tuple[str, str], rng: random.Random, fill: Fill
) -> Character:
    voice_id, rate, pitch = ROLE_VOICES[(role.key, role.gender)]
    return Character(
        id=f"c{index}",
        name="".join(name),
        role=role.role,
        gender=role.gender,
        age=rng.randint(*role.age),
        appearance=fill_text(rng.choice(role.appearance), fill),
        wardrobe=rng.choice(role.wardrobe),
        personality=role.personality,
        speaking_style=role.speaking_style,
        voice=Voice(voice_id=voice_id, rate=rate, pitch=pitch),
        color=ROLE_COLORS[role.key],
        seed=rng.randrange(2**31),
    )


def plan_series(premise: Premise) -> SeriesBible:
    genre = find_genre(premise.genre)
    rng = series_rng(premise.seed, genre.name, premise.premise)
    names = choose_names(genre, rng)
    prop_rng = series_rng(premise.seed, genre.name, premise.premise, "props")
    fill = Fill.build(
        names={k: names[k] for k in ROLE_KEYS},
        props={key: prop_rng.choice(options) for key, options in sorted(genre.props.items())},
        job=lead_job(genre, premise.premise),
        premise=premise.premise.rstrip("。.!！ "),
    )
    characters = [
        _character(i, role, names[role.key], rng, fill) for i, role in enumerate(genre.roles, start=1)
    ]
    paywalls = (
        premise.paywall_episodes
        if premise.paywall_episodes is not None
        else default_paywall_episodes(premise.episodes)
    )
    outlines = [
        _outline(genre, fill, number, premise, number in paywalls)
        for number in range(1, premise.episodes + 1)
    ]
    return SeriesBible(
        title=rng.choice(genre.titles),
        genre=genre.name,
        premise=premise.premise,
        logline=fill_text(genre.logline, fill),
        synopsis=fill_text(genre.synopsis, fill),
        style=genre.style,
        target_episodes=premise.episodes,
        paywall_episodes=sorted(p for p in paywalls if 1 <= p <= premise.episodes),
        characters=characters,
        locations=[
            Location(name=fill_text(p.name, fill), time=p.time, setting=p.setting, description=p.description)
            for p in genre.places
        ],
        episodes=outlines,
        seed=premise.seed,
    )


def _outline(genre: Genre, fill: Fill, number: int, premise: Premise, paywall: bool) -> EpisodeOutline:
    if number <= len(genre.beats):
        beat = genre.beats[number - 1]
        title_rng = series_rng(premise.seed, genre.name, premise.premise, f"title{number}")
        title, synopsis = title_rng.choice(beat.titles), beat.synopsis
        hook, cliffhanger = beat.hook, beat.cliffhanger
    else:
        pick = escalation_pick(genre, premise.seed, number)
        esc = genre.escalation
        title = esc.titles[pick.title] + (f"（{pick.round + 1}）" if pick.round else "")
        hook = "开场三秒：" + esc.pressures[pick.pressure][1]
        cliffhanger = esc.cliffs[pick.cliff][1]
        synopsis = f"{esc.pressures[pick.pressure][1]}，{{A}}正面迎击；结尾，{cliffhanger}。"
    return EpisodeOutline(
        number=number,
        title=fill_text(title, fill),
        synopsis=fill_text(synopsis, fill),
        hook=Hook(seconds=premise.hook_seconds, description=fill_text(hook, fill)),
        cliffhanger=fill_text(cliffhanger, fill),
        is_paywall=paywall,
        target_seconds=premise.episode_seconds,
    )
