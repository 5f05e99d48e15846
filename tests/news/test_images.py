"""Uploaded photos are judged by their content, re-encoded to JPEG, resized and stripped of EXIF."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from thidua.core.errors import ValidationFailed
from thidua.news import images, services
from thidua.news.models import ArticlePhoto


def picture(size=(800, 600), fmt="JPEG", mode="RGB", colour=(200, 30, 40), **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, fmt, **save)
    return buffer.getvalue()


def with_exif(size=(640, 480), orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "MayAnhBiMat"  # Make
    exif[0x0131] = "PhanMemBiMat"  # Software
    if orientation:
        exif[0x0112] = orientation
    exif.get_ifd(0x8825)[2] = (21.0, 51.0, 0.0)  # GPSLatitude: where the photo was taken
    return picture(size, exif=exif.tobytes())


def upload(data: bytes, name: str = "anh.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def article(users):
    return services.article_create(actor=users["office"], title="Tin có ảnh", body="Nội dung.")


def test_a_text_file_renamed_jpg_is_refused_in_vietnamese_naming_the_field():
    with pytest.raises(ValidationFailed) as refusal:
        images.process_upload(upload(b"Day khong phai la anh, chi la van ban.\n" * 20, "anh-hoi-nghi.jpg"), label="Ảnh")
    assert refusal.value.errors == [
        "Ảnh: tệp không phải là ảnh JPEG, PNG hoặc WebP hợp lệ (hệ thống kiểm tra nội dung tệp, không theo tên tệp)."
    ]


def test_a_renamed_text_file_is_refused_on_the_page_and_nothing_is_stored(client_for, users, article, media):
    client = client_for(users["office"])
    fake = upload(b"<?php echo 'xin chao'; ?>", "anh.jpg")
    response = client.post(reverse("news-photo-add", args=[article.pk]), {"image": fake}, follow=True)
    assert "Ảnh: tệp không phải là ảnh JPEG, PNG hoặc WebP hợp lệ" in response.content.decode()
    assert not ArticlePhoto.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))


@pytest.mark.parametrize(
    "data, name",
    [
        (picture(fmt="GIF", mode="P"), "anh.gif"),
        (picture(fmt="BMP"), "anh.jpg"),
        (picture()[:300], "cat-cut.jpg"),  # truncated JPEG
        (b"", "rong.jpg"),
    ],
)
def test_other_formats_and_broken_files_are_refused(data, name):
    with pytest.raises(ValidationFailed) as refusal:
        images.process_upload(upload(data, name), label="Ảnh bìa")
    assert refusal.value.errors[0].startswith("Ảnh bìa: tệp ")


def test_a_file_over_10_mb_is_refused():
    big = upload(b"\xff\xd8\xff" + b"0" * (images.MAX_BYTES + 1))
    with pytest.raises(ValidationFailed) as refusal:
        images.process_upload(big)
    assert "tối đa 10 MB" in refusal.value.errors[0]


def _png_claiming(width: int, height: int) -> bytes:
    """A real 1x1 PNG whose header claims another size: a decompression bomb's calling card."""
    data = bytearray(picture((1, 1), fmt="PNG"))
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


@pytest.mark.parametrize("side", [8000, 20000])
def test_an_image_with_too_many_pixels_is_refused_before_decoding(side):
    with pytest.raises(ValidationFailed) as refusal:
        images.process_upload(upload(_png_claiming(side, side), "bom.png"))
    assert "quá nhiều điểm ảnh" in refusal.value.errors[0]


def test_a_huge_image_is_resized_to_web_sizes_and_stored_as_jpeg(users, article):
    photo = services.photo_add(actor=users["office"], article=article, upload=upload(picture((5000, 3000), quality=70)))
    assert (photo.width, photo.height) == (1600, 960)
    assert (photo.thumb_width, photo.thumb_height) == (400, 240)
    with photo.image.open("rb") as stored:
        large = Image.open(io.BytesIO(stored.read()))
    assert large.format == "JPEG" and large.size == (1600, 960)
    with photo.thumbnail.open("rb") as stored:
        assert Image.open(io.BytesIO(stored.read())).size == (400, 240)
    assert photo.image.name.startswith("news/") and photo.image.name.endswith(".jpg")


def test_exif_is_stripped_and_its_orientation_applied(users, article):
    original = with_exif((640, 480), orientation=6)  # "rotate 90°": a portrait photo
    assert Image.open(io.BytesIO(original)).getexif()[0x010F] == "MayAnhBiMat"
    photo = services.photo_add(actor=users["office"], article=article, upload=upload(original))
    with photo.image.open("rb") as stored:
        data = stored.read()
    assert b"MayAnhBiMat" not in data and b"PhanMemBiMat" not in data and b"Exif" not in data
    result = Image.open(io.BytesIO(data))
    assert len(result.getexif()) == 0
    assert result.size == (480, 640)  # upright, since the orientation tag is gone


def test_png_with_transparency_and_webp_are_accepted(users, article):
    png = picture((300, 200), fmt="PNG", mode="RGBA", colour=(0, 0, 0, 0))
    photo = services.photo_add(actor=users["office"], article=article, upload=upload(png, "logo.png", "image/png"))
    with photo.image.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
    assert image.format == "JPEG" and image.getpixel((10, 10)) == (255, 255, 255)  # transparent -> white
    webp = picture((300, 200), fmt="WEBP")
    assert services.photo_add(actor=users["office"], article=article, upload=upload(webp, "a.webp")).width == 300


def test_a_jpeg_named_txt_is_accepted_because_content_decides(users, article):
    photo = services.photo_add(actor=users["office"], article=article, upload=upload(picture(), "ghi-chu.txt", "text/plain"))
    assert photo.image.name.endswith(".jpg")


def test_removing_a_photo_deletes_its_files(users, article, media, django_capture_on_commit_callbacks):
    photo = services.photo_add(actor=users["office"], article=article, upload=upload(picture()))
    files = [media / photo.image.name, media / photo.thumbnail.name]
    assert all(path.exists() for path in files)
    with django_capture_on_commit_callbacks(execute=True):
        services.photo_remove(actor=users["office"], photo=photo)
    assert not any(path.exists() for path in files)
    assert not ArticlePhoto.objects.exists()
