"""How the LaTeX conversion of titles and abstracts grows with the length of the text.

Each shape of text (prose with commands, many formulas, deep braces, unclosed delimiters,
unknown commands) is converted at 2,500, 5,000 and 10,000 characters (the longest an
abstract may be), cold (past the conversion's caches), median of five runs. Linear cost
shows as a time that doubles with the length: the "× per doubling" column stays near 2.
Prints one JSON line: {shape: {length: ms}}.
"""

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scholarly_text import latex  # noqa: E402

SHAPES = {
    "prose and commands": "We study \\emph{grokking} in {\\bf small} nets, see \\cite{liu2022}. ",
    "many formulas": "a $N^{-\\alpha}$ law and $\\sum_{i=1}^n x_i$ with $64{\\times}64$. ",
    "nested braces": "{{{{ {\\em x} }}}} ",
    "unclosed delimiters": "\\( $ \\[ { ",
    "unknown commands": "\\gemma{} and \\llama{7B} models, ",
}
LENGTHS = (2_500, 5_000, 10_000)


def measure(text, runs=5):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        latex._convert(text)  # noqa: SLF001 - the conversion itself, past both caches
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main():
    results = {}
    for shape, unit in SHAPES.items():
        results[shape] = {}
        for length in LENGTHS:
            text = (unit * (length // len(unit) + 1))[:length]
            results[shape][length] = measure(text)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
