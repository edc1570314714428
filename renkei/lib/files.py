"""Uploaded files (board attachments, news and activity photos): what they are, read from their content, and thumbnails.

A file's name and the type the browser claims can be anything; only its bytes decide. PDF, the four
web image formats and Office files (OOXML and the legacy OLE formats) are allowed.
"""

import io
import os
import uuid
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

THUMBNAIL_WIDTH = 320

PDF = "application/pdf"
IMAGES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOC, XLS, PPT = "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"

EXTENSIONS = {PDF: "pdf", **IMAGES, DOCX: "docx", XLSX: "xlsx", PPTX: "pptx", DOC: "doc", XLS: "xls", PPT: "ppt"}
LABELS = {
    PDF: "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    DOCX: "Word",
    DOC: "Word",
    XLSX: "Excel",
    XLS: "Excel",
    PPTX: "PowerPoint",
    PPT: "PowerPoint",
}
ALLOWED_HELP = gettext_lazy("PDF, images (PNG, JPEG, GIF, WebP) and Office files (Word, Excel, PowerPoint).")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The folder each OOXML format keeps its document in, inside the zip.
_OOXML_FOLDERS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
# The stream each legacy Office format must hold; OLE directory entries are named in UTF-16.
_OLE_STREAMS = {
    "WordDocument".encode("utf-16-le"): DOC,
    "Workbook".encode("utf-16-le"): XLS,
    "Book".encode("utf-16-le"): XLS,
    "PowerPoint Document".encode("utf-16-le"): PPT,
}


@dataclass(frozen=True)
class Checked:
    """An upload that passed the checks: its display name, the type its content shows, its size."""

    upload: object
    name: str
    content_type: str
    size: int

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGES


def max_bytes() -> int:
    """The largest file anyone may upload (BOARD_ATTACHMENT_MAX_BYTES)."""
    return getattr(settings, "BOARD_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)


def read(upload) -> bytes:
    """The upload's bytes (checked against the size limit before anything reads them whole)."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _ooxml_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for folder, content_type in _OOXML_FOLDERS.items():
        if any(name.startswith(folder) for name in names):
            return content_type
    return None


def _ole_type(data: bytes) -> str | None:
    guessed = filetype.guess_mime(data[:8192])
    if guessed in (DOC, XLS, PPT):
        return guessed
    for stream, content_type in _OLE_STREAMS.items():
        if stream in data:
            return content_type
    return None


def _image_is_readable(data: bytes) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    return True


def content_type_of(data: bytes) -> str | None:
    """The allowed type these bytes are, or None when they are none of the allowed types."""
    if data.startswith(b"PK\x03\x04"):
        return _ooxml_type(data)
    if data.startswith(_OLE_MAGIC):
        return _ole_type(data)
    guessed = filetype.guess_mime(data[:8192])
    if guessed == PDF:
        return PDF
    if guessed in IMAGES:
        return guessed if _image_is_readable(data) else None
    return None


def display_name(name: str) -> str:
    """The file's own name, without any folder a browser may send, shortened to fit."""
    name = os.path.basename((name or "").replace("\\", "/")).strip() or "file"
    stem, extension = os.path.splitext(name)
    return name if len(name) <= 200 else stem[: 200 - len(extension)] + extension


def check_upload(upload) -> Checked:
    """Check one uploaded file: its size against the limit and its type by its content.

    Raises ValidationError naming the file when it is too large, empty or of a type not allowed.
    """
    name = display_name(getattr(upload, "name", ""))
    size = upload.size
    if size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    if size > max_bytes():
        raise ValidationError(
            _("%(name)s is %(size)s; files may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(max_bytes())},
            code="too_large",
        )
    content_type = content_type_of(read(upload))
    if content_type is None:
        raise ValidationError(
            _("%(name)s is not a PDF, an image or an Office file (whatever its name says).") % {"name": name},
            code="type",
        )
    return Checked(upload=upload, name=name, content_type=content_type, size=size)


def storage_name(content_type: str) -> str:
    """A name nobody can guess for the stored file; the name people see is kept beside it."""
    return f"{uuid.uuid4().hex}.{EXTENSIONS[content_type]}"


def thumbnail(data: bytes) -> ContentFile | None:
    """A copy of the image at most THUMBNAIL_WIDTH wide (PNG when it has transparency, else JPEG)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.seek(0)  # the first frame of an animation
            image.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_WIDTH * 4))
            has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            out = io.BytesIO()
            if has_alpha:
                image.convert("RGBA").save(out, format="PNG", optimize=True)
                extension = "png"
            else:
                image.convert("RGB").save(out, format="JPEG", quality=85)
                extension = "jpg"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}-thumb.{extension}")
