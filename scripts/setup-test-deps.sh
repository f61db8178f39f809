#!/usr/bin/env bash
# What `npm test` needs besides node_modules, on Debian/Ubuntu: Chromium (+ CJK fonts, for the browser tests'
# screenshots) at /usr/bin/chromium, and PostgreSQL listening on 127.0.0.1:5432 (trust auth, database `test`) for the
# storage suite. Installs or starts only what is missing; silent when everything is there. Run as root (CI) or with
# sudo available. `npm run setup` runs it; .ci/run runs it before the README's test command.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-noto-cjk)
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "setup: starting PostgreSQL" >&2
  cluster="$(ls /etc/postgresql | sort -V | tail -n 1)"
  as_root pg_ctlcluster --skip-systemctl-redirect "$cluster" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  pg_isready -q -h 127.0.0.1 -p 5432 || { echo "setup: PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1; }
fi

# A fresh Debian cluster asks for passwords on 127.0.0.1 and has no database `test`: the tests expect trust auth there
# (a throwaway test server, never a shared one) and that database.
if ! psql -q -h 127.0.0.1 -U postgres -d test -c 'SELECT 1' >/dev/null 2>&1; then
  echo "setup: allowing local trust auth and creating database test" >&2
  cluster="$(ls /etc/postgresql | sort -V | tail -n 1)"
  hba="/etc/postgresql/$cluster/main/pg_hba.conf"
  if ! as_root grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    as_root sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
    as_root pg_ctlcluster --skip-systemctl-redirect "$cluster" main reload
  fi
  psql -q -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1 ||
    psql -q -h 127.0.0.1 -U postgres -d postgres -c 'CREATE DATABASE test'
fi
