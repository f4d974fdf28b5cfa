#!/usr/bin/env bash
# Times wechatpy's decrypt_message on the messages of the Rust bench
# (wechat/benches/callback_decrypt.rs), for BENCHMARKS.md. Skips without python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v python3 >/dev/null 2>&1; then
    echo "skip: python3 not found"
    exit 0
fi
venv="${INTEROP_VENV:-target/interop-venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check wechatpy cryptography
fi
"$venv/bin/python" tests/interop/bench_wechatpy.py
