#!/usr/bin/env bash
# ensure-services.sh — make sure every backing service of odoo-saas is up on this machine.
#
#   PostgreSQL (control plane)  127.0.0.1:5432  roles/dbs saas_auth … saas_instance, saas_test_admin
#   PostgreSQL "odoo" cluster   127.0.0.1:5433 + the Docker bridge gateway  role odoo_admin, random password
#                               in /var/lib/odoo-saas/dev-secrets (the Odoo database server)
#   Redis                       127.0.0.1:6379
#   RabbitMQ                    127.0.0.1:5672  guest/guest
#   Docker Engine               $DOCKER_HOST or unix:///var/run/docker.sock
#   tools                       busybox-static, docker-compose (v1), postgresql-client, chromium (browser tests),
#                               caddy (the edge), dnsmasq (a real DNS server for the custom-domain tests),
#                               socat (the Odoo stand-in's HTTP listener)
#
# Running services are reused; missing ones are installed from Debian packages and started
# (no systemd on these machines, so everything is started by hand). Idempotent, and fast
# (well under 3 s) when everything already runs. One line per service; exits non-zero if any
# service could not be brought up. Every password below is a DEVELOPMENT DEFAULT.
#
# Usage: bash ops/services/ensure-services.sh [SERVICE...]   (as root; default: all of
#        tools postgres docker odoo-db redis rabbitmq; see ops/services/README.md)
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
# Run psql & co. from a directory the postgres user can read (runuser keeps the cwd).
cd /

T0=$(date +%s%N)
APT_LOG=${TMPDIR:-/tmp}/ensure-services-apt.log
FAILED=()

# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------

ok()   { printf '✓ %-9s %s\n' "$1" "$2"; }
note() { printf '  %s\n' "$*" >&2; }
# Print the ✗ line and leave the service's subshell with the "already reported" code.
die()  { printf '✗ %s: %s\n' "$SERVICE" "$*"; exit 3; }

# Run one ensure_* function in a subshell with errexit really on (errexit is silently
# ignored inside functions called from `if`/`||`, so we must not call them that way).
# A failure the function did not report itself gets a generic ✗ line.
run_service() {
  local name=$1 fn=$2 rc
  set +e
  (
    set -eEo pipefail
    SERVICE=$name
    trap 'note "$SERVICE: command failed (exit $?): $BASH_COMMAND"' ERR
    "$fn"
  )
  rc=$?
  set -e
  if ((rc != 0)); then
    ((rc == 3)) || printf '✗ %s: failed (exit %s, see messages above)\n' "$name" "$rc"
    FAILED+=("$name")
  fi
}

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# apt_install PKG... — install the packages that are not installed yet. `apt-get update` only
# when the first attempt fails (typically: no package lists on a fresh machine).
apt_install() {
  local missing=() p
  for p in "$@"; do pkg_installed "$p" || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  ((EUID == 0)) || die "needs root to install ${missing[*]}"
  note "installing ${missing[*]} (apt-get, log: $APT_LOG)"
  local apt=(apt-get -o DPkg::Lock::Timeout=120 install -y "${missing[@]}")
  if ! "${apt[@]}" >>"$APT_LOG" 2>&1; then
    note "apt-get install failed; running apt-get update and retrying"
    apt-get -o DPkg::Lock::Timeout=120 update >>"$APT_LOG" 2>&1 || true
    "${apt[@]}" >>"$APT_LOG" 2>&1 || { tail -n 5 "$APT_LOG" >&2; die "apt-get install ${missing[*]} failed (see $APT_LOG)"; }
  fi
}

# wait_for SECONDS CMD... — poll CMD every 0.5 s until it succeeds.
wait_for() {
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# Run psql as the postgres OS user over the unix socket: peer auth works both on a
# trust-everything dev box and on a stock Debian install where 127.0.0.1 needs a password.
psql_as_postgres() {
  local port=$1; shift
  if ((EUID == 0)); then
    runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres "$@"
  else
    sudo -n -u postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres "$@"
  fi
}

# Newest PostgreSQL major version installed (what Debian's own scripts pick).
pg_latest_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -1; }

# ---------------------------------------------------------------------------------------------
# PostgreSQL main cluster (control plane databases)
# ---------------------------------------------------------------------------------------------

PG_ROLES=(saas_auth saas_tenant saas_user saas_billing saas_instance)

ensure_postgres() {
  local state="already running" ver
  if ! { command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432 -t 2; }; then
    apt_install postgresql
    ver=$(pg_latest_version)
    [[ -n $ver ]] || die "no cluster under /etc/postgresql after installing postgresql"
    # The package creates the main cluster; re-create it only if someone dropped it.
    [[ -d /etc/postgresql/$ver/main ]] || pg_createcluster "$ver" main -p 5432 >/dev/null
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true # "already running" is fine
    wait_for 30 pg_isready -q -h 127.0.0.1 -p 5432 || die "cluster $ver/main does not answer on 127.0.0.1:5432"
    state="started"
  fi

  # Roles and databases, idempotently. Passwords are re-set on every run so they are always
  # the documented dev defaults (<role>_dev). CREATEDB: tests create throw-away databases.
  local sql="" r
  for r in "${PG_ROLES[@]}"; do
    sql+="SELECT 'CREATE ROLE $r LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$r') \\gexec
ALTER ROLE $r WITH LOGIN CREATEDB NOSUPERUSER PASSWORD '${r}_dev';
SELECT 'CREATE DATABASE $r OWNER $r' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$r') \\gexec
ALTER DATABASE $r OWNER TO $r;
"
  done
  sql+="SELECT 'CREATE ROLE saas_test_admin LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'saas_test_admin') \\gexec
ALTER ROLE saas_test_admin WITH LOGIN CREATEDB CREATEROLE NOSUPERUSER PASSWORD 'saas_test_admin_dev';
"
  psql_as_postgres 5432 <<<"$sql" >/dev/null || die "could not create roles/databases (psql as postgres failed)"
  ok postgres "127.0.0.1:5432 ($state; dbs+roles ${PG_ROLES[*]}, saas_test_admin)"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL "odoo" cluster: the Odoo database server (per-instance roles and databases)
# ---------------------------------------------------------------------------------------------

# Overridable to rehearse on a cluster of one's own (ODOO_PG_CLUSTER=try ODOO_PG_PORT=5443 ...).
ODOO_PG_CLUSTER=${ODOO_PG_CLUSTER:-odoo}
ODOO_PG_PORT=${ODOO_PG_PORT:-5433}
# The network the provisioning worker puts Odoo containers on (its ODOO_NETWORK default).
ODOO_NETWORK=${ODOO_NETWORK:-odoo-saas}
# Secrets generated for this machine (libs/config MACHINE_DEV_SECRETS_DIR reads them).
DEV_SECRETS_DIR=${SAAS_DEV_SECRETS_DIR:-/var/lib/odoo-saas/dev-secrets}
# Before the generated password (and on other branches): published, so refused from now on.
ODOO_ADMIN_OLD_DEFAULT=odoo_admin_dev

# write_if_changed FILE CONTENT — returns 0 if the file was (re)written.
write_if_changed() {
  [[ -f $1 && "$(cat "$1")" == "${2%$'\n'}" ]] && return 1
  printf '%s' "$2" >"$1"
  chown postgres:postgres "$1"
  return 0
}

# docker_bridge — "<gateway> <subnet>" of the default bridge (docker0): host.docker.internal
# (host-gateway) is its gateway address. Empty when the engine does not run.
docker_bridge() {
  ip -4 route show dev docker0 proto kernel 2>/dev/null | awk '{ for (i = 1; i <= NF; i++) if ($i == "src") { print $(i + 1), $1; exit } }'
}

# odoo_network_subnets — the subnets of the Odoo containers' network, created here if missing
# (the worker adopts it), so pg_hba can name them before the first instance exists.
odoo_network_subnets() {
  local bin; bin=$(docker_bin)
  [[ -n $bin ]] || return 0
  "$bin" network inspect "$ODOO_NETWORK" >/dev/null 2>&1 \
    || "$bin" network create --driver bridge "$ODOO_NETWORK" >/dev/null 2>&1 || true
  "$bin" network inspect "$ODOO_NETWORK" -f '{{range .IPAM.Config}}{{.Subnet}} {{end}}' 2>/dev/null || true
}

# odoo_admin_password — the admin's password: generated at the first start, then kept in
# $DEV_SECRETS_DIR/odoo-db-admin-password (0600; owned by the sudo caller, who runs the services).
odoo_admin_password() {
  local file=$DEV_SECRETS_DIR/odoo-db-admin-password
  if [[ ! -s $file ]]; then
    mkdir -p "$DEV_SECRETS_DIR"
    chmod 0755 "$DEV_SECRETS_DIR"
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$file.tmp" && mv "$file.tmp" "$file")
    [[ -z ${SUDO_USER:-} ]] || chown "$SUDO_USER" "$file"
    note "odoo-db: generated the odoo_admin password into $file"
  fi
  cat "$file"
}

ensure_odoo_db() {
  command -v pg_lsclusters >/dev/null || apt_install postgresql
  local ver state="already running" hba_changed=0 cluster=$ODOO_PG_CLUSTER
  # An existing odoo cluster keeps its version; a new one uses the newest installed.
  ver=$(pg_lsclusters -h | awk -v c="$cluster" '$2 == c { print $1; exit }')
  if [[ -z $ver ]]; then
    ver=$(pg_latest_version)
    pg_createcluster "$ver" "$cluster" -p "$ODOO_PG_PORT" >/dev/null || die "pg_createcluster $ver $cluster -p $ODOO_PG_PORT failed"
    state="created"
  fi

  # Odoo containers reach the cluster at the bridge gateway (host.docker.internal), from the
  # subnets of their networks: it listens on loopback and that one address only, and pg_hba
  # lets in password (SCRAM) logins from loopback and those subnets only.
  local bridge gateway="" listen="127.0.0.1" subnets=()
  bridge=$(docker_bridge)
  if [[ -n $bridge ]]; then
    gateway=${bridge%% *}
    listen="127.0.0.1,$gateway"
    subnets+=("${bridge#* }")
    local subnet
    for subnet in $(odoo_network_subnets); do [[ " ${subnets[*]} " == *" $subnet "* ]] || subnets+=("$subnet"); done
  else
    note "odoo-db: no Docker bridge (docker0) yet: listening on loopback only until the next run"
  fi
  local conf hba
  conf="# Managed by ops/services/ensure-services.sh — rewritten on every run.
listen_addresses = '$listen'
password_encryption = 'scram-sha-256'
"
  hba="# Managed by ops/services/ensure-services.sh — rewritten on every run.
# TYPE  DATABASE  USER      ADDRESS          METHOD
local   all       postgres                   peer
local   all       all                        scram-sha-256
host    all       all       127.0.0.1/32     scram-sha-256
host    all       all       ::1/128          scram-sha-256
# Docker: the default bridge and the Odoo containers' network ($ODOO_NETWORK)
"
  for subnet in "${subnets[@]}"; do hba+="host    all       all       $subnet    scram-sha-256
"; done

  local etc=/etc/postgresql/$ver/$cluster
  mkdir -p "$etc/conf.d"
  write_if_changed "$etc/conf.d/saas-odoo.conf" "$conf" || true
  write_if_changed "$etc/pg_hba.conf" "$hba" && hba_changed=1

  local status
  status=$(pg_lsclusters -h | awk -v v="$ver" -v c="$cluster" '$1 == v && $2 == c { print $4 }')
  if [[ $status != online* ]]; then
    pg_ctlcluster --skip-systemctl-redirect "$ver" "$cluster" start || die "pg_ctlcluster $ver $cluster start failed (log: /var/log/postgresql/postgresql-$ver-$cluster.log)"
    [[ $state == created ]] || state="started"
  elif [[ "$(psql_as_postgres "$ODOO_PG_PORT" -Atc 'SHOW listen_addresses')" != "$listen" ]]; then
    # listen_addresses only changes on restart (first run after an older config).
    pg_ctlcluster --skip-systemctl-redirect "$ver" "$cluster" restart || die "restart of $ver/$cluster failed"
    state="restarted for listen_addresses = '$listen'"
  elif ((hba_changed)); then
    pg_ctlcluster --skip-systemctl-redirect "$ver" "$cluster" reload
    state="already running, pg_hba reloaded"
  fi
  wait_for 30 pg_isready -q -h 127.0.0.1 -p "$ODOO_PG_PORT" || die "cluster $ver/$cluster does not answer on 127.0.0.1:$ODOO_PG_PORT"

  # The provisioning worker's admin: may create roles and databases, but is no superuser. Its
  # password is set on every run, so a cluster made with the old published one is migrated.
  local password
  password=$(odoo_admin_password) || die "could not generate the odoo_admin password into $DEV_SECRETS_DIR"
  psql_as_postgres "$ODOO_PG_PORT" -v password="$password" >/dev/null <<'SQL' || die "could not create role odoo_admin"
SET password_encryption = 'scram-sha-256';
SELECT 'CREATE ROLE odoo_admin LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'odoo_admin') \gexec
ALTER ROLE odoo_admin WITH LOGIN CREATEDB CREATEROLE NOSUPERUSER PASSWORD :'password';
SQL
  # Prove the path the worker uses: TCP + password.
  PGPASSWORD=$password PGCONNECT_TIMEOUT=5 psql -X -q -h 127.0.0.1 -p "$ODOO_PG_PORT" -U odoo_admin -d postgres -Atc 'select 1' >/dev/null \
    || die "odoo_admin cannot log in on 127.0.0.1:$ODOO_PG_PORT with its password"
  ! PGPASSWORD=$ODOO_ADMIN_OLD_DEFAULT PGCONNECT_TIMEOUT=5 psql -X -q -h 127.0.0.1 -p "$ODOO_PG_PORT" -U odoo_admin -d postgres -Atc 'select 1' >/dev/null 2>&1 \
    || die "odoo_admin still logs in with the published default password"
  ok odoo-db "$listen:$ODOO_PG_PORT (cluster $ver/$cluster, $state; role odoo_admin, password in $DEV_SECRETS_DIR)"
}

# ---------------------------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------------------------

redis_ping() { [[ "$(timeout 3 redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" == PONG ]]; }

ensure_redis() {
  if command -v redis-cli >/dev/null && redis_ping; then
    ok redis "127.0.0.1:6379 (already running)"; return
  fi
  apt_install redis-server
  # The package's postinst may have started its own instance (where init scripts run).
  if redis_ping; then ok redis "127.0.0.1:6379 (started by the redis-server package)"; return; fi
  mkdir -p /var/lib/redis /var/log/redis
  # No persistence: it is a cache / pub-sub for development and tests. "-::1" = bind ::1
  # only if the machine has IPv6.
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log >/dev/null || die "redis-server did not start (log: /var/log/redis/ci.log)"
  wait_for 10 redis_ping || die "redis-server started but does not answer PING (log: /var/log/redis/ci.log)"
  ok redis "127.0.0.1:6379 (started)"
}

# ---------------------------------------------------------------------------------------------
# RabbitMQ
# ---------------------------------------------------------------------------------------------

# amqp_login_ok [USER PASS] — speak just enough AMQP 0-9-1 on 127.0.0.1:5672 to log in
# (protocol header, skip connection.start, send start-ok with PLAIN, expect connection.tune),
# then close politely. Takes milliseconds, where each rabbitmqctl call boots an Erlang VM.
amqp_login_ok() {
  local user=${1:-guest} pass=${2:-guest}
  timeout 5 bash -c '
    user=$1 pass=$2
    u32() { printf "\\\\x%02x\\\\x%02x\\\\x%02x\\\\x%02x" $(($1>>24&255)) $(($1>>16&255)) $(($1>>8&255)) $(($1&255)); }
    read_bytes() { dd bs=1 count="$1" status=none <&3 2>/dev/null | od -An -tu1 -v; }
    exec 3<>/dev/tcp/127.0.0.1/5672 || exit 1
    printf "AMQP\x00\x00\x09\x01" >&3
    set -- $(read_bytes 7)                       # frame header: type, channel(2), size(4)
    [ "${1:-}" = 1 ] || exit 1
    read_bytes $(( ($4<<24) + ($5<<16) + ($6<<8) + $7 + 1 )) >/dev/null   # connection.start + frame end
    resp_len=$(( ${#user} + ${#pass} + 2 ))
    payload_len=$(( 4 + 4 + 6 + 4 + resp_len + 6 ))
    # connection.start-ok: class 10 method 11, empty client-properties, "PLAIN", "\0user\0pass", "en_US"
    printf "\x01\x00\x00$(u32 $payload_len)\x00\x0a\x00\x0b\x00\x00\x00\x00\x05PLAIN$(u32 $resp_len)\x00%s\x00%s\x05en_US\xce" "$user" "$pass" >&3
    set -- $(read_bytes 11)                      # expect connection.tune (10, 30)
    [ "${1:-}" = 1 ] && [ "${8:-}" = 0 ] && [ "${9:-}" = 10 ] && [ "${10:-}" = 0 ] && [ "${11:-}" = 30 ] || exit 2
    read_bytes $(( ($4<<24) + ($5<<16) + ($6<<8) + $7 + 1 - 4 )) >/dev/null
    # connection.tune-ok (channel-max 1, frame-max 131072, heartbeat 0) and connection.open
    # of vhost "/": expect open-ok (10, 41), which proves the user may use the vhost.
    printf "\x01\x00\x00\x00\x00\x00\x0c\x00\x0a\x00\x1f\x00\x01\x00\x02\x00\x00\x00\x00\xce" >&3
    printf "\x01\x00\x00\x00\x00\x00\x08\x00\x0a\x00\x28\x01/\x00\x00\xce" >&3
    set -- $(read_bytes 11)
    [ "${1:-}" = 1 ] && [ "${8:-}" = 0 ] && [ "${9:-}" = 10 ] && [ "${10:-}" = 0 ] && [ "${11:-}" = 41 ] || exit 3
    read_bytes $(( ($4<<24) + ($5<<16) + ($6<<8) + $7 + 1 - 4 )) >/dev/null
    # connection.close (200, "", 0, 0) and wait for close-ok, so the broker logs a clean close.
    printf "\x01\x00\x00\x00\x00\x00\x0b\x00\x0a\x00\x32\x00\xc8\x00\x00\x00\x00\x00\xce" >&3
    read_bytes 12 >/dev/null
    exit 0
  ' amqp "$user" "$pass"
}

amqp_port_open() { timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/5672' 2>/dev/null; }

ensure_rabbitmq() {
  local state="already running"
  if ! amqp_port_open; then
    apt_install rabbitmq-server
    # The Debian wrapper drops to the rabbitmq user by itself.
    rabbitmq-server -detached >/dev/null 2>&1 || true # "node already running" is fine
    # await_startup fails at once while the node is not registered yet: retry it.
    wait_for 90 timeout 60 rabbitmqctl -q await_startup --timeout 60 \
      || die "broker did not finish starting within 90 s (logs: /var/log/rabbitmq/)"
    wait_for 15 amqp_port_open || die "broker started but nothing listens on 127.0.0.1:5672"
    state="started"
  fi
  if ! amqp_login_ok guest guest; then
    # guest is allowed from loopback by default; repair it if someone changed it.
    note "rabbitmq: guest/guest cannot log in; resetting the guest user"
    command -v rabbitmqctl >/dev/null || die "port 5672 answers but guest/guest cannot log in and rabbitmqctl is missing"
    rabbitmqctl -q add_user guest guest >/dev/null 2>&1 || rabbitmqctl -q change_password guest guest >/dev/null
    rabbitmqctl -q set_user_tags guest administrator >/dev/null
    rabbitmqctl -q set_permissions -p / guest '.*' '.*' '.*' >/dev/null
    amqp_login_ok guest guest || die "guest/guest still cannot log in on 127.0.0.1:5672"
    state+=", guest reset"
  fi
  ok rabbitmq "127.0.0.1:5672 ($state; guest/guest)"
}

# ---------------------------------------------------------------------------------------------
# Docker Engine
# ---------------------------------------------------------------------------------------------

# Prefer Debian's client: another `docker` (e.g. /usr/local/bin) may come first in PATH and
# speak a different API version.
docker_bin() { if [[ -x /usr/bin/docker ]]; then echo /usr/bin/docker; else command -v docker || true; fi; }

# docker_answers HOST — prints the server version if the engine at HOST answers.
docker_answers() {
  local bin; bin=$(docker_bin)
  [[ -n $bin ]] || return 1
  DOCKER_HOST=$1 timeout 5 "$bin" version --format '{{.Server.Version}}' 2>/dev/null
}

DOCKERD_LOG=/var/log/dockerd-saas.log

ensure_docker() {
  local v sock=unix:///var/run/docker.sock
  if [[ -n ${DOCKER_HOST:-} ]] && v=$(docker_answers "$DOCKER_HOST"); then
    ok docker "$DOCKER_HOST (already running, engine $v)"; return
  fi
  if v=$(docker_answers "$sock"); then
    if [[ -n ${DOCKER_HOST:-} ]]; then
      ok docker "$sock (already running, engine $v) — note: DOCKER_HOST=$DOCKER_HOST does not answer; unset it"
    else
      ok docker "$sock (already running, engine $v)"
    fi
    return
  fi
  apt_install docker.io # also brings containerd and runc
  ((EUID == 0)) || die "needs root to start dockerd"
  # No systemd here: start dockerd detached (setsid + nohup) so it outlives this script.
  setsid nohup dockerd --host "$sock" --data-root /var/lib/docker-saas >>"$DOCKERD_LOG" 2>&1 </dev/null &
  wait_for 30 docker_answers "$sock" || die "dockerd did not answer on $sock within 30 s (log: $DOCKERD_LOG)"
  v=$(docker_answers "$sock")
  ok docker "$sock (started, engine $v, data-root /var/lib/docker-saas)"
}

# ---------------------------------------------------------------------------------------------
# Tools the tests need
# ---------------------------------------------------------------------------------------------

ensure_tools() {
  local need=()
  # busybox-static: the Odoo stand-in image is built from it (static: no libraries to copy).
  pkg_installed busybox-static || need+=(busybox-static)
  # docker-compose v1: only to validate the compose file offline (`docker-compose config -q`).
  command -v docker-compose >/dev/null || need+=(docker-compose)
  # pg_dump / psql for backups and tests (any postgresql-client-NN will do).
  { command -v pg_dump >/dev/null && command -v psql >/dev/null; } || need+=(postgresql-client)
  # chromium: the console's browser tests drive /usr/bin/chromium with playwright-core.
  [[ -x /usr/bin/chromium ]] || need+=(chromium)
  # caddy: the edge (started by `npm run up` and by the edge tests, never as a system service).
  command -v caddy >/dev/null || need+=(caddy)
  # dnsmasq: the custom-domain tests run a real DNS server on a loopback port.
  command -v dnsmasq >/dev/null || need+=(dnsmasq-base)
  # socat: the Odoo stand-in's HTTP listener (one process per connection, its /websocket echo).
  [[ -x /usr/bin/socat ]] || need+=(socat)
  local all="busybox-static docker-compose postgresql-client chromium caddy dnsmasq socat"
  if ((${#need[@]})); then
    apt_install "${need[@]}"
    ok tools "$all (installed ${need[*]})"
  else
    ok tools "$all (present)"
  fi
}

# ---------------------------------------------------------------------------------------------

# docker before odoo-db: the cluster listens on the Docker bridge.
ALL_SERVICES=(tools postgres docker odoo-db redis rabbitmq)
for svc in "${@:-${ALL_SERVICES[@]}}"; do
  case $svc in
    tools)    run_service tools    ensure_tools ;;
    postgres) run_service postgres ensure_postgres ;;
    odoo-db)  run_service odoo-db  ensure_odoo_db ;;
    redis)    run_service redis    ensure_redis ;;
    rabbitmq) run_service rabbitmq ensure_rabbitmq ;;
    docker)   run_service docker   ensure_docker ;;
    *) echo "usage: $0 [${ALL_SERVICES[*]}]..." >&2; exit 2 ;;
  esac
done

elapsed=$(( ($(date +%s%N) - T0) / 1000000 ))
secs=$(printf '%d.%02d' $((elapsed / 1000)) $((elapsed % 1000 / 10)))
if ((${#FAILED[@]})); then
  echo "✗ ${#FAILED[@]} service(s) not available: ${FAILED[*]} (${secs}s)"
  exit 1
fi
echo "✓ all services ready (${secs}s)"
