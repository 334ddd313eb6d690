"""The articles app's models, one cluster per module, imported in dependency order.

choices -> taxonomy -> photos -> article -> mentions, events, authors, readers, workflow, imports.
"""

from .article import (
    Article,
    ArticleQuerySet,
    ArticleSlugHistory,
    Caption,
    Provenance,
    published_q,
)
from .authors import ArticleAuthor, Author
from .choices import ArticleStatus
from .events import Event, EventQuerySet
from .imports import ImportJob, ImportJobFile, ImportJobQuerySet
from .mentions import (
    REVIEW_BELOW_CONFIDENCE,
    MentionToReview,
    OfficialMention,
    OfficialMentionQuerySet,
    PositionSighting,
    UnitMention,
    copy_visibility,
    visible_now_q,
)
from .photos import Photo, PhotoQuerySet
from .readers import ErrorReport, PendingViews, RatingVote
from .taxonomy import Category, CategoryQuerySet, Source
from .workflow import ArticleTransition, CategoryPermission

__all__ = [
    "REVIEW_BELOW_CONFIDENCE",
    "Article",
    "ArticleAuthor",
    "ArticleQuerySet",
    "ArticleSlugHistory",
    "ArticleStatus",
    "ArticleTransition",
    "Author",
    "Caption",
    "Category",
    "CategoryPermission",
    "CategoryQuerySet",
    "ErrorReport",
    "Event",
    "EventQuerySet",
    "ImportJob",
    "ImportJobFile",
    "ImportJobQuerySet",
    "MentionToReview",
    "OfficialMention",
    "OfficialMentionQuerySet",
    "PendingViews",
    "Photo",
    "PhotoQuerySet",
    "PositionSighting",
    "Provenance",
    "RatingVote",
    "Source",
    "UnitMention",
    "copy_visibility",
    "published_q",
    "visible_now_q",
]
