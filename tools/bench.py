#!/usr/bin/env python3
"""Time `dpmlint check` beside `cat` of the same definitions, on corpora of several shapes.

    python3 tools/bench.py [--sizes 1000,10000,100000] [--layouts tree,flat,findings]
                           [--formats human,json] [--runs 3] [--corpora DIR] [--binary PATH]

Corpora are built once by the benchmark's builder (`cargo bench --bench lint -- --build DIR
--layout LAYOUT N`, see benches/lint.rs) under target/bench-corpora and kept. Each row times,
in the same run: `cat` of every definition (the floor: reading the bytes), then `dpmlint check`
(release build) with the given format writing to /dev/null, the best of --runs; max RSS comes
from GNU time (`/usr/bin/time -f %M`, Debian package `time`), which forks dpmlint from its own
small process: a child forked from this script would inherit the script's high-water mark (Linux
carries it across exec), so the script's own memory would be counted. Before timing, the output at 1 thread
and at every thread is compared byte for byte. A benchmark, never a test: nothing here fails on
time.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


GNU_TIME = "/usr/bin/time"


def run(argv, cwd):
    """Run argv in cwd, its output discarded; return (seconds, max RSS in MiB or None, exit status)."""
    measured = os.path.exists(GNU_TIME)
    with tempfile.NamedTemporaryFile("r") as rss_file:
        if measured:
            argv = [GNU_TIME, "-q", "-f", "%M", "-o", rss_file.name, *argv]
        start = time.perf_counter()
        proc = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        rss = int(rss_file.read().split()[-1]) / 1024 if measured else None
    return elapsed, rss, proc.returncode


def show(mib, width, decimals):
    return f"{mib:{width}.{decimals}f}" if mib is not None else f"{'n/a':>{width}}"


def definitions(corpus):
    return sorted(str(p) for p in (corpus / "packages").rglob("*.yaml"))


def build(corpus, layout, size):
    if (corpus / "packages").is_dir():
        return
    corpus.mkdir(parents=True, exist_ok=True)
    print(f"building {layout} corpus of {size} definitions in {corpus} ...", file=sys.stderr)
    subprocess.run(
        ["cargo", "bench", "-q", "--bench", "lint", "--", "--build", str(corpus), "--layout", layout, str(size)],
        cwd=ROOT,
        check=True,
    )


def output(binary, corpus, fmt, threads):
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    argv = [binary, "check", "--format", fmt, "--reference", "reference", "packages"]
    return subprocess.run(argv, cwd=corpus, env=env, capture_output=True).stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--layouts", default="tree,flat,findings")
    parser.add_argument("--formats", default="human,json")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpora", default=str(ROOT / "target" / "bench-corpora"))
    parser.add_argument("--binary", help="time this dpmlint (e.g. an older build) instead of building the release one")
    args = parser.parse_args()

    if not os.path.exists(GNU_TIME):
        print(
            f"*** {GNU_TIME} is missing (Debian package `time`): max RSS is NOT measured (shown as n/a) ***",
            file=sys.stderr,
        )
    if args.binary:
        binary = str(Path(args.binary).resolve())
    else:
        subprocess.run(["cargo", "build", "-q", "--release", "--locked"], cwd=ROOT, check=True)
        binary = str(ROOT / "target" / "release" / "dpmlint")
    rows = []
    for layout in args.layouts.split(","):
        for size in [int(s) for s in args.sizes.split(",")]:
            corpus = Path(args.corpora) / f"{layout}-{size}"
            build(corpus, layout, size)
            files = definitions(corpus)
            mib = sum(os.path.getsize(f) for f in files) / 2**20
            for fmt in args.formats.split(","):
                one = output(binary, corpus, fmt, 1)
                many = output(binary, corpus, fmt, os.cpu_count() or 2)
                same = "yes" if one == many else "NO"
                cat_times = []
                for _ in range(args.runs):
                    start = time.perf_counter()
                    subprocess.run(
                        ["xargs", "-0", "cat"],
                        input="\0".join(files).encode(),
                        stdout=subprocess.DEVNULL,
                        check=True,
                    )
                    cat_times.append(time.perf_counter() - start)
                cat = min(cat_times)
                best = None
                for _ in range(args.runs):
                    elapsed, rss, status = run(
                        [binary, "check", "--format", fmt, "--reference", "reference", "packages"], corpus
                    )
                    if best is None or elapsed < best[0]:
                        best = (elapsed, rss, status)
                elapsed, rss, status = best
                rows.append((layout, size, fmt, mib, cat, elapsed, elapsed / cat, rss, elapsed / size * 1e6, status, same))
                print(
                    f"{layout:9} {size:>7} {fmt:6} cat {cat:7.3f} s  dpmlint {elapsed:7.3f} s  "
                    f"({elapsed / cat:5.1f}x)  max RSS {show(rss, 7, 1)} MiB  exit {status}  identical at 1/{os.cpu_count()} threads: {same}",
                    file=sys.stderr,
                )

    print()
    print(f"| layout | definitions | format | MiB | `cat` s | dpmlint s | × cat | µs / definition | max RSS MiB | exit | same output at 1 and {os.cpu_count()} threads |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for layout, size, fmt, mib, cat, elapsed, ratio, rss, per, status, same in rows:
        print(f"| {layout} | {size} | {fmt} | {mib:.1f} | {cat:.3f} | {elapsed:.3f} | {ratio:.1f} | {per:.0f} | {show(rss, 0, 0)} | {status} | {same} |")


if __name__ == "__main__":
    main()
