"""Demo dramas for the filing centre: about thirty dramas from seven companies in every state, with
histories played through the real services at believable past moments — numbers issued months ago,
cases in review, revisions, a breached and a nearly-breached deadline, drafts and a rejection."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from microdrama.accounts.models import User
from microdrama.hub.timetravel import as_of

from . import review, services
from .models import Application, Attachment, ChecklistItem, Drama, Episode
from .workdays import WorkCalendar


@dataclass
class Story:
    title: str
    company: str
    genre: str
    investment_wan: int
    episodes: int
    minutes: str
    story: str  # what happens to it, see `_play`
    topics: list[str] = field(default_factory=list)
    synopsis: str = ""
    creators: list[tuple[str, str, str]] = field(default_factory=list)


STORIES = [
    Story("赣江潮起", "yinghua", "realism", 420, 40, "2", "numbered_both", [], "改革开放年代，一家赣江边的小船厂在三代人手中沉浮。",
          [("director", "周远", ""), ("writer", "林默", ""), ("lead", "许晴川", "陈海生")]),
    Story("滕王阁下", "yinghua", "costume", 180, 60, "1.5", "numbered_both", [], "唐代才子与南昌女画师的相遇，围绕一幅失传的画卷展开。",
          [("lead", "苏晚", "林画"), ("lead", "顾衍", "王子安")]),
    Story("警徽之下", "xinghuo", "crime", 260, 36, "2.5", "numbered_planning", ["public_security"],
          "基层派出所民警守护一方平安的日常与坚守。", [("lead", "高峻", "李卫东")]),
    Story("瓷心", "cidu", "realism", 150, 30, "2", "online_review", [], "景德镇年轻陶瓷匠人重振老窑口的故事。",
          [("lead", "程瑶", "程青瓷"), ("director", "江河", "")]),
    Story("井冈映山红", "jinggang", "history", 380, 24, "3", "online_review", [], "井冈山下的红色记忆，一名小学老师带学生寻访老兵。"),
    Story("庐山恋·新篇", "lushan", "romance", 120, 50, "1.5", "planning_review", [], "两个年轻人在庐山民宿相遇，从误会到相知。"),
    Story("客家围屋", "ganzhou", "family", 95, 30, "2", "planning_review", [], "赣南客家围屋里，四代同堂的一家人面对拆迁与守护的抉择。"),
    Story("乡村振兴合伙人", "hongcheng", "rural", 160, 40, "2", "breached", [], "返乡青年带着直播带货回到山村，和老支书一起种脐橙。"),
    Story("外卖小哥的春天", "hongcheng", "urban", 80, 60, "1", "near_breach", [], "一名外卖骑手在城市里遇到的温暖与成长。"),
    Story("重生之我在赣江当首富", "xinghuo", "comeback", 60, 80, "1", "needs_revision", [], "一个被裁员的程序员意外回到十年前。"),
    Story("逆光而行", "yinghua", "comeback", 150, 3, "0.5", "online_review_media", [], "聋哑女孩成为非遗剪纸传承人的故事。"),
    Story("夏日柚子茶", "lushan", "youth", 45, 30, "1.5", "resubmitted", [], "高考后的暑假，四个少年开了一家奶茶店。"),
    Story("古街迷案", "ganzhou", "suspense", 210, 36, "2", "submitted", [], "赣州古街上一桩离奇失踪案，牵出二十年前的旧事。"),
    Story("老街裁缝铺", "cidu", "family", 70, 40, "1.5", "submitted", [], "一家三代的裁缝铺与一座城的变迁。"),
    Story("霸总的替身新娘", "jinggang", "romance", 55, 90, "1", "rejected", [], "替姐出嫁的女孩与冷面总裁的故事。"),
    Story("赣南脐橙红", "ganzhou", "rural", 130, 30, "2", "reported", [], "脐橙合作社的创业故事。"),
    Story("红土地上的青春", "jinggang", "youth", 230, 30, "2.5", "numbered_planning", [], "支教大学生在山区学校的一年。"),
    Story("婺源花开", "lushan", "romance", 110, 40, "2", "numbered_both", [], "油菜花海里的一场婚礼筹备风波。"),
    Story("鄱阳湖的候鸟", "hongcheng", "realism", 175, 24, "3", "numbered_both", [], "护鸟员与一只受伤白鹤的故事。"),
    Story("南昌起义·少年", "yinghua", "history", 520, 30, "3", "planning_review", ["military"], "1927 年南昌城中，一个报童见证的那一夜。"),
    Story("我在景德镇学烧窑", "cidu", "comedy", 40, 50, "1", "draft", [], "留学归来的网红到景德镇学烧窑，笑料百出。"),
    Story("豫章书院", "yinghua", "youth", 90, 40, "1.5", "draft", [], "一所百年书院里的读书少年。"),
    Story("萍乡烟花", "xinghuo", "family", 88, 36, "2", "needs_revision", [], "烟花厂女工撑起一个家。"),
    Story("江西老表", "hongcheng", "comedy", 65, 60, "1", "numbered_planning", [], "一群江西老表在大城市闯荡的喜剧。"),
    Story("三清山下", "lushan", "fantasy", 140, 40, "2", "near_breach_online", [], "三清山民宿老板娘与神秘访客。"),
    Story("全南小镇的医生", "ganzhou", "realism", 190, 30, "2.5", "numbered_both", [], "一位乡镇医生二十年的坚守。"),
    Story("上饶早餐", "xinghuo", "urban", 35, 40, "1", "accepted", [], "一家早餐店里的人间烟火。"),
    Story("星火燎原", "jinggang", "history", 680, 40, "3", "submitted_key", [], "革命年代的兄弟情。"),
    Story("寻找宋应星", "cidu", "history", 240, 30, "2", "accepted", [], "一名中学老师带学生寻访《天工开物》作者的足迹。"),
    Story("庐陵往事", "jinggang", "costume", 155, 36, "2", "reported", [], "吉安庐陵的一段宋代传奇。"),
]

COMPANY_ISSUER = {"key": "赣", "ordinary": "赣", "other": "星河"}


class _Clock:
    """Moments on the working-day calendar, counted back from today."""

    def __init__(self) -> None:
        self.calendar = WorkCalendar.from_db()
        self.today = timezone.localdate()

    def wd_ago(self, n: int, hour: int = 10, minute: int = 0) -> datetime:
        day = self.today
        for _ in range(10 * n + 30):
            if n <= 0:
                break
            day -= timedelta(days=1)
            if self.calendar.covers(day) and self.calendar.is_workday(day):
                n -= 1
        else:
            raise RuntimeError("the working-day calendar has no data around today")
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def days_ago(self, n: int, hour: int = 10) -> datetime:
        return timezone.make_aware(datetime.combine(self.today - timedelta(days=n), time(hour, 0)))


def _pdf(name: str) -> SimpleUploadedFile:
    body = f"%PDF-1.4\n% {name}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _people() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(username__in=[
        "casemanager", "casemanager2", "caselead", "reviewer1", "reviewer2", "reviewer3",
        "applicant", "applicant2", "applicant3", "applicant4", "applicant5", "applicant6", "applicant7"])}


COMPANY_APPLICANT = {"yinghua": "applicant", "xinghuo": "applicant2", "hongcheng": "applicant3", "lushan": "applicant4",
                     "jinggang": "applicant5", "cidu": "applicant6", "ganzhou": "applicant7"}


class _Player:
    def __init__(self, with_media: bool) -> None:
        self.p = _people()
        self.clock = _Clock()
        self.reviewers = [self.p["reviewer1"], self.p["reviewer2"], self.p["reviewer3"]]
        self.serial = 120
        self.with_media = with_media
        self.items = list(ChecklistItem.objects.filter(active=True))

    def number(self, app: Application, when: datetime) -> str:
        self.serial += 7
        kind = "审" if app.tier == "key" else "备"
        issuer = COMPANY_ISSUER[app.tier]
        return f"({issuer})网微剧{kind}字({when.year})第{self.serial:05d}号"

    def at(self, moment: datetime):
        return as_of(moment)

    def create(self, s: Story, when: datetime) -> tuple[Drama, User]:
        applicant = self.p[COMPANY_APPLICANT[s.company]]
        minutes = Decimal(s.minutes)
        with self.at(when):
            drama = services.create_drama(
                applicant, title=s.title, genre=s.genre, synopsis=s.synopsis or s.title, episodes=s.episodes,
                minutes_per_episode=minutes, total_minutes=minutes * s.episodes,
                investment=Decimal(s.investment_wan) * 10000, special_topics=s.topics, production_kind="live",
                creators=[{"role": r, "name": n, "character": c} for r, n, c in s.creators],
            )
            for kind in (Attachment.Kind.OUTLINE, Attachment.Kind.SCRIPT_PLEDGE, Attachment.Kind.COST_REPORT):
                services.add_attachment(drama, applicant, kind, _pdf(f"{s.title}-{kind}.pdf"))
        return drama, applicant

    def submit(self, drama, applicant, stage, when) -> Application:
        with self.at(when):
            app = services.start_application(drama, stage, applicant)
            services.submit(app, applicant)
        return app

    def accept(self, app, when):
        with self.at(when):
            services.accept(app, app.case_manager or self.p["casemanager"])

    def review_and_decide(self, app, when, passed=True):
        manager = app.case_manager or self.p["casemanager"]
        with self.at(when):
            services.start_review(app, manager, self.reviewers)
        with self.at(when + timedelta(hours=3)):
            for r in self.reviewers[: app.rule.min_reviewers(app.tier)]:
                for episode in app.episodes.all():
                    review.record_watching(episode, r, [[0, episode.duration or 0]], mark_full=True)
                review.answer_checklist(app, r, {i.pk: ("ok", "") for i in self.items if app.stage in i.stages})
                review.record_verdict(app, r, "pass" if passed else "reject",
                                      "内容导向正确，同意通过" if passed else "价值导向存在问题")
            review.decide(app, self.reviewers[0], passed, "审核员一致意见" if passed else "片名与内容宣扬炫富拜金")

    def finish(self, app, when):
        manager = app.case_manager or self.p["casemanager"]
        with self.at(when):
            services.report(app, manager, "已报送江西省广播电视局")
        with self.at(when + timedelta(days=2)):
            services.record_number(app, manager, self.number(app, when), timezone.localdate())

    def attach_cut(self, app: Application, drama: Drama, applicant: User, number: str, when: datetime,
                   real: bool) -> None:
        """Real sample files (`real`), or episodes recorded as already checked, for long dramas whose
        hours of sample video would only slow the demo down."""
        from .demo_media import make_episode

        seconds = float(drama.minutes_per_episode) * 60
        with self.at(when):
            for n in range(1, drama.episodes + 1):
                if real:
                    with tempfile.TemporaryDirectory() as tmp:
                        path = make_episode(Path(tmp) / f"ep{n:02d}.mp4", drama.title, n, number, seconds)
                        data = path.read_bytes()
                    ep = Episode(application=app, number=n, original_name=f"{drama.title}-第{n}集.mp4", size=len(data),
                                 sha256=hashlib.sha256(data).hexdigest(), duration=seconds, uploaded_by=applicant)
                    ep.file.save(f"ep{n:02d}.mp4", SimpleUploadedFile("ep.mp4", data), save=False)
                    ep.qc_status = Episode.QC.PENDING
                else:
                    ep = Episode(application=app, number=n, original_name=f"{drama.title}-第{n}集.mp4", size=0,
                                 sha256="", duration=seconds, uploaded_by=applicant, qc_status=Episode.QC.PASSED,
                                 qc_report={"passed": True, "summary_zh": "技术预检通过（演示数据，无样片）",
                                            "findings": []})
                ep.save()

    def play(self, s: Story) -> None:
        c = self.clock
        story = s.story
        created = c.days_ago(200 if "numbered_both" in story else 120 if "numbered" in story else 40)
        drama, applicant = self.create(s, created)
        if story == "draft":
            with self.at(c.days_ago(3)):
                services.start_application(drama, "planning", applicant)
            return
        planning_submitted = {
            "numbered_both": c.days_ago(180), "numbered_planning": c.days_ago(90), "online_review": c.days_ago(110),
            "online_review_media": c.days_ago(100), "near_breach_online": c.days_ago(100), "rejected": c.days_ago(60),
            "reported": c.wd_ago(12), "planning_review": c.wd_ago(3, 9), "breached": c.wd_ago(8, 9),
            "near_breach": c.wd_ago(4, 15), "needs_revision": c.wd_ago(4), "resubmitted": c.wd_ago(6),
            "submitted": c.wd_ago(0, 9), "submitted_key": c.wd_ago(1, 16), "accepted": c.wd_ago(2, 9),
        }[story]
        app = self.submit(drama, applicant, "planning", planning_submitted)
        if story in ("submitted", "submitted_key"):
            return
        self.accept(app, planning_submitted + timedelta(hours=5) if story != "near_breach" else c.wd_ago(3, 9))
        if story == "accepted":
            return
        if story == "breached":
            with self.at(c.wd_ago(6, 11)):
                services.start_review(app, app.case_manager, self.reviewers)
            return
        if story == "near_breach":
            with self.at(c.wd_ago(2, 14)):
                services.start_review(app, app.case_manager, self.reviewers)
            return
        if story == "planning_review":
            with self.at(c.wd_ago(1, 11)):
                services.start_review(app, app.case_manager, self.reviewers)
            return
        if story in ("needs_revision", "resubmitted"):
            with self.at(planning_submitted + timedelta(days=1, hours=2)):
                services.request_revision(app, app.case_manager, [
                    "片名含“重生”“首富”等提示词，请考虑修改片名" if "首富" in s.title else "成本配置报告缺少演员片酬明细",
                    "分集大纲第 12–20 集情节需要补充完整",
                ], "请按以下意见补正后重新提交。")
            if story == "resubmitted":
                with self.at(c.wd_ago(0, 9)):
                    services.resubmit(app, applicant, "已按意见补充成本配置报告和分集大纲")
            return
        if story == "rejected":
            self.review_and_decide(app, planning_submitted + timedelta(days=2), passed=False)
            return
        decided = planning_submitted + timedelta(days=3)
        self.review_and_decide(app, decided)
        if story == "reported":
            with self.at(decided + timedelta(hours=20)):
                services.report(app, app.case_manager, "已报送江西省广播电视局")
            return
        self.finish(app, decided + timedelta(days=1))
        if story == "numbered_planning":
            return
        app.refresh_from_db()
        planning_number = app.number
        online_submitted = {"numbered_both": c.days_ago(60), "online_review": c.wd_ago(2, 10),
                            "online_review_media": c.wd_ago(1, 10), "near_breach_online": c.wd_ago(5, 14)}[story]
        with self.at(online_submitted - timedelta(days=1)):
            online = services.start_application(drama, "online", applicant)
        self.attach_cut(online, drama, applicant, planning_number, online_submitted - timedelta(hours=6),
                        real=self.with_media and story == "online_review_media")
        if story == "online_review_media" and self.with_media:
            from .tasks import precheck_episode

            for ep in online.episodes.all():  # the demo shows the report straight away
                precheck_episode.run(ep.pk)
        Episode.objects.filter(application=online, qc_status=Episode.QC.PENDING).update(qc_status=Episode.QC.PASSED)
        with self.at(online_submitted):
            services.submit(online, applicant)
        self.accept(online, online_submitted + timedelta(hours=2))
        if story == "numbered_both":
            self.review_and_decide(online, online_submitted + timedelta(days=4))
            self.finish(online, online_submitted + timedelta(days=5))
            return
        with self.at(online_submitted + timedelta(hours=3)):
            services.start_review(online, online.case_manager, self.reviewers)


def ensure_reference_data() -> None:
    """Rules and the calendar come with the migrations; a flushed database (tests) gets them back."""
    from .calendar_import import seed_from_library
    from .models import ChecklistItem, SlaPolicy, TierRule, TitleRule
    from .seed import seed_rules

    seed_rules(TierRule, SlaPolicy, ChecklistItem, TitleRule)
    seed_from_library()


def load() -> dict[str, int]:
    from microdrama.accounts.demo import organisations

    ensure_reference_data()
    orgs = organisations()
    with_media = os.environ.get("MICRODRAMA_DEMO_MEDIA", "1") != "0"
    player = _Player(with_media)
    made = 0
    for story in STORIES:
        company = orgs[story.company]
        if Drama.objects.filter(company=company, title=story.title).exists():
            continue
        player.play(story)
        made += 1
    return {"dramas": Drama.objects.count(), "applications": Application.objects.count(), "dramas_added": made}
