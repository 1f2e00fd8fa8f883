"""Builds a judging set for `tests.bench.scan` from zxing-cpp's other sample photos (issue 17 §3).

../shared/barcodes was taken from zxing-cpp's test/samples; the same folder holds many more sets. This copies
those of the formats Tresen decodes (not the `-extension` ones: add-ons are ignored) into DEST, in the same
layout: images with an N.txt, and every image of a falsepositives-* set; none identical to one in SEEN (same
bytes or same decoded pixels). It is for judging the decoder on photos nobody tuned it on, never for tuning;
DEST lies outside the project (the images are Apache-2.0, see SEEN's LICENSE file).

    git clone --depth 1 https://github.com/zxing-cpp/zxing-cpp /tmp/zxing-cpp
    python -m tests.bench.scan_unseen /tmp/zxing-cpp/test/samples /tmp/unseen
    python -m tests.bench.scan --cross-validate --dir /tmp/unseen
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
from pathlib import Path

import cv2

from tests.bench.scan import DEFAULT_DIR, IMAGE_SUFFIXES

PREFIXES = ("ean13-", "ean8-", "upca-", "upce-", "code128-", "qrcode-", "datamatrix-", "falsepositives-")


def _pixels(path: Path) -> str | None:
    image = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    return None if image is None else hashlib.sha256(str(image.shape).encode() + image.tobytes()).hexdigest()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("samples", type=Path, help="zxing-cpp's test/samples")
    p.add_argument("dest", type=Path, help="a folder outside the project; emptied first")
    p.add_argument("--seen", type=Path, default=DEFAULT_DIR, help="the set the decoder was tuned on")
    args = p.parse_args()
    known = set()
    for path in args.seen.rglob("*"):
        if path.suffix.lower() in IMAGE_SUFFIXES:
            known |= {hashlib.sha256(path.read_bytes()).hexdigest(), _pixels(path)}
    known.discard(None)
    if args.dest.exists():
        shutil.rmtree(args.dest)
    kept = same = no_text = 0
    for folder in sorted(f for f in args.samples.iterdir() if f.is_dir()):
        if not folder.name.startswith(PREFIXES) or "extension" in folder.name:
            continue
        negative = folder.name.startswith("falsepositives")
        for image in sorted(f for f in folder.iterdir() if f.suffix.lower() in IMAGE_SUFFIXES):
            expected = image.with_suffix(".txt")
            if not negative and not expected.exists():
                no_text += 1
            elif hashlib.sha256(image.read_bytes()).hexdigest() in known or _pixels(image) in known:
                same += 1
            else:
                (args.dest / folder.name).mkdir(parents=True, exist_ok=True)
                shutil.copy2(image, args.dest / folder.name / image.name)
                if not negative:
                    shutil.copy2(expected, args.dest / folder.name / expected.name)
                kept += 1
    print(f"{kept} images kept, {same} identical to one in {args.seen}, {no_text} without an N.txt")


if __name__ == "__main__":
    main()
