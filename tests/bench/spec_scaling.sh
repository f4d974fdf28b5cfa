#!/usr/bin/env bash
# Build cost of the spec set: `wechat` with the spine's first API groups against `wechat`
# with every Official Account group, measured alternately in one run.
#
#   bash tests/bench/spec_scaling.sh [BASE] [RUNS]
#
# BASE is what the working tree is compared with:
#   - `first-groups` (the default): the working tree itself with `api-specs/official_account/`
#     reduced to the spine's first groups (custom_message, material, media, menu, qrcode,
#     shorten, tags, template_message, user; `common/` and `mini_program/` stay), so the
#     two sides differ only in the Official Account specs;
#   - a git revision (e.g. 050f67c, the last one with only the first groups), which also
#     differs in everything else added to the crate since.
# For each side it builds a small user crate with one #[wechat_client] struct (its own
# target directory, dependencies built once), then, RUNS times (default 3), alternating
# sides:
#   - "wechat rebuild": `cargo clean -p wechat`, then build (the `wechat` crate from
#     scratch, with the spec expansion, plus the user crate);
#   - "user rebuild": touch the user crate's source and rebuild it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
base=${1:-first-groups}
runs=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

first_groups="custom_message material media menu qrcode shorten tags template_message user"
mkdir -p "$work/base"
if [ "$base" = first-groups ]; then
  # The working tree as it is (uncommitted edits included), then only the first groups.
  rev=$(git -C "$root" stash create)
  git -C "$root" archive "${rev:-HEAD}" | tar -x -C "$work/base"
  for spec in "$work/base/api-specs/official_account/"*.toml; do
    name=$(basename "$spec" .toml)
    case " $first_groups " in *" $name "*) ;; *) rm "$spec" ;; esac
  done
else
  git -C "$root" archive "$base" | tar -x -C "$work/base"
fi
declare -A tree=([base]="$work/base" [current]="$root")

make_crate() { # side
  local dir="$work/user-$1"
  mkdir -p "$dir/src"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "user_$1"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
wechat = { path = "${tree[$1]}/wechat" }
tokio = { version = "1", features = ["rt-multi-thread", "macros"] }

[workspace]
TOML
  cat > "$dir/src/main.rs" <<'RS'
use wechat::wechat_client;
#[wechat_client(appid = "wx0000000000000001", scenario = "hub")]
struct App;
#[tokio::main]
async fn main() {
    let app = App::builder().secret("s").build().unwrap();
    let _ = app.menu().get().await;
}
RS
}

timed_build() { # side
  local start end
  start=$(date +%s.%N)
  CARGO_TARGET_DIR="$work/target-$1" cargo build -q --manifest-path "$work/user-$1/Cargo.toml"
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f\n", b - a}'
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for side in base current; do
  make_crate "$side"
  echo "warming up $side (dependencies build once)..." >&2
  CARGO_TARGET_DIR="$work/target-$side" cargo build -q --manifest-path "$work/user-$side/Cargo.toml"
done
declare -A wechat_times user_times
for _ in $(seq 1 "$runs"); do
  for side in base current; do
    CARGO_TARGET_DIR="$work/target-$side" cargo clean -q -p wechat --manifest-path "$work/user-$side/Cargo.toml"
    wechat_times[$side]+="$(timed_build "$side") "
    touch "$work/user-$side/src/main.rs"
    user_times[$side]+="$(timed_build "$side") "
  done
done
for side in base current; do
  endpoints=$(grep -rh '^\[\[endpoint\]\]' "${tree[$side]}/api-specs" | wc -l)
  w=$(printf '%s\n' ${wechat_times[$side]} | median)
  u=$(printf '%s\n' ${user_times[$side]} | median)
  printf '%-8s %4d endpoints: wechat rebuild %6.2f s, user rebuild %5.2f s\n' "$side" "$endpoints" "$w" "$u"
  eval "w_$side=$w; u_$side=$u"
done
printf 'ratio current / base: wechat rebuild %.2f, user rebuild %.2f\n' \
  "$(awk -v a="$w_base" -v b="$w_current" 'BEGIN {print b / a}')" \
  "$(awk -v a="$u_base" -v b="$u_current" 'BEGIN {print b / a}')"
