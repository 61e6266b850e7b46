#!/usr/bin/env bash
# build.sh OUTDIR [LANG...]: builds the healthlite example checks from source into OUTDIR/LANG.wasm
# and prints each module's size. LANG is one of wat c go tinygo rust assemblyscript command
# (by default all of them); tinygo builds the go/ source with TinyGo. A missing tool stops the
# build with exit code 127 and a line naming the tool and the package that provides it; a compile
# error exits with the compiler's code.
#
# Tools (override with the variables): wat2wasm (WAT2WASM), clang + wasm-ld (CC), clang-19 with
# wasi-libc and compiler-rt for wasm32 (WASI_CC), go (GO), tinygo (TINYGO; else `tinygo` on PATH;
# see tinygo/README.md), rustc (RUSTC; else `rustc` on PATH, rustup's or Debian's) and asc from
# `npm ci` in assemblyscript/.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if (($# < 1)); then
  echo "usage: build.sh OUTDIR [wat|c|go|tinygo|rust|assemblyscript|command]..." >&2
  exit 2
fi
mkdir -p "$1"
out=$(cd "$1" && pwd)
shift
langs=("$@")
((${#langs[@]})) || langs=(wat c go tinygo rust assemblyscript command)

missing() { # $1 = language, $2 = tool, $3 = how to install it
  echo "build.sh: $1: missing tool $2 ($3)" >&2
  exit 127
}

need() { # $1 = language, $2 = command, $3 = how to install it
  command -v "$2" >/dev/null 2>&1 || missing "$1" "$2" "$3"
}

build_wat() {
  local wat2wasm=${WAT2WASM:-wat2wasm}
  need wat "$wat2wasm" "apt-get install wabt"
  "$wat2wasm" "$here/wat/check.wat" -o "$out/wat.wasm"
}

build_c() {
  local cc=${CC:-clang}
  need c "$cc" "apt-get install clang lld"
  need c wasm-ld "apt-get install lld"
  "$cc" --target=wasm32 -Os -nostdlib -fno-builtin -Wall -Wextra -Werror \
    -Wl,--no-entry -Wl,--strip-all -o "$out/c.wasm" "$here/c/check.c"
}

build_go() {
  local go=${GO:-go}
  need go "$go" "install Go 1.24 or newer"
  (cd "$here/go" && GOOS=wasip1 GOARCH=wasm "$go" build -buildmode=c-shared -trimpath \
    -ldflags='-s -w' -o "$out/go.wasm" .)
}

build_tinygo() {
  local tinygo=${TINYGO:-}
  if [[ -z $tinygo ]]; then
    tinygo=$(command -v tinygo || true)
  fi
  if [[ -z $tinygo && -x $here/../../../shared/tools/tinygo-check ]]; then
    tinygo=$("$here/../../../shared/tools/tinygo-check" --install)
  fi
  [[ -n $tinygo && -x $tinygo ]] || missing tinygo "${tinygo:-tinygo}" "install TinyGo and put it on PATH or set TINYGO; see wasm/examples/tinygo/README.md"
  local root=${TINYGOROOT:-$(dirname "$(dirname "$tinygo")")}
  local target=$root/targets/wasip1-debian.json
  [[ -f $target ]] || target=wasip1
  (cd "$here/go" && TINYGOROOT=$root "$tinygo" build -target="$target" -buildmode=c-shared \
    -opt=z -no-debug -scheduler=none -panic=trap -o "$out/tinygo.wasm" .)
}

build_rust() {
  local rustc=${RUSTC:-$(command -v rustc || true)}
  [[ -n $rustc && -x $rustc ]] || missing rust "${rustc:-rustc}" "with rustup: rustup target add wasm32-unknown-unknown; on Debian: apt-get install rustc libstd-rust-dev-wasm32"
  [[ -d $("$rustc" --print sysroot)/lib/rustlib/wasm32-unknown-unknown ]] ||
    missing rust "the wasm32-unknown-unknown standard library for $rustc" "with rustup: rustup target add wasm32-unknown-unknown; with Debian's rustc: apt-get install libstd-rust-dev-wasm32"
  "$rustc" --edition 2021 --target wasm32-unknown-unknown --crate-type cdylib \
    -C opt-level=z -C lto -C codegen-units=1 -C panic=abort -C strip=symbols \
    -o "$out/rust.wasm" "$here/rust/check.rs"
}

build_assemblyscript() {
  local asc=$here/assemblyscript/node_modules/.bin/asc
  need assemblyscript node "apt-get install nodejs npm"
  [[ -x $asc ]] || missing assemblyscript asc "run: cd wasm/examples/assemblyscript && npm ci"
  (cd "$here/assemblyscript" && "$asc" assembly/index.ts --runtime stub --optimizeLevel 3 \
    --shrinkLevel 2 --noAssert --use abort= -o "$out/assemblyscript.wasm")
}

build_command() {
  local cc=${WASI_CC:-clang-19}
  need command "$cc" "apt-get install clang-19 lld-19"
  [[ -f /usr/lib/wasm32-wasi/libc.a ]] || missing command wasi-libc "apt-get install wasi-libc"
  local rt
  rt=$("$cc" --target=wasm32-wasi -print-libgcc-file-name)
  [[ -f $rt ]] || missing command "$rt" "apt-get install libclang-rt-19-dev-wasm32"
  "$cc" --target=wasm32-wasi --sysroot=/usr -Os -Wall -Wextra -Werror -Wl,--strip-all \
    -o "$out/command.wasm" "$here/command/threshold.c"
}

for lang in "${langs[@]}"; do
  case $lang in
  wat | c | go | tinygo | rust | assemblyscript | command) "build_$lang" ;;
  *)
    echo "build.sh: unknown language $lang (want wat, c, go, tinygo, rust, assemblyscript or command)" >&2
    exit 2
    ;;
  esac
  printf '%-20s %8d bytes\n' "$lang.wasm" "$(stat -c %s "$out/$lang.wasm")"
done
