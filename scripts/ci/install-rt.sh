#!/bin/sh
# Installs Request Tracker 5 from Debian 12's own packages for the end-to-end suite
# (tests/e2e/rt/rt-server.ts starts throwaway RT instances from this installation).
#
# Idempotent and non-interactive. The caller runs `apt-get update` first. Run as root or with sudo.
#
# Size on Debian 12 (bookworm), from apt's history on a dev machine that already had build tools,
# Node and chromium: 261 new packages (mostly Perl modules; also exim4, the MTA RT depends on,
# starlet and sqlite), ~55 MiB to download, ~204 MiB installed; download + install took ~31 s.
# A bare CI image will pull in somewhat more.
#
# The machine-wide RT this leaves behind (config in /etc/request-tracker5, SQLite DB under
# /var/lib/dbconfig-common/sqlite3/request-tracker5) is NOT used by the tests: the harness gives
# each RT its own config (RT_SITE_CONFIG / RT_SITE_CONFIG_DIR) and database in a temp directory.
set -eu

PACKAGES="request-tracker5 rt5-db-sqlite rt5-standalone"
RT_SERVER=/usr/share/request-tracker5/libexec/rt-server
# RT's initial superuser password for the machine-wide database (the test databases always use
# root/password, whatever this is).
ROOT_PASSWORD="${RT_ROOT_PASSWORD:-password}"

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
else
  SUDO="sudo"
fi

installed() {
  for pkg in $PACKAGES; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = "installed" ] || return 1
  done
  [ -x "$RT_SERVER" ]
}

if installed; then
  echo "install-rt: already installed: $(dpkg-query -W -f='${Package} ${Version}' request-tracker5)"
  exit 0
fi

# Preseed the only question the packages would ask (dbconfig-common's SQLite setup needs none).
echo "request-tracker5 request-tracker5/initial-root-password password $ROOT_PASSWORD" \
  | $SUDO debconf-set-selections

# shellcheck disable=SC2086 # word splitting of $PACKAGES is intended
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $PACKAGES

installed || { echo "install-rt: $RT_SERVER missing after install" >&2; exit 1; }
echo "install-rt: installed $(dpkg-query -W -f='${Package} ${Version}' request-tracker5)"
