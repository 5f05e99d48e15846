"""Uploaded photos, checked by their content and re-encoded before anything is stored.

The name and the declared content type of an upload mean nothing: Pillow must recognise the
bytes as JPEG, PNG or WebP and verify them. What we store is our own JPEG, at most 1600 px on
its longer side plus a 400 px thumbnail, drawn from the decoded pixels: EXIF (GPS position,
camera serial), ICC, comments and anything hidden after the image data are left behind.
"""

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from thidua.core.errors import ValidationFailed

MAX_BYTES = 10 * 1024 * 1024
# Above this many pixels decoding alone would take hundreds of MB: a "decompression bomb".
MAX_PIXELS = 50_000_000
WEB_SIZE = 1600
THUMB_SIZE = 400
JPEG_QUALITY = 85
# Phones often write JPEG with extra pictures appended (MPO); it is still a JPEG.
ACCEPTED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


@dataclass(frozen=True)
class WebImage:
    data: bytes
    width: int
    height: int


@dataclass(frozen=True)
class ProcessedPhoto:
    large: WebImage
    thumbnail: WebImage


def _refuse(label: str, message: str) -> ValidationFailed:
    return ValidationFailed([f"{label}: {message}"])


def _read(upload, label: str) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise _refuse(label, f"tệp quá lớn ({size / 1024 / 1024:.1f} MB); chỉ nhận ảnh tối đa 10 MB.")
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _refuse(label, "tệp quá lớn; chỉ nhận ảnh tối đa 10 MB.")
    if not data:
        raise _refuse(label, "tệp rỗng.")
    return data


def _open(data: bytes, label: str) -> Image.Image:
    not_an_image = _refuse(
        label, "tệp không phải là ảnh JPEG, PNG hoặc WebP hợp lệ (hệ thống kiểm tra nội dung tệp, không theo tên tệp)."
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ACCEPTED_FORMATS:
                raise not_an_image
            if probe.width * probe.height > MAX_PIXELS:
                raise _refuse(label, f"ảnh quá nhiều điểm ảnh ({probe.width}×{probe.height}); tối đa 50 triệu điểm ảnh.")
            probe.verify()
            image = Image.open(io.BytesIO(data))  # verify() leaves the image unusable: open again
            image.load()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise _refuse(label, "ảnh quá nhiều điểm ảnh; tối đa 50 triệu điểm ảnh.") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise not_an_image from None
    return image


def _to_rgb(image: Image.Image) -> Image.Image:
    """Upright (the EXIF orientation applied, since EXIF is dropped) and RGB on white."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _encode(image: Image.Image, size: int) -> WebImage:
    copy = image.copy()
    copy.thumbnail((size, size), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    # No exif=, icc_profile= or comment=: the file carries the pixels only.
    copy.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return WebImage(buffer.getvalue(), copy.width, copy.height)


def process_upload(upload, *, label: str = "Ảnh") -> ProcessedPhoto:
    """Check an uploaded photo and make its web copies; refusals name the field (`label`)."""
    image = _to_rgb(_open(_read(upload, label), label))
    return ProcessedPhoto(large=_encode(image, WEB_SIZE), thumbnail=_encode(image, THUMB_SIZE))
