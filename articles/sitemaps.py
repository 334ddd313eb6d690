"""sitemap.xml: an index of small pieces, each a bounded amount of work whatever the archive.

Only what readers can open is listed: published articles whose time has come and that have not
expired; officials, units and events named in at least one such article; every category.

    /sitemap.xml                      the index: the pieces below
    /sitemap-tin-tuc-2026-11.xml      the public articles of a month (local time), one piece
                                      per month that has one
    /sitemap-su-kien-2026.xml         the events of a year covered by a published article
    /sitemap-su-kien.xml              the same for events without a date
    /sitemap-chuyen-muc.xml, /sitemap-can-bo.xml, /sitemap-don-vi.xml
    /sitemap-tin-tuc.xml              the newest articles: the first page of the old paged
                                      section, kept for crawlers that know it (not in the index)

Why: at 100,000 articles, django.contrib.sitemaps counted every public article to page the
index (86 ms) and rendered 1,000 URLs per page through a template (~0.1 ms each). Here the
index lists the months from one query of index probes (`selectors.periods_with_rows`), a
month's piece is one range scan of the publication index (~1,600 rows at this archive's rate),
and the XML is joined as strings. The old `?p=N` pages (N ≥ 2) redirect to the index, which
names where their articles are now.
"""

from __future__ import annotations

import datetime
from xml.sax.saxutils import escape

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Greatest, TruncDate
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from people.models import Official, Unit

from . import selectors
from .models import Article, Category, Event, OfficialMention, UnitMention

# The protocol's limit of URLs per file; a month or a year of a provincial archive has a few
# thousand at most (a national one of a million articles in ten years: ~8,000 a month).
MAX_URLS = 50_000
# The old /sitemap-tin-tuc.xml: its first page, the newest articles.
NEWEST_ARTICLES = 1000

_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _xml(body: str) -> HttpResponse:
    response = HttpResponse(_HEAD + body, content_type="application/xml; charset=utf-8")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def _origin(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _path_maker(viewname: str, **fixed):
    """`slug -> path` for a URL pattern with a slug: one reverse() for the whole list."""
    marker = "__slug__"
    template = reverse(viewname, kwargs={**fixed, "slug": marker})
    before, after = template.split(marker)
    return lambda slug: f"{before}{slug}{after}"


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(moment).date() if moment else None


def urlset(request, rows, *, changefreq: str, priority: str) -> HttpResponse:
    """<urlset> of (path, lastmod date or None) rows, as strings: no template per URL."""
    origin = _origin(request)
    tail = f"<changefreq>{changefreq}</changefreq><priority>{priority}</priority></url>"
    parts = [f"<urlset {_NS}>"]
    for path, lastmod in rows:
        stamp = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        parts.append(f"<url><loc>{escape(origin + path)}</loc>{stamp}{tail}")
    parts.append("</urlset>\n")
    return _xml("\n".join(parts))


# --- what each piece lists -------------------------------------------------------------


def _article_rows(articles, limit: int = MAX_URLS):
    """Published articles, newest first, at most `limit`; lastmod is the local date of the
    last change, computed by the database (parsing two timestamps a row and converting them
    to local time cost more in Python than the rest of the piece)."""
    path = _path_maker("articles:detail")
    rows = (
        articles.order_by("-published_at", "-pk")
        .annotate(lastmod=TruncDate(Greatest("updated_at", "published_at")))
        .values_list("slug", "lastmod")[:limit]
    )
    for slug, lastmod in rows:
        yield path(slug), lastmod


def _next_month(month: datetime.date) -> datetime.date:
    return datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def article_months() -> list[datetime.date]:
    """The local months with a public article, newest first (one query)."""
    return selectors.periods_with_rows(Article.objects.published(), "published_at", "month")


def covered_events():
    """Events a published article covers (the event sitemaps list no editor's event
    without coverage)."""
    links = Event.articles.through.objects.filter(event_id=OuterRef("pk"))
    return Event.objects.filter(selectors.any_published(links, "event_id"))


def event_years() -> list[datetime.date]:
    return selectors.periods_with_rows(covered_events(), "date", "year")


def _event_rows(events):
    path = _path_maker("articles:event")
    for slug in events.order_by("-date", "pk").values_list("slug", flat=True)[:MAX_URLS]:
        yield path(slug), None


def _category_rows():
    latest = (
        Article.objects.published()
        .filter(category=OuterRef("pk"))
        .order_by("-published_at")
        .values("published_at")[:1]
    )
    path = _path_maker("articles:category")
    categories = Category.objects.annotate(last_published=Subquery(latest)).order_by(
        "order", "name"
    )
    for slug, last_published in categories.values_list("slug", "last_published"):
        yield path(slug), _local_date(last_published)


def _named_rows(model, mention_model, fk: str, viewname: str):
    """Officials or units a published article names (one index probe each; the directory
    is small next to the archive: tens to thousands of rows)."""
    named = mention_model.objects.filter(**{fk: OuterRef("pk")})
    rows = model.objects.filter(selectors.any_published(named, fk)).order_by("pk")
    path = _path_maker(viewname)
    for slug in rows.values_list("slug", flat=True)[:MAX_URLS]:
        yield path(slug), None


# The pieces with a fixed address: name -> (rows, changefreq, priority). The names are
# the `<section>` of /sitemap-<section>.xml.
SECTIONS = {
    "tin-tuc": (
        lambda: _article_rows(Article.objects.published(), NEWEST_ARTICLES),
        "daily",
        "0.8",
    ),
    "chuyen-muc": (_category_rows, "daily", "0.6"),
    "can-bo": (
        lambda: _named_rows(Official, OfficialMention, "official_id", "people:official"),
        "weekly",
        "0.5",
    ),
    "don-vi": (
        lambda: _named_rows(Unit, UnitMention, "unit_id", "people:unit"),
        "weekly",
        "0.5",
    ),
    "su-kien": (lambda: _event_rows(covered_events().filter(date=None)), "monthly", "0.5"),
}
# Kept for the fuzz test and other readers of the section names.
SITEMAPS = SECTIONS
# Listed in the index (the newest articles are in their month's piece already).
INDEXED_SECTIONS = ("chuyen-muc", "can-bo", "don-vi", "su-kien")


# --- views ---------------------------------------------------------------------------------


@require_safe
def index(request):
    """The index: the fixed pieces, then one per month of articles and year of events."""
    origin = _origin(request)
    paths = [reverse("sitemap-section", kwargs={"section": name}) for name in INDEXED_SECTIONS]
    paths += [
        reverse("sitemap-articles", kwargs={"year": month.year, "month": f"{month.month:02d}"})
        for month in article_months()
    ]
    paths += [reverse("sitemap-events", kwargs={"year": year.year}) for year in event_years()]
    entries = "".join(f"<sitemap><loc>{escape(origin + path)}</loc></sitemap>\n" for path in paths)
    return _xml(f"<sitemapindex {_NS}>\n{entries}</sitemapindex>\n")


def _old_page_redirect(request):
    """?p=N of the old paged sections: page 1 is the piece itself; pages 2 and beyond no
    longer exist (the index names the month and year pieces instead); not a number: 404."""
    page = request.GET.get("p", "1")
    if page == "1":
        return None
    if page.isascii() and page.isdigit() and int(page) >= 2:
        return HttpResponsePermanentRedirect(reverse("sitemap"))
    raise Http404("Không có trang này.")


@require_safe
def section(request, section: str):
    if section not in SECTIONS:
        raise Http404("Không có mục này.")
    redirect = _old_page_redirect(request)
    if redirect is not None:
        return redirect
    rows, changefreq, priority = SECTIONS[section]
    return urlset(request, rows(), changefreq=changefreq, priority=priority)


@require_safe
def articles_month(request, year: int, month: int):
    """The public articles of one local month; a month without one is 404."""
    try:
        start = datetime.date(year, month, 1)
        _next_month(start)  # December of year 9999 has no end
    except (ValueError, OverflowError) as err:
        raise Http404("Tháng không hợp lệ.") from err
    rows = list(_article_rows(selectors.published_between(start, _next_month(start))))
    if not rows:
        raise Http404("Không có bài viết trong tháng này.")
    return urlset(request, rows, changefreq="weekly", priority="0.8")


@require_safe
def events_year(request, year: int):
    """The events of one year that a published article covers; a year without one is 404."""
    try:
        start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    except (ValueError, OverflowError) as err:
        raise Http404("Năm không hợp lệ.") from err
    rows = list(_event_rows(covered_events().filter(date__gte=start, date__lt=end)))
    if not rows:
        raise Http404("Không có sự kiện trong năm này.")
    return urlset(request, rows, changefreq="monthly", priority="0.5")
