"""A synthetic archive for measurements: the seed articles cloned at scale (issue 11).

`generate_corpus(n)` clones the articles `manage.py seed` imported under new, varied titles
and leads, spread over `years` years and every category. Each clone keeps what its seed names
(official mentions with rank and titles as printed, unit mentions, source, captions), so the
seed officials end up named in tens of thousands of articles, as a provincial police director
is over a decade. Clones get tags, an author, view counts and ratings; 3% are drafts, 1%
archived, 1% scheduled (publish time ahead), the rest published. About one article in twenty
reports an event of its own (the seed's event kind, host, leader and participants).

Rows are written in bulk: PostgreSQL COPY (psycopg 3) on PostgreSQL, `executemany` inserts
elsewhere, chunk by chunk, each chunk in its own transaction. Nothing goes through
`Model.save()`, so every derived field is filled here the way `Article.save()` fills it:

- `slug`: `newsroom.text.slugify_vi` of the title, made unique with "-2", "-3"… as
  `people.models.unique_slug` does (against every slug already stored and generated);
- `body`: the seed's body, which its own save() already sanitised (sanitising is idempotent);
- `search_text`: `articles.search.search_document` of title, lead, body, byline and author
  unit. The body's folded words are computed once per seed and joined with the folded words of
  the other fields; the first clone of every seed is checked against
  `Article.build_search_text()` and, should they ever differ, every clone is computed in full;
- `created_at`/`updated_at` as the article's own history would have them (written before the
  publish time, last touched around it), `import_snapshot` empty (not imported),
  `fingerprint` empty (no source file);
- one simple-history row ("+", created) per article, as a save() leaves.

Mentions and position sightings copy their article's visibility, as the import pipeline
writes them (`articles.ingestion.resolve`): readers' pages derive each official's rank, title
and unit, and each position's first and last seen, from them at request time.

The same `seed` gives the same archive (titles, slugs, statuses, times relative to the moment
of the run, links), provided the database held the same rows before.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import random
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Max
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Caption,
    Category,
    Event,
    OfficialMention,
    PositionSighting,
    UnitMention,
)
from articles.search import search_document
from newsroom import pageclock
from newsroom.text import fold, name_key, slugify_vi
from people.models import Position

SLUG_MAX_LENGTH = 200  # as unique_slug: the base is cut at max_length - 6 on a word boundary

DRAFT_SHARE = 0.03
ARCHIVED_SHARE = 0.01
SCHEDULED_SHARE = 0.01
EVENT_SHARE = 0.05

TITLE_OPENINGS = [
    "Công an tỉnh triển khai",
    "Tăng cường công tác",
    "Hội nghị sơ kết",
    "Hội nghị tổng kết",
    "Ra quân cao điểm",
    "Đoàn công tác kiểm tra",
    "Trao tặng quà hỗ trợ",
    "Lãnh đạo Công an tỉnh làm việc về",
    "Đẩy mạnh",
    "Triển khai kế hoạch",
    "Tập huấn nghiệp vụ",
    "Kiểm tra, hướng dẫn",
    "Tuyên truyền",
    "Bảo đảm an ninh, trật tự",
    "Phát động phong trào",
    "Khen thưởng thành tích",
    "Diễn tập phương án",
    "Ký kết quy chế phối hợp",
    "Thăm, chúc mừng",
    "Giao ban công tác",
]
TITLE_TOPICS = [
    "phòng, chống tội phạm",
    "bảo đảm trật tự an toàn giao thông",
    "phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    "cải cách hành chính",
    "phòng, chống dịch bệnh",
    "xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc",
    "phòng, chống ma túy",
    "cấp căn cước công dân",
    "quản lý cư trú",
    "phòng, chống tội phạm công nghệ cao",
    "đấu tranh với tội phạm kinh tế",
    "phòng, chống buôn lậu, gian lận thương mại",
    "bảo vệ bí mật nhà nước",
    "xây dựng lực lượng Công an nhân dân",
    "công tác dân vận",
    "phòng, chống tín dụng đen",
    "bảo đảm an toàn mùa mưa bão",
    "tuyển sinh Công an nhân dân",
    "thi hành án hình sự",
    "bảo đảm an ninh mạng",
]
PLACES = [
    "thành phố Vị Thanh",
    "thành phố Ngã Bảy",
    "thị xã Long Mỹ",
    "huyện Long Mỹ",
    "huyện Vị Thủy",
    "huyện Châu Thành",
    "huyện Châu Thành A",
    "huyện Phụng Hiệp",
    "xã Vị Đông",
    "xã Hòa An",
    "phường Lái Hiếu",
    "thị trấn Một Ngàn",
    "thị trấn Cây Dương",
    "xã Tân Phước Hưng",
    "Khu công nghiệp Sông Hậu",
    "Trại giam Kênh 5",
    "Hậu Giang",
    "Sóc Trăng",
    "Cần Thơ",
    "Thành phố Hồ Chí Minh",
]
TAG_NAMES = [
    "Công an Hậu Giang",
    "an ninh trật tự",
    "phòng chống tội phạm",
    "an toàn giao thông",
    "phòng cháy chữa cháy",
    "COVID-19",
    "cải cách hành chính",
    "căn cước công dân",
    "ma túy",
    "tội phạm công nghệ cao",
    "xây dựng lực lượng",
    "dân vận",
    "học tập và làm theo Bác",
    "phong trào thi đua",
    "tín dụng đen",
    "buôn lậu",
    "an ninh mạng",
    "cứu nạn cứu hộ",
    "tuyển sinh",
    "thi hành án",
    "đối ngoại",
    "an sinh xã hội",
    "Tết Nguyên đán",
    "mùa mưa bão",
    "Bộ Công an",
    "Đảng bộ Công an tỉnh",
    "phổ biến pháp luật",
    "Ngày hội toàn dân bảo vệ an ninh Tổ quốc",
    "đề án 06",
    "trại giam",
    "tội phạm kinh tế",
    "hội nghị",
    "khen thưởng",
    "tập huấn",
    "diễn tập",
    "Cần Thơ",
    "Sóc Trăng",
    "Thành phố Hồ Chí Minh",
    "Đồng bằng sông Cửu Long",
    "trẻ em",
]
# (name, unit or agency, the unit is printed with the byline)
AUTHOR_POOL = [
    ("Minh Khoa", "Phòng Tham mưu", True),
    ("Thanh Tâm", "Phòng Tham mưu", True),
    ("Ngọc Hân", "Phòng Công tác đảng và công tác chính trị", True),
    ("Bảo An", "Công an huyện Long Mỹ", True),
    ("Quốc Việt", "Công an thành phố Vị Thanh", True),
    ("Hữu Phước", "Phòng Cảnh sát giao thông", True),
    ("Trúc Linh", "", False),
    ("Kim Ngân", "", False),
    ("Hoàng Đức", "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ", True),
    ("Thủy Tiên", "", False),
    ("Đăng Khoa", "Công an huyện Phụng Hiệp", True),
    ("Mỹ Duyên", "", False),
]
EVENT_TITLES = {
    "working_visit": "Đoàn công tác thăm và làm việc tại {place}",
    "conference": "Hội nghị trực tuyến về {topic}",
    "meeting": "Buổi làm việc về {topic} tại {place}",
    "ceremony": "Lễ trao tặng quà tại {place}",
    "campaign": "Ra quân {topic} tại {place}",
    "other": "Hoạt động {topic} tại {place}",
}


# Tables written for each part, parents first; keys are those of the rows dicts.
TABLES = {
    "article": Article,
    "history": Article.history.model,
    "official": OfficialMention,
    "sighting": PositionSighting,
    "unit": UnitMention,
    "caption": Caption,
    "author": ArticleAuthor,
    "tag": TaggedItem,
    "event": Event,
    "event_article": Event.articles.through,
    "event_official": Event.officials.through,
    "event_unit": Event.units.through,
}
# Analysed after a load so that the planner knows the new sizes (articles_article's expression
# index makes its ANALYZE the slow one: to_tsvector over the sampled rows).
ANALYZED = (
    Article,
    OfficialMention,
    PositionSighting,
    UnitMention,
    TaggedItem,
    Caption,
    ArticleAuthor,
    Event,
    Event.articles.through,
)


class CorpusError(Exception):
    """The archive cannot be generated (bad input, database not seeded)."""


@dataclass
class SeedArticle:
    """What a clone copies from one seed article."""

    article: Article
    body_words: str
    officials: list[dict]
    units: list[dict]
    captions: list[dict]
    author: Author | None
    event: Event | None
    event_official_ids: list[int]
    event_unit_ids: list[int]
    public_dates: list[dt.date] = field(default_factory=list)


@dataclass
class Result:
    articles: int = 0
    by_status: dict = field(default_factory=dict)
    scheduled: int = 0
    official_mentions: int = 0
    unit_mentions: int = 0
    tags: int = 0
    captions: int = 0
    events: int = 0
    seconds: float = 0.0
    full_search_text: bool = False
    analyze_seconds: float | None = None

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def seed_articles() -> list[Article]:
    """The articles `manage.py seed` imported (those with a provenance), oldest pk first."""
    return list(
        Article.objects.filter(provenance__isnull=False)
        .distinct()
        .select_related("category", "source")
        .order_by("pk")
    )


def fast_search_text(seed: SeedArticle, *, title, lead, byline, author_unit) -> str:
    """`search_document(...)` with the body's folded words computed once per seed.

    search_document joins the fields with spaces and takes the folded words of the whole; the
    folded words of a space-joined text are the folded words of its parts, in order.
    """
    head = search_document(title=title, lead=lead)
    tail = search_document(byline=byline, author_unit=author_unit)
    return " ".join(part for part in (head, seed.body_words, tail) if part)


class BulkWriter:
    """Inserts plain rows (attname -> Python value) of a model: COPY on PostgreSQL,
    `executemany` elsewhere. Values are prepared by the model's own fields."""

    def __init__(self):
        self.postgresql = connection.vendor == "postgresql"

    def write_rows(self, rows: dict[str, list[dict]]) -> None:
        """A part's rows, parents before children."""
        for table, model in TABLES.items():
            self.write(model, rows[table])

    def write(self, model, rows: list[dict]) -> None:
        if not rows:
            return
        names = list(rows[0])
        fields = [_field_by_attname(model, name) for name in names]
        pairs = list(zip(fields, names, strict=True))
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with connection.cursor() as cursor:
            if self.postgresql:
                raw = cursor.cursor
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row([self._pg_value(f, row[n]) for f, n in pairs])
            else:
                marks = ", ".join(["%s"] * len(fields))
                params = [
                    [f.get_db_prep_save(row[n], connection) for f, n in pairs] for row in rows
                ]
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", params)

    @staticmethod
    def _pg_value(field, value):
        if value is None:
            return None
        if isinstance(field, models.JSONField):
            return json.dumps(value, ensure_ascii=False)
        return value


def _field_by_attname(model, attname: str):
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return f
    raise LookupError(f"{model.__name__} has no column {attname}")


def _load_seeds(seeds: list[Article]) -> list[SeedArticle]:
    loaded = []
    for article in seeds:
        officials = list(
            OfficialMention.objects.filter(article=article)
            .order_by("pk")
            .values("official_id", "name_as_printed", "rank", "titles", "unit_id", "confidence")
        )
        units = list(
            UnitMention.objects.filter(article=article)
            .order_by("pk")
            .values("unit_id", "name_as_printed", "confidence")
        )
        captions = list(
            Caption.objects.filter(article=article)
            .order_by("position", "pk")
            .values("position", "text", "credit", "alt_text")
        )
        link = ArticleAuthor.objects.filter(article=article).select_related("author").first()
        event = article.events.order_by("pk").first()
        loaded.append(
            SeedArticle(
                article=article,
                body_words=search_document(body=article.body),
                officials=officials,
                units=units,
                captions=captions,
                author=link.author if link else None,
                event=event,
                event_official_ids=list(event.officials.values_list("pk", flat=True))
                if event
                else [],
                event_unit_ids=list(event.units.values_list("pk", flat=True)) if event else [],
            )
        )
    return loaded


def _tags() -> list[Tag]:
    tags = []
    for name in TAG_NAMES:
        tag = Tag.objects.filter(name=name).first()
        if tag is None:
            tag = Tag(name=name)
            tag.save()  # articles.tags gives it an ASCII slug
        tags.append(tag)
    return tags


def _author_pool(seeds: list[SeedArticle]) -> list[tuple[Author, bool]]:
    pool = []
    for name, unit, printed in AUTHOR_POOL:
        author = Author.objects.filter(name_key=name_key(name), unit_key=fold(unit)).first()
        if author is None:
            author = Author(name=name, unit_or_agency=unit)
            author.save()
        pool.append((author, printed))
    return pool


class SlugMaker:
    """Unique slugs as `unique_slug` makes them, against a set instead of a query per slug."""

    def __init__(self, taken: set[str], max_length: int = SLUG_MAX_LENGTH):
        self.taken = taken
        self.max_length = max_length

    def __call__(self, text: str) -> str:
        base = slugify_vi(text, max_length=self.max_length - 6) or "muc"
        slug, counter = base, 2
        while slug in self.taken:
            slug = f"{base}-{counter}"
            counter += 1
        self.taken.add(slug)
        return slug


def generate_corpus(
    n: int,
    *,
    seed: int = 0,
    years: int = 5,
    chunk_size: int = 5000,
    analyze: bool = True,
    progress=None,
) -> Result:
    """Add `n` articles cloned from the seed articles; see the module's docstring."""
    if n <= 0:
        raise CorpusError(f"--articles must be a positive number, not {n}")
    if years <= 0:
        raise CorpusError(f"--years must be a positive number, not {years}")
    if chunk_size <= 0:
        raise CorpusError(f"chunk size must be positive, not {chunk_size}")
    report = progress or (lambda message: None)
    started = time.monotonic()

    seeds = _load_seeds(seed_articles())
    categories = list(Category.objects.order_by("pk"))
    if not seeds or not categories:
        raise CorpusError(
            "The database is not seeded: run `manage.py migrate` and `manage.py seed` first "
            "(the archive is cloned from the seed articles and their categories)."
        )
    if not any(s.officials for s in seeds):
        raise CorpusError("The seed articles name no official: run `manage.py seed` again.")

    writer = BulkWriter()
    session = _PostgresSession() if writer.postgresql else contextlib.nullcontext()
    with session:
        return _generate(
            n, seed=seed, years=years, chunk_size=chunk_size, report=report, started=started,
            seeds=seeds, categories=categories, writer=writer, analyze=analyze,
        )  # fmt: skip


class _PostgresSession:
    """SESSION_SETTINGS on this connection, put back afterwards."""

    def __enter__(self):
        _tune_session()
        return self

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            for name in SESSION_SETTINGS:
                cursor.execute(f"RESET {name}")


# For a bulk load, on PostgreSQL: no wait for the WAL flush on each commit (a crash loses the
# last chunks of a benchmark archive, nothing else), lz4 for the long texts' TOAST, a larger
# pending list for the GIN search index (where the index sets none of its own: since articles
# migration 0011 it keeps 512 kB, which a search reads in full).
SESSION_SETTINGS = {
    "synchronous_commit": "off",
    "default_toast_compression": "lz4",
    "gin_pending_list_limit": "65536",
}


def _tune_session() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name, value in SESSION_SETTINGS.items():
            try:
                with transaction.atomic():
                    cursor.execute(f"SET {name} = %s", [value])
            except DatabaseError:
                pass  # e.g. a server built without lz4: keep its default


def _generate(n, *, seed, years, chunk_size, report, started, seeds, categories, writer, analyze):
    rng = random.Random(seed)
    # Two connections write at once on PostgreSQL (the server's share of the work, index
    # upkeep above all, is most of it); one where the caller holds a transaction (tests), whose
    # uncommitted rows other connections would not see.
    workers = 2 if writer.postgresql and not connection.in_atomic_block else 1
    now = timezone.now().replace(microsecond=0)
    span_seconds = int(years * 365.25 * 86400)
    tags = _tags()
    tag_weights = [1.0 / (rank + 1) for rank in range(len(tags))]
    authors = _author_pool(seeds)
    article_type = ContentType.objects.get_for_model(Article)
    history_model = Article.history.model
    history_fields = [
        f.attname
        for f in history_model._meta.concrete_fields
        if f.attname not in {"history_id", "history_date", "history_change_reason", "history_type"}
        and f.attname != "history_user_id"
    ]

    positions = {
        (official_id, unit_id, title): pk
        for pk, official_id, unit_id, title in Position.objects.values_list(
            "pk", "official_id", "unit_id", "title"
        )
    }
    slugs = SlugMaker(set(Article.objects.values_list("slug", flat=True)))
    event_slugs = SlugMaker(set(Event.objects.values_list("slug", flat=True)))
    next_id = (Article.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    next_event_id = (Event.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    # The fast search text must equal what save() computes; check each seed once.
    full_search_text = False
    checked: set[int] = set()

    result = Result(by_status={s: 0 for s in Article.Status.values})
    done = 0
    while done < n:
        size = min(chunk_size, n - done)
        # One part per connection that writes; an article and all its rows go to one part.
        parts = [{table: [] for table in TABLES} for _ in range(workers)]
        for index in range(size):
            rows = parts[index * workers // size]
            article_id = next_id
            next_id += 1
            source = seeds[rng.randrange(len(seeds))]
            category = categories[rng.randrange(len(categories))]
            opening = rng.choice(TITLE_OPENINGS)
            topic = rng.choice(TITLE_TOPICS)
            place = rng.choice(PLACES)

            roll = rng.random()
            if roll < DRAFT_SHARE:
                status = Article.Status.DRAFT
            elif roll < DRAFT_SHARE + ARCHIVED_SHARE:
                status = Article.Status.ARCHIVED
            elif roll < DRAFT_SHARE + ARCHIVED_SHARE + SCHEDULED_SHARE:
                status = "scheduled"
            else:
                status = Article.Status.PUBLISHED
            moment = now - dt.timedelta(seconds=rng.randrange(60, span_seconds))
            if status == "scheduled":
                published_at = now + dt.timedelta(seconds=rng.randrange(3600, 30 * 86400))
                created_at = now - dt.timedelta(seconds=rng.randrange(600, 3 * 86400))
                updated_at = created_at + dt.timedelta(seconds=rng.randrange(0, 300))
                status = Article.Status.PUBLISHED
                result.scheduled += 1
            elif status == Article.Status.DRAFT:
                published_at = None
                created_at = moment
                updated_at = min(now, moment + dt.timedelta(seconds=rng.randrange(0, 7200)))
            else:
                published_at = moment
                created_at = moment - dt.timedelta(seconds=rng.randrange(300, 86400))
                updated_at = min(now, moment + dt.timedelta(seconds=rng.randrange(0, 3600)))
            day = (published_at or moment).astimezone(timezone.get_current_timezone())

            title = f"{opening} {topic} tại {place} năm {day.year}"
            if rng.random() < 0.3:
                title = f"{title} (đợt {rng.randint(1, 12)})"
            lead = (
                f"Ngày {day:%d/%m/%Y}, tại {place}, {opening[0].lower()}{opening[1:]} {topic}. "
                f"{source.article.lead}"
            ).strip()
            if rng.random() < 0.9:
                author, printed = authors[rng.randrange(len(authors))]
                if source.author is not None and rng.random() < 0.3:
                    author, printed = source.author, bool(source.article.author_unit)
                byline = author.name
                author_unit = author.unit_or_agency if printed else ""
            else:
                author, byline, author_unit = None, "", ""

            if full_search_text:
                search_text = Article(
                    title=title, lead=lead, body=source.article.body, byline=byline,
                    author_unit=author_unit,
                ).build_search_text()  # fmt: skip
            else:
                search_text = fast_search_text(
                    source, title=title, lead=lead, byline=byline, author_unit=author_unit
                )
                if source.article.pk not in checked:
                    checked.add(source.article.pk)
                    expected = Article(
                        title=title, lead=lead, body=source.article.body, byline=byline,
                        author_unit=author_unit,
                    ).build_search_text()  # fmt: skip
                    if expected != search_text:
                        full_search_text = True
                        search_text = expected

            public = status == Article.Status.PUBLISHED and published_at <= now
            voted = rng.random() < 0.2
            votes = rng.randint(1, 60) if voted else 0
            row = {
                "id": article_id,
                "title": title,
                "title_is_provisional": False,
                "slug": slugs(title),
                "lead": lead,
                "body": source.article.body,
                "status": status,
                "published_at": published_at,
                "publish_time_known": True,
                "expires_at": None,
                "hidden_at": None,
                # The seeds' bodies show no library photo: no cover, no card photo.
                "cover_id": None,
                "card_photo_id": None,
                "social_image_id": None,
                "meta_description": "",
                "category_id": category.pk,
                "byline": byline,
                "author_unit": author_unit,
                "source_id": source.article.source_id,
                "source_url": "",
                "view_count": int(min(rng.paretovariate(1.3) * 40, 250_000)) if public else 0,
                "rating_score": Decimal(rng.randint(250, 500)) / 100 if voted else None,
                "rating_votes": votes,
                "is_featured": public and rng.random() < 0.0005,
                "featured_order": rng.randint(0, 9),
                "is_pinned": public and rng.random() < 0.0002,
                "pinned_order": rng.randint(0, 5),
                "fingerprint": None,
                "search_text": search_text,
                "import_snapshot": {},
                "created_by_id": None,
                "created_at": created_at,
                "updated_at": updated_at,
                "submitted_by_id": None,
                "submitted_at": None,
                "approved_by_id": None,
                "approved_at": None,
            }
            rows["article"].append(row)
            history = {name: row[name] for name in history_fields}
            history.update(
                history_date=created_at,
                history_change_reason=None,
                history_type="+",
                history_user_id=None,
            )
            rows["history"].append(history)
            result.by_status[status] += 1
            if public:
                source.public_dates.append(day.date())

            # Mentions and sightings copy the article's visibility (see VisibilityCopy).
            visible = {
                "visible_from": published_at if status == Article.Status.PUBLISHED else None,
                "visible_until": None,
            }
            for mention in source.officials:
                rows["official"].append(
                    {
                        "article_id": article_id,
                        "official_id": mention["official_id"],
                        "name_as_printed": mention["name_as_printed"],
                        "rank": mention["rank"],
                        "titles": mention["titles"],
                        "unit_id": mention["unit_id"],
                        "confidence": mention["confidence"],
                        "confirmed": True,
                        **visible,
                    }
                )
                shown = {
                    positions.get((mention["official_id"], mention["unit_id"], title[:500]))
                    for title in mention["titles"]
                }
                for position_id in sorted(shown - {None}):
                    rows["sighting"].append(
                        {
                            "position_id": position_id,
                            "article_id": article_id,
                            "rank": mention["rank"],
                            **visible,
                        }
                    )
            for mention in source.units:
                rows["unit"].append({"article_id": article_id, **mention})
            for caption in source.captions:
                rows["caption"].append(
                    {
                        "article_id": article_id,
                        **caption,
                        "image": "",
                        "image_display": "",
                        "image_thumb": "",
                        "display_width": None,
                        "display_height": None,
                        "photo_id": None,
                    }
                )
            if author is not None:
                rows["author"].append(
                    {"article_id": article_id, "author_id": author.pk, "position": 0}
                )
            chosen = set()
            for _ in range(rng.randint(1, 4)):
                chosen.add(rng.choices(range(len(tags)), weights=tag_weights)[0])
            for index in sorted(chosen):
                rows["tag"].append(
                    {
                        "tag_id": tags[index].pk,
                        "content_type_id": article_type.pk,
                        "object_id": article_id,
                    }
                )

            if source.event is not None and rng.random() < EVENT_SHARE:
                template = source.event
                event_title = EVENT_TITLES.get(template.kind, EVENT_TITLES["other"]).format(
                    place=place, topic=topic
                )
                event_title = event_title[0].upper() + event_title[1:]
                location = place
                summary = lead[:600]
                event_id = next_event_id
                next_event_id += 1
                rows["event"].append(
                    {
                        "id": event_id,
                        "title": event_title,
                        "slug": event_slugs(f"{event_title} {day:%d-%m-%Y}"),
                        "kind": template.kind,
                        "date": day.date(),
                        "location": location,
                        "summary": summary,
                        "host_unit_id": template.host_unit_id,
                        "lead_official_id": template.lead_official_id,
                        "search_key": fold(f"{event_title} {location} {summary}"),
                        "from_articles": True,
                        "created_at": created_at,
                        "updated_at": updated_at,
                    }
                )
                rows["event_article"].append({"event_id": event_id, "article_id": article_id})
                for official_id in source.event_official_ids:
                    rows["event_official"].append(
                        {"event_id": event_id, "official_id": official_id}
                    )
                for unit_id in source.event_unit_ids:
                    rows["event_unit"].append({"event_id": event_id, "unit_id": unit_id})

        _write_parts(writer, parts, parallel=workers > 1)
        done += size
        for rows in parts:
            result.official_mentions += len(rows["official"])
            result.unit_mentions += len(rows["unit"])
            result.tags += len(rows["tag"])
            result.captions += len(rows["caption"])
            result.events += len(rows["event"])
        elapsed = time.monotonic() - started
        report(f"{done}/{n} articles, {elapsed:.1f} s, {done / elapsed:.0f} articles/s")

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Article, Event]):
            cursor.execute(sql)
    if analyze and connection.vendor == "postgresql":
        analyze_started = time.monotonic()
        with connection.cursor() as cursor:
            # What the search index still queues is merged now, not read by every search.
            cursor.execute("SELECT gin_clean_pending_list('articles_article_search_gin'::regclass)")
            for model in ANALYZED:
                table = connection.ops.quote_name(model._meta.db_table)
                # Vacuumed too (VACUUM cannot run in a transaction): until a table's
                # visibility map is set, "is this unit named anywhere" or the edges of search's
                # oldest windows cannot be index-only scans. Autovacuum gets there on its own,
                # minutes later (where it is on: this machine's server has it off). The
                # articles' VACUUM takes ~1.4 s at 100,000.
                vacuum = not connection.in_atomic_block
                verb = "VACUUM ANALYZE" if vacuum else "ANALYZE"
                cursor.execute(f"{verb} {table}")
        result.analyze_seconds = time.monotonic() - analyze_started

    # Rows written by COPY send no signal: cached pages must be recomputed.
    pageclock.bump_on_commit()
    result.articles = n
    result.full_search_text = full_search_text
    result.seconds = time.monotonic() - started
    return result


def _write_parts(writer: BulkWriter, parts: list[dict], *, parallel: bool) -> None:
    """Each part in one transaction: on this connection, or each on its own in a thread."""
    if not parallel:
        for rows in parts:
            with transaction.atomic():
                writer.write_rows(rows)
        return
    errors: list[BaseException] = []

    def run(rows):
        try:
            _tune_session()
            with transaction.atomic():
                writer.write_rows(rows)
        except BaseException as err:  # re-raised in the calling thread below
            errors.append(err)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(rows,)) for rows in parts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
