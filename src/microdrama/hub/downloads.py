"""Serving stored files to the people allowed to see them, with HTTP Range support so that
browsers can seek in long videos. Views check access first, then call `serve_file`."""

from __future__ import annotations

import mimetypes
import os
import re
from pathlib import Path

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.encoding import escape_uri_path

_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")
CHUNK = 512 * 1024


def _iter_range(path: Path, start: int, length: int):
    with path.open("rb") as fh:
        fh.seek(start)
        remaining = length
        while remaining > 0:
            data = fh.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data


def serve_file(request, path: str | os.PathLike, filename: str | None = None, *, inline: bool = True,
               content_type: str | None = None) -> HttpResponse:
    path = Path(path)
    size = path.stat().st_size
    content_type = content_type or mimetypes.guess_type(filename or path.name)[0] or "application/octet-stream"
    disposition = "inline" if inline else "attachment"
    header_name = f"{disposition}; filename*=UTF-8''{escape_uri_path(filename or path.name)}"
    match = _RANGE.match(request.headers.get("Range", "").strip())
    if match and (match.group(1) or match.group(2)):
        first, last = match.group(1), match.group(2)
        if first:
            start = int(first)
            end = min(int(last), size - 1) if last else size - 1
        else:  # the last N bytes
            start, end = max(0, size - int(last)), size - 1
        if start >= size or start > end:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        response = StreamingHttpResponse(_iter_range(path, start, end - start + 1), status=206,
                                         content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    else:
        response = FileResponse(path.open("rb"), content_type=content_type)
        response["Content-Length"] = str(size)
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = header_name
    response["X-Content-Type-Options"] = "nosniff"
    return response
