"""Recognition for articles written in the admin: linked like an import, removals kept."""

import pytest
from django.urls import reverse

from articles.models import Article, OfficialMention, UnitMention
from articles.services.recognition import page_of, recognise_article
from articles.tests.admin.test_workflow_admin import ADD, change_url, form_data
from articles.tests.factories import ArticleFactory
from articles.tests.workflow_helpers import make_user
from people.models import Official

pytestmark = pytest.mark.django_db

BODY = (
    "<p>Sáng 1/11, Đại tá <strong>Huỳnh Việt Hòa</strong>, Giám đốc Công an tỉnh Hậu Giang "
    "đã tiếp và làm việc với đoàn công tác.</p>"
    "<p>Cùng dự có Thượng tá Nguyễn Văn Phóng, Phó Giám đốc Công an tỉnh Hậu Giang.</p>"
)


def officials_of(article):
    return set(article.official_mentions.values_list("official__name", flat=True))


def units_of(article):
    return set(article.unit_mentions.values_list("unit__name", flat=True))


def test_page_of_reads_title_lead_and_body_text():
    article = ArticleFactory(title="Tiêu đề", lead="Sapo.", body=BODY)
    page = page_of(article)
    assert (page.title, page.lead) == ("Tiêu đề", "Sapo.")
    assert page.paragraphs[0].startswith("Sáng 1/11, Đại tá Huỳnh Việt Hòa, Giám đốc")
    assert "<" not in " ".join(page.paragraphs)


def test_recognise_article_links_officials_units_and_keeps_the_keys():
    article = ArticleFactory(title="Tiếp đoàn công tác", lead="", body=BODY)
    added = recognise_article(article)
    assert added >= 3
    assert {"Huỳnh Việt Hòa", "Nguyễn Văn Phóng"} <= officials_of(article)
    assert "Công an tỉnh Hậu Giang" in units_of(article)
    mention = article.official_mentions.get(official__name="Huỳnh Việt Hòa")
    assert mention.rank == "Đại tá"
    assert mention.titles[0].startswith("Giám đốc")
    assert mention.unit.name == "Công an tỉnh Hậu Giang"
    article.refresh_from_db()
    assert article.import_snapshot["mentions"]["officials"]
    # Saving again without change adds nothing and makes no new revision.
    revisions = article.history.count()
    assert recognise_article(article) == 0
    assert article.history.count() == revisions


def test_recognition_keeps_an_editors_removal_and_adds_what_is_new():
    article = ArticleFactory(title="Tiếp đoàn công tác", lead="", body=BODY)
    recognise_article(article)
    article.official_mentions.filter(official__name="Nguyễn Văn Phóng").delete()
    article.refresh_from_db()
    article.body = (
        BODY + "<p>Đại tá Trần Văn Mới, Phó Giám đốc Công an tỉnh Hậu Giang phát biểu.</p>"
    )
    article.save()
    recognise_article(article)
    names = officials_of(article)
    assert "Nguyễn Văn Phóng" not in names
    assert {"Huỳnh Việt Hòa", "Trần Văn Mới"} <= names


def test_recognition_does_not_touch_the_import_snapshots_other_keys():
    article = ArticleFactory(title="Bài nhập", lead="", body=BODY)
    article.import_snapshot = {"title": "Bài nhập", "mentions": {"officials": [], "units": []}}
    article.save()
    recognise_article(article)
    article.refresh_from_db()
    assert article.import_snapshot["title"] == "Bài nhập"
    assert set(article.import_snapshot["mentions"]) == {"officials", "units", "events"}


# --- through the admin's save ------------------------------------------------------------------


def _mention_rows(article):
    """The official-mention inline as the change form posts it, every row kept."""
    rows = list(article.official_mentions.order_by("pk"))
    data = {
        "official_mentions-TOTAL_FORMS": len(rows),
        "official_mentions-INITIAL_FORMS": len(rows),
    }
    for i, m in enumerate(rows):
        data.update(
            {
                f"official_mentions-{i}-id": m.pk,
                f"official_mentions-{i}-article": article.pk,
                f"official_mentions-{i}-official": m.official_id,
                f"official_mentions-{i}-name_as_printed": m.name_as_printed,
                f"official_mentions-{i}-rank": m.rank,
                f"official_mentions-{i}-titles": '["' + '", "'.join(m.titles) + '"]'
                if m.titles
                else "[]",
                f"official_mentions-{i}-unit": m.unit_id or "",
                f"official_mentions-{i}-confidence": m.confidence,
            }
        )
    return rows, data


def test_writing_an_article_in_the_admin_links_its_officials_and_keeps_a_removal(client):
    editor = make_user("editor")
    client.force_login(editor)
    new = Article(title="Giám đốc Công an tỉnh tiếp đoàn công tác", slug="", status="draft")
    response = client.post(ADD, form_data(new, body=BODY, lead="Sáng 1/11."))
    assert response.status_code == 302
    article = Article.objects.get()
    assert {"Huỳnh Việt Hòa", "Nguyễn Văn Phóng"} <= officials_of(article)
    assert "Công an tỉnh Hậu Giang" in units_of(article)
    hoa = Official.objects.get(name="Huỳnh Việt Hòa")
    assert article in hoa.articles.all()

    # The editor deletes the second official in the inline and saves: it stays deleted.
    rows, data = _mention_rows(article)
    index = next(i for i, m in enumerate(rows) if m.official.name == "Nguyễn Văn Phóng")
    data[f"official_mentions-{index}-DELETE"] = "on"
    response = client.post(change_url(article), form_data(article, **data))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "Nguyễn Văn Phóng" not in officials_of(article)

    # Another save, with the text unchanged: still not added back.
    _, data = _mention_rows(article)
    response = client.post(change_url(article), form_data(article, **data))
    assert response.status_code == 302
    assert "Nguyễn Văn Phóng" not in officials_of(article)
    assert "Huỳnh Việt Hòa" in officials_of(article)


def test_a_reporters_draft_is_recognised_on_save_too(client):
    reporter = make_user("reporter")
    client.force_login(reporter)
    new = Article(title="Tiếp đoàn công tác", slug="", status="draft")
    response = client.post(ADD, form_data(new, body=BODY, _workflow_step="submit"))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == "review"
    assert "Huỳnh Việt Hòa" in officials_of(article)
    assert UnitMention.objects.filter(article=article).exists()
    assert OfficialMention.objects.filter(article=article).count() >= 2
    assert reverse("admin:articles_article_change", args=[article.pk])
