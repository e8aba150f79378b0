#!/usr/bin/env bash
# Make sure Chromium and its WebDriver are installed, for the browser tests (tests/browser.py).
#
#   scripts/ensure_chromium.sh                 install when missing; exit 1 when that is impossible
#   scripts/ensure_chromium.sh --if-possible   the same, but when it cannot install (no apt-get, not
#                                              root and no password-less sudo, apt-get failed) it
#                                              says why in one line and exits 0: the browser tests
#                                              are then skipped. Under CI=true it still exits 1.
#
# `make test` runs the second form. Debian/Ubuntu packages: `chromium`, `chromium-driver`.
# Environment: NAERING_CHROMIUM / NAERING_CHROMEDRIVER (default /usr/bin/chromium and
# /usr/bin/chromedriver; the tests read the same variables), NAERING_NO_APT=1 (behave as on a
# machine without apt-get), CI=true (never skip). Idempotent: nothing is done when both exist.
set -euo pipefail

CHROMIUM="${NAERING_CHROMIUM:-/usr/bin/chromium}"
CHROMEDRIVER="${NAERING_CHROMEDRIVER:-/usr/bin/chromedriver}"
IF_POSSIBLE=0
case "${1:-}" in
    "") ;;
    --if-possible) IF_POSSIBLE=1 ;;
    *) echo "Bruk: $0 [--if-possible]" >&2; exit 2 ;;
esac
case "${CI:-}" in
    1|true|TRUE|True|yes) IN_CI=1 ;;
    *) IN_CI=0 ;;
esac

# One line on why Chromium cannot be installed here; a skip with --if-possible, else a failure.
cannot() {
    if [[ "$IF_POSSIBLE" -eq 1 && "$IN_CI" -eq 0 ]]; then
        echo "Nettlesertestene hoppes over: $1" >&2
        exit 0
    fi
    echo "Kan ikke installere Chromium: $1" >&2
    exit 1
}

if [[ -x "$CHROMIUM" && -x "$CHROMEDRIVER" ]]; then
    exit 0
fi

HOW="installer chromium og chromium-driver, eller sett NAERING_CHROMIUM og NAERING_CHROMEDRIVER."
# shellcheck source=lib/apt_install.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/apt_install.sh"
apt_install ensure_chromium.sh "for nettlesertestene" "$HOW" chromium chromium-driver

for binary in "$CHROMIUM" "$CHROMEDRIVER"; do
    if [[ ! -x "$binary" ]]; then
        cannot "installasjonen ga ikke $binary; sjekk pakkenavnene for denne distribusjonen."
    fi
done
echo "Installert: $("$CHROMIUM" --version 2>/dev/null || echo chromium); $("$CHROMEDRIVER" --version | head -1)"
