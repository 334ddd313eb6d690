"""The benchmark archive generator: shape, derived fields as save() makes them, bad input."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.utils import timezone
from taggit.models import TaggedItem

from articles.models import Article, ArticleAuthor, Category, OfficialMention, UnitMention
from articles.sanitise import sanitise_html
from articles.services.corpus import seed_articles
from newsroom.text import slugify_vi

pytestmark = pytest.mark.django_db

N = 200


def test_archive_shape():
    """One seeded, generated archive (seeding is the slow part), checked from every side."""
    call_command("seed", stdout=StringIO())
    seeds = {article.pk for article in seed_articles()}
    out = StringIO()
    call_command("generate_corpus", articles=N, seed=3, stdout=out)
    clones = Article.objects.exclude(pk__in=seeds)
    archive = seeds, clones, out.getvalue()
    check_counts_statuses_and_final_line(archive)
    check_spread_over_years_and_every_category(archive)
    check_slugs_unique_and_from_titles(archive)
    check_each_clone_names_what_its_seed_names(archive)
    check_derived_fields_as_save_computes_them(archive)


def check_counts_statuses_and_final_line(archive):
    seeds, clones, output = archive
    assert len(seeds) == 5
    assert clones.count() == N
    assert f"Generated {N} articles" in output.splitlines()[-1]
    assert "articles/s" in output.splitlines()[-1]
    now = timezone.now()
    drafts = clones.filter(status=Article.Status.DRAFT).count()
    archived = clones.filter(status=Article.Status.ARCHIVED).count()
    scheduled = clones.scheduled(at=now).count()
    public = clones.published(at=now).count()
    assert drafts + archived + scheduled + public == N
    # 3%, 1%, 1% of 200 are 6, 2, 2: allow for the draw, but each hidden kind must be there.
    assert 1 <= drafts <= 16
    assert 1 <= archived <= 8
    assert 1 <= scheduled <= 8
    assert public >= 0.88 * N


def check_spread_over_years_and_every_category(archive):
    _, clones, _ = archive
    assert set(clones.values_list("category", flat=True)) == set(
        Category.objects.values_list("pk", flat=True)
    )
    years = {d.year for d in clones.published().dates("published_at", "year")}
    assert len(years) >= 5


def check_slugs_unique_and_from_titles(archive):
    _, clones, _ = archive
    slugs = list(Article.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))
    for article in clones[:50]:
        assert article.slug.startswith(slugify_vi(article.title, max_length=194))


def check_each_clone_names_what_its_seed_names(archive):
    seeds, clones, _ = archive
    seed_officials = {
        pk: set(OfficialMention.objects.filter(article_id=pk).values_list("official_id", flat=True))
        for pk in seeds
    }
    assert OfficialMention.objects.filter(article__in=clones).exists()
    assert UnitMention.objects.filter(article__in=clones).exists()
    assert TaggedItem.objects.filter(object_id__in=clones.values("pk")).exists()
    assert ArticleAuthor.objects.filter(article__in=clones).exists()
    for article in clones.filter(body__isnull=False)[:40]:
        named = set(article.official_mentions.values_list("official_id", flat=True))
        assert named in seed_officials.values()
    # The most named seed official is named in a large share of the archive (2 of 5 seeds).
    top = (
        OfficialMention.objects.filter(article__in=clones)
        .values("official")
        .annotate(n=Count("article"))
        .order_by("-n")
        .first()
    )
    assert top["n"] >= 0.25 * N


def check_derived_fields_as_save_computes_them(archive):
    _, clones, _ = archive
    for article in clones.order_by("?")[:40]:
        assert article.search_text == article.build_search_text()
        assert article.body == sanitise_html(article.body)
        assert article.history.filter(history_type="+").count() == 1
        assert article.created_at <= article.updated_at


def test_same_seed_same_archive():
    call_command("seed", stdout=StringIO())
    before = set(Article.objects.values_list("pk", flat=True))
    call_command("generate_corpus", articles=20, seed=9, stdout=StringIO())
    first = list(
        Article.objects.exclude(pk__in=before)
        .order_by("pk")
        .values_list("title", "status", "category_id")
    )
    Article.objects.exclude(pk__in=before).delete()
    call_command("generate_corpus", articles=20, seed=9, stdout=StringIO())
    second = list(
        Article.objects.exclude(pk__in=before)
        .order_by("pk")
        .values_list("title", "status", "category_id")
    )
    assert first == second


@pytest.mark.parametrize("count", [0, -5])
def test_refuses_a_count_that_is_not_positive(count):
    with pytest.raises(CommandError, match="positive"):
        call_command("generate_corpus", articles=count, stdout=StringIO())


def test_refuses_an_unseeded_database():
    with pytest.raises(CommandError, match=r"manage\.py seed"):
        call_command("generate_corpus", articles=10, stdout=StringIO())
