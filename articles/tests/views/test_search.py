"""Search: accent-, case- and tone-insensitive, filtered, never leaking, fixed query counts.

Runs on SQLite and, with DATABASE_URL set, on PostgreSQL (full-text index and ranking).
"""

import copy
import datetime
import re

import pytest
from django import forms
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles import search as search_module
from articles.filters import PlainHTML
from articles.models import Article, OfficialMention, UnitMention
from articles.search import (
    folded_words,
    newest_matches,
    ranked,
    search,
    search_document,
    uses_full_text,
)
from articles.tests.factories import ArticleFactory, CategoryFactory, EventFactory
from people.tests.factories import OfficialFactory, UnitFactory

pytestmark = pytest.mark.django_db

URL = reverse("articles:search")


def titles(response) -> list[str]:
    return re.findall(r'class="card-title"><a href="[^"]*">([^<]*)</a>', response.content.decode())


@pytest.fixture
def hoa_article():
    return ArticleFactory(
        title="Thiếu tướng Huỳnh Việt Hòa làm việc tại Công an tỉnh Hậu Giang",
        lead="Chiều 1/11, đoàn công tác đã đến thăm.",
        body="<p>Đại tá <b>Nguyễn Văn Đức</b> báo cáo kết quả.</p>",
    )


def test_search_document_is_folded_words_without_html():
    text = search_document(title="Công an TP. Hồ Chí Minh", body="<p>Đồng Văn <b>Thanh</b></p>")
    assert text == "cong an tp ho chi minh dong van thanh"
    assert folded_words("HUỲNH Việt Hoà!") == ["huynh", "viet", "hoa"]


def test_search_document_with_the_body_words_made_apart_is_the_same_text():
    """The importer's workers make `search_document(body=…)`; the writer joins it with the
    other fields' words: the same text as from the whole, whatever is empty or marked up."""
    bodies = ["<p>Đồng Văn <b>Thanh</b>,</p><p>Σ ΑΣ x_y 30/4</p>", "", "<p>\u0301á</p>"]
    fields = [
        {"title": "Công an TP. Hồ Chí Minh", "lead": "Sáng 1-5,", "byline": "Hồng Thái"},
        {"title": "", "lead": "", "byline": "", "author_unit": "TTXVN"},
        {"title": "ΑΣ", "lead": None, "byline": "Bảo An", "author_unit": ""},
    ]
    for body in bodies:
        for values in fields:
            whole = search_document(body=body, **values)
            words = search_document(body=body)
            assert search_document(body=body, body_words=words, **values) == whole


def test_search_text_is_filled_on_every_save(hoa_article):
    assert "huynh viet hoa" in hoa_article.search_text
    assert "nguyen van duc" in hoa_article.search_text  # the body counts too
    hoa_article.title = "Đồng chí Trần Văn Mười"
    hoa_article.save()
    hoa_article.refresh_from_db()
    assert hoa_article.search_text.startswith("dong chi tran van muoi")


@pytest.mark.parametrize(
    "query",
    [
        "huynh viet hoa",
        "HUYNH VIET HOA",
        "Huỳnh Việt Hòa",
        "Huỳnh Việt Hoà",  # old tone-mark placement
        "HUỲNH VIỆT HOÀ",
        "cong an hau giang",
        "nguyen van duc",  # only in the body
    ],
)
def test_search_ignores_diacritics_case_and_tone_placement(client, hoa_article, query):
    ArticleFactory(title="Tin khác hoàn toàn", lead="Không liên quan.")
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert titles(response) == [hoa_article.title]


def test_search_needs_every_word_as_a_whole_word(client, hoa_article):
    # "hoa" is in "Hòa" but "hoat" is not a word of the article, and "an" must not match "ban".
    assert titles(client.get(URL, {"q": "huynh hoat"})) == []
    ArticleFactory(title="Ban chỉ đạo họp", lead="", body="")
    assert titles(client.get(URL, {"q": "an chi dao"})) == []


def test_unpublished_articles_are_never_found(client):
    now = timezone.now()
    hidden = [
        ArticleFactory(title="Huỳnh Việt Hòa nháp", status=Article.Status.DRAFT),
        ArticleFactory(title="Huỳnh Việt Hòa chờ duyệt", status=Article.Status.REVIEW),
        ArticleFactory(title="Huỳnh Việt Hòa lưu trữ", status=Article.Status.ARCHIVED),
        ArticleFactory(
            title="Huỳnh Việt Hòa hẹn giờ", published_at=now + datetime.timedelta(hours=2)
        ),
        ArticleFactory(title="Huỳnh Việt Hòa hết hạn", expires_at=now - datetime.timedelta(1)),
    ]
    visible = ArticleFactory(title="Huỳnh Việt Hòa đã đăng")
    response = client.get(URL, {"q": "huynh viet hoa"})
    assert titles(response) == [visible.title]
    for article in hidden:
        assert article.title not in response.content.decode()


def test_relevance_ranks_the_phrase_first_on_postgresql_and_date_on_sqlite():
    older_phrase = ArticleFactory(
        title="Công an Hậu Giang ra quân",
        published_at=timezone.now() - datetime.timedelta(days=3),
    )
    newer_scattered = ArticleFactory(
        title="Giang sơn và hậu phương: công tác dân vận của an ninh",
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    found = list(ranked(Article.objects.published(), "cong an hau giang"))
    assert set(found) == {older_phrase, newer_scattered}
    if connection.vendor == "postgresql":
        assert found[0] == older_phrase
        assert found[0].rank > found[1].rank
    else:
        assert found == [newer_scattered, older_phrase]


def _archive(days: int, matching) -> list[Article]:
    """One published article a day, newest first; those whose day `matching` accepts name
    "Đội phòng cháy chữa cháy", the others only "công an"; a draft among the newest."""
    now = timezone.now()
    ArticleFactory(title="Phòng cháy chữa cháy: bản nháp", status=Article.Status.DRAFT)
    return [
        ArticleFactory(
            title=f"Đội phòng cháy chữa cháy, ngày {day}" if matching(day) else f"Công an {day}",
            lead="",
            body="",
            published_at=now - datetime.timedelta(days=day + 1),
        )
        for day in range(days)
    ]


@pytest.mark.skipif(not uses_full_text(), reason="the date windows are PostgreSQL's")
@pytest.mark.parametrize(
    ("matching", "case"),
    [
        (lambda day: True, "every article: the first window is enough"),
        (lambda day: day % 3 == 0, "one in three: several windows"),
        (lambda day: day == 17, "only the oldest: the last window, past every edge"),
        (lambda day: day in (0, 9, 10, 16), "some newest, some old"),
        (lambda day: False, "none"),
    ],
)
@pytest.mark.parametrize("way", ["windows", "one GIN search"])
def test_newest_matches_are_the_newest_whatever_the_windows(monkeypatch, matching, case, way):
    # Windows of the last 2, 4 and 8 days, then the rest: four windows on 18 articles.
    monkeypatch.setattr(search_module, "WINDOW_DAYS", (2.5, 4.5, 8.5))
    if way == "one GIN search":  # as for a query with a rare word
        monkeypatch.setattr(search_module, "_ALL_WORDS_COMMON", _NEVER_COMMON)
    archive = _archive(18, matching)
    found = newest_matches(Article.objects.published(), "doi phong chay chua chay", 5)
    expected = [article.pk for day, article in enumerate(archive) if matching(day)][:5]
    assert found == expected, case


# The gate's two parameters (the words, the table), and false: the rare words' way.
_NEVER_COMMON = "(%s::text[] IS NULL AND %s IS NULL)"


@pytest.mark.skipif(not uses_full_text(), reason="the date windows are PostgreSQL's")
@pytest.mark.parametrize(
    ("matching", "case"),
    [
        (lambda day: True, "every article: the first window is enough"),
        (lambda day: day % 3 == 0, "one in three: several windows"),
        (lambda day: day == 0, "only the newest: the last window, past every edge"),
        (lambda day: day in (0, 1, 9, 17), "some oldest, some new"),
        (lambda day: False, "none"),
    ],
)
@pytest.mark.parametrize("way", ["windows", "one GIN search"])
def test_oldest_matches_are_the_oldest_whatever_the_windows(monkeypatch, matching, case, way):
    # Windows of the oldest 3, 6 and 11 articles (the draft included), then the rest.
    monkeypatch.setattr(search_module, "OLDEST_WINDOW_ARTICLES", (3, 6, 11))
    if way == "one GIN search":
        monkeypatch.setattr(search_module, "_ALL_WORDS_COMMON", _NEVER_COMMON)
    archive = _archive(18, matching)
    found = newest_matches(
        Article.objects.published(), "doi phong chay chua chay", 5, oldest_first=True
    )
    oldest_first = list(reversed(list(enumerate(archive))))
    expected = [article.pk for day, article in oldest_first if matching(day)][:5]
    assert found == expected, case


@pytest.mark.skipif(not uses_full_text(), reason="PostgreSQL's statistics")
def test_a_word_found_nowhere_skips_the_windows_once_the_table_is_analyzed():
    _archive(6, lambda day: True)
    sql = f"SELECT {search_module._ALL_WORDS_COMMON}"
    table = Article._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")
        cursor.execute(sql, [["phong", "chay"], table])
        assert cursor.fetchone()[0] is True
        cursor.execute(sql, [["phong", "xyzzy"], table])
        assert cursor.fetchone()[0] is False


@pytest.mark.parametrize("sort", ["lien-quan", "moi-nhat", "cu-nhat"])
@pytest.mark.parametrize(
    ("matches", "heading"), [(3, "Kết quả: 3 bài viết"), (5, "hơn 3 bài viết")]
)
def test_results_say_when_older_matches_are_left_out(client, monkeypatch, sort, matches, heading):
    # PostgreSQL ranks the newest RANK_CANDIDATES matches, or lists the newest (or oldest)
    # NEWEST_LISTED by date, and says "more than" when there are others; SQLite lists every
    # match by date (a real count).
    monkeypatch.setattr(search_module, "RANK_CANDIDATES", 3)
    monkeypatch.setattr(search_module, "NEWEST_LISTED", 3)
    archive = _archive(matches, lambda day: True)
    if sort == "cu-nhat":
        archive.reverse()
    response = client.get(URL, {"q": "phong chay chua chay", "sap_xep": sort})
    content = response.content.decode()
    if uses_full_text():
        assert titles(response) == [a.title for a in archive[:3]]
        assert heading in content
    else:
        assert titles(response) == [a.title for a in archive]
        assert f"Kết quả: {matches} bài viết" in content


def test_common_and_rare_words_and_the_d_letter_on_both_databases(client):
    # "Đ" folds to "d": "dak nong" finds "Đắk Nông"; words that are each in every article
    # but never together find nothing; a rare word finds its one article among many.
    archive = _archive(12, lambda day: day % 2 == 0)
    rare = ArticleFactory(title="Đắk Nông tiếp nhận hồ sơ căn cước", lead="", body="")
    assert titles(client.get(URL, {"q": "dak nong"})) == [rare.title]
    assert titles(client.get(URL, {"q": "Đắk Nông"})) == [rare.title]
    assert titles(client.get(URL, {"q": "cong an chua chay"})) == []
    common = titles(client.get(URL, {"q": "cong an", "sap_xep": "moi-nhat"}))
    assert common == [a.title for a in archive if a.title.startswith("Công an")]
    phrase = titles(client.get(URL, {"q": "phong chay chua chay"}))
    assert sorted(phrase) == sorted(a.title for a in archive if a.title.startswith("Đội"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text index")
def test_postgresql_uses_the_gin_index(hoa_article):
    queryset = search(Article.objects.all(), "huynh viet hoa")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # On a tiny table the planner may walk the published_at index and filter; with plain
        # index scans and sequential scans priced out, only an index that can answer the
        # text match itself (a bitmap scan of the GIN index) is left.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "articles_article_search_gin" in plan


def test_filters_category_tag_official_unit_event_and_dates(client):
    category = CategoryFactory(name="An ninh trật tự")
    child = CategoryFactory(name="Phòng chống ma túy", parent=category)
    official = OfficialFactory(name="Huỳnh Việt Hòa")
    unit = UnitFactory(name="Công an huyện Châu Thành")
    event = EventFactory(title="Đoàn công tác thăm Hậu Giang")
    day = datetime.datetime(2021, 11, 1, 10, 0, tzinfo=datetime.UTC)

    in_child = ArticleFactory(title="Triệt phá đường dây ma túy", category=child, published_at=day)
    tagged = ArticleFactory(title="Tin có từ khóa", published_at=day - datetime.timedelta(30))
    tagged.tags.add("Chuyển đổi số")
    with_official = ArticleFactory(title="Tin có cán bộ", published_at=day)
    OfficialMention.objects.create(article=with_official, official=official)
    with_unit = ArticleFactory(title="Tin có đơn vị", published_at=day)
    UnitMention.objects.create(article=with_unit, unit=unit)
    with_event = ArticleFactory(title="Tin có sự kiện", published_at=day)
    event.articles.add(with_event)

    def found(**params):
        return set(titles(client.get(URL, params)))

    assert found(chuyen_muc=category.slug) == {in_child.title}
    assert found(tu_khoa=tagged.tags.get().slug) == {tagged.title}
    assert found(can_bo=official.slug) == {with_official.title}
    assert found(don_vi=unit.slug) == {with_unit.title}
    assert found(su_kien=event.slug) == {with_event.title}
    assert found(q="tin co", tu_ngay="01/10/2021", den_ngay="2021-10-31") == {tagged.title}
    assert found(q="tin co", tu_ngay="2021-11-01") == {
        with_official.title,
        with_unit.title,
        with_event.title,
    }
    response = client.get(URL, {"can_bo": official.slug})
    assert "Huỳnh Việt Hòa" in response.content.decode()  # the chosen filter is shown by name


def test_sort_by_date_both_ways(client):
    now = timezone.now()
    for days in (3, 1, 2):
        ArticleFactory(
            title=f"Tuần tra {days} ngày trước", published_at=now - datetime.timedelta(days)
        )
    newest = titles(client.get(URL, {"q": "tuan tra", "sap_xep": "moi-nhat"}))
    oldest = titles(client.get(URL, {"q": "tuan tra", "sap_xep": "cu-nhat"}))
    assert newest == [f"Tuần tra {d} ngày trước" for d in (1, 2, 3)]
    assert oldest == list(reversed(newest))


@pytest.mark.parametrize(
    "params",
    [
        {"q": "a" * 201},
        {"q": "cong\x00an"},
        {"tu_ngay": "2021-13-45"},
        {"den_ngay": "hôm qua"},
        {"tu_ngay": "2021-11-02", "den_ngay": "2021-11-01"},
        {"chuyen_muc": "khong-co-chuyen-muc-nay"},
        {"can_bo": "khong-co-ai"},
        {"don_vi": "x" * 5000},
        {"su_kien": "'; drop table articles_article; --"},
        {"tu_khoa": "\x00"},
        {"sap_xep": "ngau-nhien"},
    ],
)
def test_invalid_parameters_answer_400_with_a_form_error(client, params):
    ArticleFactory(title="Công an tỉnh Hậu Giang")
    response = client.get(URL, params)
    assert response.status_code == 400
    content = response.content.decode()
    assert "errorlist" in content or "form-errors" in content
    assert titles(response) == []


@pytest.mark.parametrize("page", ["99", "0", "-1", "abc", "9" * 40])
def test_pages_out_of_range_answer_404(client, page):
    ArticleFactory(title="Công an tỉnh Hậu Giang")
    response = client.get(URL, {"q": "cong an", "page": page})
    assert response.status_code == 404


def test_empty_search_shows_the_form_only(client):
    ArticleFactory()
    response = client.get(URL)
    assert response.status_code == 200
    assert titles(response) == []
    assert titles(client.get(URL, {"q": "  !!! "})) == []


def test_pagination_keeps_the_query(client):
    for number in range(23):
        ArticleFactory(title=f"Tuần tra kiểm soát đợt {number}")
    response = client.get(URL, {"q": "tuan tra", "sap_xep": "moi-nhat"})
    assert len(titles(response)) == 20
    assert "?q=tuan+tra&amp;sap_xep=moi-nhat&amp;page=2" in response.content.decode()
    assert len(titles(client.get(URL, {"q": "tuan tra", "page": 2}))) == 3


def test_header_search_box_on_every_page(client):
    response = client.get(reverse("articles:home"))
    assert f'action="{URL}"' in response.content.decode()
    assert 'name="q"' in response.content.decode()


def test_results_page_query_count_is_fixed(client, django_assert_num_queries):
    official = OfficialFactory(name="Huỳnh Việt Hòa")
    category = CategoryFactory()

    def make(count):
        for _ in range(count):
            article = ArticleFactory(title="Huỳnh Việt Hòa kiểm tra", category=category)
            article.tags.add("Kiểm tra")
            OfficialMention.objects.create(article=article, official=official)

    params = {"q": "huynh viet hoa", "can_bo": official.slug, "chuyen_muc": category.slug}
    make(3)
    # portal settings, menu, category choices, category and official validation, then
    # SQLite: the count and the page; PostgreSQL: the ranked candidates (search.ranked, one
    # query whatever the number of date windows it reads), whose length is the count, and
    # the page.
    with django_assert_num_queries(7):
        assert len(titles(client.get(URL, params))) == 3
    make(40)
    with django_assert_num_queries(7):
        assert len(titles(client.get(URL, params))) == 20
    with django_assert_num_queries(5):  # settings, menu, category choices, count, page
        client.get(URL, {"q": "huynh viet hoa"})


def test_date_inputs_show_accepted_dates_as_iso_and_never_echo_invalid_ones(client):
    content = client.get(URL, {"q": "x", "tu_ngay": "01/11/2021"}).content.decode()
    assert 'name="tu_ngay" value="2021-11-01"' in content
    content = client.get(URL, {"tu_ngay": "<b>xx</b>"}).content.decode()
    assert "xx" not in content.split('name="tu_ngay"')[1].split(">")[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stored columns")
def test_the_database_keeps_each_articles_distinct_words_in_its_row():
    # search_words (migration 0014): what the newest window tests, row by row.
    article = ArticleFactory(title="Công an Hậu Giang: công an xã", lead="", body="<p>Đắk Nông</p>")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(search_words), search_words @@ 'dak & nong'::tsquery, "
            "search_words @@ 'dak & lak'::tsquery FROM articles_article WHERE id = %s",
            [article.pk],
        )
        words, found, not_found = cursor.fetchone()
    assert sorted(words) == sorted(set(article.search_text.split()))
    assert "cong" in words and "dak" in words
    assert (found, not_found) == (True, False)
    article.title = "Tin khác"
    article.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_words FROM articles_article WHERE id = %s", [article.pk])
        assert "'cong'" not in cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("widget", "value", "attrs"),
    [
        (forms.Select(choices=[("", "Tất cả"), ("a-b", "An & ninh"), ("c", "<Cũ>")]), "a-b", {}),
        (forms.Select(choices=[("x", "X"), ("y", "Y")]), None, {"aria-invalid": "true"}),
        (forms.TextInput(attrs={"type": "search", "placeholder": "Nhập"}), 'a "b" <c>', {}),
        (forms.HiddenInput(), "huynh-viet-hoa", {"id": "id_can_bo"}),
        (forms.DateInput(), None, {"required": True, "disabled": False}),
    ],
)
def test_plain_widgets_write_what_djangos_templates_write(widget, value, attrs):
    plain = copy.deepcopy(widget)
    plain.__class__ = type("Plain", (PlainHTML, type(widget)), {})
    expected = widget.render("f", value, attrs=attrs)
    assert re.sub(r"\s*\n\s*", "", plain.render("f", value, attrs=attrs)) == re.sub(
        r"\s*\n\s*", "", expected
    )
