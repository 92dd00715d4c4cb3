#!/usr/bin/env bash
# What PARI needs from the operating system, beside its Python packages.
#
#   deploy/system-deps.sh run    what `make run` needs: Chromium (charts of the local plan
#                                PDF, through kaleido), its fonts, Pango (WeasyPrint)
#   deploy/system-deps.sh test   that, plus poppler (the tests read the PDF back) and
#                                nginx (the replica test)
#
# `make run`, `make test` and `.ci/run` all call it. As root on Debian or Ubuntu it
# installs what is missing with apt-get; otherwise it says exactly what is missing and
# the command that installs it, and stops `make test` (a `make run` goes on without the
# PDF: everything else works). It prints nothing when all is there.
set -euo pipefail

mode="${1:-run}"
case "$mode" in
  run|test) ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

missing=()      # Debian package names
why=()          # one line each, for people
need() {        # need PACKAGE REASON: add once
  local p
  for p in "${missing[@]+"${missing[@]}"}"; do [ "$p" = "$1" ] && return 0; done
  missing+=("$1"); why+=("  $1: $2")
}
have_font_dir() { [ -d "/usr/share/fonts/truetype/$1" ]; }
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1" || compgen -G "/usr/lib/*/$1*" >/dev/null; }

# The local plan PDF draws its charts in Debian's Chromium (DESIGN section 7).
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/lib/chromium/chromium ]; then
  need chromium "draws the charts of the local plan PDF (and drives the browser tests)"
fi
have_font_dir dejavu || need fonts-dejavu-core "the report's text font"
have_font_dir noto || need fonts-noto-color-emoji "emoji in stakeholder text, in the PDF"
have_lib libpangoft2-1.0 || need libpangoft2-1.0-0 "WeasyPrint lays out the PDF with Pango"

if [ "$mode" = test ]; then
  command -v pdftotext >/dev/null 2>&1 || need poppler-utils "the tests read the PDF back (pdftotext, pdftoppm)"
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need nginx-light "the replica test puts nginx in front of two servers"
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing from Debian's packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi

{
  echo "PARI needs these system packages, which this machine lacks:"
  printf '%s\n' "${why[@]}"
  if command -v apt-get >/dev/null 2>&1; then
    echo "Install them with:  sudo apt-get install ${missing[*]}"
  else
    echo "These are Debian's names; install the same with your system's package manager."
  fi
} >&2
if [ "$mode" = test ]; then
  exit 1
fi
echo "Going on: the app works, but the local plan PDF will have no charts until they are installed." >&2
exit 0
