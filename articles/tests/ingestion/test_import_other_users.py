"""Deduplication never crosses the workflow: a duplicate the importer may not see is
reported without its title or address, and nothing is attached to it."""

import pytest

from articles.ingestion.service import Action, Importer
from articles.models import Article, Provenance
from articles.tests.ingestion.test_import_command import PAGE
from articles.tests.workflow_helpers import make_user

pytestmark = pytest.mark.django_db

DATA = PAGE.encode("utf-8")
COPY = PAGE.replace("\n", "\r\n").encode("utf-8")  # same article, another file (new provenance)
PRIVATE = "Tiêu đề riêng của phóng viên A"


@pytest.fixture
def others_article():
    """Reporter A imported the page and renamed the draft."""
    owner = make_user("reporter")
    outcome = Importer(user=owner).import_page(data=DATA, file_name="a.txt")
    assert outcome.action == Action.CREATED
    Article.objects.filter(pk=outcome.article_id).update(title=PRIVATE)
    return Article.objects.get(pk=outcome.article_id)


@pytest.mark.parametrize("update", [False, True])
def test_another_reporters_duplicate_is_reported_without_details(others_article, update):
    outcome = Importer(user=make_user("reporter"), update=update).import_page(
        data=COPY, file_name="b.txt"
    )
    assert outcome.action == Action.SKIPPED
    assert "bài bạn không được xem" in outcome.reason
    assert outcome.article_id is None and outcome.title == "" and outcome.status == ""
    assert PRIVATE not in str(outcome.as_dict())
    assert Article.objects.count() == 1
    assert list(Provenance.objects.values_list("file_name", flat=True)) == ["a.txt"]
    others_article.refresh_from_db()
    assert others_article.title == PRIVATE


def test_an_editor_sees_the_duplicate_and_may_attach_the_file(others_article):
    outcome = Importer(user=make_user("editor")).import_page(data=COPY, file_name="c.txt")
    assert outcome.action == Action.UNCHANGED
    assert outcome.article_id == others_article.pk and outcome.title == PRIVATE
    assert set(Provenance.objects.values_list("file_name", flat=True)) == {"a.txt", "c.txt"}


def test_the_owner_reimporting_sees_their_own_article(others_article):
    owner = others_article.created_by
    outcome = Importer(user=owner).import_page(data=DATA, file_name="a2.txt")
    assert outcome.action == Action.UNCHANGED and outcome.title == PRIVATE


def test_a_reporter_may_not_attach_to_a_visible_article_they_cannot_edit(others_article):
    owner = others_article.created_by
    Article.objects.filter(pk=others_article.pk).update(status=Article.Status.REVIEW)
    outcome = Importer(user=owner, update=True).import_page(data=COPY, file_name="a3.txt")
    assert outcome.action == Action.SKIPPED
    assert outcome.article_id == others_article.pk  # they may see it: title and link are fine
    assert list(Provenance.objects.values_list("file_name", flat=True)) == ["a.txt"]
