#!/usr/bin/env bash
# A third-party platform with many authorizers on wechat-hub replicas (Redis + PostgreSQL):
# builds wechat-hub and the platform_scale bench (release), then runs it with the given
# options. See wechat/benches/platform_scale.rs for what it does and checks, and
# BENCHMARKS.md for the figures.
#
#   bash tests/bench/platform_scale.sh [--authorizers 10000] [--replicas 1] [--token-ttl 300]
#       [--rate 100] [--margin 60] [--jitter 10] [--run-secs 2*ttl+60] [--seed-concurrency 64]
#       [--redis redis://127.0.0.1:6379/] [--postgres postgres://postgres@127.0.0.1:5432/test]
#
# Needs Redis and PostgreSQL (the URLs above by default). Exit code 1 when a check failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
features=hub,redis,postgres
cargo build -q --release -p wechat --features "$features" --bin wechat-hub
unset HTTP_PROXY HTTPS_PROXY ALL_PROXY http_proxy https_proxy all_proxy
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
export WECHAT_HUB_LOG="${WECHAT_HUB_LOG:-warn}"
cargo bench -q -p wechat --features "$features" --bench platform_scale -- \
  --hub-bin "$target/release/wechat-hub" "$@"
