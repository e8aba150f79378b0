#!/usr/bin/env bash
# Make sure Chromium and its WebDriver are installed (Debian packages `chromium`, `chromium-driver`).
# The browser test (tests/explorer/test_explorer_browser.py) needs /usr/bin/chromium and /usr/bin/chromedriver.
# Idempotent: does nothing when both are present. Installing needs root (or sudo) and apt access.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver

if [[ -x "$CHROMIUM" && -x "$CHROMEDRIVER" ]]; then
    echo "Chromium og chromedriver er allerede installert:"
    "$CHROMIUM" --version 2>/dev/null || true
    "$CHROMEDRIVER" --version 2>/dev/null || true
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "Fant ikke apt-get. Installer Chromium og chromedriver selv, slik at $CHROMIUM og $CHROMEDRIVER finnes." >&2
    exit 1
fi

SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "Installasjon krever root. Kjør skriptet som root eller installer sudo." >&2
        exit 1
    fi
fi

echo "Installerer chromium og chromium-driver med apt-get …"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium chromium-driver

for binary in "$CHROMIUM" "$CHROMEDRIVER"; do
    if [[ ! -x "$binary" ]]; then
        echo "Installasjonen ga ikke $binary; sjekk pakkenavnene for denne distribusjonen." >&2
        exit 1
    fi
done
"$CHROMIUM" --version 2>/dev/null || true
"$CHROMEDRIVER" --version
