#!/bin/sh
# The HTML book is tested in Debian's Chromium (Playwright drives /usr/bin/chromium; it downloads no browser).
# Installs it when missing; uses sudo when not run as root.
set -e
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    SUDO="sudo"
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
