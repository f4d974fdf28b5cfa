#!/usr/bin/env bash
# Build cost of the spec set: `wechat` with the spine's first API groups against `wechat`
# with every built-in group, and with one area alone, measured alternately in one run.
#
#   bash tests/bench/spec_scaling.sh [BASE] [RUNS]
#
# BASE is what the working tree is compared with:
#   - `first-groups` (the default): the working tree itself with `api-specs/official_account/`
#     reduced to the spine's first groups (custom_message, material, media, menu, qrcode,
#     shorten, tags, template_message, user) and `api-specs/mini_program/` to its first
#     ones (phone_number, url_scheme, wxacode), `api-specs/component/` to the platform's
#     first ones (component, thirdparty_domain); `common/` stays;
#   - a git revision (e.g. 050f67c, the last one with only the first groups), which also
#     differs in everything else added to the crate since.
# The sides measured against it, each a small user crate with one #[wechat_client]
# struct calling one endpoint:
#   - `all`: the working tree (as the run starts), default features (every area);
#   - `oa`: the working tree, `default-features = false, features = ["official-account"]`;
#   - `mp`: the working tree, `default-features = false, features = ["mini-program"]`;
#   - `synth`: the working tree with every Official Account, Mini Program and third-party
#     platform group file copied twice more under new group names (`x1_menu`, `x2_menu`,
#     ...): about three times the endpoints, as many as the whole catalogue will have
#     (~2,700 with WeCom and WeChat Pay), of the same shapes; default features.
# All sides share one target directory (dependencies built once), then, RUNS times
# (default 3), alternating sides:
#   - "wechat rebuild": `cargo clean -p wechat`, then build (the `wechat` crate from
#     scratch, with the spec expansion, plus the user crate);
#   - "user rebuild": touch the user crate's source and rebuild it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
base=${1:-first-groups}
runs=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

first_oa="custom_message material media menu qrcode shorten tags template_message user"
first_mp="phone_number url_scheme wxacode"
first_component="component thirdparty_domain"
keep_only() { # dir, names
  for spec in "$1"/*.toml; do
    case " $2 " in *" $(basename "$spec" .toml) "*) ;; *) rm "$spec" ;; esac
  done
}
# The working tree as it is when the run starts (uncommitted edits to tracked files
# included), so that edits made during the run do not reach it.
mkdir -p "$work/base" "$work/current" "$work/synth"
rev=$(git -C "$root" stash create)
git -C "$root" archive "${rev:-HEAD}" | tar -x -C "$work/current"
if [ "$base" = first-groups ]; then
  # The same, with only the first groups.
  git -C "$root" archive "${rev:-HEAD}" | tar -x -C "$work/base"
  keep_only "$work/base/api-specs/official_account" "$first_oa"
  keep_only "$work/base/api-specs/mini_program" "$first_mp"
  keep_only "$work/base/api-specs/component" "$first_component"
else
  git -C "$root" archive "$base" | tar -x -C "$work/base"
fi

# The synthetic whole catalogue.
git -C "$root" archive "${rev:-HEAD}" | tar -x -C "$work/synth"
for n in 1 2; do
  for area in official_account mini_program component; do
    for spec in "$work/current/api-specs/$area"/*.toml; do
      sed -E "s/^group = \"([a-z0-9_]+)\"/group = \"x${n}_\1\"/" "$spec" \
        > "$work/synth/api-specs/$area/x${n}_$(basename "$spec")"
    done
  done
done

sides="base all oa mp synth"
cur="$work/current"
declare -A tree=([base]="$work/base" [all]="$cur" [oa]="$cur" [mp]="$cur" [synth]="$work/synth")
declare -A features=(
  [base]=""
  [all]=""
  [oa]=', default-features = false, features = ["official-account"]'
  [mp]=', default-features = false, features = ["mini-program"]'
  [synth]=""
)

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
wechat = { path = "${tree[$1]}/wechat"${features[$1]} }
tokio = { version = "1", features = ["rt-multi-thread", "macros"] }

[workspace]
TOML
  if [ "$1" = mp ]; then
    cat > "$dir/src/main.rs" <<'RS'
use wechat::wechat_client;
#[wechat_client(appid = "wx0000000000000001", app_type = "mini_program", scenario = "hub")]
struct App;
#[tokio::main]
async fn main() {
    let app = App::builder().secret("s").build().unwrap();
    let _ = app.url_scheme().generatescheme(&Default::default()).await;
}
RS
  else
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
  fi
}

target="$work/target"
timed_build() { # side
  local start end
  start=$(date +%s.%N)
  CARGO_TARGET_DIR="$target" cargo build -q --manifest-path "$work/user-$1/Cargo.toml"
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f\n", b - a}'
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for side in $sides; do
  make_crate "$side"
  echo "warming up $side (dependencies build once)..." >&2
  CARGO_TARGET_DIR="$target" cargo build -q --manifest-path "$work/user-$side/Cargo.toml"
done
declare -A wechat_times user_times
for _ in $(seq 1 "$runs"); do
  for side in $sides; do
    CARGO_TARGET_DIR="$target" cargo clean -q -p wechat --manifest-path "$work/user-$side/Cargo.toml"
    wechat_times[$side]+="$(timed_build "$side") "
    touch "$work/user-$side/src/main.rs"
    user_times[$side]+="$(timed_build "$side") "
  done
done
count() { grep -h '^\[\[endpoint\]\]' "$@" 2>/dev/null | wc -l; }
declare -A endpoints=(
  [base]=$(count "$work/base/api-specs"/*/*.toml)
  [all]=$(count "$cur/api-specs"/*/*.toml)
  [oa]=$(count "$cur/api-specs/official_account"/*.toml "$cur/api-specs/common"/*.toml)
  [mp]=$(count "$cur/api-specs/mini_program"/*.toml "$cur/api-specs/common"/*.toml)
  [synth]=$(count "$work/synth/api-specs"/*/*.toml)
)
for side in $sides; do
  w=$(printf '%s\n' ${wechat_times[$side]} | median)
  u=$(printf '%s\n' ${user_times[$side]} | median)
  printf '%-5s %4d endpoints: wechat rebuild %6.2f s (%s), user rebuild %5.2f s (%s)\n' \
    "$side" "${endpoints[$side]}" "$w" "${wechat_times[$side]% }" "$u" "${user_times[$side]% }"
  eval "w_$side=$w; u_$side=$u"
done
for side in all oa mp synth; do
  eval "w=\$w_$side; u=\$u_$side"
  printf 'ratio %s / base: wechat rebuild %.2f, user rebuild %.2f\n' "$side" \
    "$(awk -v a="$w_base" -v b="$w" 'BEGIN {print b / a}')" \
    "$(awk -v a="$u_base" -v b="$u" 'BEGIN {print b / a}')"
done
