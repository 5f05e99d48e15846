"""The public news pages work without login; the editor's pages create, edit, publish and unpublish."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from thidua.news import services
from thidua.news.models import Article


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def jpeg(size=(1200, 800)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 30, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile("anh.jpg", buffer.getvalue(), content_type="image/jpeg")


def publish(office, title: str, day: int, **fields) -> Article:
    article = services.article_create(actor=office, title=title, body=fields.pop("body", f"Nội dung {title}."), **fields)
    when = timezone.make_aware(datetime.datetime(2021, 1, day, 9, 0))
    return services.article_publish(actor=office, article=article, published_at=when)


def test_the_public_list_shows_published_articles_newest_first_without_login(client, users):
    office = users["office"]
    publish(office, "Tin cũ", 2)
    publish(office, "Tin mới", 20, summary="Tóm tắt tin mới.")
    services.article_create(actor=office, title="Bản nháp chưa đăng", body="x")
    response = client.get(reverse("news-list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Tin mới") < page.index("Tin cũ") and "Tóm tắt tin mới." in page
    assert "Bản nháp chưa đăng" not in page
    assert "Biên tập tin" not in page  # no editor's link for the public
    assert "Biên tập tin" in client_page(client, users["office"])


def client_page(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("news-list")).content.decode()


def test_the_public_list_is_paginated(client, users):
    for day in range(1, 13):
        publish(users["office"], f"Tin số {day:02d}", day)
    first = client.get(reverse("news-list")).content.decode()
    second = client.get(reverse("news-list"), {"page": 2}).content.decode()
    assert "Tin số 12" in first and "Tin số 03" in first and "Tin số 02" not in first
    assert "Tin số 02" in second and "Tin số 01" in second and "Tin số 12" not in second
    assert "Trang 1/2" in first


def test_the_article_page_has_the_title_body_and_photos_for_anyone(client, users, registry):
    office = users["office"]
    article = services.article_create(
        actor=office, title="Cụm thi đua số II tổng kết năm 2020", summary="Tóm tắt.",
        body="<h2>Kết quả</h2><p>Sở Công thương dẫn đầu.</p>", unit=registry["science"],
    )
    cover = services.photo_add(actor=office, article=article, upload=jpeg(), caption="Quang cảnh hội nghị", cover=True)
    other = services.photo_add(actor=office, article=article, upload=jpeg(), caption="Ký giao ước")
    services.article_publish(actor=office, article=article)
    response = client.get(reverse("news-detail", args=[article.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="h2 news-title">Cụm thi đua số II tổng kết năm 2020</h1>' in page
    body = re.search(r'<article class="news-body">(.*?)</article>', page, re.S).group(1)
    assert body == "<h2>Kết quả</h2><p>Sở Công thương dẫn đầu.</p>"
    assert "Quang cảnh hội nghị" in page and "Ký giao ước" in page and "Sở Khoa học và Công nghệ" in page
    assert reverse("news-photo", args=[cover.pk, "lon"]) in page and reverse("news-photo", args=[other.pk, "nho"]) in page
    assert 'name="viewport"' in page  # phone-ready
    image = client.get(reverse("news-photo", args=[cover.pk, "lon"]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert image["Cache-Control"].startswith("public")
    assert Image.open(io.BytesIO(b"".join(image.streaming_content))).size == (1200, 800)


def test_unknown_article_and_photo_size_are_404(client, db):
    assert client.get(reverse("news-detail", args=["khong-co-tin-nay"])).status_code == 404
    assert client.get("/tin-tuc/anh/1/goc.jpg").status_code == 404


def test_unpublish_hides_the_article_and_its_photos(client, client_for, users):
    office = users["office"]
    article = publish(office, "Tin sẽ bị gỡ", 5)
    photo = services.photo_add(actor=office, article=article, upload=jpeg())
    url = reverse("news-detail", args=[article.slug])
    assert client.get(url).status_code == 200
    response = client_for(office).post(reverse("news-unpublish", args=[article.pk]))
    assert response.status_code == 302
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get(reverse("news-photo", args=[photo.pk, "lon"])).status_code == 404
    assert "Tin sẽ bị gỡ" not in client.get(reverse("news-list")).content.decode()
    article.refresh_from_db()
    assert article.status == "draft" and article.published_at is not None  # republishing keeps the date


def test_the_editor_writes_uploads_and_publishes_through_the_pages(client_for, users, registry):
    client = client_for(users["officer"])
    response = client.post(reverse("news-create"), {
        "title": "Sở KH&CN phát động thi đua năm 2021", "summary": "Tóm tắt.", "unit": registry["science"].pk,
        "cluster_year": "", "body": "Đoạn một.\n\nĐoạn hai.",
    })
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("news-edit", args=[article.pk])
    assert article.slug == "so-khcn-phat-dong-thi-dua-nam-2021"
    assert article.body == "<p>Đoạn một.</p>\n<p>Đoạn hai.</p>" and article.author == users["officer"]
    edit_page = client.get(reverse("news-edit", args=[article.pk])).content.decode()
    assert re.search(r'<button class="btn btn-success" type="submit">Đăng tin</button>', edit_page)
    response = client.post(reverse("news-photo-add", args=[article.pk]), {"image": jpeg((3000, 2000)), "caption": "Lễ phát động", "cover": "on"}, follow=True)
    assert "Đã thêm ảnh." in response.content.decode()
    photo = article.photos.get()
    assert photo.is_cover and photo.caption == "Lễ phát động" and photo.width == 1600
    response = client.post(reverse("news-publish", args=[article.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("news-detail", args=[article.slug])
    assert "Đã đăng tin" in response.content.decode()
    article.refresh_from_db()
    assert article.is_published and article.published_at is not None
    assert "Gỡ tin" in client.get(reverse("news-edit", args=[article.pk])).content.decode()
    history = article.history.order_by("history_date")
    assert [h.status for h in history] == ["draft", "published"] and history.last().history_user == users["officer"]


def test_an_empty_article_cannot_be_published(client_for, users):
    article = services.article_create(actor=users["office"], title="Chưa viết gì", body="<p> </p>")
    response = client_for(users["office"]).post(reverse("news-publish", args=[article.pk]), follow=True)
    assert "Nội dung: Tin chưa có nội dung: chưa thể đăng." in response.content.decode()
    article.refresh_from_db()
    assert not article.is_published


def test_the_address_follows_the_title_until_published_then_stays(users):
    office = users["office"]
    first = services.article_create(actor=office, title="Đón nhận Cờ thi đua", body="x")
    second = services.article_create(actor=office, title="Đón nhận Cờ thi đua", body="x")
    reserved = services.article_create(actor=office, title="Biên tập", body="x")
    assert (first.slug, second.slug, reserved.slug) == ("don-nhan-co-thi-dua", "don-nhan-co-thi-dua-2", "bien-tap-tin")
    first = services.article_update(actor=office, article=first, title="Đón nhận Bằng khen")
    assert first.slug == "don-nhan-bang-khen"
    services.article_publish(actor=office, article=first)
    first = services.article_update(actor=office, article=first, title="Đón nhận Bằng khen của Thủ tướng")
    assert first.slug == "don-nhan-bang-khen"


def test_anonymous_editors_pages_send_to_login(client, users):
    article = services.article_create(actor=users["office"], title="Tin", body="x")
    for url in [reverse("news-editor"), reverse("news-create"), reverse("news-edit", args=[article.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_public_list_does_not_grow_queries_with_articles(client, users):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("news-list")).status_code == 200
        return len(captured)

    office = users["office"]
    for day in (1, 2):
        article = publish(office, f"Tin {day}", day)
        services.photo_add(actor=office, article=article, upload=jpeg((50, 50)), cover=True)
    few = queries()
    for day in range(3, 10):
        article = publish(office, f"Tin {day}", day)
        services.photo_add(actor=office, article=article, upload=jpeg((50, 50)), cover=True)
    assert queries() == few


def test_the_history_on_the_edit_page_shortens_the_body(client_for, users):
    office = users["office"]
    article = services.article_create(actor=office, title="Tin dài", body="Mở đầu. " + "chữ " * 200)
    services.article_update(actor=office, article=article, body="Thân bài mới. " + "từ " * 200)
    page = client_for(office).get(reverse("news-edit", args=[article.pk])).content.decode()
    history = page[page.index("Lịch sử thay đổi"):]
    assert "Mở đầu." in history and "Thân bài mới." in history and "…" in history
    assert "chữ " * 60 not in history and "&lt;p&gt;" not in history


def test_one_cover_at_a_time_and_captions_are_edited_on_the_page(client_for, users):
    office = users["office"]
    article = services.article_create(actor=office, title="Tin", body="x")
    first = services.photo_add(actor=office, article=article, upload=jpeg((60, 40)), cover=True)
    second = services.photo_add(actor=office, article=article, upload=jpeg((60, 40)), cover=True)
    first.refresh_from_db()
    assert second.is_cover and not first.is_cover
    client = client_for(office)
    client.post(reverse("news-photo-update", args=[article.pk, first.pk]), {"cover": "1"})
    client.post(reverse("news-photo-update", args=[article.pk, second.pk]), {f"p{second.pk}-caption": "  Chú thích   mới "})
    first.refresh_from_db(), second.refresh_from_db()
    assert first.is_cover and not second.is_cover and second.caption == "Chú thích mới"


def test_a_photo_whose_file_is_gone_answers_404(client, users):
    office = users["office"]
    article = publish(office, "Tin có ảnh", 3)
    photo = services.photo_add(actor=office, article=article, upload=jpeg((60, 40)))
    photo.image.storage.delete(photo.image.name)
    assert client.get(reverse("news-photo", args=[photo.pk, "lon"])).status_code == 404
    assert client.get(reverse("news-photo", args=[photo.pk, "nho"])).status_code == 200
