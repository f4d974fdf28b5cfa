#!/usr/bin/env bash
# Runs the commands the READMEs document, so that none can rot: each `cargo run` line of
# README.md, tests/README.md, api-specs/README.md and RELIABILITY.md must be one this
# script checks (the list below), and each is run the way it is written, or as close as
# a script can (a server is started until it says it listens, then stopped; a command
# that needs a handler is pointed at a closed port, where it must fail for that reason
# and not for its arguments).
#
#   bash tests/readme_commands.sh
#
# The quick start and the reliability probes are run by .ci/run itself.
set -euo pipefail
cd "$(dirname "$0")/.."
unset HTTP_PROXY HTTPS_PROXY ALL_PROXY http_proxy https_proxy all_proxy
work=$(mktemp -d)
sim_pid=
trap 'if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT

fail() { echo "readme_commands: $*" >&2; exit 1; }

# Runs a server (`$2...`, named `$1` in messages) until its first line says where it
# listens on loopback, then stops it.
until_it_listens() {
  local name=$1
  shift
  "$@" > "$work/$name.out" &
  sim_pid=$!
  for _ in $(seq 1 100); do
    grep -q '^listening on http://127.0.0.1:' "$work/$name.out" 2>/dev/null && break
    sleep 0.1
  done
  grep -q '^listening on http://127.0.0.1:' "$work/$name.out" || fail "$name did not say where it listens"
  kill "$sim_pid"; wait "$sim_pid" 2>/dev/null || true; sim_pid=
}

# The documented commands, by the start of their line; one check each below.
checked=(
  "cargo run --example quickstart"
  "cargo run -p wechat-sim -- --listen"
  "cargo run -p wechat-sim -- push"
  "cargo run -p wechat-sim --bin spec-coverage"
  "cargo run -p wechat-sim --example chaos"
  "cargo run --release -p wechat --features hub --bin wechat-hub -- --config"
  "cargo run --release -p wechat --features hub --bin wechat-hub -- check-config"
  "cargo run -p wechat-codegen -- expand"
)
documented=$(grep -hoE 'cargo run [^`#]*' README.md tests/README.md api-specs/README.md RELIABILITY.md | sed 's/[[:space:]\\]*$//' | sort -u)
while IFS= read -r line; do
  known=no
  for prefix in "${checked[@]}"; do
    case "$line" in "$prefix"*) known=yes ;; esac
  done
  [ "$known" = yes ] || fail "a documented command is not checked here: $line"
done <<< "$documented"

# tests/README.md: the simulator, until it prints where it listens.
# Built as each command runs it: the binaries without the dev-dependencies' features of
# `wechat` (an examples build adds them), so that `cargo run` starts without rebuilding.
cargo build -q -p wechat-sim --bins
cargo build -q -p wechat-sim --examples
until_it_listens wechat-sim cargo run -q -p wechat-sim -- --listen 127.0.0.1:0 --app wx1234567890abcdef:app-secret

# README.md and tests/README.md: `wechat-sim push`, as written, at a port where nothing
# listens: it must get as far as the POST (exit 1, "failed"), not stop at its arguments
# (exit 2).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 9)
set +e
WECHAT_TOKEN=t WECHAT_AES_KEY=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG \
  cargo run -q -p wechat-sim -- push --url "http://127.0.0.1:$port/wechat" \
  --appid wx_your_appid --token t --aes-key abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG text "hello" \
  > /dev/null 2> "$work/push.err"
code=$?
set -e
[ "$code" = 1 ] && grep -q "failed" "$work/push.err" || fail "wechat-sim push: exit $code: $(cat "$work/push.err")"

# README.md: spec-coverage, where the catalogue is (it is beside the checkout).
if [ -f ../shared/api-catalogue/endpoints.tsv ]; then
  cargo run -q -p wechat-sim --bin spec-coverage -- ../shared/api-catalogue/endpoints.tsv --markdown > "$work/coverage.out"
  grep -q '^| official_account |' "$work/coverage.out" || fail "spec-coverage printed no official_account row"
else
  echo "readme_commands: spec-coverage skipped: ../shared/api-catalogue/endpoints.tsv is not beside this checkout"
fi

# tests/README.md, RELIABILITY.md: the chaos probes' help.
cargo run -q -p wechat-sim --example chaos -- --help > "$work/chaos.out"
grep -q 'kill-hub' "$work/chaos.out" || fail "chaos --help lists no kill-hub"

# README.md: check-config on the README's own hub.toml (its first ```toml block after
# "Run a hub"), then the hub on it until it says where it listens (on a free port, the
# file store in a temporary directory, WeChat's address pointed at a closed port).
# Built without --release here: the same program, and a release build would add minutes.
awk '/Run a hub/{f=1} f&&/^```toml/{p=1;next} p&&/^```/{exit} p' README.md > "$work/hub.toml"
grep -q '^\[\[app\]\]' "$work/hub.toml" || fail "README.md has no hub.toml block after 'Run a hub'"
sed -i "s#path = \"./wechat-hub-data\"#path = \"$work/hub-data\"#; s#listen = \"127.0.0.1:4000\"#listen = \"127.0.0.1:0\"#; s#api_base = \"https://api.weixin.qq.com\"#api_base = \"http://127.0.0.1:$port\"#" "$work/hub.toml"
cargo build -q -p wechat --all-features --bin wechat-hub
cargo run -q -p wechat --all-features --bin wechat-hub -- check-config --config "$work/hub.toml" > "$work/check.out" \
  || fail "check-config refused the README's hub.toml"
grep -q ': ok: 1 app(s), 1 key(s)' "$work/check.out" || fail "check-config said: $(cat "$work/check.out")"
WECHAT_HUB_LOG=error until_it_listens wechat-hub cargo run -q -p wechat --all-features --bin wechat-hub -- --config "$work/hub.toml"

# api-specs/README.md: the expansion of one spec file, both modes.
cargo run -q -p wechat-codegen -- expand api-specs/official_account/menu.toml > "$work/menu.rs"
grep -q 'pub mod menu' "$work/menu.rs" || fail "expand printed no menu module"
cargo run -q -p wechat-codegen -- expand --user tests/user-specs/datacube.toml > "$work/datacube.rs"
grep -q 'pub mod' "$work/datacube.rs" || fail "expand --user printed no module"

echo "readme_commands: ok ($(wc -l <<< "$documented") documented commands checked)"
