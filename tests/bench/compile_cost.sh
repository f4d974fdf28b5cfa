#!/usr/bin/env bash
# Compile cost of #[wechat_client]: the incremental rebuild of a small user crate with one
# annotated struct against the same crate with five, after touching its source.
# Usage: bash tests/bench/compile_cost.sh [runs]   (default 5 runs each, median reported)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR="$work/target"

make_crate() { # name structs
  local name=$1 n=$2 dir="$work/$1"
  mkdir -p "$dir/src"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "$name"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
wechat = { path = "$root/wechat" }
tokio = { version = "1", features = ["rt-multi-thread", "macros"] }

[workspace]
TOML
  {
    echo "use wechat::wechat_client;"
    for i in $(seq 1 "$n"); do
      printf '#[wechat_client(appid = "wx00000000000000%02d", scenario = "hub")]\nstruct App%d;\n' "$i" "$i"
    done
    echo "#[tokio::main] async fn main() {"
    for i in $(seq 1 "$n"); do
      printf '    let app = App%d::builder().secret("s").build().unwrap();\n' "$i"
      printf '    let _ = app.menu().get().await;\n    let _ = app.access().getcallbackip().await;\n'
    done
    echo "}"
  } > "$dir/src/main.rs"
}

seconds() { # dir
  local start end
  touch "$1/src/main.rs"
  start=$(date +%s.%N)
  cargo build -q --manifest-path "$1/Cargo.toml"
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f\n", b - a}'
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

make_crate one_client 1
make_crate five_clients 5
echo "warming up (dependencies build once)..." >&2
cargo build -q --manifest-path "$work/one_client/Cargo.toml"
cargo build -q --manifest-path "$work/five_clients/Cargo.toml"

one=(); five=()
for _ in $(seq 1 "$runs"); do
  one+=("$(seconds "$work/one_client")")
  five+=("$(seconds "$work/five_clients")")
done
m1=$(printf '%s\n' "${one[@]}" | median)
m5=$(printf '%s\n' "${five[@]}" | median)
printf 'incremental rebuild, median of %d: 1 struct %.2f s, 5 structs %.2f s, ratio %.3f\n' \
  "$runs" "$m1" "$m5" "$(awk -v a="$m1" -v b="$m5" 'BEGIN {print b / a}')"
