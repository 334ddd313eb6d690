"""Batches written at once: new rows built in memory and inserted in bulk when a batch ends.

The database must end up exactly as when each page is imported on its own (one transaction a
page, every row saved as it comes), a bad page must fail alone, copies and namesakes inside
one batch must be found as page by page finds them, and the statements a batch runs must
not grow with its pages.
"""

from __future__ import annotations

import re
import shutil
from contextlib import suppress
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from articles.ingestion import service
from articles.ingestion.sample_pages import write_pages
from articles.ingestion.service import Action, Importer, PageInput
from articles.models import Article, Event, OfficialMention, Provenance
from articles.tests.ingestion.test_import_jobs import database_state
from newsroom.slugs import unique_slug, unique_slugs
from people.models import Official

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "sources"
OFFICIAL = re.compile(r"đồng chí (Đại tá|Thượng tá|Trung tá|Thiếu tá) ([^,]+),")


class _Undo(Exception):
    """Raised to roll back what a run wrote, once its rows are read."""


def mixed_pages(folder: Path) -> list[Path]:
    """Generated pages, the seed pages, a copy of a page next to it, two pages naming the
    same official no one has yet (trang-00008 and -00009, the name in NAMESAKE), and an
    empty file."""
    write_pages(folder, 24, seed=11)
    pages = sorted(folder.rglob("*.txt"))
    shutil.copy(pages[4], folder / "lo-000" / "trang-00004-ban-sao.txt")
    first, second = pages[8], pages[9]
    _, name = OFFICIAL.search(first.read_text("utf-8")).groups()
    text = second.read_text("utf-8")
    second.write_text(OFFICIAL.sub(lambda m: f"đồng chí {m[1]} {name},", text), "utf-8")
    (folder / "NAMESAKE").write_text(name, "utf-8")
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder / "lo-000" / f"trang-00010-{seed.name}")
    (folder / "lo-000" / "trang-00012-rong.txt").write_bytes(b"")
    return sorted(folder.rglob("*.txt"))


def inputs(paths: list[Path]) -> list[PageInput]:
    return [PageInput(path.name, path.read_bytes()) for path in paths]


def outcome_rows(outcomes) -> list[tuple]:
    return [(o.file_name, o.action, o.reason, o.title, o.status) for o in outcomes]


def state_after(run) -> tuple[list, dict]:
    """What `run()` returns and the rows it wrote, then rolled back."""
    result = {}
    with suppress(_Undo), transaction.atomic():
        result["outcomes"] = outcome_rows(run())
        result["state"] = database_state()
        raise _Undo
    return result["outcomes"], result["state"]


def page_by_page(paths: list[Path], **options):
    importer = Importer(**options)
    return [importer.import_page(data=i.data, file_name=i.file_name) for i in inputs(paths)]


def in_batches(paths: list[Path], batch_size: int, **options):
    return list(Importer(**options).import_pages(inputs(paths), jobs=1, batch_size=batch_size))


@pytest.fixture
def rewritten(monkeypatch) -> list:
    """The batches that could not be written at once (and were written page by page)."""
    calls = []
    real = Importer._write_batch_in_savepoints

    def spy(self, batch):
        calls.append([p.file_name for p in batch])
        return real(self, batch)

    monkeypatch.setattr(Importer, "_write_batch_in_savepoints", spy)
    return calls


@pytest.mark.parametrize("status", [Article.Status.PUBLISHED, Article.Status.DRAFT])
def test_batches_write_the_same_rows_as_one_page_at_a_time(tmp_path, status, rewritten):
    paths = mixed_pages(tmp_path)
    one_outcomes, one = state_after(lambda: page_by_page(paths, status=status))
    # Batches of 7: copies, namesakes and new units fall in the same batch and across two.
    batch_outcomes, batched = state_after(lambda: in_batches(paths, 7, status=status))
    assert rewritten == []  # every batch was written at once, none fell back
    assert one["articles"] and one["officials"] and one["events"] and one["positions"]
    assert len(one["articles"]) == len(paths) - 2  # the copy and the empty file
    assert batch_outcomes == one_outcomes
    for table in one:
        assert batched[table] == one[table], table


def test_a_copy_and_a_namesake_in_the_same_batch_are_found_as_page_by_page(tmp_path, rewritten):
    paths = mixed_pages(tmp_path)
    outcomes = in_batches(paths, 50, status=Article.Status.PUBLISHED)
    assert rewritten == []
    by_name = {o.file_name: o for o in outcomes}
    # The copy's name sorts first: it is created, and the page it copies finds it.
    copy, original = by_name["trang-00004-ban-sao.txt"], by_name["trang-00004.txt"]
    assert (copy.action, original.action) == (Action.CREATED, Action.UNCHANGED)
    assert original.article_id == copy.article_id is not None
    assert Provenance.objects.filter(article_id=copy.article_id).count() == 1  # same bytes
    first, second = by_name["trang-00008.txt"], by_name["trang-00009.txt"]
    official = Official.objects.get(name=(tmp_path / "NAMESAKE").read_text("utf-8"))
    mentioned = OfficialMention.objects.filter(official=official).values_list("article_id")
    assert {first.article_id, second.article_id} <= {row[0] for row in mentioned}
    assert all(o.article_id for o in outcomes if o.action == Action.CREATED)


def test_a_page_whose_rows_cannot_be_inserted_fails_alone_and_writes_nothing(tmp_path, monkeypatch):
    """The failure comes at the batch's bulk insert (a NOT NULL column left empty): the
    batch is written again page by page, and the bad page alone fails, with nothing kept."""
    paths = mixed_pages(tmp_path)
    bad = paths[6]
    real = service._new_provenance

    def broken(article, **kwargs):
        provenance = real(article, **kwargs)
        if kwargs["file_name"] == bad.name:
            provenance.content_hash = None
        return provenance

    monkeypatch.setattr(service, "_new_provenance", broken)
    outcomes = in_batches(paths, 50, status=Article.Status.PUBLISHED)
    failed = [o for o in outcomes if o.action == Action.FAILED]
    assert [o.file_name for o in failed] == [bad.name, "trang-00012-rong.txt"]
    assert "lỗi nội bộ" in failed[0].reason
    title = bad.read_text("utf-8").splitlines()[0]
    assert not Article.objects.filter(title=title).exists()
    assert not Provenance.objects.filter(file_name=bad.name).exists()
    created = [o for o in outcomes if o.action == Action.CREATED]
    assert Article.objects.count() == len(created) == len(paths) - 3
    assert not Article.objects.filter(provenance__isnull=True).exists()


def statements(paths: list[Path]) -> int:
    with suppress(_Undo), transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            outcomes = in_batches(paths, 50, status=Article.Status.PUBLISHED)
        assert all(o.action == Action.CREATED for o in outcomes)
        raise _Undo
    return len(queries)


def test_the_statements_of_a_batch_do_not_grow_with_its_pages(tmp_path, rewritten):
    write_pages(tmp_path / "five", 5, seed=5)
    write_pages(tmp_path / "fifty", 50, seed=5)
    five = statements(sorted((tmp_path / "five").rglob("*.txt")))
    fifty = statements(sorted((tmp_path / "fifty").rglob("*.txt")))
    # Page by page, 50 pages ran ten times the statements of 5 (about 20 a page).
    assert fifty <= 3 * five, (five, fifty)
    assert fifty <= 2 * 50, fifty
    assert rewritten == []


def test_several_slugs_at_once_are_those_of_one_save_after_another():
    Event.objects.create(title="Hội nghị 1")
    Event.objects.create(title="Hội nghị 1 (khác)", slug="hoi-nghi-1-2")
    titles = ["Hội nghị 1", "Hội nghị 2", "Hội nghị 1", "Hội nghị 2"]
    slugs = unique_slugs(Event, titles)
    expected = []
    for title in titles:
        expected.append(unique_slug(Event, title))
        Event.objects.create(title=title, slug=expected[-1])
    assert slugs == expected == ["hoi-nghi-1-3", "hoi-nghi-2", "hoi-nghi-1-4", "hoi-nghi-2-2"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg's array dumper")
def test_the_fast_array_dumper_gives_psycopgs_bytes():
    from psycopg.adapt import PyFormat, Transformer
    from psycopg.types.array import ListDumper

    from articles.ingestion.batch import FastListDumper

    connection.ensure_connection()
    items = ['a"b\\c"', '\\\\"""', "", "a,b c", '{"k": "v\\"w"}', "Công an", None, "NULL"]
    plain = ListDumper(list, Transformer(connection.connection))
    fast = FastListDumper(list, Transformer(connection.connection))
    plain = plain.upgrade(items, PyFormat.TEXT)
    fast = fast.upgrade(items, PyFormat.TEXT)
    assert type(fast) is FastListDumper
    assert fast.dump(items) == plain.dump(items)


def test_an_undated_event_in_a_batch_is_written_at_once_and_found_again(tmp_path, rewritten):
    """A page without a year: its event has no date; the batch's rows are inserted first
    and the event is found as page by page finds it (same kind and title)."""
    page = next(iter(sorted(SEEDS.glob("*.txt")))).read_text("utf-8")
    lines = page.splitlines()
    undated = "\n".join(re.sub(r"/(19|20)\d\d", "", line) for line in lines) + "\n"
    (tmp_path / "a.txt").write_text(undated, "utf-8")
    write_pages(tmp_path / "more", 3, seed=2)
    paths = [*sorted((tmp_path / "more").rglob("*.txt")), tmp_path / "a.txt"]
    one_outcomes, one = state_after(lambda: page_by_page(paths))
    batch_outcomes, batched = state_after(lambda: in_batches(paths, 50))
    assert rewritten == []
    assert any(event[1] is None for event in one["events"])  # the undated event
    assert batch_outcomes == one_outcomes
    assert batched == one
    assert Event.objects.count() == 0  # rolled back


def test_what_one_batch_created_is_found_by_the_next(tmp_path, rewritten):
    """An official of the first batch shown in a new unit in the second and again in the
    third: the third batch finds the unit and the position the second one inserted."""
    write_pages(tmp_path, 3, seed=21)
    paths = sorted(tmp_path.rglob("*.txt"))
    sentence = re.compile(r"đồng chí ([^,]+), [^,]+, đề nghị")
    (official,) = sentence.findall(paths[0].read_text("utf-8"))
    new_post = f"đồng chí {official}, Trưởng Công an xã Tân Phú Đông, đề nghị"
    for path in paths[1:]:
        path.write_text(sentence.sub(new_post, path.read_text("utf-8")), "utf-8")
    one_outcomes, one = state_after(lambda: page_by_page(paths))
    batch_outcomes, batched = state_after(lambda: in_batches(paths, 1))
    assert any(position[1] == "cong-an-xa-tan-phu-dong" for position in one["positions"])
    assert rewritten == []
    assert batch_outcomes == one_outcomes
    assert batched == one


def test_a_position_a_batch_inserted_is_found_by_its_ids_in_the_next_batch():
    """An official known before the batch, a title in a unit the batch creates: once the
    batch is inserted, the next batch finds that position (by its new ids) and makes no
    second one (the unique constraint would roll the next batch back)."""
    from articles.ingestion.batch import PendingRows
    from articles.ingestion.resolve import Directory
    from people.models import Position, Unit

    official = Official.objects.create(name="Lê Văn Hùng")
    old_unit = Unit.objects.create(name="Công an tỉnh Bến Tre")
    directory = Directory()
    directory.pending = PendingRows(on_written=directory.settle)
    directory.position(official, old_unit, "Phó Giám đốc")  # reads his positions
    new_unit = directory.new_unit(name="Công an xã Tân Phú Đông", kind="other")
    held = directory.position(official, new_unit, "Trưởng Công an xã")
    directory.pending.write()
    assert held.pk is not None and new_unit.pk is not None
    assert directory.position(official, new_unit, "Trưởng Công an xã") is held
    assert directory.pending.positions == []
    assert Position.objects.filter(official=official).count() == 2


def test_an_official_a_batch_created_needs_no_query_for_his_positions_in_the_next_batch(
    django_assert_num_queries,
):
    """A new official holds only what his batch gave him: the next batch finds that position
    and adds another without reading his positions again, and without a duplicate."""
    from articles.ingestion.batch import PendingRows
    from articles.ingestion.resolve import Directory
    from articles.signals import deferred_touches
    from people.models import Position, Unit

    unit = Unit.objects.create(name="Công an tỉnh Bến Tre")
    directory = Directory()
    directory.pending = PendingRows(on_written=directory.settle)
    official = directory.new_official("Lê Văn Hùng")
    held = directory.position(official, unit, "Phó Giám đốc")
    directory.pending.write()
    assert official.pk is not None and held.pk is not None
    with deferred_touches(), django_assert_num_queries(0):  # the touch comes at the end
        assert directory.position(official, unit, "Phó Giám đốc") is held
        directory.position(official, unit, "Giám đốc")
    assert len(directory.pending.positions) == 1
    directory.pending.write()
    assert Position.objects.filter(official=official).count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_writes_every_column_as_bulk_create_does():
    """The batch's COPY (NewRow or model instances, ids from the sequence or none) writes the
    same values in every column as `bulk_create` of the same rows; `ignore_conflicts` skips
    a row that exists, as bulk_create's does."""
    import datetime

    from django.utils import timezone

    from articles.ingestion.batch import NewRow, copy_rows, instances
    from articles.models import UnitMention
    from articles.tests.factories import ArticleFactory
    from people.models import Unit

    published = timezone.now() - datetime.timedelta(days=1)
    article = ArticleFactory(status=Article.Status.PUBLISHED, published_at=published)
    official = Official.objects.create(name="Lê Văn Hùng")
    unit = Unit.objects.create(name="Công an tỉnh Bến Tre")

    def mention(name: str) -> NewRow:
        return NewRow(
            OfficialMention,
            article=article,
            official=official,
            name_as_printed=name,
            rank="Đại tá",
            titles=['Giám đốc "Công an" tỉnh', "Bí thư\\Đảng ủy"],
            unit=unit if name == "a" else None,
            confidence=0.9,
        )

    def columns(queryset) -> list[dict]:
        return [{k: v for k, v in row.items() if k != "id"} for row in queryset.values()]

    OfficialMention.objects.bulk_create(instances([mention("a")]))
    expected = columns(OfficialMention.objects.all())
    OfficialMention.objects.all().delete()
    copy_rows(OfficialMention, [mention("a")])
    assert columns(OfficialMention.objects.all()) == expected
    assert expected[0]["visible_from"] == published  # the article's visibility, copied

    copy_rows(UnitMention, [NewRow(UnitMention, article=article, unit=unit)])
    again = [NewRow(UnitMention, article=article, unit=unit, name_as_printed="lại")]
    copy_rows(UnitMention, again, ignore_conflicts=True)
    assert list(UnitMention.objects.values_list("name_as_printed", flat=True)) == [""]

    def article_columns(pk) -> dict:
        row = Article.objects.filter(pk=pk).values()[0]
        return {k: v for k, v in row.items() if k not in {"id", "slug", "created_at", "updated_at"}}

    values = {"title": "Bài", "lead": "Sapo", "body": "<p>Thân</p>", "fingerprint": "x"}
    bulk = Article(**values, slug="bai-1", import_snapshot={"a": ['"b"']})
    Article.objects.bulk_create([bulk])
    copied = Article(**{**values, "fingerprint": "y"}, slug="bai-2", import_snapshot={"a": ['"b"']})
    copy_rows(Article, [copied], with_ids=True)
    assert copied.pk is not None and not copied._state.adding
    assert article_columns(copied.pk) == {**article_columns(bulk.pk), "fingerprint": "y"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_writes_a_batchs_new_units_officials_positions_and_events_as_bulk_create_does():
    """The records a batch creates and others point to (ids from their sequences) get the
    same columns by COPY as by bulk_create, a new parent's id included."""
    import datetime

    from articles.ingestion.batch import copy_rows
    from people.models import Position, Unit

    def columns(model, pk) -> dict:
        row = model.objects.filter(pk=pk).values()[0]
        return {k: v for k, v in row.items() if k not in {"id", "created_at", "updated_at"}}

    def both(model, make) -> tuple[dict, dict]:
        bulk, copied = make("a"), make("b")
        model.objects.bulk_create([bulk])
        copy_rows(model, [copied], with_ids=True)
        assert copied.pk is not None and not copied._state.adding
        return columns(model, bulk.pk), columns(model, copied.pk)

    parent = Unit.objects.create(name="Công an tỉnh Bến Tre")
    bulk, copied = both(
        Unit,
        lambda s: Unit(
            name=f"Công an xã {s}",
            name_key=f"xa {s}",
            slug=f"xa-{s}",
            kind="other",
            parent=parent,
            province="Bến Tre",
            from_articles=True,
        ),
    )
    assert bulk["parent_id"] == parent.pk and copied["name"] == "Công an xã b"
    assert {**bulk, "name": "", "name_key": "", "slug": ""} == {
        **copied,
        "name": "",
        "name_key": "",
        "slug": "",
    }
    official = Official.objects.create(name="Lê Văn Hùng")
    bulk, copied = both(
        Official,
        lambda s: Official(
            name=f"Trần Văn {s}", name_key=s, search_key=s, slug=f"tran-{s}", from_articles=True
        ),
    )
    assert {**bulk, "name": "", "name_key": "", "search_key": "", "slug": ""} == {
        **copied,
        "name": "",
        "name_key": "",
        "search_key": "",
        "slug": "",
    }
    bulk, copied = both(
        Position,
        lambda s: Position(
            official=official, unit=parent, title=f"Phó Giám đốc {s}", from_articles=True
        ),
    )
    assert {**bulk, "title": ""} == {**copied, "title": ""}
    bulk, copied = both(
        Event,
        lambda s: Event(
            title="Hội nghị",
            slug=f"hoi-nghi-{s}",
            kind="meeting",
            date=datetime.date(2026, 3, 4),
            location="Bến Tre",
            summary="Tóm tắt",
            host_unit=parent,
            lead_official=official,
            from_articles=True,
            search_key="hoi nghi",
        ),
    )
    assert bulk["lead_official_id"] == official.pk
    assert {**bulk, "slug": ""} == {**copied, "slug": ""}


def test_objects_alive_before_an_import_are_left_out_of_the_collector_until_it_ends(tmp_path):
    """While pages stream in, what existed before is frozen (gc.freeze: the collector's full
    passes skip it); once the stream ends, or stops early, nothing stays frozen."""
    import gc

    write_pages(tmp_path, 3)
    paths = sorted(tmp_path.rglob("*.txt"))
    assert gc.get_freeze_count() == 0
    stream = Importer().import_pages(inputs(paths), jobs=1, batch_size=1)
    assert next(stream).action == Action.CREATED
    assert gc.get_freeze_count() > 0
    assert [o.action for o in stream] == [Action.CREATED, Action.CREATED]
    assert gc.get_freeze_count() == 0
    stopped = Importer().import_pages(inputs(paths), jobs=1, batch_size=1)
    next(stopped)
    stopped.close()
    assert gc.get_freeze_count() == 0


def test_a_batch_stores_the_search_text_save_would_store(tmp_path):
    """The body's folded words come from the worker; the stored search text is still what
    `build_search_text()` makes of the stored fields."""
    write_pages(tmp_path, 12)
    outcomes = in_batches(sorted(tmp_path.rglob("*.txt")), 5, status="published")
    assert [o.action for o in outcomes] == [Action.CREATED] * 12
    for article in Article.objects.all():
        assert article.search_text and article.search_text == article.build_search_text()
