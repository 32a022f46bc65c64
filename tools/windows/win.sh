#!/usr/bin/env bash
# The Windows build of dpmlint, made and tested on this Linux machine.
#
#   tools/windows/win.sh setup     install what the build needs (idempotent; see below)
#   tools/windows/win.sh build     the release dpmlint.exe (target/x86_64-pc-windows-gnu/release/)
#   tools/windows/win.sh clippy    clippy -D warnings on the Windows-only code too
#   tools/windows/win.sh test      the whole test suite and the README's first command, under Wine
#   tools/windows/win.sh compare   Linux and Windows outputs on fixtures/examples, every --format
#   tools/windows/win.sh package   dist/dpmlint-<version>-x86_64-pc-windows-gnu.zip and its .sha256
#   tools/windows/win.sh run ARGS  run the built dpmlint.exe under Wine
#   tools/windows/win.sh cargo ARGS  any cargo command for the Windows target (tests under Wine)
#
# How: the Windows standard library is compiled from source, so the build needs nothing beyond
# Debian's packages (-Zbuild-std, with RUSTC_BOOTSTRAP=1 on the stable compiler) from Debian's `rust-src` package of
# exactly the installed rustc's version (trixie-backports, fetched with a private apt configuration
# under the cache folder; the system's sources are not changed). Linking uses Debian's mingw-w64;
# Debian's Wine runs the result. Wine 8 lacks bcryptprimitives.dll (ProcessPrng), which Rust's std
# calls for random bytes: a stand-in built from tools/windows/bcryptprimitives.c goes into the
# private Wine prefix only. It is test infrastructure and never shipped.
#
# Cache: $DPMLINT_WINDOWS_CACHE (default ~/.cache/dpmlint-windows). Every failure says what is
# missing and exits non-zero: a check that cannot run never passes silently.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${DPMLINT_WINDOWS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dpmlint-windows}
target=x86_64-pc-windows-gnu
linker=x86_64-w64-mingw32-gcc
suite=trixie-backports
export WINEPREFIX="$cache/wineprefix"
export WINEDEBUG=-all
# No Mono or Gecko install prompts when the prefix is created.
export WINEDLLOVERRIDES="mscoree,mshtml="

say() { printf 'win.sh: %s\n' "$*" >&2; }
die() {
  printf '\nwin.sh: FAILED: %s\n\n' "$*" >&2
  exit 1
}

rustc_version() { rustc -vV | sed -n 's/^release: //p'; }
sysroot() { rustc --print sysroot; }

apt_private() {
  local cmd=$1
  shift
  mkdir -p "$cache/apt/lists/partial" "$cache/apt/archives/partial" "$cache/apt/etc"
  echo "deb http://deb.debian.org/debian $suite main" >"$cache/apt/etc/sources.list"
  "$cmd" -q \
    -o Dir::Etc::SourceList="$cache/apt/etc/sources.list" \
    -o Dir::Etc::SourceParts=/dev/null \
    -o Dir::State::Lists="$cache/apt/lists" \
    -o Dir::Cache="$cache/apt" \
    -o Dir::State::Status=/dev/null \
    -o APT::Sandbox::User=root \
    "$@"
}

setup_packages() {
  local missing=()
  command -v "$linker" >/dev/null || missing+=(gcc-mingw-w64-x86-64)
  command -v wine >/dev/null || missing+=(wine64)
  command -v zip >/dev/null || missing+=(zip)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "missing Debian packages ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}"
  say "installing ${missing[*]} (Debian packages)"
  apt-get update -qq >/dev/null || die "apt-get update failed: Debian's packages cannot be reached"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
    die "apt-get install ${missing[*]} failed"
}

# The standard library's source, of exactly the installed rustc's version.
setup_rust_src() {
  local version src marker have
  version=$(rustc_version)
  src="$(sysroot)/lib/rustlib/src/rust"
  marker="$src/.debian-rust-src-version"
  if [ -f "$src/library/std/Cargo.toml" ]; then
    if [ ! -f "$marker" ]; then
      return 0 # rustup's own rust-src component: always the toolchain's version
    fi
    have=$(cat "$marker")
    case "$have" in "$version"+*) return 0 ;; esac
    say "the library source in $src is Debian's $have, not for rustc $version: replacing it"
  fi
  say "fetching Debian's rust-src for rustc $version ($suite)"
  apt_private apt-get update >/dev/null 2>&1 || die "cannot read Debian's $suite package list"
  local candidates pick
  candidates=$(apt_private apt-cache madison rust-src 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}')
  pick=$(printf '%s\n' "$candidates" | grep -E "^${version//./\\.}\+" | head -1 || true)
  [ -n "$pick" ] || die "Debian's $suite has no rust-src for rustc $version (it has: $(echo $candidates)).
  The Windows standard library must be built from the source of exactly the compiler's version:
  install a rustc whose version is listed, or install rustup's rust-src component for $version."
  local work="$cache/rust-src"
  rm -rf "$work" && mkdir -p "$work"
  (cd "$work" && apt_private apt-get download "rust-src=$pick" >/dev/null 2>&1) ||
    die "cannot download rust-src=$pick from Debian"
  dpkg-deb -x "$work"/rust-src_*.deb "$work/x" || die "cannot unpack rust-src=$pick"
  local lib
  lib=$(find "$work/x/usr/src" -maxdepth 2 -type d -name library | head -1)
  [ -f "$lib/std/Cargo.toml" ] || die "rust-src=$pick holds no library/std"
  mkdir -p "$src"
  rm -rf "$src/library"
  mv "$lib" "$src/library"
  echo "$pick" >"$marker"
  rm -rf "$work"
  say "library source of rustc $version installed from Debian's rust-src $pick"
}

setup_wine() {
  mkdir -p "$cache"
  local dll="$cache/bcryptprimitives.dll"
  if [ ! -f "$dll" ] || [ "$here/bcryptprimitives.c" -nt "$dll" ]; then
    "$linker" -shared -O2 -s -o "$dll" "$here/bcryptprimitives.c" -ladvapi32 ||
      die "cannot build the ProcessPrng stand-in with $linker"
  fi
  if [ ! -d "$WINEPREFIX/drive_c/windows/system32" ]; then
    say "creating the Wine prefix $WINEPREFIX"
    wineboot --init >/dev/null 2>&1 || true
    wineserver -w || true
    [ -d "$WINEPREFIX/drive_c/windows/system32" ] || die "wineboot could not create $WINEPREFIX"
  fi
  cp "$dll" "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
}

# Wine takes the Windows display language from the Unix locale it starts in, and falls back to
# English when that locale is not installed: the Japanese display-language tests need ja_JP.UTF-8.
setup_locale() {
  locale -a 2>/dev/null | grep -qix 'ja_JP.utf8' && return 0
  command -v localedef >/dev/null || die "no localedef (Debian's libc-bin): cannot make the ja_JP.UTF-8 locale"
  localedef -i ja_JP -f UTF-8 ja_JP.UTF-8 2>/dev/null || die "cannot make the ja_JP.UTF-8 locale (as root: localedef -i ja_JP -f UTF-8 ja_JP.UTF-8)"
}

setup() {
  command -v rustc >/dev/null || die "no rustc on PATH"
  setup_packages
  setup_rust_src
  setup_locale
  setup_wine
}

# cargo for the Windows target: std from source, mingw's linker, Wine as the runner.
wcargo() {
  local sub=$1
  shift
  RUSTC_BOOTSTRAP=1 INSTA_WORKSPACE_ROOT="$root" cargo "$sub" --locked --target "$target" \
    -Zbuild-std=std,panic_abort \
    --config "target.$target.linker=\"$linker\"" \
    --config "target.$target.runner=[\"$here/wine-test-run\"]" "$@"
}

exe() { echo "$root/target/$target/release/dpmlint.exe"; }

build() {
  setup
  cd "$root"
  wcargo build --release || die "the Windows build failed"
  say "built $(exe) ($(stat -c %s "$(exe)") bytes)"
}

# The README's first command, as a user runs it.
readme_command() {
  cd "$root"
  local status=0
  "$here/wine-run" "$(exe)" check fixtures/examples >/dev/null || status=$?
  [ "$status" = 1 ] || die "the README's first command under Wine exited $status (expected 1: the planted findings)"
  say "the README's first command under Wine: exit 1 with the planted findings, as on Linux"
}

# One wineserver for the whole run: a Wine process started while the previous one's server is
# shutting down can fail to start (exit 1, no output).
persistent_wineserver() {
  wineserver -p || die "cannot start the wineserver"
  trap 'wineserver -k 2>/dev/null || true' EXIT
}

run_tests() {
  setup
  persistent_wineserver
  cd "$root"
  # One profile for the suite and the shipped binary: the standard library is built once.
  wcargo test --release --no-fail-fast || die "tests failed under Wine"
  # The language tests again under a Japanese display language (a Japanese Windows).
  LANG=ja_JP.UTF-8 wcargo test --release --lib i18n || die "the language tests failed under a Japanese display language"
  readme_command
  japanese_by_default
  compare
}

# On a Japanese Windows, messages are Japanese without --lang.
japanese_by_default() {
  cd "$root"
  local out
  out=$(env -u LC_ALL -u LC_MESSAGES LANG=ja_JP.UTF-8 "$here/wine-run" "$(exe)" check fixtures/examples || true)
  grep -q '自動更新' <<<"$out" || die "a Japanese display language did not give Japanese messages"
  say "under a Japanese display language the report is Japanese without --lang"
}

# Linux and Windows outputs on the example repository, every format. The paths shown are the
# same on both (relative, with /), so the reports must agree byte for byte.
compare() {
  cd "$root"
  local linux="$root/target/release/dpmlint"
  # Always: a Linux binary left from an older build would compare the wrong code.
  cargo build --release --locked -q
  [ -f "$(exe)" ] || die "no Windows build: run tools/windows/win.sh build"
  local out="$root/target/win-compare"
  rm -rf "$out" && mkdir -p "$out"
  local bad=0 f
  for f in human concise json sarif github junit gitlab; do
    for lang in en ja; do
      local args=(check --format "$f" --lang "$lang" fixtures/examples)
      "$linux" "${args[@]}" >"$out/linux.$f.$lang" 2>&1 || true
      "$here/wine-run" "$(exe)" "${args[@]}" >"$out/windows.$f.$lang" 2>&1 || true
      if cmp -s "$out/linux.$f.$lang" "$out/windows.$f.$lang"; then
        say "--format $f --lang $lang: identical ($(wc -c <"$out/linux.$f.$lang") bytes)"
      else
        say "--format $f --lang $lang: DIFFERENT"
        diff "$out/linux.$f.$lang" "$out/windows.$f.$lang" | head -20 >&2 || true
        bad=1
      fi
    done
  done
  [ $bad = 0 ] || die "the Windows build's reports differ from Linux's (outputs in $out)"
}

package() {
  build
  cd "$root"
  local version name dist stage
  version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
  name="dpmlint-$version-$target"
  dist="$root/dist"
  stage="$dist/$name"
  rm -rf "$stage" "$dist/$name.zip" "$dist/$name.zip.sha256"
  mkdir -p "$stage"
  cp "$(exe)" "$stage/dpmlint.exe"
  x86_64-w64-mingw32-strip "$stage/dpmlint.exe"
  for f in README.md README.ja.md LICENSE; do
    [ -f "$f" ] || die "$f is missing: the archive must hold it"
    # Notepad on Windows Server reads CRLF best.
    sed 's/\r*$/\r/' "$f" >"$stage/$f"
  done
  (cd "$stage" && sha256sum dpmlint.exe README.md README.ja.md LICENSE >SHA256SUMS)
  (cd "$dist" && rm -f "$name.zip" && TZ=UTC zip -X -q -r "$name.zip" "$name")
  (cd "$dist" && sha256sum "$name.zip" >"$name.zip.sha256")
  say "$dist/$name.zip ($(stat -c %s "$dist/$name.zip") bytes), dpmlint.exe $(stat -c %s "$stage/dpmlint.exe") bytes"
  cat "$dist/$name.zip.sha256"
}

lint() {
  setup
  cd "$root"
  wcargo clippy --release --all-targets -- -D warnings || die "clippy found problems in the Windows build"
}

case "${1:-}" in
setup) setup ;;
build) build ;;
clippy) lint ;;
test) run_tests ;;
compare) compare ;;
package) package ;;
cargo)
  # Any cargo command for the Windows target, its tests run under Wine: `cargo test --release
  # --test fixes`, say.
  shift
  setup
  persistent_wineserver
  cd "$root"
  wcargo "$@"
  ;;
run)
  shift
  setup_wine >/dev/null
  exec "$here/wine-run" "$(exe)" "$@"
  ;;
*)
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
  ;;
esac
