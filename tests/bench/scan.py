"""Camera-decoding benchmark over real photographed barcodes (../shared/barcodes).

  decoded_pct      images whose expected text `decode` returns, in per cent (target >= 90)
  false_positives  results on the images without a barcode (target 0)
  median_ms        median time of one `decode` call per image (target <= 15)

Reported per set and in total; the last line is one JSON object. The images are read
from ../shared/barcodes beside the project and never copied into it; if that folder is
absent the benchmark says so and exits 0.
Usage: python -m tests.bench.scan [--dir PATH]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import cv2
import numpy as np

from app.scanning.decode import decode, zbar_available

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = ROOT.parent / "shared" / "barcodes"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp"}


def matches(expected: str, result) -> bool:
    """Exact text; UPC-A may come with or without the leading 0 of its EAN-13 form."""
    candidates = {result.text, result.text.replace("\r\n", "\n")}
    if result.gtin:
        candidates |= {result.gtin.lstrip("0"), result.scan_text}
    exp = expected.replace("\r\n", "\n")
    return expected in candidates or exp in candidates or (
        exp.isdigit() and any(c.isdigit() and c.lstrip("0") == exp.lstrip("0") for c in candidates))


def load(image: Path):
    """As OpenCV loads it; what OpenCV cannot (a 1x1 webp) through Pillow, converted to BGR."""
    frame = cv2.imread(str(image))
    if frame is not None:
        return frame
    try:
        from PIL import Image

        with Image.open(image) as im:
            return cv2.cvtColor(np.asarray(im.convert("RGB")), cv2.COLOR_RGB2BGR)
    except Exception:
        return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args()
    if not args.dir.is_dir():
        print(f"{args.dir} not found: no photographed barcodes to measure; nothing done")
        print(json.dumps({"skipped": True, "reason": f"{args.dir} absent"}))
        return
    cv2.setNumThreads(1)
    sets, times = {}, []
    false_positives = decoded = total = 0
    unreadable = []
    for folder in sorted(p for p in args.dir.iterdir() if p.is_dir()):
        negatives = folder.name.startswith("falsepositives")
        hits = n = 0
        for image in sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES):
            frame = load(image)
            if frame is None:
                unreadable.append(str(image.relative_to(args.dir)))
                continue
            t = time.perf_counter()
            results = decode(frame)
            times.append((time.perf_counter() - t) * 1000)
            if negatives:
                false_positives += len(results)
                n += 1
                continue
            expected_file = image.with_suffix(".txt")
            if not expected_file.exists():
                continue
            with open(expected_file, encoding="utf-8", newline="") as f:
                expected = f.read()
            n += 1
            if any(matches(expected, r) for r in results):
                hits += 1
        if negatives:
            sets[folder.name] = {"images": n, "false_positives": false_positives}
        else:
            sets[folder.name] = {"images": n, "decoded": hits, "decoded_pct": round(100 * hits / max(n, 1), 1)}
            decoded += hits
            total += n
        print(f"{folder.name:20} {sets[folder.name]}", file=sys.stderr)
    if unreadable:
        print(f"not loadable at all (skipped): {unreadable}", file=sys.stderr)
    print(json.dumps({"images": total, "decoded": decoded, "decoded_pct": round(100 * decoded / max(total, 1), 1),
                      "false_positives": false_positives, "median_ms": round(statistics.median(times), 2),
                      "p95_ms": round(sorted(times)[int(0.95 * (len(times) - 1))], 2),
                      "pyzbar": zbar_available(), "sets": sets}))


if __name__ == "__main__":
    main()
