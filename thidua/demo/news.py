"""Demo news: the article of Cụm thi đua số II's conference of 05/01/2021, drafted from the
recorded facts by the same service an officer uses, with two illustrations drawn here in code
(a conference hall and the pact signing), then published.

Idempotent: once the 2020 year has an article, a second run adds nothing.
"""

import datetime
import io
import math
import random
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from thidua.cycles.models import ClusterYear
from thidua.news import services
from thidua.news.models import Article

YEAR = 2020
SIZE = (1600, 1000)
FONT_PATHS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/Library/Fonts/Arial Bold.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
]
RED, YELLOW, CREAM = (178, 24, 30), (255, 214, 64), (236, 226, 204)
COVER_CAPTION = "Quang cảnh Hội nghị tổng kết công tác thi đua, khen thưởng năm 2020 của Cụm thi đua số II (ảnh minh hoạ)"
PACT_CAPTION = "Các đơn vị thành viên ký giao ước thi đua năm 2021 (ảnh minh hoạ)"


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.ImageFont:
    """A bold font with Vietnamese letters if the system has one, else Pillow's own."""
    for path in FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _centred_text(draw: ImageDraw.ImageDraw, centre_x: int, top: int, text: str, size: int, fill) -> None:
    font = _font(size)
    left, _, right, _ = draw.textbbox((0, 0), text, font=font)
    draw.text((centre_x - (right - left) // 2, top), text, font=font, fill=fill)


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float, fill) -> None:
    points = []
    for index in range(10):
        r = radius if index % 2 == 0 else radius * 0.4
        angle = -math.pi / 2 + index * math.pi / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    draw.polygon(points, fill=fill)


def _person(draw: ImageDraw.ImageDraw, x: float, y: float, scale: float, rng: random.Random) -> None:
    """A seated figure seen from behind: shoulders and a head."""
    jacket = rng.choice([(40, 48, 66), (28, 32, 40), (70, 72, 80), (235, 235, 240), (52, 70, 110)])
    hair = rng.choice([(20, 18, 16), (35, 30, 26), (60, 55, 50)])
    w, h = 60 * scale, 46 * scale
    draw.rounded_rectangle([x - w / 2, y, x + w / 2, y + h], radius=int(18 * scale), fill=jacket)
    head = 17 * scale
    draw.ellipse([x - head, y - head * 1.7, x + head, y + head * 0.3], fill=hair)


def _flowers(draw: ImageDraw.ImageDraw, x: int, y: int, rng: random.Random, count: int = 14) -> None:
    for _ in range(count):
        fx, fy = x + rng.randint(-50, 50), y + rng.randint(-28, 22)
        colour = rng.choice([(230, 70, 90), (250, 200, 60), (245, 245, 245), (220, 40, 60)])
        draw.ellipse([fx - 11, fy - 11, fx + 11, fy + 11], fill=colour)
    draw.rectangle([x - 44, y + 20, x + 44, y + 34], fill=(60, 120, 60))


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def conference_hall() -> bytes:
    """The hall from the back rows: the red backdrop with the conference's name, the
    presidium table, the lectern and the delegates."""
    rng = random.Random(20210105)
    width, height = SIZE
    image = Image.new("RGB", SIZE, CREAM)
    draw = ImageDraw.Draw(image)
    for y in range(0, 520):  # the wall, lighter towards the stage lights
        shade = 236 - y // 12
        draw.line([(0, y), (width, y)], fill=(shade, shade - 10, shade - 30))
    draw.rectangle([0, 520, width, height], fill=(120, 70, 50))  # the floor
    draw.rectangle([180, 60, 1420, 400], fill=RED)  # the backdrop
    draw.rectangle([180, 60, 1420, 400], outline=YELLOW, width=6)
    _star(draw, 290, 200, 70, YELLOW)
    _centred_text(draw, 860, 95, "CỤM THI ĐUA SỐ II", 44, YELLOW)
    _centred_text(draw, 860, 170, "HỘI NGHỊ TỔNG KẾT CÔNG TÁC", 52, YELLOW)
    _centred_text(draw, 860, 235, "THI ĐUA, KHEN THƯỞNG NĂM 2020", 52, YELLOW)
    _centred_text(draw, 860, 325, "Lạng Sơn, ngày 05 tháng 01 năm 2021", 30, (255, 240, 200))
    draw.rectangle([120, 400, 1480, 440], fill=(150, 90, 60))  # the stage
    draw.rectangle([300, 440, 1100, 520], fill=(30, 110, 70))  # presidium table, green cloth
    for x in range(360, 1100, 150):
        _person(draw, x, 392, 0.9, rng)
        draw.rectangle([x - 22, 448, x + 22, 462], fill=(250, 250, 250))  # name plates
    _flowers(draw, 700, 470, rng)
    draw.polygon([(1200, 520), (1340, 520), (1320, 400), (1220, 400)], fill=(110, 60, 35))  # lectern
    _star(draw, 1270, 455, 22, YELLOW)
    for row in range(5):  # delegates, nearer rows larger
        scale = 1.1 + row * 0.28
        y = 600 + row * 85
        spacing = int(95 * scale)
        for x in range(-20 + (row % 2) * spacing // 2, width + 60, spacing):
            if 720 < x < 880:
                continue  # the aisle
            _person(draw, x, y, scale, rng)
    return _png(image)


def pact_signing() -> bytes:
    """Leaders of the member units at the signing table, the pact folders before them."""
    rng = random.Random(20210106)
    width, height = SIZE
    image = Image.new("RGB", SIZE, (232, 222, 200))
    draw = ImageDraw.Draw(image)
    draw.rectangle([100, 50, 1500, 330], fill=RED)
    draw.rectangle([100, 50, 1500, 330], outline=YELLOW, width=6)
    _centred_text(draw, 800, 95, "LỄ KÝ KẾT GIAO ƯỚC THI ĐUA NĂM 2021", 56, YELLOW)
    _centred_text(draw, 800, 180, "CỤM THI ĐUA SỐ II – TỈNH LẠNG SƠN", 40, (255, 240, 200))
    _centred_text(draw, 800, 255, "Lạng Sơn, ngày 05 tháng 01 năm 2021", 30, (255, 240, 200))
    draw.rectangle([0, 700, width, height], fill=(125, 75, 55))
    seats = 7
    for index in range(seats):  # the seven leaders standing behind the table
        x = 180 + index * 207
        suit = rng.choice([(36, 40, 56), (30, 30, 36), (60, 66, 80)])
        draw.rounded_rectangle([x - 70, 470, x + 70, 700], radius=30, fill=suit)
        draw.polygon([(x - 18, 470), (x + 18, 470), (x, 540)], fill=(245, 245, 245))  # shirt
        draw.polygon([(x - 6, 480), (x + 6, 480), (x + 4, 560), (x - 4, 560)], fill=RED)  # tie
        skin = rng.choice([(224, 180, 140), (210, 165, 125), (232, 190, 150)])
        draw.ellipse([x - 45, 360, x + 45, 470], fill=skin)
        draw.chord([x - 47, 352, x + 47, 430], start=180, end=360, fill=(25, 22, 20))  # hair
    draw.rectangle([60, 600, 1540, 660], fill=(250, 250, 250))  # the table, white cloth
    draw.rectangle([60, 660, 1540, 760], fill=(30, 110, 70))
    for index in range(seats):
        x = 180 + index * 207
        draw.polygon([(x - 60, 640), (x + 60, 640), (x + 70, 600), (x - 50, 600)], fill=(170, 30, 40))  # pact folder
        draw.line([(x - 30, 620), (x + 40, 620)], fill=YELLOW, width=3)
    _flowers(draw, 800, 700, rng, count=20)
    for x in range(40, width, 190):  # delegates in the front row, seen from behind
        _person(draw, x + rng.randint(-20, 20), 880 + rng.randint(0, 30), 2.0, rng)
    return _png(image)


@transaction.atomic
def load() -> None:
    cluster_year = ClusterYear.objects.filter(cluster__code="CUM-II", year=YEAR).first()
    if cluster_year is None or cluster_year.phase not in services.DRAFT_PHASES:
        return
    if Article.objects.filter(cluster_year=cluster_year).exists():
        return
    admin = get_user_model().objects.get(username="admin")
    article = services.article_draft_from_year(actor=admin, cluster_year=cluster_year)
    services.photo_add(
        actor=admin, article=article, upload=ContentFile(conference_hall(), name="hoi-nghi.png"),
        caption=COVER_CAPTION, cover=True,
    )
    services.photo_add(
        actor=admin, article=article, upload=ContentFile(pact_signing(), name="ky-giao-uoc.png"),
        caption=PACT_CAPTION,
    )
    services.article_publish(
        actor=admin, article=article,
        published_at=timezone.make_aware(datetime.datetime(2021, 1, 6, 9, 0)),
    )
