"""The rich text of an article, made safe: only an allowlist of harmless tags and attributes
passes (nh3, the Rust `ammonia` sanitiser). No script, no event handler, no style, no
`javascript:` or `data:` URL; images only from our own media.

Plain text (no tag at all) is accepted too: blank lines make paragraphs, single line breaks
make `<br>`, so an officer who does not write HTML still gets a well-formed article.
"""

import html
import re

import nh3
from django.conf import settings

TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "figure",
    "figcaption", "img",
}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer"
# Where our photos are served: the news photo view, and the media URL for stored files.
PHOTO_URL_PREFIX = "/tin-tuc/anh/"

_TAG = re.compile(r"<[a-zA-Z/!]")
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
_EMPTY_TEXT = re.compile(r"<[^>]+>|&nbsp;|\s")


def own_media_prefixes() -> tuple[str, ...]:
    return (PHOTO_URL_PREFIX, settings.MEDIA_URL)


def is_own_media_url(url: str) -> bool:
    """A path on this site under our media prefixes; not `//host/…`, not `..`, no scheme."""
    url = url.strip()
    if not url.startswith("/") or url.startswith("//") or "\\" in url or ".." in url:
        return False
    return url.startswith(own_media_prefixes())


def _filter(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src":
        return value if is_own_media_url(value) else None
    return value


def paragraphs_from_text(text: str) -> str:
    """Plain text as HTML paragraphs, every character escaped."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if block.strip()]
    return "\n".join(
        "<p>" + "<br>".join(html.escape(line.strip()) for line in block.split("\n")) + "</p>" for block in blocks
    )


def clean_html(value: str) -> str:
    """The article body as it may be stored and rendered."""
    if not value.strip():
        return ""
    if not _TAG.search(value):
        value = paragraphs_from_text(value)
    cleaned = nh3.clean(
        value,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        attribute_filter=_filter,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    # An image whose source was refused carries nothing worth keeping.
    return _IMG_WITHOUT_SRC.sub("", cleaned).strip()


def has_text(value: str) -> bool:
    """Whether the body says anything (tags and whitespace alone do not count)."""
    return bool(_EMPTY_TEXT.sub("", value or "")) or "<img" in (value or "")
