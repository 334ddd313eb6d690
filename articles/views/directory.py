"""Public pages for officials and units: lists, the unit tree, an official's and a unit's page.

They live in articles, not in people, because every one of them shows coverage: `people`
never imports `articles`. Coverage and counts come from published articles only;
officials and units that only unpublished articles name are not shown (404 for their page).
"""

from __future__ import annotations

from django.core.paginator import InvalidPage, Paginator
from django.db.models import F, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import ListView, TemplateView

from articles import selectors
from articles.models import Article, OfficialMention, published_q, visible_now_q
from newsroom.pages import CanonicalMixin, CappedPaginator
from people.models import Official, Position, Unit
from people.selectors import is_police, leaders_from_positions, rank_order, unit_forest

from .caching import public_page_view

# The officials index shows how many published articles name each official, counted up to
# this many: "100+" beyond. An exact count would read every mention of every official on the
# page (a provincial director is named in ~40,000 articles: 1.6 s for one page of 60 at
# 100,000 articles). A count maintained on the official was the alternative, but publication
# is also a moment (a scheduled article becomes visible with no write), so a stored count
# would lag or need a job; a capped count is exact where it is small, never stale, and reads
# at most COUNT_CAP + 1 index entries per official. The official's own page shows the
# coverage itself, also capped (newsroom.pages.CappedPaginator).
COUNT_CAP = 100
# The official's rank history reads the ranks printed in this many of the newest public
# mentions of them that print one (OfficialDetailView.rank_history).
RANK_HISTORY_ARTICLES = 1000


class CappedCount(Subquery):
    """`(SELECT COUNT(*) FROM (<subquery sliced to cap + 1>))`: a correlated count that stops."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) capped_count)"
    output_field = IntegerField()


def published_count(mention_model, fk: str, *, cap: int | None = None):
    """Subquery: how many published articles name the row, up to `cap + 1` (one mention per
    article and row, a unique constraint, so counting mentions counts articles)."""
    mentions = mention_model.objects.filter(
        published_q("article__"), **{fk: OuterRef("pk")}
    ).order_by()
    return CappedCount(mentions.values("pk")[: (cap or COUNT_CAP) + 1])


@public_page_view
class OfficialListView(CanonicalMixin, ListView):
    """Officials grouped by their unit, highest rank first within a unit."""

    template_name = "people/official_list.html"
    context_object_name = "officials"
    paginate_by = 60

    def get_queryset(self):
        unit_name = Coalesce(F("unit__name"), F("derived_unit_name"))
        return (
            selectors.with_public_facts(selectors.public_officials())
            .select_related("unit")
            .annotate(article_count=published_count(OfficialMention, "official"))
            .alias(rank_shown=selectors.shown_rank())
            .order_by(
                unit_name.asc(nulls_last=True),
                rank_order("rank_shown"),
                "name",
                "pk",
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(count_cap=COUNT_CAP, **kwargs)


@public_page_view
class OfficialDetailView(CanonicalMixin, ListView):
    """An official: rank history from the articles, positions, coverage (paginated)."""

    template_name = "people/official_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        positions = selectors.public_positions(Position.objects.select_related("unit"))
        self.official = get_object_or_404(
            selectors.with_public_facts(selectors.public_officials())
            .select_related("unit")
            .prefetch_related(Prefetch("positions", queryset=positions)),
            slug=self.kwargs["slug"],
        )
        return (
            Article.objects.published()
            .filter(official_mentions__official=self.official)
            .for_listing()
        )

    paginator_class = CappedPaginator

    def rank_history(self):
        """Each rank printed in the official's newest RANK_HISTORY_ARTICLES public mentions
        that print one, with the first and last publication showing it among them.

        Bounded: a provincial director is named in ~40,000 articles, and aggregating all of
        them took 0.3 s a request at 100,000 articles. The mentions carry their article's
        visibility (`visible_from` is its publication time), so the newest ones that print
        a rank are one walk of the index that holds only those (articles_mention_rank):
        ~1,000 rows, grouped here. Walking the publication index for the official's newest
        articles and joining back to their mentions read ~17,000 buffers (75 ms under
        load). Older ranks are in the articles themselves.
        """
        newest = (
            OfficialMention.objects.filter(visible_now_q(), official=self.official)
            .exclude(rank="")
            .order_by("-visible_from", "-pk")
            .values_list("rank", "visible_from")[:RANK_HISTORY_ARTICLES]
        )
        # Grouped here: the rows are at hand, a GROUP BY would join back to them.
        ranks: dict[str, dict] = {}
        for rank, published in newest:
            row = ranks.setdefault(rank, {"rank": rank, "first": published, "total": 0})
            row["first"] = published  # newest first: the last one seen is the oldest
            row.setdefault("last", published)
            row["total"] += 1
        return sorted(ranks.values(), key=lambda row: (row["first"], row["rank"]))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            official=self.official,
            positions=selectors.latest_first(self.official.positions.all()),
            rank_history=self.rank_history(),
            rank_history_articles=RANK_HISTORY_ARTICLES,
            **kwargs,
        )


def _public_unit_forest():
    units = list(
        selectors.public_units().only("pk", "name", "slug", "parent_id", "kind").order_by("name")
    )
    return unit_forest(units)


@public_page_view
class UnitTreeView(CanonicalMixin, TemplateView):
    """The tree of units, top-level units paginated (their whole sub-tree on the same page)."""

    template_name = "people/unit_tree.html"
    roots_per_page = 30

    def get_context_data(self, **kwargs):
        roots, _ = _public_unit_forest()
        # The police organisation first, then the other bodies articles name.
        roots = sorted(roots, key=lambda node: not is_police(node.unit))
        paginator = Paginator(roots, self.roots_per_page, allow_empty_first_page=True)
        page_number = self.request.GET.get("page") or 1
        try:
            page = paginator.page(page_number)
        except InvalidPage as err:
            raise Http404("Không có trang này.") from err
        return super().get_context_data(
            police_roots=[node for node in page.object_list if is_police(node.unit)],
            other_roots=[node for node in page.object_list if not is_police(node.unit)],
            page_obj=page,
            paginator=paginator,
            **kwargs,
        )


@public_page_view
class UnitDetailView(CanonicalMixin, ListView):
    """A unit with what Decree 42/2022 asks a state agency to publish, its sub-units (the
    organisation chart), leaders, contact officials, and its coverage (paginated)."""

    template_name = "people/unit_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        # The public units (one query) give the tree around the unit and say whether the
        # unit is public: its own row is then read by key, without the visibility test again.
        _, self.nodes = _public_unit_forest()
        node = next((n for n in self.nodes.values() if n.unit.slug == self.kwargs["slug"]), None)
        if node is None:
            raise Http404("Không có đơn vị này.")
        self.unit = get_object_or_404(
            Unit.objects.prefetch_related(
                Prefetch(
                    "contact_officials",
                    queryset=selectors.with_public_facts(Official.objects.order_by("name")),
                )
            ),
            pk=node.unit.pk,
        )
        return Article.objects.published().filter(unit_mentions__unit=self.unit).for_listing()

    paginator_class = CappedPaginator

    def get_context_data(self, **kwargs):
        nodes = self.nodes
        node = nodes.get(self.unit.pk)
        ancestors, seen, parent = [], {self.unit.pk}, nodes.get(self.unit.parent_id)
        while parent is not None and parent.unit.pk not in seen:
            ancestors.append(parent.unit)
            seen.add(parent.unit.pk)
            parent = nodes.get(parent.unit.parent_id)
        positions = list(
            selectors.public_positions(
                Position.objects.filter(
                    selectors.visible(
                        OfficialMention,
                        "official",
                        outer="official_id",
                        flag="official__from_articles",
                    ),
                    unit=self.unit,
                )
            )
            .select_related("official")
            .annotate(**selectors.public_facts("official_id", prefix="official_"))
        )
        selectors.copy_facts(lambda p: p.official, positions)
        leaders = leaders_from_positions(selectors.latest_first(positions))
        return super().get_context_data(
            unit=self.unit,
            ancestors=list(reversed(ancestors)),
            sub_units=node.children if node else [],
            leaders=leaders,
            **kwargs,
        )
