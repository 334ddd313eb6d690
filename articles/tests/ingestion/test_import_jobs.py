"""Importing a stream of pages: worker processes, batches, the progress bar.

`import_articles --jobs N` parses and recognises in N worker processes and writes pages in
batches, each page all or nothing; the results must be those of one page at a time.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from articles.ingestion import service
from articles.ingestion.sample_pages import write_pages
from articles.ingestion.service import Action, Importer, PageInput
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleTransition,
    Event,
    OfficialMention,
    Provenance,
    UnitMention,
)
from people.models import Official, Position, Unit, UnitAlias

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "sources"


class Terminal(io.StringIO):
    """An output stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def run(*args, stdout=None, stderr=None) -> tuple[str, int]:
    out = stdout if stdout is not None else io.StringIO()
    try:
        call_command("import_articles", *args, stdout=out, stderr=stderr or io.StringIO())
        return out.getvalue(), 0
    except CommandError as err:
        return out.getvalue() + str(err), err.returncode


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Generated pages, one of them twice under another name, a seed and an empty file."""
    folder = tmp_path / "corpus"
    write_pages(folder, 36, seed=7, per_folder=20)
    first = sorted(folder.rglob("*.txt"))[3]
    (folder / "lo-001" / "zz-ban-sao.txt").write_bytes(first.read_bytes())
    seed = sorted(SEEDS.glob("000_*.txt"))[0]
    (folder / "lo-001" / seed.name).write_bytes(seed.read_bytes())
    (folder / "lo-001" / "rong.txt").write_bytes(b"")
    return folder


def rows(values) -> list:
    return sorted(values, key=repr)


def without_ids(snapshot: dict) -> dict:
    """The import snapshot but its ids (authors and source are compared by name)."""
    return {k: v for k, v in snapshot.items() if k != "authors" and not k.endswith("_id")}


def database_state() -> dict:
    """Everything an import writes, by natural keys (ids differ from one run to the next)."""
    return {
        "articles": rows(
            (*row, without_ids(snapshot))
            for *row, snapshot in Article.objects.values_list(
                "fingerprint",
                "title",
                "slug",
                "status",
                "published_at",
                "lead",
                "body",
                "byline",
                "author_unit",
                "source__name",
                "import_snapshot",
            )
        ),
        "authors": rows(
            ArticleAuthor.objects.values_list("article__slug", "author__name", "position")
        ),
        "history": rows(
            Article.history.values_list(
                "slug", "history_type", "history_change_reason", "history_user", "title", "status"
            )
        ),
        "transitions": rows(
            ArticleTransition.objects.values_list("article__slug", "from_status", "to_status")
        ),
        "provenance": rows(
            Provenance.objects.values_list("article__slug", "file_name", "content_hash", "parsed")
        ),
        "official_mentions": rows(
            OfficialMention.objects.values_list(
                "article__slug", "official__slug", "name_as_printed", "rank", "unit__slug"
            )
        ),
        "unit_mentions": rows(
            UnitMention.objects.values_list("article__slug", "unit__slug", "name_as_printed")
        ),
        "officials": rows(
            Official.objects.values_list(
                "slug", "name", "current_rank", "current_title", "unit__slug", "rank_as_of"
            )
        ),
        "positions": rows(
            Position.objects.values_list(
                "official__slug", "unit__slug", "title", "rank", "first_seen", "last_seen"
            )
        ),
        "units": rows(Unit.objects.values_list("slug", "name", "kind", "parent__slug")),
        "aliases": rows(UnitAlias.objects.values_list("unit__slug", "name")),
        "events": rows(
            (
                event.slug,
                event.date,
                event.kind,
                event.lead_official.slug if event.lead_official else None,
                event.host_unit.slug if event.host_unit else None,
                sorted(a.slug for a in event.articles.all()),
                sorted(o.slug for o in event.officials.all()),
                sorted(u.slug for u in event.units.all()),
            )
            for event in Event.objects.select_related("lead_official", "host_unit")
        ),
    }


def test_jobs_2_gives_the_same_database_and_lines_as_jobs_1(corpus):
    with transaction.atomic():
        one_output, one_status = run(
            str(corpus), "--jobs", "1", "--batch-size", "1", "--status", "published"
        )
        one = database_state()
        transaction.set_rollback(True)
    assert Article.objects.count() == 0
    # One batch: the copy of a page is in the same batch as the page.
    two_output, two_status = run(
        str(corpus), "--jobs", "2", "--batch-size", "50", "--status", "published"
    )
    two = database_state()

    assert one_status == two_status == 1  # the empty page
    assert len(one["articles"]) == 37  # 36 generated pages and the seed; the copy is one
    assert one["official_mentions"] and one["events"] and one["positions"] and one["transitions"]
    assert len(one["history"]) == 37
    assert one == two
    # Same lines in the same order (the summary's timing apart).
    assert one_output.splitlines()[:-2] == two_output.splitlines()[:-2]


def test_a_page_that_fails_inside_a_batch_is_rolled_back_alone(corpus, monkeypatch):
    """The failure is a database error, which aborts the batch's transaction: the batch is
    written again page by page, and only the bad page is missing."""
    bad = sorted(corpus.rglob("trang-*.txt"))[5]
    bad_title = bad.read_text("utf-8").splitlines()[0]
    real = service.save_recognition

    def failing(article, page, **kwargs):
        if article.title == bad_title:
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM bang_khong_co")
        return real(article, page, **kwargs)

    monkeypatch.setattr(service, "save_recognition", failing)
    output, status = run(str(corpus), "--jobs", "2", "--batch-size", "10")
    assert status == 1
    failed = [line for line in output.splitlines() if line.startswith("failed")]
    assert len(failed) == 2  # the bad page and the empty one
    assert any(bad.name in line and "lỗi nội bộ" in line for line in failed)
    assert "Traceback" not in output
    assert Article.objects.count() == 36
    assert not Article.objects.filter(title=bad_title).exists()
    assert Provenance.objects.filter(file_name=bad.name).count() == 0
    # The other pages of its batch landed whole.
    assert OfficialMention.objects.values("article").distinct().count() >= 30
    assert Article.objects.filter(provenance__isnull=True).count() == 0


def test_import_pages_streams_in_order_and_keeps_few_pages_in_flight():
    read = []

    def pages():
        for index in range(500):
            read.append(index)
            yield PageInput(f"{index}.txt", b"")  # empty: fails without a write

    outcomes = Importer().import_pages(pages(), jobs=2, batch_size=5)
    first = next(outcomes)
    # One batch taken, at most 4 * jobs chunks of 8 pages being prepared, one being cut.
    assert len(read) <= 5 + 4 * 2 * 8 + 8
    rest = list(outcomes)
    assert [o.file_name for o in [first, *rest]] == [f"{index}.txt" for index in range(500)]
    assert {o.action for o in [first, *rest]} == {Action.FAILED}
    assert len(read) == 500


def test_progress_bar_on_a_terminal_and_plain_lines_otherwise(corpus):
    stdout, stderr = io.StringIO(), io.StringIO()
    run(str(corpus), stdout=stdout, stderr=stderr)
    lines = stdout.getvalue().splitlines()
    assert len(lines) == 40  # a line per page, the summary
    assert stderr.getvalue() == ""  # no bar, no carriage returns in a log

    Article.objects.all().delete()
    stdout, stderr = Terminal(), Terminal()
    run(str(corpus), stdout=stdout, stderr=stderr)
    bar = stderr.getvalue()
    assert "Nhập bài" in bar and "39/39" in bar and "100%" in bar
    lines = stdout.getvalue().splitlines()
    # On a terminal only the failed page gets a line, then the summary.
    assert [line.split()[0] for line in lines] == ["failed", "39"]


def test_jobs_and_batch_size_must_be_positive(corpus):
    for option in ("--jobs", "--batch-size"):
        output, status = run(str(corpus), option, "0")
        assert status == 2
        assert "phải là số dương" in output
    assert Article.objects.count() == 0


def test_a_status_the_user_may_not_give_fails_every_page_of_a_stream(corpus, django_user_model):
    user = django_user_model.objects.create_user("phong-vien", password="x")
    importer = Importer(status=Article.Status.PUBLISHED, user=user)
    files = sorted(corpus.rglob("*.txt"))[:3]
    outcomes = list(importer.import_pages(PageInput(p.name, p.read_bytes()) for p in files))
    assert [o.action for o in outcomes] == [Action.FAILED] * 3
    assert all(o.reason for o in outcomes)
    assert Article.objects.count() == 0


def _worker_dies(items, max_bytes):
    os._exit(1)


def test_a_worker_that_dies_stops_the_command_with_a_message(corpus, monkeypatch):
    monkeypatch.setattr(service, "_prepare_chunk", _worker_dies)
    output, status = run(str(corpus), "--jobs", "2")
    assert status == 1
    assert "dừng đột ngột" in output and "chạy lại lệnh" in output
    assert Article.objects.count() == 0


def test_an_edited_copy_in_the_same_batch_updates_the_article_it_follows(tmp_path):
    """The copy reads back what its original wrote in the batch (authors, provenance, history)."""
    write_pages(tmp_path, 1, seed=3)
    (original,) = tmp_path.rglob("*.txt")
    text = original.read_text("utf-8")
    byline = text.rstrip("\n").rsplit("\n", 1)[1]
    (original.parent / "zz-sua.txt").write_text(text.replace(byline, "Bảo Ngọc"), "utf-8")
    output, status = run(str(tmp_path), "--update", "--jobs", "2", "--status", "published")
    assert status == 0, output
    assert [line.split()[0] for line in output.splitlines()[:2]] == ["created", "updated"]
    article = Article.objects.get()
    assert article.byline == "Bảo Ngọc"
    assert [a.author.name for a in article.article_authors.all()] == ["Bảo Ngọc"]
    assert article.provenance.count() == 2
    assert article.history.count() == 2
    assert ArticleTransition.objects.filter(article=article).count() == 1
