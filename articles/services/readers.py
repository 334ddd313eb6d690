"""Writes readers cause: a rating vote, a counted view, an error report. One place each."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, FloatField, Value
from django.db.models.functions import Cast, Coalesce, Round
from django.utils import timezone

from articles.models import Article, ErrorReport, RatingVote
from articles.services import view_counts


@transaction.atomic
def rate_article(*, article: Article, voter_key: str, score: int) -> bool:
    """Record one reader's vote and fold it into the article's average, atomically.

    Returns False (and changes nothing) when this reader has already rated the article. The
    average is updated in SQL with F() expressions, so simultaneous votes do not overwrite each
    other; the ratings imported from source pages (score and votes, without individual votes)
    are kept in the average.
    """
    if not 1 <= score <= 5:
        raise ValueError("score must be between 1 and 5")
    try:
        with transaction.atomic():
            RatingVote.objects.create(article=article, voter_key=voter_key, score=score)
    except IntegrityError:
        return False
    votes = Cast(F("rating_votes"), FloatField())
    current = Cast(Coalesce(F("rating_score"), Value(0)), FloatField())
    Article.objects.filter(pk=article.pk).update(
        rating_score=Round((current * votes + Value(float(score))) / (votes + Value(1.0)), 2),
        rating_votes=F("rating_votes") + 1,
    )
    return True


def count_view(article: Article | int) -> None:
    """One more view, buffered (in Redis, else in the database) and added to the article by
    the next flush (articles.services.view_counts)."""
    view_counts.count_view(article if isinstance(article, int) else article.pk)


def report_error(*, article: Article, message: str, name: str = "", email: str = "") -> ErrorReport:
    """File a reader's error report; it waits in the admin queue with status "new"."""
    report = ErrorReport(article=article, message=message, name=name, email=email)
    report.full_clean()
    report.save()
    return report


def mark_handled(reports, *, user) -> int:
    """Mark the still-new reports among `reports` as handled by `user`; returns how many."""
    return reports.filter(status=ErrorReport.Status.NEW).update(
        status=ErrorReport.Status.HANDLED, handled_at=timezone.now(), handled_by=user
    )
