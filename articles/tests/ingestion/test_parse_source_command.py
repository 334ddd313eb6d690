"""parse_source prints the DESIGN.md contract as JSON and never touches the database."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.tests.ingestion.test_parser_seeds import CONTRACT_KEYS

SEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "sources"


@pytest.mark.django_db
@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_prints_exactly_the_contract_keys_without_queries(seed, django_assert_num_queries):
    out = StringIO()
    with django_assert_num_queries(0):
        call_command("parse_source", str(seed), stdout=out)
    data = json.loads(out.getvalue())
    assert list(data) == CONTRACT_KEYS
    assert data["paragraphs"]
    assert all(set(c) == {"text", "credit"} for c in data["captions"])


def test_seed_003_fields():
    out = StringIO()
    call_command("parse_source", str(SEEDS / "003_cdb0a83f0a15455e.txt"), stdout=out)
    data = json.loads(out.getvalue())
    assert data["title"] == "Bộ Công an tăng cường chi viện lực lượng vào TPHCM chống dịch"
    assert (data["published_date"], data["published_time"]) == ("2021-07-05", "09:57")
    assert data["source"] == "CAO"
    assert data["lead"].startswith("Chiều 04/7/2021, tại Hà Nội")


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "không có tệp"), (b"", "rỗng"), (b"\x00\x01\x02\x03" * 50, "binary")],
)
def test_bad_files_give_a_readable_error(tmp_path, content, message):
    path = tmp_path / "page.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError) as err:
        call_command("parse_source", str(path), stdout=StringIO())
    assert message in str(err.value).lower()
