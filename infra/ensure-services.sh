#!/usr/bin/env bash
# Makes sure this machine has what VoluMap needs outside Python: PostgreSQL with PostGIS and Redis,
# running on 127.0.0.1 (Chromium for the browser tests with --with-browser, Node.js and npm for the PWA's
# linter with --with-node). Safe to run again.
set -euo pipefail

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER
WITH_BROWSER=0
WITH_NODE=0
for arg in "$@"; do
  case "$arg" in
    --with-browser) WITH_BROWSER=1 ;;
    --with-node) WITH_NODE=1 ;;
  esac
done

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
APT_UPDATED=0
apt_install() {
  if ! command -v apt-get >/dev/null; then
    echo "error: need the Debian/Ubuntu packages: $* (no apt-get here)" >&2
    exit 1
  fi
  if [ "$APT_UPDATED" -eq 0 ]; then
    $SUDO apt-get update -qq
    APT_UPDATED=1
  fi
  echo "installing: $*"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

# PostgreSQL ---------------------------------------------------------------------------------------
if ! pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql postgresql-contrib
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    # A cluster we installed ourselves: let local development connect without a password over TCP.
    hba=/etc/postgresql/$version/main/pg_hba.conf
    grep -q "volumap-local-trust" "$hba" || $SUDO sed -i \
      "1i host all all 127.0.0.1/32 trust # volumap-local-trust\nhost all all ::1/128 trust # volumap-local-trust" "$hba"
  fi
  for version in $(ls /etc/postgresql); do
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
  done
  for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 1; done
  pg_isready -q -h "$PGHOST" -p "$PGPORT" || { echo "error: PostgreSQL does not answer on $PGHOST:$PGPORT" >&2; exit 1; }
fi

# PostGIS for the server that is actually running ------------------------------------------------
has_postgis() {
  [ "$(psql -d postgres -Atc "SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'")" = "1" ]
}
if ! has_postgis; then
  major=$(psql -d postgres -Atc "SHOW server_version_num" | cut -c1-2)
  apt_install "postgresql-$major-postgis-3"
  has_postgis || { echo "error: PostGIS installed but not available to PostgreSQL $major" >&2; exit 1; }
fi

# Redis ----------------------------------------------------------------------------------------------
redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && head -c 5 <&3 | grep -q PONG) 2>/dev/null; }
if ! redis_up; then
  command -v redis-server >/dev/null || apt_install redis-server
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
  redis_up || { echo "error: Redis does not answer on 127.0.0.1:6379" >&2; exit 1; }
fi

# Chromium for the browser tests -----------------------------------------------------------------
if [ "$WITH_BROWSER" -eq 1 ] && ! command -v chromium >/dev/null; then
  apt_install chromium
fi
# Node.js and npm for the PWA's linter (`make lint`; nothing of Node runs in production) -----------
if [ "$WITH_NODE" -eq 1 ] && ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi
echo "services ready: PostgreSQL $(psql -d postgres -Atc 'SHOW server_version') with PostGIS, Redis"
