#!/usr/bin/env bash
# Sets up what the tests need, then runs every check and test of Ziping:
# formatting, lints, unit, integration, fixture and property tests, the front-end build, the
# browser tests in headless Chromium and Schemathesis against the OpenAPI document.
# Usage: bash tests/run.sh [extra cargo test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

# The wasm target is not installed with the toolchain.
rustup target add wasm32-unknown-unknown

# Chromium and its driver (browser tests), Noto CJK fonts (PDF report), WenQuanYi Micro Hei (a
# TrueType Chinese font for the report's other font path), poppler and qpdf (reading reports back),
# npm (to install axe-core below). Installed when missing; as root directly, otherwise through sudo.
packages=()
command -v chromium >/dev/null || packages+=(chromium)
command -v chromedriver >/dev/null || packages+=(chromium-driver)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || packages+=(fonts-noto-cjk)
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || packages+=(fonts-wqy-microhei)
command -v pdftotext >/dev/null || packages+=(poppler-utils)
command -v qpdf >/dev/null || packages+=(qpdf)
# Only when missing: Debian's npm conflicts with a Node.js from nodesource, which brings its own.
command -v npm >/dev/null || packages+=(npm)
if [ ${#packages[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing ${packages[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}"
fi

# axe-core, the accessibility checker the browser tests run in each page, at the version pinned
# in tests/package-lock.json, into tests/node_modules.
npm ci --prefix tests --ignore-scripts --prefer-offline --no-audit --no-fund

# Schemathesis, which checks the server against its OpenAPI document (tests/tests/e2e/schemathesis.rs):
# the pinned versions of tests/schemathesis/requirements.txt in a virtualenv under target/, made
# again only when that file changes.
st_venv=target/schemathesis
if ! cmp -s tests/schemathesis/requirements.txt "$st_venv/requirements.txt"; then
  echo "Installing Schemathesis into $st_venv"
  rm -rf "$st_venv"
  python3 -m venv "$st_venv"
  "$st_venv/bin/pip" install --quiet --disable-pip-version-check -r tests/schemathesis/requirements.txt
  cp tests/schemathesis/requirements.txt "$st_venv/requirements.txt"
fi

# compliance-trestle, which validates the OSCAL exports (tests/tests/e2e/oscal.rs, through
# tests/oscal/validate.py): the pinned versions of tests/oscal/requirements.txt in a virtualenv
# under target/, made again only when that file changes.
oscal_venv=target/oscal
if ! cmp -s tests/oscal/requirements.txt "$oscal_venv/requirements.txt"; then
  echo "Installing compliance-trestle into $oscal_venv"
  rm -rf "$oscal_venv"
  python3 -m venv "$oscal_venv"
  "$oscal_venv/bin/pip" install --quiet --disable-pip-version-check -r tests/oscal/requirements.txt
  cp tests/oscal/requirements.txt "$oscal_venv/requirements.txt"
fi

cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked "$@"
