"""Demo monitoring: a watched folder, a feed and two platform searches for the demo platforms, with a
fortnight of runs (successes, a failing feed with back-off, a duplicate, rejected downloads) played
at believable past moments. The web sources are disabled so a demo install never reaches out."""

from __future__ import annotations

import hashlib
import os
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from microdrama.accounts.models import Organisation
from microdrama.hub.timetravel import as_of

from . import services
from .models import Candidate, Run, Source


def _platform(short: str) -> Organisation | None:
    return Organisation.objects.filter(short_name=short, kind=Organisation.Kind.PLATFORM).first()


def sources() -> dict[str, Source]:
    roots = getattr(settings, "MONITORING_FOLDER_ROOTS", []) or [str(Path(settings.VAR_DIR) / "watch")]
    folder = Path(roots[0]) / "xinghe-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    specs = {
        "folder": (
            "星河短剧·可疑上传文件夹",
            Source.Kind.FOLDER,
            "星河短剧",
            {"folder_path": str(folder), "enabled": True, "interval_minutes": 15},
        ),
        "feed": (
            "青柠视频·最新上架订阅",
            Source.Kind.FEED,
            "青柠视频",
            {
                "feed_url": "https://open.qingning.example.cn/feeds/latest.json",
                "enabled": False,
                "interval_minutes": 30,
                "credential_env": "QINGNING_FEED_TOKEN",
            },
        ),
        "search": (
            "百川短视频·站内搜索",
            Source.Kind.SEARCH,
            "百川短视频",
            {
                "search_url_template": "https://www.baichuan.example.cn/search?q={query}",
                "enabled": False,
                "interval_minutes": 60,
                "channel_urls": ["https://www.baichuan.example.cn/u/duanju-kuaikan"],
            },
        ),
        "ytsearch": (
            "公开平台·yt-dlp 关键词搜索",
            Source.Kind.SEARCH,
            None,
            {
                "search_prefix": "ytsearch10:",
                "enabled": False,
                "interval_minutes": 240,
                "keywords": ["微短剧 全集", "短剧 合集"],
            },
        ),
    }
    out = {}
    for key, (name, kind, platform, fields) in specs.items():
        source, _created = Source.objects.get_or_create(
            name=name,
            defaults={"kind": kind, "platform": _platform(platform) if platform else None, **fields},
        )
        out[key] = source
    return out


def load() -> dict[str, int]:
    made = sources()
    if not Run.objects.filter(source__in=made.values()).exists():
        _history(made)
    if os.environ.get("MICRODRAMA_DEMO_MEDIA", "1") != "0":
        _pirated_sample(Path(made["folder"].folder_path))
    return {
        "monitoring_sources": Source.objects.count(),
        "monitoring_runs": Run.objects.count(),
        "candidates": Candidate.objects.count(),
    }


def _pirated_sample(folder: Path) -> None:
    """A real pirated copy of a registered demo episode in the watched folder: the folder source's
    next run (within minutes of `microdrama serve`) finds it and opens a real case."""
    from microdrama.rights.models import RegisteredEpisode

    from .demo_media import make_pirated_copy

    episode = (
        RegisteredEpisode.objects.filter(status=RegisteredEpisode.Status.REGISTERED).order_by("pk").first()
    )
    target = folder / "搬运-第1集-高清.mp4"
    if episode is None or target.exists() or not episode.file:
        return
    make_pirated_copy(Path(episode.file.path), target)


def demo_candidate(
    source: Source,
    run: Run,
    slug: str,
    title: str,
    uploader: str,
    status: str,
    *,
    seconds: float = 95.0,
    error: str = "",
    code: str = "",
    lag: float = 140.0,
) -> Candidate:
    """A candidate as a run would have left it (no file: demo data carries no media)."""
    base = {
        "folder": "file:///demo/",
        "feed": "https://v.qingning.example.cn/",
        "search": "https://www.baichuan.example.cn/v/",
    }
    url = base.get(source.kind, "https://video.example.cn/") + slug
    now = timezone.now()
    fetched = status not in (Candidate.Status.REJECTED, Candidate.Status.FAILED)
    sha = hashlib.sha256(f"demo:{slug}".encode()).hexdigest() if fetched else ""
    candidate, _created = Candidate.objects.get_or_create(
        url_key=services.url_key(url),
        defaults={
            "source": source,
            "run": run,
            "platform": source.platform,
            "url": url,
            "title": title,
            "uploader": uploader,
            "status": status,
            "discovered_at": now,
            "fetched_at": now + timedelta(seconds=lag / 3) if fetched else None,
            "matched_at": now + timedelta(seconds=lag) if fetched else None,
            "duration": seconds if fetched else None,
            "size": int(seconds * 180_000) if fetched else None,
            "sha256": sha,
            "error": error,
            "error_code": code,
            "attempts": 1,
            "media_url": url.replace("/v/", "/media/") + ".mp4" if source.kind != "folder" else "",
        },
    )
    return candidate


def _history(made: dict[str, Source]) -> None:
    now = timezone.now()
    titles = [
        "赣江潮起 第3集 抢先看",
        "滕王阁下 全集 高清",
        "霸道总裁的替身 第12集",
        "乡村振兴合伙人 合集",
        "城市夜归人",
    ]
    for days in range(13, -1, -1):
        for hour in (9, 15, 21):
            moment = (now - timedelta(days=days)).replace(hour=hour, minute=5, second=0, microsecond=0)
            if moment > now:
                continue
            with as_of(moment):
                folder_run = services.start_run(made["folder"])
                services.log(folder_run, "info", "列出 2 个视频", made["folder"].folder_path, "listed")
                n = days * 3 + hour
                for k in range(2):
                    title = titles[(n + k) % len(titles)]
                    status = Candidate.Status.CLEAR if (n + k) % 5 else Candidate.Status.DUPLICATE
                    demo_candidate(
                        made["folder"],
                        folder_run,
                        f"upload-{days}-{hour}-{k}.mp4",
                        title,
                        "",
                        status,
                        seconds=60 + (n * 7 + k * 13) % 120,
                        lag=40 + (n * 11) % 200,
                    )
                Run.objects.filter(pk=folder_run.pk).update(found=2, new=2)
                services.finish_run(folder_run)
                Source.objects.filter(pk=made["folder"].pk).update(next_run_at=moment + timedelta(minutes=15))
    # a feed that failed for a few hours (credentials missing), backing off, then recovered
    for offset, fails in (
        (timedelta(hours=30), True),
        (timedelta(hours=29, minutes=58), True),
        (timedelta(hours=29, minutes=54), True),
        (timedelta(hours=6), False),
    ):
        with as_of(now - offset):
            run = services.start_run(made["feed"])
            if fails:
                services.finish_run(
                    run, failed="读取订阅源失败：连接 open.qingning.example.cn 超时", code="timeout"
                )
            else:
                services.log(run, "info", "列出 3 个视频", made["feed"].feed_url, "listed")
                Run.objects.filter(pk=run.pk).update(found=3, new=3)
                demo_candidate(
                    made["feed"], run, "v8812", "滕王阁下 第1-10集", "短剧速看", Candidate.Status.CLEAR
                )
                demo_candidate(
                    made["feed"],
                    run,
                    "v8813",
                    "赣江潮起 完整版",
                    "剧场精选",
                    Candidate.Status.REJECTED,
                    error="视频时长 14400 秒超过上限 10800 秒",
                    code="too_long",
                )
                demo_candidate(
                    made["feed"],
                    run,
                    "v8814",
                    "赣江潮起 第1集",
                    "剧场精选",
                    Candidate.Status.REJECTED,
                    error="地址返回的是网页而不是视频",
                    code="html_not_video",
                )
                services.log(
                    run,
                    "error",
                    "视频时长 14400 秒超过上限 10800 秒",
                    "https://v.qingning.example.cn/v8813",
                    "too_long",
                )
                services.log(
                    run,
                    "error",
                    "地址返回的是网页而不是视频",
                    "https://v.qingning.example.cn/v8814",
                    "html_not_video",
                )
                services.finish_run(run)
    with as_of(now - timedelta(hours=2)):
        run = services.start_run(made["search"])
        for word in ("赣江潮起", "滕王阁下", "陈海生"):
            services.log(run, "info", f"搜索“{word}”：{1 if word != '陈海生' else 0} 条结果", "", "searched")
        Run.objects.filter(pk=run.pk).update(found=2, new=2)
        services.log(
            run,
            "warning",
            "拒绝访问内网或保留地址：cdn-internal.baichuan.example.cn（10.2.3.4）",
            "https://www.baichuan.example.cn/v/55120",
            "private_address",
        )
        services.finish_run(run)
