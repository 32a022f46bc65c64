#!/usr/bin/env python3
"""Time `dpmlint check` beside `cat` of the same definitions, on corpora of several shapes.

    python3 tools/bench.py [--sizes 1000,10000,100000] [--layouts tree,flat,findings]
                           [--formats human,json] [--runs 3] [--corpora DIR] [--binary PATH]

Corpora are built once by the benchmark's builder (`cargo bench --bench lint -- --build DIR
--layout LAYOUT N`, see benches/lint.rs) under target/bench-corpora and kept. Each row times,
in the same run: `cat` of every definition (the floor: reading the bytes), then `dpmlint check`
(release build) with the given format writing to /dev/null, the best of --runs; max RSS comes
from the kernel's accounting of that one child (os.wait4). Before timing, the output at 1 thread
and at every thread is compared byte for byte. A benchmark, never a test: nothing here fails on
time.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(argv):
    """Run argv, its output discarded; return (seconds, max RSS in MiB, exit status)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, proc.returncode


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
                        ["sh", "-c", f'cd "{corpus}" && exec "{binary}" check --format {fmt} --reference reference packages']
                    )
                    if best is None or elapsed < best[0]:
                        best = (elapsed, rss, status)
                elapsed, rss, status = best
                rows.append((layout, size, fmt, mib, cat, elapsed, elapsed / cat, rss, elapsed / size * 1e6, status, same))
                print(
                    f"{layout:9} {size:>7} {fmt:6} cat {cat:7.3f} s  dpmlint {elapsed:7.3f} s  "
                    f"({elapsed / cat:5.1f}x)  max RSS {rss:7.1f} MiB  exit {status}  identical at 1/{os.cpu_count()} threads: {same}",
                    file=sys.stderr,
                )

    print()
    print(f"| layout | definitions | format | MiB | `cat` s | dpmlint s | × cat | µs / definition | max RSS MiB | exit | same output at 1 and {os.cpu_count()} threads |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for layout, size, fmt, mib, cat, elapsed, ratio, rss, per, status, same in rows:
        print(f"| {layout} | {size} | {fmt} | {mib:.1f} | {cat:.3f} | {elapsed:.3f} | {ratio:.1f} | {per:.0f} | {rss:.0f} | {status} | {same} |")


if __name__ == "__main__":
    main()
