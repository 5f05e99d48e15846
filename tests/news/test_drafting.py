"""The conference article drafted from the recorded facts, and the demo's published article."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from tests.news.test_permissions import refused
from thidua.core.errors import InvalidTransition
from thidua.cycles import selectors as cycle_selectors
from thidua.cycles.models import ClusterYear, Conference
from thidua.demo import news as demo_news
from thidua.news import drafting, services
from thidua.news.models import Article


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def user(username: str):
    return get_user_model().objects.get(username=username)


def test_the_draft_of_the_demo_year_states_its_facts(client_for, db):
    call_command("demo")
    cluster_year = cycle_selectors.cluster_year_find(cluster_code="CUM-II", year=2020)
    assert cluster_year.phase == "submitted"
    draft = drafting.draft_from_cluster_year(cluster_year)
    text = " ".join(draft.paragraphs)
    assert draft.title == "Cụm thi đua số II tổng kết công tác thi đua, khen thưởng năm 2020"
    assert text.startswith(
        "Ngày 05/01/2021, tại Hội trường Sở Khoa học và Công nghệ tỉnh Lạng Sơn, Cụm thi đua số II tổ chức "
        "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2020."
    )
    for fact in [
        "đại diện lãnh đạo Sở Nội vụ",                                         # guests
        "lãnh đạo 07/07 đơn vị thành viên của Cụm",                              # attendees, members
        "Giám đốc Sở Khoa học và Công nghệ, chủ trì Hội nghị",                   # chair
        "Sở Công thương dẫn đầu Cụm thi đua số II năm 2020 với 97,5 điểm",       # ranking
        "tiếp theo là Sở Khoa học và Công nghệ (95 điểm) và Sở Xây dựng (93 điểm)",
        "với 7/7 đơn vị thành viên tán thành",                                   # votes
        "đề nghị UBND tỉnh xét tặng Cờ thi đua của UBND tỉnh cho Sở Công thương; "
        "Bằng khen của Chủ tịch UBND tỉnh cho Sở Khoa học và Công nghệ và Sở Xây dựng",  # proposals
        "Hội nghị đã bầu Sở Tài nguyên và Môi trường làm Trưởng cụm, Sở Giao thông Vận tải "
        "làm Phó trưởng cụm năm 2021",                                           # next year's leadership
        "các đơn vị thành viên đã ký giao ước thi đua năm 2021",                 # the 2021 pact
    ]:
        assert fact in text, fact
    assert draft.summary == (
        "Ngày 05/01/2021, Cụm thi đua số II tổng kết công tác thi đua, khen thưởng năm 2020: Sở Công thương dẫn đầu "
        "Cụm; Sở Tài nguyên và Môi trường được bầu làm Trưởng cụm năm 2021."
    )
    assert draft.body.startswith("<p>Ngày 05/01/2021") and draft.body.count("<p>") == len(draft.paragraphs)

    # The 2020 leader's officer drafts it through the page; another unit's officer may not.
    refused(client_for(user("canbo.sct")), "post", reverse("news-draft-from-year", args=[cluster_year.pk]))
    client = client_for(user("canbo.skhcn"))
    preview = client.get(reverse("news-draft-from-year", args=[cluster_year.pk])).content.decode()
    assert "Sở Công thương dẫn đầu" in preview
    response = client.post(reverse("news-draft-from-year", args=[cluster_year.pk]))
    article = Article.objects.filter(cluster_year=cluster_year).order_by("-pk").first()  # the demo published one already
    assert response["Location"] == reverse("news-edit", args=[article.pk])
    assert article.title == draft.title and article.body == draft.body and article.unit.code == "SKHCN"
    assert not article.is_published

    # A year without its conference gives no draft; the next year is not submitted yet.
    following = ClusterYear.objects.get(cluster=cluster_year.cluster, year=2021)
    with pytest.raises(InvalidTransition, match="trình tỉnh"):
        services.article_draft_from_year(actor=user("admin"), cluster_year=following)


def test_a_sparse_year_drafts_only_the_sentences_it_has_facts_for(registry, users):
    cluster_year = ClusterYear.objects.create(cluster=registry["cluster"], year=registry["year"], phase="closed")
    Conference.objects.create(
        cluster_year=cluster_year, held_on=datetime.date(registry["year"], 12, 30), host=registry["trade"],
        place="Hội trường tầng 3",
    )
    draft = drafting.draft_from_cluster_year(cluster_year)
    assert draft.paragraphs == [
        f"Ngày 30/12/{registry['year']}, tại Hội trường tầng 3 (Sở Công thương đăng cai), Cụm thi đua số II "
        f"tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm {registry['year']}."
    ]
    assert draft.summary == f"Ngày 30/12/{registry['year']}, Cụm thi đua số II tổng kết công tác thi đua, khen thưởng năm {registry['year']}."
    article = services.article_draft_from_year(actor=users["office"], cluster_year=cluster_year)
    assert article.unit == registry["science"]  # the leading unit of the year


def test_the_demo_publishes_the_conference_article_with_two_drawn_photos(client, db, media):
    call_command("demo")
    demo_news.load()
    demo_news.load()  # idempotent
    article = Article.objects.get()
    assert article.is_published and article.author.username == "admin"
    assert article.published_at.date() == datetime.date(2021, 1, 6)
    assert article.cluster_year.year == 2020 and article.unit.code == "SKHCN"
    photos = list(article.photos.order_by("-is_cover", "position"))
    assert len(photos) == 2 and photos[0].is_cover and not photos[1].is_cover
    assert all(p.caption and (p.width, p.height) == (1600, 1000) for p in photos)
    assert len([p for p in media.rglob("*.jpg")]) == 4

    listing = client.get(reverse("news-list")).content.decode()
    assert "Cụm thi đua số II tổng kết công tác thi đua, khen thưởng năm 2020" in listing
    page = client.get(reverse("news-detail", args=[article.slug])).content.decode()
    assert "<h1" in page and "<article" in page and "Sở Công thương dẫn đầu" in page
    assert "Quang cảnh Hội nghị tổng kết" in page and "ký giao ước thi đua năm 2021" in page
    image = client.get(reverse("news-photo", args=[photos[0].pk, "lon"]))
    assert Image.open(io.BytesIO(b"".join(image.streaming_content))).format == "JPEG"
