"""Worker memory spent on one uploaded photo: validation, then the two renditions.

    .venv/bin/python bench/image_memory.py [--sides 2000,4000,4898,6324] [--mode RGB]

Each size runs in a fresh process: a PNG of side x side pixels that is only kilobytes on disk
(every row black, issue 12's "132 KB PNG of 6,324 x 6,324 pixels") goes through
`validate_image_upload` and `renditions` as an admin upload does. Prints the process's peak
resident memory above what it held before, in MB; an image over IMAGE_MAX_PIXELS is refused
by validation and never decoded.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one(side: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.images import renditions, validate_image_upload
    from articles.tests.models.test_images import sparse_png

    upload = SimpleUploadedFile("anh.png", sparse_png(side, side), content_type="image/png")
    size_kb = upload.size / 1024
    before = peak_mb()
    try:
        validate_image_upload(upload)
    except ValidationError as err:
        print(f"{side} x {side} ({size_kb:.0f} KB): refused, +{peak_mb() - before:.0f} MB: {err}")
        return
    renditions(upload)
    print(f"{side} x {side} ({size_kb:.0f} KB): accepted, +{peak_mb() - before:.0f} MB peak")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sides", default="2000,4000,4898,6324")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(args.one)
        return
    for side in (int(s) for s in args.sides.split(",")):
        subprocess.run([sys.executable, __file__, "--one", str(side)], check=True)


if __name__ == "__main__":
    main()
