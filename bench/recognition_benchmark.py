"""Recognition time as a page grows: seconds for pages of 256 KiB up to 2 MiB.

    .venv/bin/python bench/recognition_benchmark.py [--sizes 256,512,1024,2048] [--one-block]
        [--seeds]

The pages are built by ``articles/tests/recognition/large_pages.py`` (realistic paragraphs from
the seed pages and the recogniser's test pages, plus paragraphs naming officials who differ
from round to round). Linear recognition keeps seconds per MiB flat across the sizes.
``--one-block`` puts the whole page in one paragraph; ``--seeds`` also prints the milliseconds
per seed page (fixtures/sources/, parsed as the import does).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.recognition import recognise  # noqa: E402
from articles.tests.recognition.large_pages import large_page  # noqa: E402


def seed_page_ms(rounds: int = 50) -> None:
    from articles.ingestion.decode import decode_bytes
    from articles.ingestion.parser import parse_decoded
    from articles.ingestion.pipeline import recognise_page

    for path in sorted((ROOT / "fixtures" / "sources").glob("*.txt")):
        text = decode_bytes(path.read_bytes())
        page = parse_decoded(text, filename=path.name)
        start = time.perf_counter()
        for _ in range(rounds):
            recognise_page(page)
        ms = (time.perf_counter() - start) / rounds * 1000
        print(f"{path.name:28} {ms:7.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="256,512,1024,2048", help="KiB, comma-separated")
    parser.add_argument("--one-block", action="store_true", help="the page as one paragraph")
    parser.add_argument("--seeds", action="store_true", help="also ms per seed page")
    args = parser.parse_args()
    recognise(lead="Khởi động.")  # load the gazetteers
    if args.seeds:
        seed_page_ms()
    print(f"{'KiB':>6} {'seconds':>8} {'cpu s':>8} {'s/MiB':>7} officials units")
    for kib in (int(x) for x in args.sizes.split(",")):
        inputs = large_page(kib * 1024, one_block=args.one_block)
        start, cpu = time.perf_counter(), time.process_time()
        r = recognise(**inputs)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"{kib:6d} {seconds:8.2f} {cpu:8.2f} {seconds / (kib / 1024):7.2f} "
            f"{len(r.officials):9d} {len(r.units):5d}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
