"""The offline screenwriter: one outlined episode → its scenes, action, dialogue and voice-over,
with the first line marked as the hook and the last as the cliffhanger.

Episodes within the genre's hand-written beats use them; later episodes are assembled from the
escalation pools (pressure → taunt → answer → ally → turn → cliffhanger) in a rotating place.
"""

from __future__ import annotations

from ..models.bible import EpisodeOutline, SeriesBible
from ..models.script import EpisodeScript, Scene, ScriptLine
from ..models.vocabulary import LineKind
from . import find_genre
from .genre import Genre, SceneTemplate, parse_line
from .lines import Fill, escalation_pick, fill_from_bible, fill_text
from .planner import lead_job, series_rng


def write_episode(bible: SeriesBible, outline: EpisodeOutline) -> EpisodeScript:
    genre = find_genre(bible.genre)
    prop_rng = series_rng(bible.seed, genre.name, bible.premise, "props")
    props = {key: prop_rng.choice(options) for key, options in sorted(genre.props.items())}
    fill = fill_from_bible(bible, genre, lead_job(genre, bible.premise), props)
    templates = _scene_templates(genre, bible.seed, outline.number)
    scenes = [_scene(genre, fill, outline.number, i, t) for i, t in enumerate(templates, start=1)]
    scenes[0].lines[0].hook = True
    scenes[-1].lines[-1].cliffhanger = True
    return EpisodeScript(
        number=outline.number,
        title=outline.title,
        synopsis=outline.synopsis,
        hook=outline.hook,
        cliffhanger=outline.cliffhanger,
        is_paywall=outline.is_paywall,
        scenes=scenes,
    )


def _scene_templates(genre: Genre, seed: int, number: int) -> tuple[SceneTemplate, ...]:
    if number <= len(genre.beats):
        return genre.beats[number - 1].scenes
    pick = escalation_pick(genre, seed, number)
    esc = genre.escalation
    lines = (
        esc.pressures[pick.pressure][0],
        esc.taunts[pick.taunt],
        esc.answers[pick.answer],
        esc.allies[pick.ally],
        esc.turns[pick.turn],
        esc.cliffs[pick.cliff][0],
    )
    return (SceneTemplate(genre.places[pick.place].key, "紧张、对抗", lines),)


def _scene(genre: Genre, fill: Fill, episode: int, index: int, template: SceneTemplate) -> Scene:
    place = genre.place(template.place)
    lines = []
    for source in template.lines:
        parsed = parse_line(source)
        lines.append(
            ScriptLine(
                kind=LineKind(parsed.kind),
                text=fill_text(parsed.text, fill),
                speaker=fill.name(parsed.role) if parsed.role else None,
                emotion=parsed.emotion,
                characters=[fill.name(key) for key in parsed.on_screen],
            )
        )
    people = list(dict.fromkeys(name for line in lines for name in line.people))
    return Scene(
        number=f"{episode}-{index}",
        location=fill_text(place.name, fill),
        time=place.time,
        setting=place.setting,
        characters=people,
        synopsis="",
        mood=template.mood,
        lines=lines,
    )
