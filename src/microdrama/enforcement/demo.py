"""Demo enforcement: profiles for the three demo platforms and cases in every state, each played
through the real services at past moments (time travel) so the timelines, the evidence log and the
SLA dashboard have something true to show: letters delivered within minutes, takedowns within hours,
one late letter, an escalation, a dispute, a case waiting for review and one rejected.

Demo data carries no media: deliveries are recorded as demo deliveries (nothing is sent) and the
re-check's "gone" is played, not fetched."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from microdrama.accounts.models import Organisation, User
from microdrama.hub.timetravel import as_of
from microdrama.monitoring import demo as monitoring_demo
from microdrama.monitoring import services as monitoring
from microdrama.monitoring.models import Candidate, Match
from microdrama.rights.models import Work

from . import evidence_pack, services, workflow
from .models import Case, Delivery, EvidenceItem, Notice, PlatformProfile

PROFILES = {
    "星河短剧": {
        "notice_email": "copyright@xinghe.example.cn",
        "webhook_url": "https://open.xinghe.example.cn/copyright/notices",
        "webhook_secret_env": "XINGHE_WEBHOOK_SECRET",
        "contact_name": "吴倩",
        "contact_phone": "0571-8800 1234",
        "escalation_name": "法务总监 钱峰",
        "escalation_email": "legal@xinghe.example.cn",
        "response_hours": 24,
    },
    "青柠视频": {
        "notice_email": "ipr@qingning.example.cn",
        "contact_name": "郑凯",
        "contact_phone": "010-6600 2211",
        "escalation_name": "内容安全负责人",
        "escalation_email": "safety@qingning.example.cn",
        "response_hours": 24,
    },
    "百川短视频": {
        "notice_email": "takedown@baichuan.example.cn",
        "contact_name": "冯雪",
        "escalation_name": "平台法务部",
        "escalation_email": "fawu@baichuan.example.cn",
        "response_hours": 12,
    },
}

# (slug, platform, uploader, score, story, detected hours ago, minutes to letter, hours to takedown)
STORIES = [
    ("c-removed-fast", "星河短剧", "剧迷小王", 0.97, "removed", 150, 6, 3.5),
    ("c-removed", "青柠视频", "短剧速看", 0.91, "removed", 100, 14, 9.0),
    ("c-removed-late", "百川短视频", "每日追剧", 0.88, "removed", 80, 150, 30.0),
    ("c-reported", "星河短剧", "追剧达人", 1.0, "reported", 30, 4, 2.0),
    ("c-waiting", "青柠视频", "剧场精选", 0.93, "waiting", 5, 9, None),
    ("c-escalated", "百川短视频", "短剧搬运工", 0.99, "escalated", 40, 11, None),
    ("c-disputed", "星河短剧", "官方授权号", 0.86, "disputed", 20, 7, None),
    ("c-review", "青柠视频", "影视剪辑君", 0.66, "review", 0.7, None, None),
    ("c-rejected", "星河短剧", "二创剪辑", 0.58, "rejected", 60, None, None),
]


def load() -> dict[str, int]:
    for short, fields in PROFILES.items():
        org = Organisation.objects.filter(short_name=short, kind=Organisation.Kind.PLATFORM).first()
        if org:
            PlatformProfile.objects.get_or_create(organisation=org, defaults=fields)
    works = list(Work.objects.order_by("pk")[:4]) or _works()
    if works:
        sources = monitoring_demo.sources()
        for n, story in enumerate(STORIES):
            _play(story, works[n % len(works)], sources)
    return {"platform_profiles": PlatformProfile.objects.count(), "cases": Case.objects.count()}


def _works() -> list[Work]:
    """Works to play cases on when registration has not run (it follows the filing demo's approvals
    after they commit): registered by hand, through the rights service."""
    from microdrama.rights import services as rights

    officer = _user("copyright")
    made = []
    for title, short, aliases in (
        ("赣江潮起", "映画文化", ["陈海生"]),
        ("滕王阁下", "映画文化", ["林画", "王子安"]),
        ("婺源花开", "星火影视", []),
        ("鄱阳湖的候鸟", "洪城光影", []),
    ):
        owner = Organisation.objects.filter(short_name=short).first()
        if owner and officer:
            made.append(
                Work.objects.filter(title=title, owner=owner).first()
                or rights.create_work(officer, owner, title, aliases=aliases)
            )
    return made


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _deliver(notice: Notice) -> None:
    """Record the deliveries as made (demo data sends nothing)."""
    for d in notice.deliveries.all():
        Delivery.objects.filter(pk=d.pk).update(
            status=Delivery.Status.DELIVERED,
            attempts=1,
            delivered_at=timezone.now(),
            last_attempt_at=timezone.now(),
            response_code=200 if d.channel == "webhook" else None,
            response_body="演示数据：未实际发送",
            log=[
                {
                    "at": timezone.now().isoformat(),
                    "attempt": 1,
                    "ok": True,
                    "code": 200,
                    "error": "",
                    "demo": True,
                }
            ],
        )
        d.refresh_from_db()
        services.notice_delivered(notice, d)


def _gone(case: Case, detail: str = "页面返回 HTTP 404（演示）") -> None:
    evidence_pack.add_item(
        case,
        EvidenceItem.Kind.RECHECK,
        {
            "url": case.url,
            "online": False,
            "detail": detail,
            "status": 404,
            "checked_at": timezone.now().isoformat(),
        },
    )
    case.refresh_from_db()
    if case.state != Case.State.TAKEN_DOWN:
        workflow.transition(case, "disappeared", reason=detail)
    else:
        Case.objects.filter(pk=case.pk).update(
            disappeared_at=timezone.now(), last_checked_at=timezone.now(), still_online=False
        )
    case.refresh_from_db()
    workflow.transition(case, "close", reason="复查确认侵权视频已下架")


def _play(story, work: Work, sources) -> None:
    slug, platform_short, uploader, score, how, hours_ago, letter_minutes, takedown_hours = story
    platform = Organisation.objects.filter(short_name=platform_short).first()
    source = next(
        (s for s in sources.values() if s.platform_id == (platform.pk if platform else None)),
        sources["search"],
    )
    url_slug = f"{slug}-{work.pk}"
    if Candidate.objects.filter(url__endswith=url_slug).exists():
        return  # played before (demo loading is idempotent)
    officer = _user("copyright")
    contact = User.objects.filter(organisation=platform, role_grants__role="platform_contact").first()
    t0 = timezone.now() - timedelta(hours=hours_ago)
    with as_of(t0 - timedelta(minutes=3)):
        run = source.runs.order_by("-started_at").first() or monitoring.start_run(source)
        candidate = monitoring_demo.demo_candidate(
            source,
            run,
            url_slug,
            f"{work.title} 第2集 高清完整版",
            uploader,
            Candidate.Status.MATCHED,
            seconds=118,
            lag=150,
        )
        Candidate.objects.filter(pk=candidate.pk).update(platform=platform)
        candidate.refresh_from_db()
    with as_of(t0):
        episode = work.episodes.order_by("number").first()
        segments = [
            {
                "query_start": 4.0,
                "query_end": 61.5,
                "ref_start": 0.0,
                "ref_end": 57.5,
                "speed": 1.0,
                "score": score,
                "p_value": 10 ** (-10 * score),
                "modality": "video+audio",
                "evidence": [
                    {"query_time": 4.0 + k * 14, "ref_time": k * 14.0, "similarity": 0.9 - k * 0.03}
                    for k in range(4)
                ],
            }
        ]
        if how == "review":
            segments = [{**segments[0], "query_end": 21.0, "ref_end": 17.0, "modality": "video"}]
        match = Match.objects.create(
            candidate=candidate,
            ref_id=episode.ref_id if episode else f"demo:{work.pk}",
            episode=episode,
            work=work,
            score=score,
            data={
                "reference": episode.ref_id if episode else f"demo:{work.pk}",
                "score": score,
                "transform": "crop 10 %, mirrored" if score > 0.9 else "picture-in-picture",
                "mirrored": score > 0.9,
                "segments": segments,
            },
        )
        cases = services.open_cases(candidate, [match])
        if not cases:
            return
        case = cases[0]
        services.collect_evidence(case.pk)  # auto-confirms (and writes the letter) above the threshold
        case.refresh_from_db()
    if how in ("review", "rejected"):
        if how == "rejected":
            with as_of(t0 + timedelta(minutes=35)):
                services.reject(case, officer, "画中画内容为官方预告片的二次创作评论，时长很短，不构成侵权")
        return
    if case.state == Case.State.DETECTED:  # below the automatic threshold: an officer confirmed it
        with as_of(t0 + timedelta(minutes=max(1, (letter_minutes or 10) - 2))):
            services.confirm(case, officer, "画面与音轨一致，确认侵权")
    notice = case.notices.filter(kind=Notice.Kind.NOTICE).first()
    if notice is None:
        return
    with as_of(t0 + timedelta(minutes=letter_minutes)):
        _deliver(notice)
    case.refresh_from_db()
    sent = case.notice_sent_at
    if how == "removed":
        with as_of(sent + timedelta(hours=takedown_hours)):
            _gone(case)
    elif how == "reported":
        with as_of(sent + timedelta(hours=takedown_hours)):
            services.report_takedown(notice, contact, "已于后台下架该视频并封禁上传账号")
        with as_of(sent + timedelta(hours=takedown_hours, minutes=4)):
            _gone(case.__class__.objects.get(pk=case.pk))
    elif how == "disputed":
        with as_of(sent + timedelta(hours=3)):
            services.dispute(
                notice, contact, "该账号为剧方官方授权的宣发账号，已提供授权书编号 SQ-2026-0315，请核实"
            )
    elif how == "escalated":
        with as_of(case.takedown_due_at + timedelta(minutes=1)):
            Case.objects.filter(pk=case.pk).update(escalation_level=1)
            workflow.record(case, "reminder_sent", reason="超过约定下架时限")
            reminder = services.issue_notice(case, Notice.Kind.REMINDER)
            if reminder:
                _deliver(reminder)
        with as_of(case.takedown_due_at + timedelta(hours=4, minutes=2)):
            workflow.transition(case, "escalate", reason="催告后仍未下架")
            case.refresh_from_db()
            escalation = services.issue_notice(case, Notice.Kind.ESCALATION)
            if escalation:
                _deliver(escalation)
