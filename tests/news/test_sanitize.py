"""The rich text of an article: script, event handlers, javascript: URLs and foreign images never
reach a rendered page, whether they come through the editor, the service or straight into the row."""

import pytest
from django.urls import reverse

from thidua.news import sanitize, services
from thidua.news.models import Article

ATTACKS = [
    '<script>alert("xss-1")</script>',
    '<img src=x onerror=alert("xss-2")>',
    '<p onclick="alert(\'xss-3\')" style="color:red">Đoạn có sự kiện</p>',
    '<a href="javascript:alert(\'xss-4\')">bấm vào đây</a>',
    '<a href="JaVaScRiPt:alert(\'xss-5\')">chữ hoa</a>',
    '<a href="&#106;avascript:alert(\'xss-6\')">mã hoá</a>',
    '<svg onload=alert("xss-7")><script>alert("xss-8")</script></svg>',
    '<iframe src="javascript:alert(\'xss-9\')"></iframe>',
    '<img src="https://evil.example/track.gif" onerror="alert(\'xss-10\')">',
    '<style>body{background:url("javascript:alert(\'xss-11\')")}</style>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">dữ liệu</a>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert("xss-12")>',
    '<form action="javascript:alert(\'xss-13\')"><button>Gửi</button></form>',
    '<!-- <script>alert("xss-14")</script> -->',
]
DANGERS = ["<script>alert", "onerror", "onload", "onclick", "javascript:", "alert(", "<iframe", "<svg",
           "<style", "style=", "data:text", "evil.example", "<form"]


def article_section(page: str) -> str:
    return page[page.index("<article"): page.index("</article>")]


@pytest.mark.parametrize("attack", ATTACKS)
def test_clean_html_removes_every_attack(attack):
    cleaned = sanitize.clean_html(f"<p>Trước</p>{attack}<p>Sau</p>").lower()
    assert not any(danger.lower() in cleaned for danger in DANGERS), cleaned
    assert "<p>trước</p>" in cleaned


def test_harmless_markup_is_kept_and_links_get_rel():
    body = (
        '<h2>Kết quả</h2><p><strong>Sở Công thương</strong> dẫn đầu, <em>xếp thứ nhất</em>.</p>'
        '<ul><li>Một</li></ul><ol><li>Hai</li></ol><blockquote>Trích dẫn</blockquote>'
        '<p><a href="https://langson.gov.vn/tin" title="Cổng tỉnh">Cổng thông tin</a><br>dòng mới</p>'
        '<figure><img src="/tin-tuc/anh/7/lon.jpg" alt="Hội nghị"><figcaption>Quang cảnh</figcaption></figure>'
    )
    cleaned = sanitize.clean_html(body)
    for kept in ["<h2>Kết quả</h2>", "<strong>Sở Công thương</strong>", "<em>xếp thứ nhất</em>", "<ul><li>Một</li></ul>",
                 "<blockquote>Trích dẫn</blockquote>", "<br>", '<img src="/tin-tuc/anh/7/lon.jpg" alt="Hội nghị">',
                 "<figcaption>Quang cảnh</figcaption>"]:
        assert kept in cleaned
    assert '<a href="https://langson.gov.vn/tin" title="Cổng tỉnh" rel="noopener noreferrer">' in cleaned


@pytest.mark.parametrize("src", ["https://example.com/a.jpg", "//example.com/a.jpg", "/tin-tuc/anh/../../x.jpg",
                                 "x", "/static/web/a.png", "data:image/png;base64,AAAA"])
def test_images_only_from_our_own_media(src):
    assert sanitize.clean_html(f'<p>a</p><img src="{src}" alt="x">') == "<p>a</p>"


def test_plain_text_becomes_escaped_paragraphs():
    assert sanitize.clean_html("Dòng một\nDòng hai\n\n<Đoạn hai> & hết") == (
        "<p>Dòng một<br>Dòng hai</p>\n<p>&lt;Đoạn hai&gt; &amp; hết</p>"
    )


def test_the_photo_url_is_what_the_sanitiser_accepts():
    assert reverse("news-photo", args=[7, "lon"]).startswith(sanitize.PHOTO_URL_PREFIX)


def test_attacks_never_reach_the_public_page(client, users):
    body = "<p>Nội dung an toàn.</p>" + "".join(ATTACKS)
    article = services.article_create(actor=users["office"], title="Thử <script> tiêu đề", body=body)
    services.article_publish(actor=users["office"], article=article)
    stored = Article.objects.get(pk=article.pk).body.lower()
    assert not any(danger.lower() in stored for danger in DANGERS)
    page = client.get(reverse("news-detail", args=[article.slug])).content.decode()
    assert "Nội dung an toàn." in page
    lowered = page.lower()
    for danger in ["<script>alert", "onerror", "onload", "onclick", "javascript:", "alert(", "<iframe", "evil.example"]:
        assert danger not in lowered, danger
    assert "<h1 class=\"h2 news-title\">Thử &lt;script&gt; tiêu đề</h1>" in page  # the title is text, escaped


def test_a_body_written_around_the_model_is_cleaned_again_at_render(client, users):
    article = services.article_create(actor=users["office"], title="Ghi thẳng vào bảng", body="An toàn.")
    services.article_publish(actor=users["office"], article=article)
    Article.objects.filter(pk=article.pk).update(body='<p>Cũ</p><img src=x onerror=alert(1)><script>alert(2)</script>')
    page = client.get(reverse("news-detail", args=[article.slug])).content.decode()
    section = article_section(page)
    assert "<p>Cũ</p>" in section and "onerror" not in page and "<script>alert" not in page


def test_the_editor_form_stores_only_the_clean_body(client_for, users):
    client = client_for(users["office"])
    response = client.post(reverse("news-create"), {
        "title": "Tin thử", "summary": "", "unit": "", "cluster_year": "",
        "body": '<p>Chào</p><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>',
    })
    assert response.status_code == 302
    assert Article.objects.get().body == '<p>Chào</p><a rel="noopener noreferrer">x</a>'
