# Shared by scripts/ensure_chromium.sh and scripts/ensure_libreoffice.sh (sourced, not run): install
# Debian packages with apt-get, as root or with password-less sudo. When that is impossible it calls
# the sourcing script's own `cannot REASON`, which skips (--if-possible) or fails (under CI).
#
#   apt_install SCRIPT PURPOSE HOW PACKAGE...
#     SCRIPT   the script's name, for the advice `sudo scripts/SCRIPT`
#     PURPOSE  what the packages are for, e.g. "for nettlesertestene"
#     HOW      what a user can do instead, shown when apt-get is missing

apt_install() {
    local script="$1" purpose="$2" how="$3"
    shift 3
    local names
    names="$(printf '%s og ' "$@")"
    names="${names% og }"
    if [[ "${NAERING_NO_APT:-}" == "1" ]] || ! command -v apt-get >/dev/null 2>&1; then
        cannot "fant ikke apt-get (ikke Debian/Ubuntu); $how"
    fi
    local sudo=()
    if [[ "$(id -u)" -ne 0 ]]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            cannot "installering krever root; kjør \`sudo scripts/$script\` én gang."
        fi
    fi
    echo "Installerer $names med apt-get ($purpose) …"
    local log
    log="$(mktemp)"
    if ! "${sudo[@]}" apt-get update -qq >"$log" 2>&1 \
        || ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
            --no-install-recommends "$@" >>"$log" 2>&1; then
        tail -n 5 "$log" >&2
        rm -f "$log"
        cannot "apt-get kunne ikke installere $names (ingen nettilgang?); prøv \`sudo scripts/$script\` senere."
    fi
    rm -f "$log"
}
