"""The rules the centre starts with, loaded by a data migration: tier rules (two versions), SLA
policies, the reviewer checklist from NRTA's management tips and title-screening rules. Admins edit
them afterwards; editing a tier rule creates a new version."""

from __future__ import annotations

from datetime import date

from microdrama.creation.rules import DEFAULT_TITLE_RULES

ROUTES_2024 = {
    "key": {"reviewed_by": "省局初核 → 总局复核", "system": "重点网络影视剧信息备案系统", "number_kind": "审",
            "issuer": "总局或省局", "min_reviewers": 3},
    "ordinary": {"reviewed_by": "省级广电部门", "system": "网络视听节目备案系统", "number_kind": "备",
                 "issuer": "省局", "min_reviewers": 3},
    "other": {"reviewed_by": "播出平台审核，定期报省局", "system": "平台审核系统", "number_kind": "备",
              "issuer": "平台", "min_reviewers": 1},
}

TIER_RULES = [
    {
        "name": "微短剧分类分层（2024）", "valid_from": date(2024, 6, 1), "valid_to": date(2025, 12, 31),
        "key_threshold": 1_000_000, "ordinary_threshold": 300_000, "special_topics_make_key": True,
        "recommended_makes_key": True, "opt_in_makes_key": True, "routes": ROUTES_2024,
        "source": "国家广电总局《关于微短剧备案最新工作提示》（2024年6月1日起施行）",
    },
    {
        "name": "微短剧分类分层（2026）", "valid_from": date(2026, 1, 1), "valid_to": None,
        "key_threshold": 3_000_000, "ordinary_threshold": 1_000_000, "special_topics_make_key": True,
        "recommended_makes_key": False, "opt_in_makes_key": False, "routes": ROUTES_2024,
        "source": "2026年1月1日起：投资额 300 万元以上或涉及政治、军事、外交、国家安全、统战、民族、宗教、司法、公安题材为重点",
    },
]

SLA_POLICIES = [
    {"stage": "planning", "name": "初审", "working_days": 3, "on_resubmit": "resume",
     "warn_percentages": [50, 80], "valid_from": date(2024, 6, 1)},
    {"stage": "online", "name": "成片预审", "working_days": 5, "on_resubmit": "resume",
     "warn_percentages": [50, 80], "valid_from": date(2024, 6, 1)},
]

CHECKLIST = [
    ("title", "片名不含“霸总”，不低俗、不宣扬极端对立、复仇、暴戾、焦虑、炫富拜金，不过长、不口语化、不滥用谐音仿拟",
     "总局网络视听司管理提示（2024-11-22；2024-12 片名审核）", ["planning", "online"]),
    ("wealth", "不美化“嫁入豪门”，爽点不建立在拜金、炫富、炫权、享乐或一夜暴富之上；企业家形象真实",
     "“霸总”微短剧管理提示（2024-11-22）", ["planning", "online"]),
    ("stock_villains", "不以“恶婆婆”“恶奶奶”等脸谱化人物制造对立", "总局网络视听司管理提示", ["planning", "online"]),
    ("timetravel", "“穿越”“重生”不百无禁忌，爽而有度；不以“狗血”“低俗”推动情感线", "管理提示（2025 年首期）", ["planning", "online"]),
    ("anti_intellect", "杜绝极端“反智”“雷人”“离谱”的人物和情节", "管理提示（2025-07-11）", ["planning", "online"]),
    ("ai_classics", "不对四大名著、历史、革命和英雄题材进行“AI魔改”；不做儿童动画的邪典化改编",
     "“AI魔改”专项治理（2026-01）", ["planning", "online"]),
    ("children", "儿童角色不心机、不“腹黑”，不扮演霸道总裁、不涉校园霸凌，不“啃小”，未成年演员不超负荷",
     "儿童类微短剧管理提示（2026-01-08）", ["planning", "online"]),
    ("full_watch", "完整观看每一集（含片头片尾），不快进、不遗漏", "《网络视听节目内容审核通则》（2017）", ["online"]),
    ("number_in_titles", "片头显示规划备案号或发行许可证号", "备案管理要求", ["online"]),
    ("aigc_label", "AI 生成合成内容按《人工智能生成合成内容标识办法》添加显式标识", "GB 45438-2025", ["online"]),
]

# The title-screening rules are defined once, in the creation engine (the AI lab screens titles
# before a project is sent to filing); the filing centre seeds its editable copy from them.
TITLE_RULES = [(r.pattern, r.is_regex, r.reason, r.source) for r in DEFAULT_TITLE_RULES]


def seed_rules(TierRule, SlaPolicy, ChecklistItem, TitleRule) -> None:
    if not TierRule.objects.exists():
        for rule in TIER_RULES:
            TierRule.objects.create(**rule)
    if not SlaPolicy.objects.exists():
        for policy in SLA_POLICIES:
            SlaPolicy.objects.create(**policy)
    if not ChecklistItem.objects.exists():
        for order, (code, text, source, stages) in enumerate(CHECKLIST):
            ChecklistItem.objects.create(code=code, text=text, source=source, stages=stages, order=order)
    if not TitleRule.objects.exists():
        for pattern, is_regex, reason, source in TITLE_RULES:
            TitleRule.objects.create(pattern=pattern, is_regex=is_regex, reason=reason, source=source)
