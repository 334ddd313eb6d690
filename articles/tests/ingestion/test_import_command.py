"""The import command: paths of every kind, bad input, idempotence, --update, --dry-run."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Caption, Provenance
from articles.tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "sources"

PAGE = """Công an huyện Châu Thành ra quân bảo đảm trật tự an toàn giao thông

Thứ Ba, 14/03/2023 08:30

Sáng 14/3, Công an huyện Châu Thành tổ chức lễ ra quân cao điểm bảo đảm trật tự an toàn giao \
thông dịp cuối quý I năm 2023 với sự tham gia của hơn 120 cán bộ, chiến sĩ.

Trong đợt cao điểm, lực lượng Cảnh sát giao thông tập trung kiểm tra, xử lý vi phạm nồng độ cồn, \
tốc độ và chở quá số người quy định trên các tuyến quốc lộ đi qua địa bàn.

Lãnh đạo Công an huyện yêu cầu cán bộ, chiến sĩ thực hiện đúng quy trình, văn minh, lịch sự khi \
làm nhiệm vụ, kiên quyết không để xảy ra sai phạm.

Minh Khoa
"""


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Encode as windows-1258 does: letters with a tone become base letter + combining tone."""
    out = []
    for char in text:
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONE_MARKS))
            tones = "".join(p for p in parts if p in TONE_MARKS)
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def run(*args, stdin: bytes | None = None) -> tuple[str, int]:
    """Run the command in-process; returns (stdout, exit status)."""
    out = io.StringIO()
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        call_command("import_articles", *args, stdout=out, stderr=io.StringIO())
        return out.getvalue(), 0
    except CommandError as err:
        return out.getvalue() + str(err), err.returncode
    finally:
        sys.stdin = old_stdin


@pytest.fixture
def page_file(tmp_path) -> Path:
    path = tmp_path / "chau-thanh.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_imports_a_file_as_draft_by_default(page_file):
    output, status = run(str(page_file))
    assert status == 0
    assert "created" in output
    article = Article.objects.get()
    assert article.title.startswith("Công an huyện Châu Thành ra quân")
    assert article.status == Article.Status.DRAFT
    assert article.byline == "Minh Khoa"
    assert Provenance.objects.get().file_name == "chau-thanh.txt"


def test_imports_a_folder_recursively_a_glob_and_stdin(tmp_path):
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    for seed in sorted(SEEDS.glob("00[0-2]*.txt")):
        (nested / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    output, status = run(str(tmp_path))
    assert status == 0, output
    assert Article.objects.count() == 3
    output, status = run(str(SEEDS / "00[34]*.txt"))
    assert status == 0, output
    assert Article.objects.count() == 5
    output, status = run("-", stdin=PAGE.encode("utf-8"))
    assert status == 0, output
    assert Article.objects.count() == 6


def test_same_page_twice_or_under_another_name_gives_one_article(tmp_path, page_file):
    run(str(page_file))
    copy = tmp_path / "ban-sao.txt"
    copy.write_text(PAGE.replace("\n", "\r\n"), encoding="utf-8")
    output, status = run(str(page_file), str(copy))
    assert status == 0
    assert output.count("unchanged") >= 2
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "reason_word"),
    [
        ("empty.txt", b"", "Trang rỗng"),
        ("blank.txt", b"   \n\n  \t\n", "Trang rỗng"),
        ("binary.txt", bytes(range(256)) * 20, "byte NUL"),
        ("png.txt", b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02" * 300, "ảnh PNG"),
        ("menu-only.txt", "Trang chủ\nGiới thiệu\nLiên hệ\n".encode(), "nội dung bài viết"),
    ],
)
def test_bad_pages_fail_with_a_reason_and_write_nothing(tmp_path, name, content, reason_word):
    path = tmp_path / name
    path.write_bytes(content)
    output, status = run(str(path))
    assert status == 1
    assert "Traceback" not in output
    # the page's own line: "failed  <path>  — <reason>"
    line = next(x for x in output.splitlines() if x.startswith("failed") and name in x)
    reason = line.split("—", 1)[1]
    assert reason_word in reason, line
    assert Article.objects.count() == 0


def test_a_bad_page_does_not_stop_the_others(tmp_path, page_file):
    (tmp_path / "zz-binary.txt").write_bytes(b"\x00\xff\x00\xfe" * 100)
    output, status = run(str(tmp_path))
    assert status == 1
    assert "1 created" in output
    assert "1 failed" in output
    assert Article.objects.count() == 1


def test_file_over_the_size_limit_is_refused_without_reading(page_file):
    output, status = run(str(page_file), "--max-bytes", "100")
    assert status == 1
    assert "quá lớn" in output
    assert Article.objects.count() == 0


def test_missing_path_and_empty_folder_are_reported(tmp_path):
    (tmp_path / "empty").mkdir()
    output, status = run(str(tmp_path / "khong-co.txt"), str(tmp_path / "empty"))
    assert status == 1
    assert "không có tệp" in output
    assert "không có trang" in output


def test_usage_errors_exit_with_2(page_file):
    _, status = run(str(page_file), "--category", "khong-co")
    assert status == 2
    _, status = run(str(page_file), "--json-report", "/khong/co/thu/muc/report.json")
    assert status == 2
    assert Article.objects.count() == 0


def test_dry_run_writes_nothing(page_file):
    output, status = run(str(page_file), "--dry-run")
    assert status == 0
    assert "created" in output
    assert Article.objects.count() == 0
    assert Caption.objects.count() == 0
    assert Provenance.objects.count() == 0


def test_update_refreshes_importer_fields_but_keeps_editor_changes(tmp_path, page_file):
    run(str(page_file))
    article = Article.objects.get()
    article.title = "Tiêu đề do biên tập viên sửa"
    article.save()
    changed = PAGE.replace("Minh Khoa", "Bảo Ngọc").replace(
        "Thứ Ba, 14/03/2023 08:30", "Thứ Ba, 14/03/2023 09:45"
    )
    page_file.write_text(changed, encoding="utf-8")
    output, status = run(str(page_file), "--update")
    assert status == 0, output
    article.refresh_from_db()
    assert article.title == "Tiêu đề do biên tập viên sửa"
    assert "title" in output  # said what was kept
    assert article.byline == "Bảo Ngọc"
    assert article.published_at.hour == 2  # 09:45 in Hà Nội is 02:45 UTC
    output, status = run(str(page_file), "--update")
    assert "unchanged" in output
    assert Article.objects.count() == 1


def test_windows_1258_and_utf16_come_out_identical_to_utf8(tmp_path):
    utf8 = tmp_path / "utf8.txt"
    utf8.write_text(PAGE, encoding="utf-8")
    legacy = tmp_path / "cp1258.txt"
    legacy.write_bytes(to_cp1258(PAGE))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(PAGE.encode("utf-16"))
    output, status = run(str(utf8), str(legacy), str(utf16))
    assert status == 0, output
    assert Article.objects.count() == 1
    parses = list(Provenance.objects.values_list("parsed", flat=True))
    assert len(parses) == 3
    assert parses[0] == parses[1] == parses[2]


def test_page_without_title_lands_as_draft_with_warning():
    output, status = run(str(SEEDS / "001_6f8cc380a00d8012.txt"), "--status", "published")
    assert status == 0, output
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.title_is_provisional
    assert article.title.startswith("Ngày 03/8") or "Đồng Văn Thanh" in article.title
    assert any("tiêu đề" in w.lower() for w in article.provenance.get().warnings)


def test_unknown_date_lands_as_draft_never_with_an_invented_date():
    output, status = run(str(SEEDS / "004_facca2dd8b6e4cbc.txt"), "--status", "published")
    assert status == 0, output
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert "nháp" in output


def test_published_status_and_category_options(page_file):
    category = CategoryFactory(slug="an-toan-giao-thong")
    run(str(page_file), "--status", "published", "--category", "an-toan-giao-thong")
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert article.category == category


def test_json_report(tmp_path, page_file):
    report = tmp_path / "report.json"
    (tmp_path / "bad.txt").write_bytes(b"")
    run(str(page_file), str(tmp_path / "bad.txt"), "--json-report", str(report))
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["totals"] == {"created": 1, "failed": 1}
    assert {page["action"] for page in data["pages"]} == {"created", "failed"}


def test_exit_status_through_manage_py(tmp_path, page_file):
    """The real process: no traceback for bad input, status 1; usage errors give 2."""
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00\x00")
    manage = Path(__file__).resolve().parents[3] / "manage.py"
    env_db = {"SQLITE_PATH": str(tmp_path / "cli.sqlite3")}
    env = {**os.environ, **env_db}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, manage, "migrate", "-v0"], env=env, check=True)
    result = subprocess.run(
        [sys.executable, manage, "import_articles", str(bad)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    result = subprocess.run(
        [sys.executable, manage, "import_articles"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2


def test_an_internal_error_costs_one_page_not_the_batch(tmp_path, monkeypatch):
    from articles.ingestion import service

    real = service.recognise_page

    def flaky(page, **kwargs):
        if "Châu Thành" in (page.title or ""):
            raise RuntimeError("simulated defect")
        real(page, **kwargs)

    monkeypatch.setattr(service, "recognise_page", flaky)
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(sorted(SEEDS.glob("000_*.txt"))[0].read_bytes())
    out, status = run(str(tmp_path))
    assert status == 1
    assert "lỗi nội bộ" in out and "Traceback" not in out
    assert Article.objects.count() == 1
    assert not Article.objects.filter(title__contains="Châu Thành").exists()


def test_an_over_long_byline_unit_is_truncated_with_a_warning(tmp_path):
    unit = ("Phòng Cảnh sát điều tra tội phạm về trật tự xã hội " * 6).strip()
    path = tmp_path / "long-unit.txt"
    path.write_text(PAGE.replace("Minh Khoa\n", f"Tác giả: Minh Khoa - {unit}\n"), "utf-8")
    report = tmp_path / "report.json"
    output, status = run(str(path), "--json-report", str(report))
    assert status == 0, output
    article = Article.objects.get()
    assert 0 < len(article.author_unit) <= 200
    assert unit.startswith(article.author_unit.rstrip("…").rstrip())
    author = article.article_authors.get().author
    assert author.name == "Minh Khoa"
    assert len(author.unit_or_agency) <= 200
    (page,) = json.loads(report.read_text(encoding="utf-8"))["pages"]
    assert any("đơn vị tác giả dài quá 200 ký tự" in w.lower() for w in page["warnings"])


def test_a_newline_in_a_file_name_keeps_one_line_per_page(tmp_path):
    (tmp_path / "tin\nmới\r\t.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "hỏng\u2028.txt").write_bytes(b"")
    output, status = run(str(tmp_path))
    assert status == 1  # the empty page failed
    lines = output.splitlines()
    assert len(lines) == 4, output  # two pages, the totals, the error's message
    assert lines[2].startswith("2 trang:")
    assert any(line.startswith("created") and "tin\\nmới\\r\\t.txt" in line for line in lines)
    assert any(line.startswith("failed") and "hỏng\\u2028.txt" in line for line in lines)
