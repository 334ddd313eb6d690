"""The one ingestion service: bytes of a page in, one Article (and what hangs on it) out.

The seed command, the import command and the admin's import page each make one `Importer`
for their run and call its `import_page` per file, or `import_pages` for a stream of them;
none of them parses or saves on its own. Each page lands whole or not at all.

Importing a page is two halves:

- `prepare_page` (pure: no Django models, no database) checks the size, decodes, parses and
  recognises. It is the costly half, and `import_pages` runs it in worker processes.
- `Importer.save_prepared` resolves and writes, in the process that holds the database
  connection, in one transaction (a savepoint when it runs inside a batch's transaction).
"""

from __future__ import annotations

import datetime
import gc
import hashlib
import logging
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils.html import escape

from articles.ingestion.batch import PendingRows
from articles.ingestion.decode import IngestionError, decode_bytes
from articles.ingestion.parser import PARSER_VERSION, ParsedPage, parse_decoded
from articles.ingestion.pipeline import recognise_page
from articles.ingestion.resolve import Directory, mention_keys, save_recognition
from articles.models import Article, Caption, Category, Provenance, Source
from articles.sanitise import sanitise_html
from articles.search import search_document
from articles.services import workflow
from articles.services.authors import (
    add_article_authors,
    article_author_ids,
    article_authors,
    authors_for_byline,
    set_article_authors,
)
from articles.signals import deferred_touches
from newsroom import pageclock
from newsroom.text import fold

logger = logging.getLogger(__name__)

# The fields the importer writes. On --update, a field whose current value differs from
# what the importer wrote last time was changed by an editor and is kept.
IMPORTER_FIELDS = (
    "title",
    "title_is_provisional",
    "lead",
    "body",
    "published_at",
    "publish_time_known",
    "byline",
    "author_unit",
    "source_id",
    "source_url",
    "category_id",
    "view_count",
    "rating_score",
    "rating_votes",
)


class Action:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    FAILED = "failed"


# What the admin shows for each action (the command and its JSON report keep the codes).
ACTION_LABELS = {
    Action.CREATED: "Đã tạo bài mới",
    Action.UPDATED: "Đã cập nhật",
    Action.UNCHANGED: "Đã có, không đổi",
    Action.SKIPPED: "Bỏ qua",
    Action.FAILED: "Không nhập được",
}


@dataclass
class PageOutcome:
    """What happened to one page, for the command's line and its JSON report."""

    file_name: str
    action: str
    reason: str = ""
    article_id: int | None = None
    title: str = ""
    status: str = ""
    warnings: list[str] = field(default_factory=list)
    kept_fields: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "file": self.file_name,
            "action": self.action,
            "reason": self.reason,
            "article_id": self.article_id,
            "title": self.title,
            "status": self.status,
            "warnings": self.warnings,
            "kept_fields": self.kept_fields,
        }


class _DryRunRollback(Exception):
    """Raised inside the page's transaction to undo a dry run."""


def content_fingerprint(page: ParsedPage) -> str:
    """Same article, same fingerprint, whatever the file name, encoding or title."""
    text = "\n".join([page.lead or "", *page.paragraphs])
    return hashlib.sha256(fold(text).encode("utf-8")).hexdigest()


def body_html(paragraphs: list[str]) -> str:
    """Paragraphs as HTML, in the form Article.save() stores (so the snapshot compares equal)."""
    return sanitise_html("\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs))


def _local_datetime(day: datetime.date, time: datetime.time | None) -> datetime.datetime:
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day, time or datetime.time(0, 0), tzinfo=zone)


@dataclass
class _Plan:
    """Field values the importer wants for one page, plus what it had to say about them."""

    values: dict
    captions: list[dict]
    warnings: list[str]
    publishable: bool
    author_unit: str = ""  # the unit or agency the byline's authors sign for


def _fit(text: str, limit: int) -> str:
    """`text` cut to `limit` characters at a word boundary, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;-–") + "…"


# What the page prints that may be longer than its column: field, column size, words for it.
_LIMITED = (("byline", 200, "Tác giả"), ("author_unit", 200, "Đơn vị tác giả"))


PROVISIONAL_TITLE = "Tiêu đề tạm lấy từ sapo: cần biên tập viên đặt tiêu đề trước khi đăng."
NO_DATE = "Chưa biết ngày xuất bản: bài được lưu ở dạng nháp."


def _too_long(label: str, limit: int) -> str:
    return f"{label} dài quá {limit} ký tự: đã cắt bớt, cần biên tập viên xem lại."


def import_warnings(page: ParsedPage) -> list[str]:
    """What importing `page` without a manifest will add to the parser's warnings (for the
    admin's preview, which must say it before anything is saved)."""
    warnings = []
    if page.title_is_provisional or not page.title:
        warnings.append(PROVISIONAL_TITLE)
    if page.published_date is None:
        warnings.append(NO_DATE)
    for name, limit, label in _LIMITED:
        if len(getattr(page, name) or "") > limit:
            warnings.append(_too_long(label, limit))
    return warnings


def _manifest_day(manifest: dict) -> datetime.date:
    return datetime.date.fromisoformat(manifest["published_date"])


def publication_day(page: ParsedPage, manifest: dict) -> datetime.date | None:
    """The day the article is filed under: the page's own date, else the manifest's."""
    if page.published_date is None and manifest.get("published_date"):
        return _manifest_day(manifest)
    return page.published_date


@dataclass
class PreparedPage:
    """One page decoded, parsed and recognised, ready to be saved; or why it cannot be.

    What `prepare_page` returns, in a worker process or in the caller's: it holds no model
    and pickles, so a worker can hand it back. `failure` set means nothing is to be saved.
    """

    file_name: str
    manifest: dict = field(default_factory=dict)
    text: str = ""  # the decoded page, kept on its provenance row
    digest: str = ""  # SHA-256 of the file's bytes
    page: ParsedPage | None = None
    fingerprint: str = ""  # content_fingerprint(page)
    body: str = ""  # body_html(page.paragraphs), made in the worker
    body_words: str | None = None  # search_document(body=body), made in the worker too
    # The recogniser's warnings, apart from the parser's: the article lists them after its own.
    recognition_warnings: list[str] = field(default_factory=list)
    failure: PageOutcome | None = None


def prepare_page(
    *, data: bytes, file_name: str, manifest: dict | None = None, max_bytes: int
) -> PreparedPage:
    """Size check, decode, parse and recognise one page: the pure half of an import.

    No Django model and no database: safe in a worker process. Never raises for bad input
    nor for a defect of ours: the returned page's `failure` says what went wrong.
    """
    manifest = manifest or {}
    prepared = PreparedPage(file_name, manifest)
    if len(data) > max_bytes:
        prepared.failure = PageOutcome(
            file_name,
            Action.FAILED,
            f"tệp quá lớn ({len(data):,} byte, giới hạn {max_bytes:,} byte)".replace(",", "."),
        )
        return prepared
    try:
        prepared.text = decode_bytes(data)
        page = parse_decoded(prepared.text, filename=file_name)
    except IngestionError as err:
        prepared.failure = PageOutcome(file_name, Action.FAILED, str(err))
        return prepared
    try:
        parser_warnings = len(page.warnings)
        recognise_page(
            page,
            published_date=publication_day(page, manifest),
            site_province=manifest.get("province"),
        )
    except Exception as err:  # a defect of ours must cost one page, never the batch
        logger.exception("import of %s failed", file_name)
        prepared.failure = _internal_error(file_name, err)
        return prepared
    prepared.recognition_warnings = page.warnings[parser_warnings:]
    del page.warnings[parser_warnings:]
    prepared.page = page
    prepared.fingerprint = content_fingerprint(page)
    prepared.body = body_html(page.paragraphs)
    prepared.body_words = search_document(body=prepared.body)
    prepared.digest = hashlib.sha256(data).hexdigest()
    return prepared


@dataclass
class PageInput:
    """One page for `Importer.import_pages`.

    `file_name` is the name kept on the page's provenance; `label` what its outcome is called
    (a path, say; `file_name` when empty). `data` None means the file could not be read, and
    `problem` says why: the page fails with that reason.
    """

    file_name: str
    data: bytes | None = None
    manifest: dict | None = None
    problem: str = ""
    label: str = ""


def _prepare_input(item: PageInput, max_bytes: int) -> PreparedPage:
    if item.data is None:
        failure = PageOutcome(item.file_name, Action.FAILED, item.problem or "không đọc được tệp")
        return PreparedPage(item.file_name, failure=failure)
    return prepare_page(
        data=item.data, file_name=item.file_name, manifest=item.manifest, max_bytes=max_bytes
    )


def _prepare_chunk(items: list[PageInput], max_bytes: int) -> list[PreparedPage]:
    """A worker's task: several pages at a time, to keep the messages few."""
    return [_prepare_input(item, max_bytes) for item in items]


def _chunks(pages: Iterable[PageInput], size: int) -> Iterator[list[PageInput]]:
    chunk: list[PageInput] = []
    for item in pages:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _prepare_all(
    pages: Iterable[PageInput], *, jobs: int, max_bytes: int, chunk_size: int = 8
) -> Iterator[tuple[PageInput, PreparedPage]]:
    """Each page with its `PreparedPage`, in order; `jobs` > 1 prepares in worker processes.

    At most `4 * jobs` chunks are in flight, so memory does not grow with the stream. The
    workers are forked and never touch the database: the parent's connection stays its own.
    """
    if jobs <= 1:
        for item in pages:
            yield item, _prepare_input(item, max_bytes)
        return
    context = multiprocessing.get_context("fork")
    pending: deque[tuple[list[PageInput], Future]] = deque()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        try:
            for chunk in _chunks(pages, chunk_size):
                pending.append((chunk, pool.submit(_prepare_chunk, chunk, max_bytes)))
                if len(pending) >= 4 * jobs:
                    chunk, future = pending.popleft()
                    yield from zip(chunk, future.result(), strict=True)
            while pending:
                chunk, future = pending.popleft()
                yield from zip(chunk, future.result(), strict=True)
        finally:
            for _, future in pending:
                future.cancel()


@contextmanager
def _start_up_objects_frozen():
    """While a stream of pages is imported, the objects alive when it began (Django, the
    modules, the caches) are left out of the cycle collector's passes (`gc.freeze`): its full
    passes walked all of them again and again, about 15% of the writing process's CPU time,
    and the forked workers no longer copy the pages those passes touch."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _internal_error(file_name: str, err: Exception) -> PageOutcome:
    return PageOutcome(
        file_name,
        Action.FAILED,
        f"lỗi nội bộ khi xử lý trang ({type(err).__name__}); đã ghi vào nhật ký, "
        "không có gì được lưu",
    )


def _plan(
    page: ParsedPage, manifest: dict, category: Category | None, *, resolve_source, body: str
) -> _Plan:
    warnings = list(page.warnings)
    publishable = True

    title = page.title or ""
    provisional = page.title_is_provisional
    if manifest.get("title"):
        title, provisional = manifest["title"], False
        warnings.append("Tiêu đề do biên tập viên ghi trong manifest (trang không có tiêu đề).")
    if provisional or not title:
        publishable = False
        warnings.append(PROVISIONAL_TITLE)

    published_date, published_time = page.published_date, page.published_time
    if manifest.get("published_date"):
        manifest_date = _manifest_day(manifest)
        if published_date and published_date != manifest_date:
            warnings.append(
                f"Ngày trên trang ({published_date:%d/%m/%Y}) khác ngày trong manifest "
                f"({manifest_date:%d/%m/%Y}); dùng ngày trên trang."
            )
        else:
            published_date = manifest_date
            if manifest.get("published_time") and not published_time:
                published_time = datetime.time.fromisoformat(manifest["published_time"])
    if published_date is None:
        publishable = False
        warnings.append(NO_DATE)

    source = resolve_source(
        page.source or manifest.get("source"), url=manifest.get("source_url", "")
    )
    if manifest.get("category"):
        category = Category.objects.filter(slug=manifest["category"]).first() or category

    values = {
        "title": title[:500],
        "title_is_provisional": provisional,
        "lead": page.lead or "",
        "body": body,
        "published_at": (
            _local_datetime(published_date, published_time) if published_date else None
        ),
        "publish_time_known": published_time is not None,
        "byline": page.byline or "",
        "author_unit": page.author_unit or "",
        "source_id": source.pk if source else None,
        "source_url": manifest.get("article_url", ""),
        "category_id": category.pk if category else None,
        "view_count": page.view_count or 0,
        "rating_score": Decimal(str(page.rating.score)) if page.rating else None,
        "rating_votes": page.rating.votes if page.rating else 0,
    }
    for name, limit, label in _LIMITED:
        if len(values[name]) > limit:
            values[name] = _fit(values[name], limit)
            warnings.append(_too_long(label, limit))
    captions = [{"text": c.text, "credit": c.credit or ""} for c in page.captions]
    return _Plan(
        values=values,
        captions=captions,
        warnings=warnings,
        publishable=publishable,
        # "Hồng Thái (TTXVN)": the agency in brackets is read as the source; it is also
        # what the author signs for.
        author_unit=_fit(page.author_unit or page.source or "", 200),
    )


def _import_reason(file_name: str) -> str:
    """The revision's note (django-simple-history keeps 100 characters)."""
    return f"Nhập từ tệp {file_name}"[:100]


def _jsonable(value):
    """One comparable, JSON-safe form for a field value (UTC times, normalised decimals)."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    return value


def _snapshot(values: dict, captions: list[dict]) -> dict:
    """What the importer wrote, kept to recognise an editor's later changes."""
    snap = {name: _jsonable(value) for name, value in values.items()}
    snap["captions"] = captions
    return snap


def _current(article: Article, name: str):
    return _jsonable(getattr(article, name))


def _caption_rows(article: Article) -> list[dict]:
    """Captions as the snapshot holds them; a photo an editor uploaded makes a row differ."""
    rows = []
    for caption in article.captions.order_by("position"):
        row = {"text": caption.text, "credit": caption.credit}
        if caption.image:
            row["image"] = caption.image.name
        rows.append(row)
    return rows


def _replace_captions(article: Article, captions: list[dict]) -> None:
    article.captions.all().delete()
    Caption.objects.bulk_create(
        Caption(article=article, position=index, text=c["text"], credit=c["credit"])
        for index, c in enumerate(captions)
    )


def _merge_keys(previous: dict | None, current: dict) -> dict:
    """Keys found at any import so far: a mention once found and then removed stays removed."""
    if not previous:
        return current
    return {k: sorted({*previous.get(k, []), *current.get(k, [])}) for k in current}


def _new_provenance(
    article: Article, *, digest: str, text: str, file_name: str, page: ParsedPage, manifest: dict
) -> Provenance:
    """The raw page of a new article (unsaved)."""
    return Provenance(
        article=article,
        content_hash=digest,
        file_name=file_name,
        raw_text=text,
        parser_version=PARSER_VERSION,
        parsed=page.to_contract_dict(),
        manifest=manifest,
        warnings=page.warnings,
    )


def _event_date(found) -> datetime.date | None:
    """An event's date as the recogniser gives it (a date, or an ISO string)."""
    if isinstance(found.date, str):
        return datetime.date.fromisoformat(found.date)
    return found.date


def _record_provenance(
    article: Article,
    *,
    digest: str,
    text: str,
    file_name: str,
    page: ParsedPage,
    manifest: dict,
) -> bool:
    """Keep the raw page; returns True if this file was new for the article."""
    _, created = Provenance.objects.update_or_create(
        article=article,
        content_hash=digest,
        defaults={
            "file_name": file_name,
            "raw_text": text,
            "parser_version": PARSER_VERSION,
            "parsed": page.to_contract_dict(),
            "manifest": manifest,
            "warnings": page.warnings,
        },
    )
    return created


class Importer:
    """One import run: its options, and the lookups its pages share.

    Each front door makes one for its run and either calls `import_page` for each file (seed,
    the admin's page: one transaction a page), or hands a stream of `PageInput` to
    `import_pages` (the import command, a background job: worker processes, batches) and reads
    one `PageOutcome` per page back, in order. Both never raise for bad input; a page lands
    whole or not at all. New articles enter the workflow in `status` as `user` (None: the
    system). The sources by spelling, the directory of units and officials and the authors by
    byline are read once per importer, and dropped whenever a transaction rolls back, so they
    never hold rows that are not in the database.

        importer = Importer(status=Article.Status.DRAFT, user=None)
        pages = (PageInput(path.name, path.read_bytes(), label=str(path)) for path in paths)
        for outcome in importer.import_pages(pages, jobs=2, batch_size=50):
            ...  # outcome.action, outcome.reason, outcome.article_id; batch committed
    """

    def __init__(
        self,
        *,
        status: str = Article.Status.DRAFT,
        category: Category | None = None,
        update: bool = False,
        dry_run: bool = False,
        max_bytes: int | None = None,
        user=None,
    ) -> None:
        self.status = status
        self.category = category
        self.update = update
        self.dry_run = dry_run
        self.max_bytes = max_bytes if max_bytes is not None else settings.IMPORT_MAX_BYTES
        self.user = user
        self._directory: Directory | None = None
        self._sources: dict[str, Source] | None = None
        self._authors: dict[tuple[str, str], list[int]] = {}
        # Fingerprints of the batch being written that no article had when it began.
        self._new_fingerprints: set[str] = set()
        # While a batch is written at once: the rows it inserts in bulk when it ends.
        self._pending: PendingRows | None = None

    def directory(self) -> Directory:
        if self._directory is None:
            self._directory = Directory()
        return self._directory

    def forget_lookups(self) -> None:
        """After a rollback the lookups may hold rows that are gone: read again next time."""
        self._directory = None
        self._sources = None
        self._authors = {}
        self._new_fingerprints = set()

    def page_authors(self, byline: str, unit: str) -> list[int]:
        """Author records for a byline (created the first time a signature is seen)."""
        key = (byline, unit)
        if key not in self._authors:
            self._authors[key] = [a.pk for a in authors_for_byline(byline, unit)]
        return list(self._authors[key])

    def sources_by_spelling(self) -> dict[str, Source]:
        if self._sources is None:
            self._sources = {}
            for source in Source.objects.all():
                for key in source.spellings():
                    self._sources.setdefault(key, source)
        return self._sources

    def resolve_source(self, name: str | None, *, url: str = "") -> Source | None:
        """The Source a page names ("TTXVN", "Cổng thông tin điện tử Hậu Giang"), created if
        new."""
        if not name:
            return None
        source = self.sources_by_spelling().get(fold(name))
        if source is None:
            source = Source.objects.create(name=name, url=url)
            self._sources = None
        elif url and not source.url:
            source.url = url
            source.save(update_fields=["url"])
        return source

    def prepare(self, *, data: bytes, file_name: str, manifest: dict | None = None) -> PreparedPage:
        """`prepare_page` with this run's size limit (in this process)."""
        return prepare_page(
            data=data, file_name=file_name, manifest=manifest, max_bytes=self.max_bytes
        )

    def import_page(
        self, *, data: bytes, file_name: str, manifest: dict | None = None
    ) -> PageOutcome:
        """Parse one page and save it as one Article, in one transaction.

        A status the importer's user may not give fails the page. Never raises for bad
        input: the outcome says "failed" with a readable reason.
        """
        try:
            workflow.check_initial_status(self.status, self.user)
        except workflow.TransitionError as err:
            return PageOutcome(file_name, Action.FAILED, str(err))
        return self.save_prepared(self.prepare(data=data, file_name=file_name, manifest=manifest))

    def import_pages(
        self, pages: Iterable[PageInput], *, jobs: int = 1, batch_size: int = 50
    ) -> Iterator[PageOutcome]:
        """Import a stream of pages; yields one outcome per page, in the order given.

        `jobs` > 1 decodes, parses and recognises in that many worker processes while this
        one resolves and writes. Pages are written `batch_size` to a transaction, each page
        in a savepoint of its own: a page that fails is rolled back alone, and the outcomes
        of a batch are yielded once it is committed. Memory stays flat: a bounded number of
        pages is in flight, whatever the length of `pages`. The workers are forked: with
        `jobs` > 1, call this from a process that runs no other threads (a command, a task
        worker process), never from a web request.
        """
        try:
            workflow.check_initial_status(self.status, self.user)
        except workflow.TransitionError as err:
            for item in pages:
                yield PageOutcome(item.label or item.file_name, Action.FAILED, str(err))
            return
        batch: list[tuple[PageInput, PreparedPage]] = []
        with _start_up_objects_frozen():
            for item, prepared in _prepare_all(pages, jobs=jobs, max_bytes=self.max_bytes):
                batch.append((item, prepared))
                if len(batch) >= batch_size:
                    yield from self._save_batch(batch)
                    batch = []
            if batch:
                yield from self._save_batch(batch)

    def _save_batch(self, batch: list[tuple[PageInput, PreparedPage]]) -> Iterator[PageOutcome]:
        """Write a batch in one transaction and yield its outcomes once it is committed.

        First without a savepoint per page (two round trips a page fewer). If any page
        raises, the whole batch is rolled back and written again with a savepoint per page,
        so that the bad page is rolled back alone and reported; if even that cannot commit,
        each page in a transaction of its own.
        """
        prepared = [p for _, p in batch]
        outcomes = None
        attempts = (self._write_batch_at_once, self._write_batch_in_savepoints)
        for attempt in attempts[1:] if self.dry_run else attempts:
            try:
                with transaction.atomic(), deferred_touches():
                    outcomes = attempt(prepared)
                break
            except Exception:
                logger.info("an import batch was rolled back; writing it again", exc_info=True)
                self.forget_lookups()
        if outcomes is None:
            outcomes = [self.save_prepared(p) for p in prepared]
        for (item, _), outcome in zip(batch, outcomes, strict=True):
            outcome.file_name = item.label or outcome.file_name
            yield outcome

    def _find_new_articles(self, batch: list[PreparedPage]) -> None:
        """One query tells which pages are new articles: they need no lookup of their own."""
        fingerprints = {p.fingerprint for p in batch if p.failure is None}
        known = Article.objects.filter(fingerprint__in=fingerprints)
        self._new_fingerprints = fingerprints - set(known.values_list("fingerprint", flat=True))

    def _write_batch_at_once(self, batch: list[PreparedPage]) -> list[PageOutcome]:
        """Every page inside the caller's transaction, no savepoints: raises if one fails.

        New rows are built in memory and inserted in bulk when the batch ends (PendingRows);
        the officials and events the batch's pages name are read first, a few queries for
        the whole batch.
        """
        pages = [p.page for p in batch if p.failure is None]
        self._find_new_articles(batch)
        directory = self.directory()
        directory.read_officials(o.name for page in pages for o in page.officials)
        directory.read_events(_event_date(e) for page in pages for e in page.events)
        self._pending = PendingRows(user=self.user, on_written=directory.settle)
        directory.pending = self._pending
        try:
            outcomes = [p.failure if p.failure is not None else self._save(p) for p in batch]
            self._pending.write()
            return outcomes
        finally:
            self._new_fingerprints = set()
            self._pending = None
            if self._directory is not None:
                self._directory.pending = None

    def _write_batch_in_savepoints(self, batch: list[PreparedPage]) -> list[PageOutcome]:
        self._find_new_articles(batch)
        try:
            return [self.save_prepared(p) for p in batch]
        finally:
            self._new_fingerprints = set()

    def save_prepared(self, prepared: PreparedPage) -> PageOutcome:
        """Resolve and write one prepared page, all or nothing (its own transaction, or a
        savepoint inside the caller's). Never raises: a defect costs this page only."""
        if prepared.failure is not None:
            return prepared.failure
        try:
            with transaction.atomic():
                outcome = self._save(prepared)
                if self.dry_run:
                    raise _DryRunRollback
        except _DryRunRollback:
            self.forget_lookups()
            outcome.reason = ("thử (không ghi) — " + outcome.reason).rstrip(" —")
        except Exception as err:  # a defect of ours must cost one page, never the batch
            self.forget_lookups()
            logger.exception("import of %s failed", prepared.file_name)
            return _internal_error(prepared.file_name, err)
        return outcome

    def _save(self, prepared: PreparedPage) -> PageOutcome:
        # Bulk rows (captions, mentions, event links) send no signal: the page cache's
        # generation moves once when the transaction commits.
        pageclock.bump_on_commit()
        page, text, file_name = prepared.page, prepared.text, prepared.file_name
        manifest, digest = prepared.manifest, prepared.digest
        status, user = self.status, self.user
        plan = _plan(
            page,
            manifest,
            self.category,
            resolve_source=self.resolve_source,
            body=prepared.body or body_html(page.paragraphs),
        )
        page.warnings.extend(prepared.recognition_warnings)
        plan.warnings.extend(w for w in page.warnings if w not in plan.warnings)
        fingerprint = prepared.fingerprint
        if fingerprint in self._new_fingerprints:
            # No article had it when the batch began; a second copy in the batch looks it up.
            self._new_fingerprints.discard(fingerprint)
            article = None
        else:
            if self._pending is not None and self._pending.holds_article(fingerprint):
                self._pending.write()  # a copy of a page of this batch: insert it first
            article = Article.objects.select_for_update().filter(fingerprint=fingerprint).first()

        if article is None:
            wanted = status if plan.publishable else Article.Status.DRAFT
            article = Article(fingerprint=fingerprint, created_by=user, **plan.values)
            workflow.prepare_initial_status(article, wanted, user)
            article.import_snapshot = _snapshot(plan.values, plan.captions)
            article.import_snapshot["mentions"] = mention_keys(page)
            article._change_reason = _import_reason(file_name)
            author_ids = self.page_authors(plan.values["byline"], plan.author_unit)
            article.import_snapshot["authors"] = author_ids
            captions = [
                Caption(article=article, position=index, text=c["text"], credit=c["credit"])
                for index, c in enumerate(plan.captions)
            ]
            provenance = _new_provenance(
                article, digest=digest, text=text, file_name=file_name, page=page, manifest=manifest
            )
            pending = self._pending
            if pending is None:
                article.save()
                add_article_authors(article, author_ids)
                workflow.record_initial_status(article, user, note=f"Nhập tệp {file_name}")
                Caption.objects.bulk_create(captions)
            else:
                # Inserted with the batch's (history row included): see PendingRows.
                pending.articles.append(article)
                if prepared.body and prepared.body_words is not None:
                    pending.body_words[id(article)] = prepared.body_words
                pending.insert(
                    [
                        *article_authors(article, author_ids),
                        workflow.initial_transition(article, user, note=f"Nhập tệp {file_name}"),
                        *captions,
                    ]
                )
            save_recognition(article, page, directory=self.directory())
            if pending is None:
                provenance.save()
            else:
                pending.insert([provenance])
            reason = (
                ""
                if wanted == status
                else "lưu nháp: "
                + "; ".join(w for w in plan.warnings if "nháp" in w or "Tiêu đề tạm" in w)
            )
            outcome = PageOutcome(
                file_name,
                Action.CREATED,
                reason,
                article.pk,
                article.title,
                article.status,
                plan.warnings,
            )
            if pending is not None:
                pending.outcomes.append((outcome, article))  # its id once inserted
            return outcome

        if self._pending is None:
            return self._save_existing(prepared, article, plan)
        # An article in the database: this page reads its rows back, so it is written at
        # once, after what the batch holds so far.
        pending, self._pending = self._pending, None
        pending.write()
        self.directory().pending = None
        try:
            return self._save_existing(prepared, article, plan)
        finally:
            self._pending = self.directory().pending = pending

    def _save_existing(self, prepared: PreparedPage, article: Article, plan: _Plan) -> PageOutcome:
        """A page of an article the database has: a new file of it, or an update."""
        page, text, file_name = prepared.page, prepared.text, prepared.file_name
        manifest, digest = prepared.manifest, prepared.digest
        update, user = self.update, self.user
        # The same article exists. Deduplication never crosses the workflow: what the
        # importer may not see is named to them by nothing (no title, no address), and what
        # they may not edit gets nothing attached (no provenance, no update).
        if user is not None and not workflow.can_view(user, article):
            return PageOutcome(
                file_name,
                Action.SKIPPED,
                "trùng với một bài bạn không được xem; không ghi gì",
                warnings=plan.warnings,
            )
        if user is not None and not workflow.can_edit(user, article):
            return PageOutcome(
                file_name,
                Action.SKIPPED,
                "đã có bài này, bạn không được sửa bài; không ghi gì",
                article.pk,
                article.title,
                article.status,
                plan.warnings,
            )
        new_file = _record_provenance(
            article, digest=digest, text=text, file_name=file_name, page=page, manifest=manifest
        )
        if not update:
            reason = "đã có bài này" + (" (thêm tệp nguồn mới)" if new_file else "")
            return PageOutcome(
                file_name,
                Action.UNCHANGED,
                reason,
                article.pk,
                article.title,
                article.status,
                plan.warnings,
            )

        snapshot = article.import_snapshot or {}
        changed, kept = [], []
        for name, value in plan.values.items():
            current = _current(article, name)
            wrote = snapshot.get(name, current)
            if current != wrote:
                kept.append(name)  # an editor changed it after the last import
                continue
            if _jsonable(value) != current:
                setattr(article, name, value)
                changed.append(name)
        if _caption_rows(article) != snapshot.get("captions", _caption_rows(article)):
            kept.append("captions")
        elif plan.captions != _caption_rows(article):
            _replace_captions(article, plan.captions)
            changed.append("captions")

        current_authors = article_author_ids(article)
        author_ids = current_authors
        if current_authors != snapshot.get("authors", current_authors):
            kept.append("authors")  # an editor changed the authors after the last import
        else:
            author_ids = self.page_authors(plan.values["byline"], plan.author_unit)
            if author_ids != current_authors:
                set_article_authors(article, author_ids)
                changed.append("authors")

        new_snapshot = _snapshot(plan.values, plan.captions)
        new_snapshot["authors"] = author_ids
        for name in kept:
            new_snapshot[name] = snapshot.get(name)
        # Mentions: add what is new; what an editor removed since the last import stays removed.
        previous = snapshot.get("mentions")
        if save_recognition(article, page, previous=previous, directory=self.directory()):
            changed.append("mentions")
        new_snapshot["mentions"] = _merge_keys(previous, mention_keys(page))
        article.import_snapshot = new_snapshot
        if changed:
            article._change_reason = _import_reason(file_name)
        else:
            article.skip_history_when_saving = True  # only the snapshot moved: no new revision
        article.save()
        action = Action.UPDATED if changed else Action.UNCHANGED
        reason = ("cập nhật: " + ", ".join(changed)) if changed else "không có gì mới"
        if kept:
            reason += "; giữ nguyên chỉnh sửa của biên tập viên: " + ", ".join(kept)
        return PageOutcome(
            file_name,
            action,
            reason,
            article.pk,
            article.title,
            article.status,
            plan.warnings,
            kept,
        )


def import_page(*, data: bytes, file_name: str, manifest: dict | None = None, **options):
    """One page with an importer of its own (tests, one-off calls); `options` as Importer's."""
    return Importer(**options).import_page(data=data, file_name=file_name, manifest=manifest)
