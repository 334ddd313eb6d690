"""What readers do on an article: rate it (1–5) and report an error in it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.services import readers as reader_services
from newsroom.ratelimit import ratelimit, wants_json
from newsroom.readers import is_bot


class CountViewMixin:
    """Counts a view of the article the first time a reading session opens it.

    The session's counted article ids travel in its signed cookie (newsroom.readers), so a
    reload costs no write at all, and a first view costs one HINCRBY in Redis, written to the
    database by the next flush (articles.services.view_counts), or without Redis one upsert on
    a narrow table of pending views, written by the same flush. See README, "Views".
    """

    count_views = True  # the preview of a draft turns it off
    counted_article_id = None  # a cached copy of the page counts this article on every hit

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        if self.count_views:
            self.counted_article_id = article.pk
            if count_article_view(self.request, article.pk):
                article.view_count += 1
        return article


def count_article_view(request, article_id: int) -> bool:
    """Count a view of the article unless this reading session already did; True if counted.

    Called by the article view, and by the page cache on a hit (articles.views.caching)."""
    reader = getattr(request, "reader", None)
    if (
        request.method != "GET"
        or reader is None
        or reader.has_viewed(article_id)
        or is_bot(request)
    ):
        return False
    reader_services.count_view(article_id)
    reader.mark_viewed(article_id)
    return True


class RatingForm(forms.Form):
    diem = forms.TypedChoiceField(
        label="Điểm",
        coerce=int,
        choices=[(str(score), f"{score} sao") for score in range(1, 6)],
        error_messages={"required": "Chưa chọn điểm.", "invalid_choice": "Điểm phải từ 1 đến 5."},
    )


def _answer(request, article, *, status: int, message: str, level=messages.SUCCESS):
    if wants_json(request):
        payload = {
            "message": message,
            "score": str(article.rating_score) if article.rating_score is not None else None,
            "votes": article.rating_votes,
        }
        return JsonResponse(payload, status=status)
    if status >= 400 and status != 409:
        return TemplateResponse(
            request,
            "articles/reader_error.html",
            {"article": article, "message": message},
            status=status,
        )
    messages.add_message(request, level, message)
    return redirect(article.get_absolute_url() + "#danh-gia")


@require_POST
@ratelimit("rating")
def rate(request, slug):
    """POST /tin-tuc/<slug>/danh-gia/ with `diem` = 1..5 (CSRF token required)."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _answer(request, article, status=400, message=form.errors["diem"][0])
    reader = getattr(request, "reader", None)
    if reader is None or reader.new_reader:
        # A reader without our cookie could vote again with every request.
        message = "Trình duyệt cần cho phép cookie để đánh giá bài viết."
        return _answer(request, article, status=400, message=message)
    recorded = reader_services.rate_article(
        article=article, voter_key=reader.key, score=form.cleaned_data["diem"]
    )
    article.refresh_from_db(fields=["rating_score", "rating_votes"])
    if not recorded:
        message = "Bạn đã đánh giá bài viết này rồi. Cảm ơn bạn!"
        return _answer(request, article, status=409, message=message, level=messages.INFO)
    return _answer(request, article, status=200, message="Cảm ơn bạn đã đánh giá bài viết.")


class ErrorReportForm(forms.Form):
    """Name and email optional, message required; `website` is a trap only robots fill in."""

    ten = forms.CharField(label="Họ tên (không bắt buộc)", max_length=120, required=False)
    email = forms.EmailField(label="Thư điện tử (không bắt buộc)", max_length=254, required=False)
    noi_dung = forms.CharField(
        label="Lỗi bạn thấy trong bài",
        min_length=5,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Xin cho biết lỗi bạn thấy trong bài."},
    )
    website = forms.CharField(label="Để trống ô này", required=False)


@ratelimit("error-report")
def report_error(request, slug):
    """GET shows the form; POST files the report (CSRF, rate-limited, no account needed)."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    form = ErrorReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if not data["website"]:
                reader_services.report_error(
                    article=article, message=data["noi_dung"], name=data["ten"], email=data["email"]
                )
            message = "Cảm ơn bạn! Báo lỗi đã được gửi tới ban biên tập."
            if wants_json(request):
                return JsonResponse({"message": message}, status=201)
            messages.success(request, message)
            return redirect(article.get_absolute_url())
        if wants_json(request):
            return JsonResponse({"errors": form.errors}, status=400)
        status = 400
    elif request.method in ("GET", "HEAD"):
        status = 200
    else:
        return HttpResponseNotAllowed(["GET", "POST"])
    return TemplateResponse(
        request, "articles/error_report.html", {"article": article, "form": form}, status=status
    )
