#!/bin/sh
# Installs Redmine 5 from Debian 12's own packages for the connector tests
# (tests/connector/redmine-server.ts starts a throwaway Redmine instance from this installation;
# recipe: ../shared/recipes/redmine.md).
#
# Idempotent and non-interactive. The caller runs `apt-get update` first. Run as root or with sudo.
# Size on Debian 12: ~106 packages, ~100 MB; ~55 s. Nothing is fetched beyond Debian's packages
# (the post-install `bundle install --local` uses Debian's packaged gems).
set -eu

PACKAGES="redmine redmine-sqlite thin"

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
  [ -f /var/lib/redmine/Gemfile.lock ]
}

if installed; then
  echo "install-redmine: already installed: $(dpkg-query -W -f='${Package} ${Version}' redmine)"
  exit 0
fi

# The package asks which instances to create and which database they use: one SQLite instance,
# no questions.
$SUDO debconf-set-selections <<'SEL'
redmine redmine/current-instances string default
redmine redmine/instances/default/dbconfig-install boolean true
redmine redmine/instances/default/database-type select sqlite3
redmine redmine/instances/default/default-language select en
SEL

# shellcheck disable=SC2086 # word splitting of $PACKAGES is intended
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $PACKAGES

installed || { echo "install-redmine: Redmine missing after install" >&2; exit 1; }
echo "install-redmine: installed $(dpkg-query -W -f='${Package} ${Version}' redmine)"
