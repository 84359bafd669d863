# Sourced by the test scripts: starts the local services the tests use, if they are not
# running. PostgreSQL is expected to be installed (the machine image provides it).

ensure_postgres() {
  if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    echo "services: starting PostgreSQL" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
    for _ in $(seq 1 30); do
      pg_isready -h 127.0.0.1 -p 5432 -q && break
      sleep 1
    done
  fi
  local major
  major="$(psql -h 127.0.0.1 -U postgres -tAc 'show server_version_num' | cut -c1-2)"
  export "BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING=postgresql://postgres@127.0.0.1:5432"
}

ensure_chromium() {
  if [[ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]]; then
    echo "services: installing Debian's Chromium for the browser tests" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
}

ensure_prometheus() {
  if [[ ! -x /usr/bin/prometheus ]]; then
    echo "services: installing Debian's Prometheus for the monitoring collector tests" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null
  fi
}
