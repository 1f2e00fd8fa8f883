"""Camera-decoding benchmark over real photographed barcodes (../shared/barcodes).

  decoded_pct      images whose expected text `decode` returns, in per cent (target >= 90)
  false_positives  results on the images without a barcode (target 0)
  median_ms        median time of one `decode` call per image (target <= 15); p95_ms beside it
  misreads         images with a code for which `decode` also (or only) returned another text: a
                   misread, or a second code in the picture (qrcode-2/16 holds two); no target, lower is better

Reported per set and in total; the last line is one JSON object. The images are read
from ../shared/barcodes beside the project and never copied into it; if that folder is
absent the benchmark says so and exits 0. `--dir` measures any folder of the same layout
(one folder per set, `N.png|jpg|webp` with `N.txt` holding the expected text; images
without an `N.txt` are not counted; sets named `falsepositives*` hold images without a
code, every result on them is a false positive), e.g. further photos kept only for
judging the decoder, never for tuning it.

`--cross-validate` also splits every set into two halves, A and B, and reports the
figures of each half (`cv_halves` in the JSON; the whole-set figures stay as they are):
tune the decoder on one half, judge it on the other, and swap. The split is
deterministic and the same on every machine: within each set the images are ordered by
the SHA-256 of "set/file name" and dealt alternately to A and B, so every set, small
ones too, is halved (within one image). `--half A|B` measures one half only.

A few images are read only by the last passes, so whether they are read depends on the
time budget and on how busy the machine is (one or two images either way on a shared
2-core machine). `--budget-ms 1000` takes timing out of the rates (for comparing decoder
variants); the reported times are then not those of the app.

Usage: python -m tests.bench.scan [--dir PATH] [--cross-validate] [--half A|B] [--misses] [--budget-ms MS]
"""

from __future__ import annotations

import argparse
import hashlib
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
HALVES = ("A", "B")


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


def halves(folder: Path, images: list[Path]) -> dict[str, str]:
    """File name -> "A" or "B": ordered by the SHA-256 of "set/name", dealt alternately."""
    key = {p.name: hashlib.sha256(f"{folder.name}/{p.name}".encode()).hexdigest() for p in images}
    return {name: HALVES[i % 2] for i, name in enumerate(sorted(key, key=key.get))}


def summary(records: list[dict]) -> dict:
    """decoded_pct, false_positives, median_ms, p95_ms of some measured images."""
    positives = [r for r in records if not r["negative"]]
    times = sorted(r["ms"] for r in records)
    decoded = sum(r["hit"] for r in positives)
    return {"images": len(positives), "decoded": decoded,
            "decoded_pct": round(100 * decoded / max(len(positives), 1), 1),
            "misreads": sum(r["other"] > 0 for r in positives),
            "negatives": len(records) - len(positives),
            "false_positives": sum(r["results"] for r in records if r["negative"]),
            "median_ms": round(statistics.median(times), 2) if times else None,
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2) if times else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder of sets (default ../shared/barcodes)")
    parser.add_argument("--cross-validate", action="store_true", help="also report the figures of halves A and B")
    parser.add_argument("--half", choices=HALVES, help="measure only this half of every set")
    parser.add_argument("--misses", action="store_true", help="list unread and misread images, false positives")
    parser.add_argument("--budget-ms", type=float, default=None,
                        help="decode's time budget per image (default: decode's own, 40 ms)")
    args = parser.parse_args()
    if not args.dir.is_dir():
        print(f"{args.dir} not found: no photographed barcodes to measure; nothing done")
        print(json.dumps({"skipped": True, "reason": f"{args.dir} absent"}))
        return
    cv2.setNumThreads(1)
    records, sets, unreadable = [], {}, []
    for folder in sorted(p for p in args.dir.iterdir() if p.is_dir()):
        negative = folder.name.startswith("falsepositives")
        images = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not negative:  # an image without its expected text is not counted (nor decoded)
            images = [p for p in images if p.with_suffix(".txt").exists()]
        half_of = halves(folder, images)
        if args.half:
            images = [p for p in images if half_of[p.name] == args.half]
        in_set = []
        for image in images:
            frame = load(image)
            if frame is None:
                unreadable.append(str(image.relative_to(args.dir)))
                continue
            expected = None
            if not negative:
                with open(image.with_suffix(".txt"), encoding="utf-8", newline="") as f:
                    expected = f.read()
            t = time.perf_counter()
            results = decode(frame) if args.budget_ms is None else decode(frame, budget_ms=args.budget_ms)
            ms = (time.perf_counter() - t) * 1000
            hit = not negative and any(matches(expected, r) for r in results)
            other = 0 if negative else sum(not matches(expected, r) for r in results)
            in_set.append({"set": folder.name, "image": image.name, "half": half_of[image.name], "negative": negative,
                           "hit": hit, "other": other, "results": len(results), "ms": ms})
            if args.misses and (negative and results or not negative and (other or not hit)):
                what = ("FALSE POSITIVE" if negative else "misread" if other and not hit else
                        "also another text" if other else "unread")
                print(f"  {what}: {folder.name}/{image.name} {[r.text[:40] for r in results]} {ms:.1f} ms",
                      file=sys.stderr)
        if not in_set:
            continue
        records += in_set
        s = summary(in_set)
        sets[folder.name] = ({"images": s["negatives"], "false_positives": s["false_positives"]} if negative else
                             {"images": s["images"], "decoded": s["decoded"], "decoded_pct": s["decoded_pct"],
                              **({"misreads": s["misreads"]} if s["misreads"] else {})})
        print(f"{folder.name:20} {sets[folder.name]}", file=sys.stderr)
    if unreadable:
        print(f"not loadable at all (skipped): {unreadable}", file=sys.stderr)
    if not records:
        print(json.dumps({"skipped": True, "reason": f"no images in {args.dir}"}))
        return
    total = summary(records)
    out = {"images": total["images"], "decoded": total["decoded"], "decoded_pct": total["decoded_pct"],
           "misreads": total["misreads"], "false_positives": total["false_positives"],
           "median_ms": total["median_ms"], "p95_ms": total["p95_ms"], "pyzbar": zbar_available(),
           "dir": str(args.dir), "sets": sets}
    if args.budget_ms is not None:
        out["budget_ms"] = args.budget_ms
    if args.half:
        out["half"] = args.half
    if args.cross_validate:
        out["cv_halves"] = {h: summary([r for r in records if r["half"] == h])
                            for h in HALVES if any(r["half"] == h for r in records)}
        for h, s in out["cv_halves"].items():
            print(f"half {h}: {s}", file=sys.stderr)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
