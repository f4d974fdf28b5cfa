#!/usr/bin/env bash
# Interop check with wechatpy: wechatpy encrypts messages that the Rust SDK
# decrypts, and the Rust SDK encrypts replies that wechatpy decrypts.
#
#   tests/interop/wechatpy_interop.sh
#
# Makes a venv (INTEROP_VENV, default target/interop-venv), installs wechatpy and
# cryptography from PyPI, and runs the ignored test `callback_interop` for the
# Rust side. Exits 0 only when both directions hold; skips (exit 0) without python3.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v python3 >/dev/null 2>&1; then
    echo "skip: python3 not found, wechatpy interop not checked"
    exit 0
fi

venv="${INTEROP_VENV:-target/interop-venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check wechatpy cryptography
fi
py="$venv/bin/python"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$py" tests/interop/wechatpy_interop.py encrypt "$work"
INTEROP_DIR="$work" cargo test --quiet -p wechat --test callback_interop -- --ignored --nocapture
"$py" tests/interop/wechatpy_interop.py decrypt "$work"
echo "wechatpy interop: OK"
