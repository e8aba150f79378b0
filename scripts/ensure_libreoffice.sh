#!/usr/bin/env bash
# Make sure LibreOffice (headless Writer) and poppler-utils are installed, for the test that reads
# kunnskapsgrunnlag.docx as a council member meets it (tests/report/test_docx_pdf.py: the .docx
# converted to PDF, pages rendered with pdftoppm).
#
#   scripts/ensure_libreoffice.sh                 install when missing; exit 1 when that is impossible
#   scripts/ensure_libreoffice.sh --if-possible   the same, but when it cannot install (no apt-get, not
#                                                 root and no password-less sudo, apt-get failed) it
#                                                 says why in one line and exits 0: the test is then
#                                                 skipped. Under CI=true it still exits 1.
#
# `make test` runs the second form, next to scripts/ensure_chromium.sh. Debian/Ubuntu packages:
# `libreoffice-writer-nogui`, `poppler-utils`. Environment: NAERING_SOFFICE (default: soffice on
# PATH; the test reads the same variable), NAERING_NO_APT=1 (behave as on a machine without
# apt-get), CI=true (never skip). Idempotent: nothing is done when all tools exist.
set -euo pipefail

SOFFICE="${NAERING_SOFFICE:-soffice}"
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

# One line on why LibreOffice cannot be installed here; a skip with --if-possible, else a failure.
cannot() {
    if [[ "$IF_POSSIBLE" -eq 1 && "$IN_CI" -eq 0 ]]; then
        echo "Word-testen (LibreOffice) hoppes over: $1" >&2
        exit 0
    fi
    echo "Kan ikke installere LibreOffice: $1" >&2
    exit 1
}

have_all() {
    command -v "$SOFFICE" >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 \
        && command -v pdftotext >/dev/null 2>&1 && command -v pdfimages >/dev/null 2>&1
}

if have_all; then
    exit 0
fi

HOW="installer libreoffice-writer-nogui og poppler-utils, eller sett NAERING_SOFFICE."
# shellcheck source=lib/apt_install.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/apt_install.sh"
apt_install ensure_libreoffice.sh "for Word-testen" "$HOW" libreoffice-writer-nogui poppler-utils

if ! have_all; then
    cannot "installasjonen ga ikke $SOFFICE, pdftoppm, pdftotext og pdfimages; sjekk pakkenavnene for denne distribusjonen."
fi
echo "Installert: $("$SOFFICE" --version 2>/dev/null | head -1); $(pdftoppm -v 2>&1 | head -1)"
