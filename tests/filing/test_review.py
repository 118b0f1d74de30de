"""Review records: timecoded opinions saved once, edits that never overwrite someone else's, and
"watched in full" that means watched."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from microdrama.filing import review, services
from microdrama.filing.models import Application, Episode, ReviewOpinion, Stage


@pytest.fixture
def online_in_review(drama, applicant, case_manager, reviewers):
    app = Application.objects.create(drama=drama, stage=Stage.ONLINE, state="in_review", tier="ordinary")
    from django.utils import timezone

    from microdrama.filing.classification import rule_for

    app.rule = rule_for(timezone.localdate())
    app.save()
    for r in reviewers:
        app.assignments.create(reviewer=r)
    for n in (1, 2):
        Episode.objects.create(application=app, number=n, original_name=f"{n}.mp4", size=1, sha256="",
                               duration=120.0, uploaded_by=applicant, file=f"x{n}.mp4", qc_status="passed")
    return app


def test_an_opinion_with_a_timecode(online_in_review, reviewers):
    ep = online_in_review.episodes.get(number=2)
    op = review.add_opinion(online_in_review, reviewers[0], category="subtitle", severity="minor",
                            text="字幕错别字", client_key="a1", episode=ep, timecode="01:05")
    assert op.timecode == 65 and op.timecode_display == "01:05"


@pytest.mark.parametrize(("timecode", "message"), [("1:75", "小于 60"), ("abc", "不是有效的时间码"), ("05:00", "超出本集时长")])
def test_bad_timecodes_are_refused(online_in_review, reviewers, timecode, message):
    with pytest.raises(ValidationError, match=message):
        review.add_opinion(online_in_review, reviewers[0], category="other", severity="note", text="x",
                           client_key="t", episode=online_in_review.episodes.first(), timecode=timecode)
    assert not ReviewOpinion.objects.exists()


def test_the_same_opinion_submitted_twice_is_saved_once(online_in_review, reviewers):
    kwargs = dict(category="values", severity="major", text="价值导向问题", client_key="same-form")
    review.add_opinion(online_in_review, reviewers[0], **kwargs)
    with pytest.raises(ValidationError, match="已经保存过了"):
        review.add_opinion(online_in_review, reviewers[0], **kwargs)
    assert ReviewOpinion.objects.count() == 1


def test_two_editors_of_one_opinion_cannot_overwrite_each_other(online_in_review, reviewers):
    op = review.add_opinion(online_in_review, reviewers[0], category="values", severity="major", text="原文",
                            client_key="k")
    tab_a, tab_b = ReviewOpinion.objects.get(pk=op.pk), ReviewOpinion.objects.get(pk=op.pk)
    review.edit_opinion(tab_a, reviewers[0], text="第一次修改", severity="minor", expected_version=tab_a.version)
    with pytest.raises(ValidationError, match="已在别处被修改"):
        review.edit_opinion(tab_b, reviewers[0], text="第二次修改", severity="blocking", expected_version=tab_b.version)
    op.refresh_from_db()
    assert op.text == "第一次修改"


def test_only_assigned_reviewers_record_opinions(online_in_review, make_user, centre):
    from microdrama.accounts.roles import Role

    stranger = make_user(Role.REVIEWER, org=centre)
    with pytest.raises(PermissionDenied):
        review.add_opinion(online_in_review, stranger, category="other", severity="note", text="x", client_key="s")


def test_watched_in_full_needs_the_stretches_actually_played(online_in_review, reviewers):
    ep = online_in_review.episodes.get(number=1)
    review.record_watching(ep, reviewers[0], [[0, 60]])
    with pytest.raises(ValidationError, match="只播放了 50%"):
        review.record_watching(ep, reviewers[0], [], mark_full=True)
    review.record_watching(ep, reviewers[0], [[59.7, 90], [90.2, 120]])
    watch = review.record_watching(ep, reviewers[0], [], mark_full=True)
    assert watch.watched_in_full and watch.coverage > 0.98


def test_a_verdict_needs_every_episode_watched_and_the_checklist(online_in_review, reviewers):
    from microdrama.filing.models import ChecklistItem

    with pytest.raises(ValidationError, match="第 1、2 集没有完整观看"):
        review.record_verdict(online_in_review, reviewers[0], "pass", "同意")
    for ep in online_in_review.episodes.all():
        review.record_watching(ep, reviewers[0], [[0, 120]], mark_full=True)
    with pytest.raises(ValidationError, match="检查单"):
        review.record_verdict(online_in_review, reviewers[0], "pass", "同意")
    items = [i for i in ChecklistItem.objects.filter(active=True) if "online" in i.stages]
    with pytest.raises(ValidationError, match="写明问题"):
        review.answer_checklist(online_in_review, reviewers[0], {items[0].pk: ("concern", "")})
    review.answer_checklist(online_in_review, reviewers[0], {i.pk: ("ok", "") for i in items})
    verdict = review.record_verdict(online_in_review, reviewers[0], "pass", "同意")
    assert verdict.cycle == 1


def test_title_screening_flags_but_never_rejects(make_drama, applicant, case_manager):
    drama = make_drama(title="霸总的千亿新娘")
    app = services.start_application(drama, "planning", applicant)
    services.submit(app, applicant)
    app.refresh_from_db()
    reasons = [f["reason"] for f in app.title_flags]
    assert any("霸总" in r for r in reasons) and any("炫富" in r for r in reasons)
    assert app.state == "submitted"
