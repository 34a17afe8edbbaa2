#!/bin/sh
# System packages the tests need, installed when missing (apt-get; sudo when not run as root):
# - Debian's Chromium: the HTML book is tested in it (Playwright drives /usr/bin/chromium; it downloads no browser);
# - libyaml's headers: `pip install` builds gwstd's C fast path for loading YAML against them.
set -e
PACKAGES=""
[ -x /usr/bin/chromium ] || PACKAGES="$PACKAGES chromium"
[ -f /usr/include/yaml.h ] || PACKAGES="$PACKAGES libyaml-dev"
if [ -z "$PACKAGES" ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    SUDO="sudo"
fi
$SUDO apt-get update -qq
# shellcheck disable=SC2086 # one word per package
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $PACKAGES >/dev/null
