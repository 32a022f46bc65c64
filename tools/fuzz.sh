#!/usr/bin/env bash
# Coverage-guided fuzzing of dpmlint with cargo-fuzz (libFuzzer); see docs/fuzzing.md.
#
#   tools/fuzz.sh ci [SECONDS]                   build every target, run each SECONDS (default 20)
#   tools/fuzz.sh run TARGET SECONDS [-- FLAGS]  one target, for a long run (extra libFuzzer FLAGS)
#   tools/fuzz.sh build                          build every target only
#   tools/fuzz.sh lock                           rewrite fuzz/Cargo.lock after Cargo.lock changed
#
# Needs the nightly toolchain, a C++ compiler (libFuzzer is C++) and cargo-fuzz, which is installed
# into a cache (DPMLINT_FUZZ_CACHE, default ~/.cache/dpmlint-fuzz) when it is missing. When one of
# them is missing and cannot be installed, the script says which and exits 2: it never passes
# without fuzzing.
#
# Inputs are never written into fuzz/seeds: each run copies the seeds into a scratch corpus under
# DPMLINT_FUZZ_WORK (default target/fuzz-work): `ci` starts from the seeds every time, `run` keeps
# its corpus between runs (work/run/corpus/TARGET). Crashes go to the run's artifacts folder; the
# script prints their paths and exits 1. One fuzzing job at a time, 2 GB memory limit.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

TARGETS=(lint_file pe_read installer_name winpath config baseline)
CARGO_FUZZ_VERSION=0.13.2
cache=${DPMLINT_FUZZ_CACHE:-$HOME/.cache/dpmlint-fuzz}
work=${DPMLINT_FUZZ_WORK:-$root/target/fuzz-work}
export PATH="$cache/bin:$PATH"

die() {
    echo "tools/fuzz.sh: error: $*" >&2
    exit 2
}

usage() {
    sed -n '4,7p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# The dictionary a target is given (none for the binary and single-string targets).
dict_for() {
    case $1 in
        lint_file | config | baseline) echo "$root/fuzz/dicts/yaml.dict" ;;
        *) echo "" ;;
    esac
}

check_tools() {
    command -v cargo >/dev/null || die "cargo is not installed (https://rustup.rs)"
    cargo +nightly --version >/dev/null 2>&1 ||
        die "the nightly toolchain is missing (cargo-fuzz needs it): rustup toolchain install nightly"
    local cxx=${CXX:-c++}
    command -v "$cxx" >/dev/null ||
        die "no C++ compiler ($cxx) to build libFuzzer: install g++ (apt-get install g++) or set CXX"
    if ! cargo fuzz --version >/dev/null 2>&1; then
        echo "tools/fuzz.sh: installing cargo-fuzz $CARGO_FUZZ_VERSION into $cache" >&2
        cargo install --locked --version "$CARGO_FUZZ_VERSION" --root "$cache" cargo-fuzz ||
            die "cargo-fuzz is missing and could not be installed (cargo install --locked cargo-fuzz)"
        cargo fuzz --version >/dev/null 2>&1 || die "cargo-fuzz was installed into $cache but does not run"
    fi
    triple=$(rustc +nightly -vV | sed -n 's/^host: //p')
    [ -n "$triple" ] || die "cannot tell the nightly toolchain's host triple"
    bin_dir=${CARGO_TARGET_DIR:-$root/fuzz/target}/$triple/release
}

build() {
    # fuzz/Cargo.lock is committed: refuse to build with a lock file that needs changes.
    cargo +nightly metadata --locked --format-version 1 --manifest-path fuzz/Cargo.toml >/dev/null ||
        die "fuzz/Cargo.lock cannot be used as it is (cargo's message above); when dpmlint's dependencies changed, run \`tools/fuzz.sh lock\` and commit fuzz/Cargo.lock"
    echo "tools/fuzz.sh: cargo +nightly fuzz build ($(cargo fuzz --version))" >&2
    cargo +nightly fuzz build "$@" || die "cargo +nightly fuzz build failed"
}

# The stats of one finished run: a tab-separated line for the summary.
declare -a SUMMARY=()
declare -a ARTIFACTS=()
failed=0

# run_target NAME SECONDS CORPUS ARTIFACT_DIR LOG [FLAGS...]
run_target() {
    local t=$1 secs=$2 corpus=$3 artifacts=$4 log=$5
    shift 5
    local bin=$bin_dir/$t
    [ -x "$bin" ] || die "$bin was not built"
    mkdir -p "$corpus" "$artifacts"
    local flags=(-max_total_time="$secs" -rss_limit_mb=2048 -timeout=60 -print_final_stats=1
        -artifact_prefix="$artifacts/")
    local dict
    dict=$(dict_for "$t")
    [ -n "$dict" ] && flags+=(-dict="$dict")
    echo "tools/fuzz.sh: $t for ${secs}s: $bin ${flags[*]} $* $corpus" >&2
    local status=0 times
    times=$(mktemp)
    # CPU time of the fuzzer process: bash's `time` (user and system seconds).
    {
        TIMEFORMAT='%R %U %S'
        time "$bin" "${flags[@]}" "$@" "$corpus" >"$log" 2>&1 || status=$?
    } 2>"$times"
    local wall user sys
    read -r wall user sys <"$times"
    rm -f "$times"

    # libFuzzer's last status line (`#N DONE cov: C ft: F corp: …`; with -fork,
    # `#N: cov: C ft: F corp: …`) and final stats (not printed with -fork).
    local last execs rate cov ft
    last=$(grep -E '^#[0-9]+(:|[[:space:]]+[A-Z]+)[[:space:]]+cov: ' "$log" | tail -1 || true)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$last")
    [ -n "$rate" ] || rate=$(awk -v n="${execs:-0}" -v t="$wall" 'BEGIN { if (t > 0) printf "%d", n / t }')
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    local files bytes
    files=$(find "$corpus" -type f | wc -l)
    bytes=$(du -sk --apparent-size "$corpus" | cut -f1)
    local cpu
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }')

    local found=()
    while IFS= read -r -d '' f; do
        case $(basename "$f") in
            crash-* | oom-* | timeout-* | leak-*) found+=("$f") ;;
        esac
    done < <(find "$artifacts" -maxdepth 1 -type f -print0)
    local result=ok
    if [ "$status" -ne 0 ] || [ "${#found[@]}" -gt 0 ]; then
        result="FAILED(exit $status)"
        failed=1
        ARTIFACTS+=("${found[@]}")
        echo "tools/fuzz.sh: $t FAILED (exit $status); log: $log" >&2
        grep -E '^(==[0-9]+==|SUMMARY|thread .* panicked|ERROR)' "$log" | head -20 >&2 || true
    fi
    SUMMARY+=("$t	$result	${execs:-?}	${rate:-?}	${cov:-?}	${ft:-?}	$files/${bytes}K	${wall}s	${cpu}s")
}

print_summary() {
    echo
    {
        echo "target	result	execs	exec/s	cov	ft	corpus(files/size)	wall	cpu(user+sys)"
        printf '%s\n' "${SUMMARY[@]}"
    } | column -t -s '	'
    if [ "${#ARTIFACTS[@]}" -gt 0 ]; then
        echo
        echo "Crash artifacts (reproduce with: $bin_dir/TARGET FILE):"
        printf '  %s\n' "${ARTIFACTS[@]}"
    fi
}

# seed CORPUS TARGET: copy the target's seeds into the scratch corpus (existing inputs are kept).
seed() {
    mkdir -p "$1"
    [ -d "fuzz/seeds/$2" ] && cp -n fuzz/seeds/"$2"/* "$1"/ 2>/dev/null || true
}

cmd=${1:-}
case $cmd in
    ci)
        secs=${2:-20}
        [[ $secs =~ ^[0-9]+$ ]] || usage
        check_tools
        build
        base=$work/ci
        rm -rf "$base"
        for t in "${TARGETS[@]}"; do
            seed "$base/corpus/$t" "$t"
            run_target "$t" "$secs" "$base/corpus/$t" "$base/artifacts/$t" "$base/$t.log"
        done
        ;;
    run)
        t=${2:-}
        secs=${3:-}
        [ -n "$t" ] && [[ $secs =~ ^[0-9]+$ ]] || usage
        [[ " ${TARGETS[*]} " == *" $t "* ]] || die "unknown target $t (one of: ${TARGETS[*]})"
        shift 3
        [ "${1:-}" = "--" ] && shift
        check_tools
        build "$t"
        base=$work/run
        stamp=$(date +%Y%m%d-%H%M%S)
        seed "$base/corpus/$t" "$t"
        run_target "$t" "$secs" "$base/corpus/$t" "$base/artifacts/$t" "$base/$t-$stamp.log" "$@"
        echo "tools/fuzz.sh: log: $base/$t-$stamp.log" >&2
        ;;
    build)
        check_tools
        build
        exit 0
        ;;
    lock)
        # fuzz/Cargo.lock from the main Cargo.lock: the same versions of every shared dependency,
        # plus what the fuzz crate adds (libfuzzer-sys and its build dependencies).
        cp Cargo.lock fuzz/Cargo.lock
        cargo +nightly metadata --format-version 1 --manifest-path fuzz/Cargo.toml >/dev/null
        echo "tools/fuzz.sh: fuzz/Cargo.lock updated from Cargo.lock" >&2
        exit 0
        ;;
    *) usage ;;
esac

print_summary
if [ "$failed" -ne 0 ]; then
    echo "tools/fuzz.sh: FAILED: a fuzz target crashed; make each artifact a regression test in tests/fuzz_regressions.rs" >&2
    exit 1
fi
