"""The lab's links to the other centres: "send to filing" pre-fills a drama and a draft planning
application for the company (mapped genre, episodes, minutes, leads), the filing centre's live
title rules drive the script review, and the scenes and characters go to the shooting base and
the talent centre through their service functions."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from microdrama.creation.pipeline import Stage
from microdrama.studio.engine import filing_genre, studio_backends
from microdrama.studio.services import links
from microdrama.studio.services.projects import open_project


def test_send_to_filing_prefills_a_draft_for_the_company(boarded, creator, applicant_a):
    from microdrama.filing.models import Drama
    from microdrama.hub.models import Notification

    drama, created = links.send_to_filing(creator, boarded)
    assert created
    bible = open_project(boarded).bible()
    assert drama.company == creator.organisation and drama.prefilled
    assert drama.title == bible.title and drama.genre == Drama.Genre.ROMANCE
    assert drama.episodes == 1 and drama.production_kind == Drama.Kind.AIGC
    board_minutes = Decimal(str(open_project(boarded).storyboard().episodes[0].seconds / 60)).quantize(
        Decimal("0.01")
    )
    assert drama.minutes_per_episode == board_minutes
    leads = {c.character for c in drama.creators.filter(role="lead")}
    assert leads and leads <= {c.name for c in bible.characters}
    app = drama.applications.get()
    assert app.stage == "planning" and app.state == "draft"
    assert "AI 创作实验室" in app.events.get().reason
    boarded.refresh_from_db()
    assert boarded.drama == drama
    assert Notification.objects.filter(
        user=applicant_a, url=reverse("filing:drama", args=[drama.pk])
    ).exists()
    again, created_again = links.send_to_filing(creator, boarded)
    assert again == drama and not created_again
    assert Drama.objects.filter(company=creator.organisation).count() == 1


def test_the_company_applicant_finds_the_draft_in_the_filing_centre(client, boarded, creator, applicant_a):
    client.force_login(creator)
    response = client.post(reverse("studio:send_to_filing", args=[boarded.pk]))
    assert response.status_code == 302
    boarded.refresh_from_db()
    client.force_login(applicant_a)
    page = client.get(reverse("filing:drama", args=[boarded.drama_id]))
    assert page.status_code == 200 and boarded.drama.title in page.content.decode()


def test_send_to_filing_needs_a_bible(make_project, creator):
    project = make_project()
    with pytest.raises(ValidationError, match="请先生成剧集设定"):
        links.send_to_filing(creator, project)


@pytest.mark.parametrize(
    ("genres", "code"),
    [
        (("逆袭",), "comeback"),
        (("悬疑",), "suspense"),
        (("古装",), "costume"),
        (("家庭",), "family"),
        (("刑侦",), "crime"),
        (("宫斗",), "costume"),
        (("科幻",), "scifi"),
        (("太空歌剧",), "other"),
    ],
)
def test_engine_genres_map_onto_filing_genre_codes(db, genres, code):
    assert filing_genre(*genres) == code


def test_the_review_uses_the_filing_centres_live_title_rules(boarded, creator):
    from microdrama.filing.models import TitleRule
    from microdrama.studio.engine import sync_rules

    engine = open_project(boarded)
    title = engine.bible().title
    TitleRule.objects.create(pattern=title[:2], reason="测试：片名含有被提示的词", source="备案中心")
    TitleRule.objects.create(pattern="(", is_regex=True, reason="坏规则不影响审核")  # broken: skipped
    assert sync_rules(engine)
    assert {s.stage: s.stale for s in engine.status()}[Stage.REVIEW]
    report = engine.run(Stage.REVIEW, studio_backends())
    assert any(f.rule == "title_rule" and "测试：片名含有被提示的词" in f.message for f in report.findings)
    assert not sync_rules(engine)  # unchanged rules leave the review fresh


def test_plan_shooting_hands_the_scenes_to_the_shooting_base(boarded, creator):
    from microdrama.locations.models import ShootingPlan

    with pytest.raises(ValidationError, match="请先把项目送去备案"):
        links.plan_shooting(creator, boarded, timezone.localdate() + timedelta(days=14))
    links.send_to_filing(creator, boarded)
    plan = links.plan_shooting(creator, boarded, timezone.localdate() + timedelta(days=14))
    scripts = open_project(boarded).scripts()
    assert plan.source == ShootingPlan.Source.AI_LAB and plan.drama == boarded.drama
    assert plan.scenes.count() == sum(len(e.scenes) for e in scripts.episodes)
    assert {s.set_type for s in plan.scenes.all()} == {
        sc.location for e in scripts.episodes for sc in e.scenes
    }
    assert all(s.minutes and s.minutes > 0 for s in plan.scenes.all())


def test_cast_roles_hands_the_characters_to_the_talent_centre(client, boarded, creator):
    links.send_to_filing(creator, boarded)
    client.force_login(creator)
    response = client.post(reverse("studio:cast_roles", args=[boarded.pk]))
    assert response.status_code == 302 and response.url == reverse("talent:casting", args=[boarded.drama_id])
    bible = open_project(boarded).bible()
    roles = {r.name: r for r in boarded.drama.casting_roles.all()}
    assert set(roles) == {c.name for c in bible.characters}
    lead = bible.characters[0]
    assert roles[lead.name].gender and roles[lead.name].age_min <= lead.age <= roles[lead.name].age_max
    assert (
        client.post(reverse("studio:cast_roles", args=[boarded.pk])).status_code == 302
    )  # again: updated, not doubled
    assert boarded.drama.casting_roles.count() == len(bible.characters)


def test_the_plan_shooting_button_opens_the_new_plan(client, boarded, creator):
    from microdrama.locations.models import ShootingPlan

    client.force_login(creator)
    start = (timezone.localdate() + timedelta(days=20)).isoformat()
    refused = client.post(
        reverse("studio:plan_shooting", args=[boarded.pk]), {"start_date": start}, follow=True
    )
    assert "请先把项目送去备案" in refused.content.decode()
    links.send_to_filing(creator, boarded)
    past = client.post(
        reverse("studio:plan_shooting", args=[boarded.pk]), {"start_date": "2020-01-01"}, follow=True
    )
    assert "开机日期不能早于今天" in past.content.decode() and not ShootingPlan.objects.exists()
    response = client.post(reverse("studio:plan_shooting", args=[boarded.pk]), {"start_date": start})
    plan = ShootingPlan.objects.get()
    assert response.status_code == 302 and response.url == reverse("locations:plan", args=[plan.pk])
