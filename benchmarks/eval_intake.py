"""`make eval-intake`: intake's figures on the hand-labelled reports, article by article and for
the tuned and held-aside parts; exits 1 when a part misses a target of issue 15."""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from negotiations.intake.evaluation import HEADER, evaluate, row, total  # noqa: E402

PARTS = {"tune": "tuned on", "held": "held aside (never tuned on)"}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eval-dir", default=ROOT / "tests" / "intake_eval", type=Path)
    parser.add_argument("--seed", default=ROOT / "seeds" / "negotiation.toml", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and mistakes")
    parser.add_argument("--part", choices=sorted(PARTS), help="only this part of the set")
    args = parser.parse_args()
    parts = evaluate(args.eval_dir, args.seed, args.part)
    failed = False
    for part, scores in sorted(parts.items(), key=lambda item: item[0] != "tune"):
        if args.part and part != args.part:
            continue
        print(f"\n== {PARTS.get(part, part)} ==")
        print(HEADER)
        for score in scores:
            print(row(score))
            if args.verbose:
                for note in score.notes:
                    print(f"      {note}")
        summed = total(f"ALL ({len(scores)} reports)", scores)
        print(row(summed))
        shortfalls = summed.shortfalls()
        print("targets met" if not shortfalls else "targets missed: " + "; ".join(shortfalls))
        failed = failed or bool(shortfalls)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
