"""What HTML markup says (og:, JSON-LD, microdata, <time>, meta author, figcaption) is used,
cross-checked with the visible text; comment sections, share bars and tickers are furniture."""

from __future__ import annotations

import datetime as dt

import pytest

from articles.ingestion.markup import read_markup, title_variants
from articles.ingestion.parser import parse_bytes

HEADLINE = "Công an tỉnh tổ chức hội nghị triển khai nhiệm vụ năm 2024"
LEAD = (
    "Sáng 4/1, Công an tỉnh tổ chức hội nghị triển khai nhiệm vụ công tác năm 2024 với sự "
    "tham dự của Đại tá Nguyễn Văn An, Giám đốc Công an tỉnh và lãnh đạo các đơn vị."
)
BODY = (
    "Phát biểu chỉ đạo, Đại tá Nguyễn Văn An yêu cầu các đơn vị tập trung thực hiện tốt các "
    "chỉ tiêu, nhiệm vụ được giao, bảo đảm an ninh, trật tự trên địa bàn."
)


def page(head: str = "", body: str = "", *, article: str | None = None) -> bytes:
    article = article if article is not None else f"<p>{LEAD}</p><p>{BODY}</p>"
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{HEADLINE} - Công an tỉnh"
        f"</title>{head}</head><body><div class='top'>Thứ Ba, 12/03/2024</div>"
        f"<p class='site'>Công an tỉnh Quảng Ninh</p>{body}<article>{article}</article>"
        "</body></html>"
    ).encode()


def test_og_title_and_article_published_time():
    head = (
        f"<meta property='og:title' content='{HEADLINE}'>"
        "<meta property='article:published_time' content='2024-01-04T10:15:00+07:00'>"
    )
    body = f"<h2 class='x'>{HEADLINE}</h2>"
    parsed = parse_bytes(page(head, body), filename="a.html")
    assert parsed.title == HEADLINE
    # The header's today date (12/03/2024) is not the article's.
    assert (parsed.published_date, parsed.published_time) == (dt.date(2024, 1, 4), dt.time(10, 15))
    assert parsed.lead == LEAD


def test_og_title_with_site_suffix_is_matched_to_the_printed_headline():
    head = f"<meta property='og:title' content='{HEADLINE} | Công an tỉnh Quảng Ninh'>"
    parsed = parse_bytes(page(head, f"<h1>{HEADLINE}</h1>"), filename="a.html")
    assert parsed.title == HEADLINE


def test_json_ld_news_article_in_a_graph():
    head = (
        '<script type=\'application/ld+json\'>{"@context":"https://schema.org","@graph":['
        '{"@type":"WebSite","name":"Công an tỉnh"},{"@type":"NewsArticle",'
        f'"headline":"{HEADLINE}","datePublished":"2024-01-04T03:15:00Z",'
        '"author":[{"@type":"Person","name":"Minh Anh"}]}]}</script>'
    )
    markup = read_markup(page(head).decode())
    assert markup.titles[0] == HEADLINE
    assert markup.dates[0] == (dt.date(2024, 1, 4), dt.time(10, 15))  # 03:15 UTC = 10:15 here
    assert markup.authors == ["Minh Anh"]
    parsed = parse_bytes(
        page(head, f"<h1>{HEADLINE}</h1>", article=f"<p>{LEAD}</p><p>{BODY}</p><p>Minh Anh</p>"),
        filename="a.html",
    )
    assert (parsed.title, parsed.byline) == (HEADLINE, "Minh Anh")
    assert parsed.published_time == dt.time(10, 15)


def test_time_datetime_and_visible_time_win_over_a_zone_less_midnight():
    body = (
        f"<h1>{HEADLINE}</h1><time class='entry-date published' datetime='2024-01-04'>"
        "Thứ Năm, 04/01/2024 10:15</time>"
    )
    parsed = parse_bytes(page("", body), filename="a.html")
    assert (parsed.published_date, parsed.published_time) == (dt.date(2024, 1, 4), dt.time(10, 15))


def test_date_only_in_metadata_is_used():
    head = "<meta itemprop='datePublished' content='2024-01-04T08:00:00+07:00'>"
    parsed = parse_bytes(page(head, f"<h1>{HEADLINE}</h1>"), filename="a.html")
    assert parsed.published_date == dt.date(2024, 1, 4)
    assert not any("Không tìm thấy ngày đăng" in w for w in parsed.warnings)


def test_meta_author_must_look_like_a_name():
    for author, expected in (("Thu Trang", "Thu Trang"), ("admin", None)):
        head = f"<meta name='author' content='{author}'>"
        parsed = parse_bytes(page(head, f"<h1>{HEADLINE}</h1>"), filename="a.html")
        assert parsed.byline == expected


@pytest.mark.parametrize(
    "container",
    [
        "<div class='entry-content'>{}</div>",
        "<div id='news-bodyhtml' class='bodytext'>{}</div>",
        "<div class='item-page'><div itemprop='articleBody'>{}</div></div>",
    ],
)
def test_article_containers_of_wordpress_nukeviet_joomla(container):
    inner = f"<p>{LEAD}</p><p>{BODY}</p>"
    html = (
        f"<html><head><meta property='og:title' content='{HEADLINE}'></head><body>"
        f"<ul class='menu'><li>Trang chủ</li></ul><h1>{HEADLINE}</h1>"
        f"{container.format(inner)}</body></html>"
    )
    parsed = parse_bytes(html.encode(), filename="a.html")
    assert (parsed.title, parsed.lead, parsed.paragraphs) == (HEADLINE, LEAD, [BODY])


def test_figcaptions_become_captions_in_page_order():
    article = (
        f"<p>{LEAD}</p><figure><img src='1.jpg'><figcaption>Quang cảnh hội nghị triển khai "
        "nhiệm vụ năm 2024.</figcaption></figure>"
        f"<p>{BODY}</p><figure><img src='2.jpg'><figcaption>Đại tá Nguyễn Văn An phát biểu "
        "chỉ đạo hội nghị. Ảnh: Minh Anh</figcaption></figure><p>Dịp này, Công an tỉnh khen "
        "thưởng 12 tập thể, 30 cá nhân có thành tích xuất sắc trong năm 2023.</p>"
    )
    parsed = parse_bytes(page("", f"<h1>{HEADLINE}</h1>", article=article), filename="a.html")
    assert [(c.text, c.credit) for c in parsed.captions] == [
        ("Quang cảnh hội nghị triển khai nhiệm vụ năm 2024.", None),
        ("Đại tá Nguyễn Văn An phát biểu chỉ đạo hội nghị.", "Minh Anh"),
    ]
    assert len(parsed.paragraphs) == 2


def test_asp_net_page_wrapped_in_a_form_is_read():
    html = (
        "<html><body><form id='aspnetForm' method='post'><table><tr><td>"
        f"<span id='ctl00_lblTieuDe'>{HEADLINE}</span></td></tr><tr><td>"
        "<span>Cập nhật: 04-01-2024 | 10:15</span></td></tr><tr><td>"
        f"{LEAD}<br><br>{BODY}</td></tr></table></form></body></html>"
    )
    parsed = parse_bytes(html.encode(), filename="ChiTietTin.aspx.html")
    assert parsed.title == HEADLINE
    assert (parsed.published_date, parsed.published_time) == (dt.date(2024, 1, 4), dt.time(10, 15))


COMMENTS_HTML = (
    "<div id='comments' class='comments-area'><h2>2 bình luận</h2><ol class='comment-list'>"
    "<li class='comment'><b class='fn'>Phạm Đức Thắng</b><time datetime='2024-01-05T09:12'>"
    "05/01/2024 lúc 9:12 sáng</time><p>Cảm ơn các anh Công an tỉnh đã vất vả ngày đêm.</p></li>"
    "</ol></div>"
)


def test_html_comment_section_names_and_dates_are_not_the_articles():
    html = (
        f"<html><body><h1>{HEADLINE}</h1><p>Thứ Năm, 04/01/2024 10:15</p><p>{LEAD}</p>"
        f"<p>{BODY}</p>{COMMENTS_HTML}</body></html>"
    )
    parsed = parse_bytes(html.encode(), filename="a.html")
    assert parsed.byline is None
    assert parsed.published_date == dt.date(2024, 1, 4)
    assert all("Cảm ơn" not in p for p in parsed.paragraphs)


def test_text_comment_section_names_are_not_the_byline():
    text = "\n".join(
        [
            HEADLINE,
            "Thứ Năm, 04/01/2024 10:15",
            LEAD,
            BODY,
            "Ý kiến bạn đọc (2)",
            "Trần Quốc Bảo",
            "05/01/2024 11:20",
            "Bài viết rất hữu ích, tôi sẽ chia sẻ cho người thân trong gia đình cùng biết.",
            "Lê Thị Mỹ Duyên",
            "06/01/2024 14:02",
            "Tin cùng chuyên mục",
            "Trao quà Tết cho hộ nghèo biên giới",
        ]
    )
    parsed = parse_bytes(text.encode(), filename="a.txt")
    assert parsed.byline is None
    assert parsed.published_date == dt.date(2024, 1, 4)
    assert [r.title for r in parsed.related_headlines] == ["Trao quà Tết cho hộ nghèo biên giới"]


def test_share_bar_and_ticker_are_furniture():
    html = (
        "<html><body><div class='ticker'><b>TIN MỚI:</b><marquee>Bắt nhóm đối tượng trộm cắp "
        "dây điện (21/03/2024)</marquee></div>"
        f"<h1>{HEADLINE}</h1><div class='detail-time'>Thứ Năm, 04/01/2024 10:15</div>"
        "<div class='social-bar'><span>Chia sẻ</span><a>Facebook</a><span>Thích 24</span></div>"
        f"<p>{LEAD}</p><p>{BODY}</p><p><strong>Văn Quyết</strong></p></body></html>"
    )
    parsed = parse_bytes(html.encode(), filename="a.html")
    assert parsed.title == HEADLINE
    assert parsed.byline == "Văn Quyết"
    assert parsed.published_date == dt.date(2024, 1, 4)


def test_title_variants_drop_the_site_name():
    assert title_variants("Tin A - Công an tỉnh Quảng Ninh", "Công an tỉnh Quảng Ninh")[-1] == (
        "Tin A"
    )
    assert "Tin A - phần hai" in title_variants("Tin A - phần hai | Công an tỉnh")


def test_site_name_in_h1_does_not_replace_the_headline():
    html = (
        "<html><head><title>Công an tỉnh Bắc Ninh</title></head><body>"
        "<h1 class='logo'>Công an tỉnh Bắc Ninh</h1>"
        f"<h2>{HEADLINE}</h2><p>Thứ Năm, 04/01/2024 10:15</p><p>{LEAD}</p><p>{BODY}</p>"
        "</body></html>"
    )
    assert parse_bytes(html.encode(), filename="a.html").title == HEADLINE


def test_times_in_related_lists_are_not_the_publication_date():
    html = (
        f"<html><body><h2>{HEADLINE}</h2><p>Thứ Năm, 04/01/2024 10:15</p><p>{LEAD}</p>"
        f"<p>{BODY}</p><h3>Tin liên quan</h3><ul>"
        "<li><a>Trao quà Tết cho hộ nghèo biên giới</a> <time datetime='2023-12-28'>28/12</time>"
        "</li><li><a>Tuần tra kiểm soát dịp Tết trên quốc lộ 1A</a> "
        "<time datetime='2023-12-20'>20/12</time></li></ul></body></html>"
    )
    parsed = parse_bytes(html.encode(), filename="a.html")
    assert (parsed.published_date, parsed.published_time) == (dt.date(2024, 1, 4), dt.time(10, 15))
