"""Resumable uploads for large files (tus 1.0 core: POST to create, HEAD for the offset, PATCH to
append), so a 2 GB episode survives a dropped connection and continues where it stopped.

Apps register a handler per purpose: `start(user, meta) -> None` checks that the upload may begin
(raise ValidationError / PermissionDenied), `finish(upload, path) -> dict` validates the complete
file and files it, returning what the client should know (or raising ValidationError, in which
case the bytes are deleted and nothing is stored).
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Upload

TUS_VERSION = "1.0.0"
MAX_PATCH_BYTES = 16 * 1024 * 1024  # below DATA_UPLOAD_MAX_MEMORY_SIZE; clients send 8 MB chunks


@dataclass(frozen=True)
class UploadHandler:
    start: Callable[[object, dict], None]
    finish: Callable[[Upload, Path], dict]
    max_bytes: int


_HANDLERS: dict[str, UploadHandler] = {}


def register(purpose: str, *, start, finish, max_bytes: int) -> None:
    _HANDLERS[purpose] = UploadHandler(start, finish, max_bytes)


def upload_dir() -> Path:
    path = settings.VAR_DIR / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def part_path(upload: Upload) -> Path:
    return upload_dir() / f"{upload.id}.part"


def _tus(response: HttpResponse) -> HttpResponse:
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    return response


def _error(status: int, message: str) -> HttpResponse:
    return _tus(JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False}))


def _metadata(header: str) -> dict[str, str]:
    meta = {}
    for pair in filter(None, (p.strip() for p in header.split(","))):
        key, _sep, value = pair.partition(" ")
        try:
            meta[key] = base64.b64decode(value).decode("utf-8") if value else ""
        except (ValueError, UnicodeDecodeError):
            raise ValidationError(_("上传元数据格式不正确")) from None
    return meta


@login_required
def create(request):
    """POST: start an upload. Headers Upload-Length and Upload-Metadata (purpose, filename, …)."""
    if request.method == "OPTIONS":
        response = _tus(HttpResponse(status=204))
        response["Tus-Version"] = TUS_VERSION
        response["Tus-Extension"] = "creation,termination"
        return response
    if request.method != "POST":
        return _error(405, _("只支持 POST"))
    try:
        meta = _metadata(request.headers.get("Upload-Metadata", ""))
        length = int(request.headers.get("Upload-Length", ""))
    except ValueError:
        return _error(400, _("缺少或无效的 Upload-Length"))
    except ValidationError as exc:
        return _error(400, exc.messages[0])
    handler = _HANDLERS.get(meta.get("purpose", ""))
    if handler is None:
        return _error(400, _("未知的上传用途"))
    if length <= 0:
        return _error(400, _("文件是空的（0 字节）"))
    if length > handler.max_bytes:
        return _error(413, _("文件过大：%(size).1f GB，上限 %(max).1f GB")
                      % {"size": length / 1e9, "max": handler.max_bytes / 1e9})
    filename = (meta.get("filename") or "upload").replace("/", "_").replace("\\", "_")[:200]
    try:
        handler.start(request.user, meta)
    except ValidationError as exc:
        return _error(422, " ".join(exc.messages))
    except PermissionDenied:
        return _error(403, _("你不能上传到这里"))
    upload = Upload.objects.create(id=uuid.uuid4(), user=request.user, purpose=meta["purpose"], meta=meta,
                                   filename=filename, length=length)
    part_path(upload).touch()
    response = _tus(HttpResponse(status=201))
    response["Location"] = request.build_absolute_uri(f"{request.path.rstrip('/')}/{upload.id}")
    response["Upload-Offset"] = "0"
    return response


@login_required
def resource(request, upload_id):
    """HEAD: where to continue. PATCH: append bytes at Upload-Offset. DELETE: abandon."""
    upload = Upload.objects.filter(pk=upload_id, user=request.user).first()
    if upload is None:
        raise Http404
    if request.method == "HEAD":
        response = _tus(HttpResponse(status=200))
        response["Upload-Offset"] = str(upload.offset)
        response["Upload-Length"] = str(upload.length)
        return response
    if request.method == "DELETE":
        part_path(upload).unlink(missing_ok=True)
        upload.delete()
        return _tus(HttpResponse(status=204))
    if request.method != "PATCH":
        return _error(405, _("不支持的请求方法"))
    if upload.completed_at:
        return _error(409, _("该上传已完成"))
    if request.headers.get("Content-Type") != "application/offset+octet-stream":
        return _error(415, _("Content-Type 应为 application/offset+octet-stream"))
    try:
        offset = int(request.headers.get("Upload-Offset", ""))
    except ValueError:
        return _error(400, _("缺少 Upload-Offset"))
    chunk = request.body if len(request.body) <= MAX_PATCH_BYTES else None
    if chunk is None:
        return _error(413, _("单次上传的数据块过大"))
    with transaction.atomic():
        upload = Upload.objects.select_for_update().get(pk=upload.pk)
        if offset != upload.offset:
            response = _error(409, _("偏移量不一致：服务器已有 %(have)s 字节") % {"have": upload.offset})
            response["Upload-Offset"] = str(upload.offset)
            return response
        if upload.offset + len(chunk) > upload.length:
            return _error(413, _("数据超过了声明的文件大小"))
        with part_path(upload).open("r+b") as fh:
            fh.seek(upload.offset)
            fh.write(chunk)
        upload.offset += len(chunk)
        upload.save(update_fields=["offset"])
    response = _tus(HttpResponse(status=204))
    response["Upload-Offset"] = str(upload.offset)
    if upload.offset == upload.length:
        return _finish(upload)
    return response


def _finish(upload: Upload) -> HttpResponse:
    handler = _HANDLERS[upload.purpose]
    path = part_path(upload)
    try:
        result = handler.finish(upload, path)
    except ValidationError as exc:
        path.unlink(missing_ok=True)
        upload.delete()
        return _error(422, " ".join(exc.messages))
    path.unlink(missing_ok=True)
    Upload.objects.filter(pk=upload.pk).update(completed_at=timezone.now(), result=result)
    response = _tus(JsonResponse(result, status=200, json_dumps_params={"ensure_ascii": False}))
    response["Upload-Offset"] = str(upload.length)
    return response

