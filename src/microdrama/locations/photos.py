"""Checking uploaded photos and making thumbnails with Pillow (used for set photos and talent headshots).

An upload is accepted only if Pillow can decode it as JPEG, PNG or WebP within the size limits; the
stored image is re-encoded (EXIF orientation applied, metadata such as GPS dropped) and a cropped
thumbnail of a fixed aspect ratio is made beside it, so result lists line up.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000  # about 7700×5200; larger is a decompression bomb or an unedited RAW export
MIN_SIDE = 200
STORED_MAX_SIDE = 2000
FORMATS = {"JPEG", "PNG", "WEBP", "MPO"}  # MPO: what some phone cameras call their JPEGs


@dataclass
class ProcessedPhoto:
    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int


def _encode(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True, progressive=True)
    return buf.getvalue()


def process_photo(upload, stem: str, thumb_size: tuple[int, int] = (480, 320)) -> ProcessedPhoto:
    """Validate an uploaded image and return the stored JPEG and its thumbnail as named files."""
    name = getattr(upload, "name", "") or "photo"
    size = getattr(upload, "size", None)
    if size == 0:
        raise ValidationError(_("照片“%(name)s”是空文件") % {"name": name}, code="empty")
    if size is not None and size > MAX_BYTES:
        raise ValidationError(_("照片“%(name)s”超过 15 MB") % {"name": name}, code="too_big")
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(
                    _("照片“%(name)s”像素过大（超过 4000 万像素）") % {"name": name}, code="too_big"
                )
            probe.verify()
        img = Image.open(io.BytesIO(data))
        img.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("“%(name)s”不是可识别的图片，请上传 JPG、PNG 或 WebP 照片") % {"name": name}, code="not_image"
        ) from exc
    if fmt not in FORMATS:
        raise ValidationError(
            _("“%(name)s”的格式 %(fmt)s 不受支持，请上传 JPG、PNG 或 WebP 照片") % {"name": name, "fmt": fmt},
            code="format",
        )
    img = ImageOps.exif_transpose(img).convert("RGB")
    if min(img.size) < MIN_SIDE:
        raise ValidationError(
            _("照片“%(name)s”太小（至少 %(min)s 像素）") % {"name": name, "min": MIN_SIDE}, code="too_small"
        )
    img.thumbnail((STORED_MAX_SIDE, STORED_MAX_SIDE), Image.Resampling.LANCZOS)
    thumb = ImageOps.fit(img, thumb_size, Image.Resampling.LANCZOS, centering=(0.5, 0.45))
    return ProcessedPhoto(
        image=ContentFile(_encode(img, 86), name=f"{stem}.jpg"),
        thumbnail=ContentFile(_encode(thumb, 80), name=f"{stem}-thumb.jpg"),
        width=img.width,
        height=img.height,
    )
