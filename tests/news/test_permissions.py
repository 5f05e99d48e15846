"""Every news permission rule, refused for a user without it: HTTP 403 and nothing changes
(no row, no history entry, no file). Published articles are public; drafts only for editors."""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.conftest import make_user
from thidua.core.errors import Forbidden, InvalidTransition
from thidua.cycles.models import ClusterYear, Conference
from thidua.news import services
from thidua.news.models import Article, ArticlePhoto
from thidua.organisations.models import Role


def snapshot():
    models = (Article, ArticlePhoto, Article.history.model, ArticlePhoto.history.model)
    state = {model.__name__: sorted(model.objects.values_list(), key=repr) for model in models}
    state["files"] = sorted(str(p) for p in Path(settings.MEDIA_ROOT).rglob("*"))
    return state


def refused(client, method, url, data=None):
    before = snapshot()
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 403, (url, response.status_code)
    assert snapshot() == before
    return response


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (20, 120, 60)).save(buffer, "JPEG")
    return SimpleUploadedFile("anh.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def news(users, registry):
    """An article of Sở KH&CN (draft, with a photo), one of the province (published), and the
    emulation officer of Sở Công thương, who may write only for their own unit."""
    science = services.article_create(actor=users["officer"], title="Tin của Sở KH&CN", body="Bản nháp.", unit=registry["science"])
    photo = services.photo_add(actor=users["officer"], article=science, upload=jpeg(), caption="Ảnh")
    province = services.article_create(actor=users["office"], title="Tin của tỉnh", body="Đã đăng.")
    services.article_publish(actor=users["office"], article=province)
    other = make_user("officer.sct", Role.UNIT_OFFICER, unit=registry["trade"])
    return {"science": science, "photo": photo, "province": province, "other": other}


def editor_actions(news):
    article, photo = news["science"], news["photo"]
    return [
        ("get", reverse("news-edit", args=[article.pk]), None),
        ("post", reverse("news-edit", args=[article.pk]), {"title": "Sửa trái phép", "body": "x", "unit": article.unit_id}),
        ("post", reverse("news-publish", args=[article.pk]), None),
        ("post", reverse("news-photo-add", args=[article.pk]), {"image": jpeg()}),
        ("post", reverse("news-photo-update", args=[article.pk, photo.pk]), {"cover": "1"}),
        ("post", reverse("news-photo-update", args=[article.pk, photo.pk]), {f"p{photo.pk}-caption": "Sửa"}),
        ("post", reverse("news-photo-remove", args=[article.pk, photo.pk]), None),
    ]


@pytest.mark.parametrize("who", ["council", "leader", "head", "guest", "nobody"])
def test_only_the_office_and_unit_officers_write_news(client_for, users, news, who):
    client = client_for(users[who])
    refused(client, "get", reverse("news-editor"))
    refused(client, "get", reverse("news-create"))
    refused(client, "post", reverse("news-create"), {"title": "Tin trái phép", "body": "x"})


@pytest.mark.parametrize("who", ["other", "council", "leader", "head", "guest", "nobody"])
def test_only_the_units_officer_and_the_office_edit_a_units_article(client_for, users, news, who):
    client = client_for(news["other"] if who == "other" else users[who])
    for method, url, data in editor_actions(news):
        refused(client, method, url, data)


def test_an_officer_edits_publishes_and_adds_photos_for_their_own_unit(client_for, users, news):
    client = client_for(users["officer"])
    article = news["science"]
    response = client.post(reverse("news-edit", args=[article.pk]), {"title": "Tin đã sửa", "body": "Nội dung mới.", "unit": article.unit_id})
    assert response.status_code == 302
    assert client.post(reverse("news-photo-add", args=[article.pk]), {"image": jpeg()}).status_code == 302
    assert client.post(reverse("news-publish", args=[article.pk])).status_code == 302
    article.refresh_from_db()
    assert article.title == "Tin đã sửa" and article.is_published and article.photos.count() == 2


@pytest.mark.parametrize("action", ["edit", "publish", "unpublish", "photo"])
def test_the_office_edits_any_article(users, news, action):
    office, article = users["office"], news["science"]
    if action == "edit":
        assert services.article_update(actor=office, article=article, title="Phòng TĐKT sửa").title == "Phòng TĐKT sửa"
    elif action == "publish":
        assert services.article_publish(actor=office, article=article).is_published
    elif action == "unpublish":
        assert not services.article_unpublish(actor=office, article=news["province"]).is_published
    else:
        assert services.photo_add(actor=office, article=article, upload=jpeg()).pk


def test_an_officer_may_not_write_for_the_province_or_another_unit(users, registry, news):
    officer = users["officer"]
    before = snapshot()
    with pytest.raises(Forbidden):
        services.article_create(actor=officer, title="Tin của tỉnh", body="x")
    with pytest.raises(Forbidden):
        services.article_create(actor=officer, title="Tin của Sở Công thương", body="x", unit=registry["trade"])
    with pytest.raises(Forbidden):
        services.article_update(actor=officer, article=news["science"], unit=registry["trade"])
    with pytest.raises(Forbidden):
        services.article_update(actor=officer, article=news["province"], title="Sửa tin của tỉnh")
    with pytest.raises(Forbidden):
        services.article_unpublish(actor=officer, article=news["province"])
    assert snapshot() == before


def test_the_editor_form_offers_an_officer_only_their_own_units(client_for, users, registry, news):
    page = client_for(users["officer"]).get(reverse("news-create")).content.decode()
    assert registry["science"].name in page and registry["trade"].name not in page
    assert "Tin của tỉnh (không thuộc đơn vị)" not in page
    response = client_for(users["officer"]).post(reverse("news-create"), {"title": "X", "body": "x", "unit": registry["trade"].pk})
    assert response.status_code == 200 and not Article.objects.filter(title="X").exists()


def test_a_draft_is_visible_only_to_its_editors(client, client_for, users, news):
    article, photo = news["science"], news["photo"]
    page, image = reverse("news-detail", args=[article.slug]), reverse("news-photo", args=[photo.pk, "lon"])
    assert client.get(page).status_code == 404 and client.get(image).status_code == 404
    for user in [news["other"], users["council"], users["guest"]]:
        assert client_for(user).get(page).status_code == 404
        assert client_for(user).get(image).status_code == 404
    for user in [users["officer"], users["office"]]:
        response = client_for(user).get(page)
        assert response.status_code == 200 and "Bản nháp" in response.content.decode()
        image_response = client_for(user).get(image)
        assert image_response.status_code == 200 and image_response["Cache-Control"] == "private, no-store"
    client.logout()
    assert article.slug not in client.get(reverse("news-list")).content.decode()


def test_the_editors_list_shows_only_what_the_user_may_edit(client_for, users, news):
    officer_page = client_for(users["officer"]).get(reverse("news-editor")).content.decode()
    assert "Tin của Sở KH&amp;CN" in officer_page and "Tin của tỉnh" not in officer_page
    office_page = client_for(users["office"]).get(reverse("news-editor")).content.decode()
    assert "Tin của Sở KH&amp;CN" in office_page and "Tin của tỉnh" in office_page
    assert "Tin của Sở KH&amp;CN" not in client_for(news["other"]).get(reverse("news-editor")).content.decode()


# --- Drafting from a cluster year ---------------------------------------------------------------


@pytest.fixture
def submitted_year(registry):
    """The registry's cluster in its current year, already submitted, with its conference."""
    cluster_year = ClusterYear.objects.create(cluster=registry["cluster"], year=registry["year"], phase="submitted")
    Conference.objects.create(
        cluster_year=cluster_year, held_on=datetime.date(registry["year"], 12, 20), host=registry["science"],
        place="Hội trường Sở Khoa học và Công nghệ", chair="Nguyễn Văn A, Giám đốc Sở Khoa học và Công nghệ",
    )
    return cluster_year


@pytest.mark.parametrize("who", ["other", "council", "head.trade", "guest", "nobody"])
def test_only_a_runner_of_the_year_or_the_office_drafts_from_it(client_for, users, registry, news, submitted_year, who):
    if who == "other":
        user = news["other"]
    elif who == "head.trade":
        user = make_user("head.sct", Role.UNIT_HEAD, unit=registry["trade"])
    else:
        user = users[who]
    client = client_for(user)
    url = reverse("news-draft-from-year", args=[submitted_year.pk])
    refused(client, "get", url)
    refused(client, "post", url)
    with pytest.raises(Forbidden):
        services.article_draft_from_year(actor=user, cluster_year=submitted_year)


def test_the_leading_units_officer_drafts_and_goes_on_editing(client_for, users, registry, submitted_year):
    client = client_for(users["officer"])  # Sở KH&CN leads the cluster this year
    url = reverse("news-draft-from-year", args=[submitted_year.pk])
    assert "Lưu thành bản nháp" in client.get(url).content.decode()
    response = client.post(url)
    article = Article.objects.get(cluster_year=submitted_year)
    assert response.status_code == 302 and response["Location"] == reverse("news-edit", args=[article.pk])
    assert article.unit == registry["science"] and article.author == users["officer"] and not article.is_published


def test_a_leader_by_grant_drafts_for_the_leading_unit_and_hands_it_over(client_for, users, registry, submitted_year):
    response = client_for(users["leader"]).post(reverse("news-draft-from-year", args=[submitted_year.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("year-conference", args=[submitted_year.pk])
    article = Article.objects.get(cluster_year=submitted_year)
    assert article.unit == registry["science"]
    assert client_for(users["leader"]).get(reverse("news-edit", args=[article.pk])).status_code == 403


@pytest.mark.parametrize("phase", ["setup", "consolidation", "conference"])
def test_drafting_waits_until_the_year_is_submitted(users, submitted_year, phase):
    ClusterYear.objects.filter(pk=submitted_year.pk).update(phase=phase)
    with pytest.raises(InvalidTransition, match="đã trình tỉnh hoặc đã kết thúc"):
        services.article_draft_from_year(actor=users["office"], cluster_year=submitted_year)
    assert not Article.objects.exists()
