#!/bin/sh
# System packages the tests need, installed when missing (apt-get; sudo when not run as root):
# - Debian's Chromium: the HTML book is tested in it (Playwright drives /usr/bin/chromium; it downloads no browser);
# - libyaml's headers: `pip install` builds gwstd's C fast path for loading YAML against them;
# - LibreOffice's spreadsheet, without a GUI: tests/books/test_excel.py opens the Excel book in it and prints it to PDF;
# - git: the tests of `gwstd diff` between revisions and of a checkout cloned without symlinks use it;
# - Node.js and npm (only when npm is missing): tests/scaffold/test_editor.py installs yaml-language-server, the
#   server of VS Code's YAML extension, and tests/books/test_accessibility.py axe-core, with npm into a cache folder;
# - poppler's tools (pdfinfo, pdftotext -bbox, pdffonts, pdftoppm): the printed books are measured with them;
# - Noto CJK fonts (Sans and Serif, SC among them): without a Chinese font, Chromium and LibreOffice print boxes,
#   and the printed glyphs could not be measured. gwstd bundles no font; a county PC has SimSun (宋体).
set -e
PACKAGES=""
[ -x /usr/bin/chromium ] || PACKAGES="$PACKAGES chromium"
[ -f /usr/include/yaml.h ] || PACKAGES="$PACKAGES libyaml-dev"
command -v git >/dev/null 2>&1 || PACKAGES="$PACKAGES git"
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs npm"
command -v pdftotext >/dev/null 2>&1 || PACKAGES="$PACKAGES poppler-utils"
fc-list :lang=zh 2>/dev/null | grep -q . || PACKAGES="$PACKAGES fonts-noto-cjk"
fc-list | grep -qi "Liberation Sans" || PACKAGES="$PACKAGES fonts-liberation"
# LibreOffice's recommended packages (Java, more fonts, desktop integration) are not needed to convert a book
LEAN=""
command -v libreoffice >/dev/null 2>&1 || LEAN="libreoffice-calc-nogui"
if [ -z "$PACKAGES$LEAN" ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    SUDO="sudo"
fi
$SUDO apt-get update -qq
if [ -n "$PACKAGES" ]; then
    # shellcheck disable=SC2086 # one word per package
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $PACKAGES >/dev/null
fi
if [ -n "$LEAN" ]; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $LEAN >/dev/null
fi
