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
if [[ "${NAERING_NO_APT:-}" == "1" ]] || ! command -v apt-get >/dev/null 2>&1; then
    cannot "fant ikke apt-get (ikke Debian/Ubuntu); $HOW"
fi

SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO=(sudo -n)
    else
        cannot "installering krever root; kjør \`sudo scripts/ensure_chromium.sh\` én gang."
    fi
fi

echo "Installerer chromium og chromium-driver med apt-get (for nettlesertestene) …"
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
if ! "${SUDO[@]}" apt-get update -qq >"$LOG" 2>&1 \
    || ! DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends \
        chromium chromium-driver >>"$LOG" 2>&1; then
    tail -n 5 "$LOG" >&2
    cannot "apt-get kunne ikke installere chromium og chromium-driver (ingen nettilgang?); prøv \`sudo scripts/ensure_chromium.sh\` senere."
fi

for binary in "$CHROMIUM" "$CHROMEDRIVER"; do
    if [[ ! -x "$binary" ]]; then
        cannot "installasjonen ga ikke $binary; sjekk pakkenavnene for denne distribusjonen."
    fi
done
echo "Installert: $("$CHROMIUM" --version 2>/dev/null || echo chromium); $("$CHROMEDRIVER" --version | head -1)"
