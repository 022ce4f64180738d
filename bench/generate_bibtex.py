"""Write a realistic BibTeX file of N entries (reproducible), for import benchmarks."""

import random
import sys

FIRST = [
    "Ziming",
    "Eric",
    "Max",
    "Wes",
    "Josh",
    "Isaac",
    "Vedang",
    "Peter",
    "Ana",
    "Yilun",
    "Samuel",
    "Lee",
]
LAST = [
    "Liu",
    "Michaud",
    "Tegmark",
    "Gurnee",
    "Engels",
    "Liao",
    "Lad",
    "Park",
    "Silva",
    "Xu",
    "Marks",
    "Chen",
]
WORDS = [
    "neural",
    "scaling",
    "grokking",
    "interpretability",
    "sparse",
    "autoencoders",
    "features",
    "circuits",
    "representation",
    "learning",
    "transformers",
    "language",
    "models",
    "geometry",
    "truth",
    "modular",
    "training",
]
VENUES = ["International Conference on Learning Representations", "NeurIPS", "ICML", "Entropy"]


def entry(number, rng):
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 9))).capitalize()
    authors = " and ".join(
        f"{rng.choice(LAST)}, {rng.choice(FIRST)}" for _ in range(rng.randint(2, 6))
    )
    year = rng.randint(2015, 2026)
    kind = rng.choice(["article", "inproceedings", "misc"])
    venue_field = {"article": "journal", "inproceedings": "booktitle"}.get(kind)
    lines = [
        f"@{kind}{{gen{number},",
        f"  title = {{{title} {number}}},",
        f"  author = {{{authors}}},",
        f"  year = {{{year}}},",
        f"  month = {{{rng.randint(1, 12)}}},",
        f"  eprint = {{{year % 100:02d}{rng.randint(1, 12):02d}.{number % 100_000:05d}}},",
        "  archiveprefix = {arXiv},",
        f"  abstract = {{We study {rng.choice(WORDS)} with $N^{{-\\alpha}}$ scaling and \\emph{{{rng.choice(WORDS)}}}.}},",
    ]
    if venue_field:
        lines.append(f"  {venue_field} = {{{rng.choice(VENUES)}}},")
    lines.append("}")
    return "\n".join(lines)


def generate(count, seed=1, start=0):
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    return "\n\n".join(entry(number, rng) for number in range(start, start + count)) + "\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
