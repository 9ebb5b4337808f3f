# shellcheck shell=bash
#
# scripts/test-servers.sh — start/stop private PostgreSQL 15 and RabbitMQ
# instances on 127.0.0.1 for tests and local runs.
#
# Usage (source it; safe under `set -euo pipefail`):
#
#   source scripts/test-servers.sh
#   dir=$(mktemp -d)
#   trap 'wvs_servers_stop; rm -rf "$dir"' EXIT
#   wvs_servers_start "$dir"
#   # ... uses $WVS_TEST_POSTGRES / $WVS_TEST_RABBITMQ ...
#
# wvs_servers_start <dir>
#   Installs postgresql-15 / rabbitmq-server (and curl, git for a runner) with apt-get if (and only if)
#   missing, without letting the packages start system-wide services. Then
#   creates a PostgreSQL cluster and a RabbitMQ node with all their data under
#   <dir>, on free non-default ports of 127.0.0.1, waits until both accept
#   connections and exports:
#     WVS_TEST_POSTGRES  Npgsql connection string
#                        Host=127.0.0.1;Port=P;Username=postgres;Password=postgres;Database=postgres
#     WVS_TEST_RABBITMQ  amqp://guest:guest@127.0.0.1:P/
#     WVS_SERVERS_PG_PORT, WVS_SERVERS_AMQP_PORT   the two ports, for convenience
#   On failure it prints the tail of the failing server's log, stops whatever
#   it started and returns non-zero.
#
# wvs_servers_start --keep <dir>
#   The same, for a data folder that outlives the run (./run-distributed.sh):
#   when <dir> already holds a cluster made by an earlier `--keep` start, it is
#   started again with its databases (on its previous port when that is free),
#   and the RabbitMQ node keeps its name, hence its queues and messages. A new
#   cluster gets durable settings (fsync on). Without --keep nothing changes: a
#   fresh cluster in <dir>, tuned for tests.
#
# wvs_servers_stop [<dir>]
#   Stops both servers (and the private epmd). Idempotent, never fails, safe
#   in a trap. Without <dir> it stops what this shell started; with <dir> it
#   reads the state file that wvs_servers_start left in <dir>.
#
# Tunables (environment): WVS_SERVERS_TIMEOUT (seconds to wait for each server,
# default 180), WVS_PG_BINDIR (default /usr/lib/postgresql/15/bin).

_WVS_STATE_FILE_NAME="wvs-servers.state"

_wvs_log() { printf '[test-servers] %s\n' "$*" >&2; }

_wvs_port_free() {
	# true if nothing listens on 127.0.0.1:$1 (TCP)
	local p=$1
	if command -v ss >/dev/null 2>&1; then
		if [ -n "$(ss -Hltn "sport = :$p" 2>/dev/null)" ]; then
			return 1
		fi
	fi
	if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
		return 1
	fi
	return 0
}

# _wvs_pick_port <taken ports...> — prints a free port in 20000..32767
# (below Linux's default ephemeral range), not in the given list.
_wvs_pick_port() {
	local p t tries=0 clash
	while [ "$tries" -lt 500 ]; do
		tries=$((tries + 1))
		p=$((20000 + (RANDOM * 32768 + RANDOM) % 12768))
		clash=0
		for t in "$@"; do
			if [ "$t" = "$p" ]; then clash=1; fi
		done
		[ "$clash" = 0 ] || continue
		if _wvs_port_free "$p"; then
			echo "$p"
			return 0
		fi
	done
	_wvs_log "could not find a free TCP port"
	return 1
}

_wvs_pg_bindir() { echo "${WVS_PG_BINDIR:-/usr/lib/postgresql/15/bin}"; }
_WVS_RMQ_SBIN=/usr/lib/rabbitmq/bin

_wvs_ensure_packages() {
	local missing=()
	[ -x "$(_wvs_pg_bindir)/postgres" ] && [ -x "$(_wvs_pg_bindir)/pg_isready" ] || missing+=(postgresql-15)
	[ -x "$_WVS_RMQ_SBIN/rabbitmq-server" ] && [ -x "$_WVS_RMQ_SBIN/rabbitmqctl" ] || missing+=(rabbitmq-server)
	# A runner beside the hosts (run-distributed.sh, the end-to-end tests): bash scripts calling the API with curl, after a git checkout.
	command -v curl >/dev/null 2>&1 || missing+=(curl)
	command -v git >/dev/null 2>&1 || missing+=(git)
	_wvs_apt_install "${missing[@]}"
}

# _wvs_apt_install [package...]: installs the given Debian packages (none: nothing to do) as root with
# apt-get, without recommends and without letting their maintainer scripts start system-wide services;
# the package lists are updated only when an install fails without it. Shared with scripts/test-tools.sh.
_wvs_apt_install() {
	[ "$#" -eq 0 ] && return 0
	if [ "$(id -u)" != 0 ]; then
		_wvs_log "missing packages: $* (not root, cannot apt-get install them)"
		return 1
	fi
	if ! command -v apt-get >/dev/null 2>&1; then
		_wvs_log "missing packages: $* and no apt-get on this machine"
		return 1
	fi
	_wvs_log "installing $* with apt-get (services are not started)"

	local created_policy=0 rc=0
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		created_policy=1
	fi
	local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -q)
	{
		"${apt[@]}" install -y --no-install-recommends "$@" ||
			{ _wvs_log "apt-get install failed: updating the package lists and trying again" &&
				"${apt[@]}" update && "${apt[@]}" install -y --no-install-recommends "$@"; }
	} >&2 || rc=$?
	if [ "$created_policy" = 1 ]; then
		rm -f /usr/sbin/policy-rc.d
	fi
	if [ "$rc" != 0 ]; then
		_wvs_log "apt-get failed (exit $rc) installing $*"
		return 1
	fi
	return 0
}

_wvs_tail_log() {
	local f
	for f in "$@"; do
		if [ -f "$f" ]; then
			_wvs_log "---- last lines of $f ----"
			tail -n 60 "$f" >&2 || true
			_wvs_log "---- end of $f ----"
		fi
	done
}

# Run a command as the PostgreSQL owner (postgres when we are root).
_wvs_as_pg() {
	if [ "$(id -u)" = 0 ]; then
		if command -v runuser >/dev/null 2>&1; then
			runuser -u postgres -- "$@"
		else
			# shellcheck disable=SC2016
			su -s /bin/sh postgres -c '"$0" "$@"' -- "$@"
		fi
	else
		"$@"
	fi
}

# Environment for the private RabbitMQ node and its CLI tools, as NAME=VALUE
# words for `env`.
_wvs_rmq_env() {
	local d=$_WVS_RMQ_DIR
	printf '%s\n' \
		"HOME=$d/home" \
		"RABBITMQ_NODENAME=$_WVS_RMQ_NODE" \
		"RABBITMQ_NODE_IP_ADDRESS=127.0.0.1" \
		"RABBITMQ_NODE_PORT=$_WVS_AMQP_PORT" \
		"RABBITMQ_DIST_PORT=$_WVS_DIST_PORT" \
		"RABBITMQ_CTL_DIST_PORT_MIN=$_WVS_CTL_PORT_MIN" \
		"RABBITMQ_CTL_DIST_PORT_MAX=$((_WVS_CTL_PORT_MIN + 9))" \
		"ERL_EPMD_PORT=$_WVS_EPMD_PORT" \
		"ERL_EPMD_ADDRESS=127.0.0.1" \
		"RABBITMQ_MNESIA_BASE=$d/mnesia" \
		"RABBITMQ_LOG_BASE=$d/log" \
		"RABBITMQ_LOGS=$d/log/rabbit.log" \
		"RABBITMQ_CONFIG_FILE=$d/rabbitmq.conf" \
		"RABBITMQ_ADVANCED_CONFIG_FILE=$d/advanced.config" \
		"RABBITMQ_CONF_ENV_FILE=$d/rabbitmq-env.conf" \
		"RABBITMQ_ENABLED_PLUGINS_FILE=$d/enabled_plugins" \
		"RABBITMQ_PLUGINS_EXPAND_DIR=$d/plugins-expand" \
		"RABBITMQ_PID_FILE=$d/rabbit.pid" \
		"RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}" \
		"RABBITMQ_CTL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}"
}

_wvs_rmqctl() {
	local -a envs
	mapfile -t envs < <(_wvs_rmq_env)
	env "${envs[@]}" "$_WVS_RMQ_SBIN/rabbitmqctl" -n "$_WVS_RMQ_NODE" "$@"
}

_wvs_epmd_bin() {
	local e
	e=$(command -v epmd 2>/dev/null || true)
	if [ -z "$e" ]; then
		for e in /usr/lib/erlang/erts-*/bin/epmd /usr/lib/erlang/bin/epmd; do
			[ -x "$e" ] && break
		done
	fi
	[ -x "$e" ] && echo "$e"
}

_wvs_write_state() {
	{
		printf '_WVS_DIR=%q\n' "$_WVS_DIR"
		printf '_WVS_PG_DATA=%q\n' "${_WVS_PG_DATA:-}"
		printf '_WVS_RMQ_DIR=%q\n' "${_WVS_RMQ_DIR:-}"
		printf '_WVS_RMQ_NODE=%q\n' "${_WVS_RMQ_NODE:-}"
		printf '_WVS_AMQP_PORT=%q\n' "${_WVS_AMQP_PORT:-}"
		printf '_WVS_DIST_PORT=%q\n' "${_WVS_DIST_PORT:-}"
		printf '_WVS_CTL_PORT_MIN=%q\n' "${_WVS_CTL_PORT_MIN:-}"
		printf '_WVS_EPMD_PORT=%q\n' "${_WVS_EPMD_PORT:-}"
		printf '_WVS_EPMD_PID=%q\n' "${_WVS_EPMD_PID:-}"
		printf '_WVS_RMQ_LAUNCH_PID=%q\n' "${_WVS_RMQ_LAUNCH_PID:-}"
	} >"$_WVS_DIR/$_WVS_STATE_FILE_NAME" 2>/dev/null || true
}

_wvs_pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# _wvs_wait_gone <pid> <seconds>
_wvs_wait_gone() {
	local pid=$1 n=$(($2 * 10))
	while [ "$n" -gt 0 ] && _wvs_pid_alive "$pid"; do
		sleep 0.1
		n=$((n - 1))
	done
	! _wvs_pid_alive "$pid"
}

_wvs_start_postgres() {
	local bindir port
	bindir=$(_wvs_pg_bindir)
	port=$(_wvs_pick_port) || return 1
	local pgdir=$_WVS_DIR/postgres
	_WVS_PG_DATA=$pgdir/data
	mkdir -p "$pgdir/data" "$pgdir/socket"
	local reuse=0 durable=off prev
	if [ "${_WVS_KEEP:-0}" = 1 ]; then
		durable=on
		if [ -s "$pgdir/data/PG_VERSION" ] && [ -f "$pgdir/data/postgresql.conf" ]; then
			reuse=1
			prev=$(sed -n 's/^port = \([0-9][0-9]*\)$/\1/p' "$pgdir/data/postgresql.conf" | tail -n 1)
			if [ -n "$prev" ] && _wvs_port_free "$prev"; then
				port=$prev
			fi
		fi
	fi
	printf 'postgres\n' >"$pgdir/pwfile"
	if [ "$(id -u)" = 0 ]; then
		# postgres must be able to reach its folder inside <dir>
		chmod a+x "$_WVS_DIR"
		chown -R postgres: "$pgdir"
		if ! runuser -u postgres -- test -w "$pgdir/data" 2>/dev/null; then
			_wvs_log "user postgres cannot reach $pgdir (is a parent folder private?)"
			return 1
		fi
	fi
	chmod 700 "$pgdir/data"
	_wvs_write_state

	if [ "$reuse" = 1 ]; then
		# an earlier --keep start's cluster: only the port may change
		_wvs_log "reusing the PostgreSQL cluster in $_WVS_PG_DATA"
		sed -i "s/^port = [0-9][0-9]*\$/port = $port/" "$_WVS_PG_DATA/postgresql.conf"
	else
		if ! _wvs_as_pg "$bindir/initdb" -D "$_WVS_PG_DATA" -U postgres --pwfile="$pgdir/pwfile" \
			--auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --no-locale \
			>"$pgdir/initdb.log" 2>&1; then
			_wvs_log "initdb failed"
			_wvs_tail_log "$pgdir/initdb.log"
			return 1
		fi
		cat >>"$_WVS_PG_DATA/postgresql.conf" <<-EOF

			# private test instance (scripts/test-servers.sh)
			listen_addresses = '127.0.0.1'
			port = $port
			unix_socket_directories = '$pgdir/socket'
			max_connections = 300
			fsync = $durable
			synchronous_commit = $durable
			full_page_writes = $durable
			logging_collector = off
		EOF
	fi

	local timeout=${WVS_SERVERS_TIMEOUT:-180}
	if ! _wvs_as_pg "$bindir/pg_ctl" -D "$_WVS_PG_DATA" -l "$pgdir/postgres.log" \
		-w -t "$timeout" start >"$pgdir/pg_ctl.log" 2>&1; then
		_wvs_log "PostgreSQL did not start within ${timeout}s on 127.0.0.1:$port"
		_wvs_tail_log "$pgdir/pg_ctl.log" "$pgdir/postgres.log"
		return 1
	fi
	local n=$((timeout * 5))
	until "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2; do
		n=$((n - 1))
		if [ "$n" -le 0 ]; then
			_wvs_log "PostgreSQL does not accept TCP connections on 127.0.0.1:$port"
			_wvs_tail_log "$pgdir/postgres.log"
			return 1
		fi
		sleep 0.2
	done
	WVS_SERVERS_PG_PORT=$port
	export WVS_SERVERS_PG_PORT
	export WVS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres;Database=postgres"
	_wvs_log "PostgreSQL ready on 127.0.0.1:$port (data $_WVS_PG_DATA)"
}

_wvs_start_rabbitmq() {
	_WVS_RMQ_DIR=$_WVS_DIR/rabbitmq
	_WVS_RMQ_NODE="wvs-$$-${RANDOM}@localhost"
	local d=$_WVS_RMQ_DIR
	mkdir -p "$d/home" "$d/mnesia" "$d/log" "$d/plugins-expand"
	# pid files of an earlier run in a kept folder would be read as this run's
	rm -f "$d/epmd.pid" "$d/launch.pid" "$d/rabbit.pid"
	if [ "${_WVS_KEEP:-0}" = 1 ]; then
		# the node's data (mnesia/<node>) is found again by its name
		if [ -s "$d/node-name" ]; then
			_WVS_RMQ_NODE=$(cat "$d/node-name")
		else
			printf '%s\n' "$_WVS_RMQ_NODE" >"$d/node-name"
		fi
	fi
	chmod 700 "$d/home"
	# private Erlang cookie (HOME is private too, for the server and the CLI)
	if [ ! -s "$d/home/.erlang.cookie" ]; then
		(umask 077 && printf 'WVS%s%s%s' "$$" "$RANDOM$RANDOM" "$(date +%s%N)" | tr -dc 'A-Za-z0-9' >"$d/home/.erlang.cookie")
		chmod 400 "$d/home/.erlang.cookie"
	fi

	# ports: AMQP, distribution, epmd, and 10 ports for the CLI tools' own nodes
	local ctl_base
	_WVS_AMQP_PORT=$(_wvs_pick_port "${WVS_SERVERS_PG_PORT:-}") || return 1
	_WVS_DIST_PORT=$(_wvs_pick_port "${WVS_SERVERS_PG_PORT:-}" "$_WVS_AMQP_PORT") || return 1
	_WVS_EPMD_PORT=$(_wvs_pick_port "${WVS_SERVERS_PG_PORT:-}" "$_WVS_AMQP_PORT" "$_WVS_DIST_PORT") || return 1
	ctl_base=$(_wvs_pick_port "${WVS_SERVERS_PG_PORT:-}" "$_WVS_AMQP_PORT" "$_WVS_DIST_PORT" "$_WVS_EPMD_PORT") || return 1
	_WVS_CTL_PORT_MIN=$ctl_base

	printf '[].\n' >"$d/enabled_plugins"
	: >"$d/rabbitmq-env.conf"
	cat >"$d/rabbitmq.conf" <<-EOF
		# private node (scripts/test-servers.sh); listeners come from the environment
		loopback_users.guest = true
		disk_free_limit.absolute = 50MB
		log.console = false
		log.file.level = info
	EOF
	_wvs_write_state

	local epmd
	epmd=$(_wvs_epmd_bin) || { _wvs_log "epmd not found (is erlang-base installed?)"; return 1; }

	# A private epmd on its own port, so a system epmd is never used or started.
	# shellcheck disable=SC2016 # $$ and $@ belong to the inner bash
	setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$d/epmd.pid" \
		"$epmd" -port "$_WVS_EPMD_PORT" -address 127.0.0.1 \
		</dev/null >"$d/log/epmd.log" 2>&1 &
	local n=50
	while [ ! -s "$d/epmd.pid" ] && [ "$n" -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
	_WVS_EPMD_PID=$(cat "$d/epmd.pid" 2>/dev/null || true)
	_wvs_write_state
	n=100
	until ! _wvs_port_free "$_WVS_EPMD_PORT"; do
		n=$((n - 1))
		if [ "$n" -le 0 ] || ! _wvs_pid_alive "$_WVS_EPMD_PID"; then
			_wvs_log "private epmd did not start on 127.0.0.1:$_WVS_EPMD_PORT"
			_wvs_tail_log "$d/log/epmd.log"
			return 1
		fi
		sleep 0.1
	done

	local -a envs
	mapfile -t envs < <(_wvs_rmq_env)
	# shellcheck disable=SC2016
	setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$d/launch.pid" \
		env "${envs[@]}" "$_WVS_RMQ_SBIN/rabbitmq-server" \
		</dev/null >"$d/log/server.out" 2>&1 &
	n=50
	while [ ! -s "$d/launch.pid" ] && [ "$n" -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
	_WVS_RMQ_LAUNCH_PID=$(cat "$d/launch.pid" 2>/dev/null || true)
	_wvs_write_state

	local timeout=${WVS_SERVERS_TIMEOUT:-180}
	local deadline=$((SECONDS + timeout))
	# 1. wait for the AMQP port to listen
	until ! _wvs_port_free "$_WVS_AMQP_PORT"; do
		if [ "$SECONDS" -ge "$deadline" ] || ! _wvs_pid_alive "$_WVS_RMQ_LAUNCH_PID"; then
			_wvs_log "RabbitMQ did not open 127.0.0.1:$_WVS_AMQP_PORT within ${timeout}s (or exited)"
			_wvs_tail_log "$d/log/server.out" "$d/log/rabbit.log"
			return 1
		fi
		sleep 0.5
	done
	# 2. and for the boot to complete
	local left=$((deadline - SECONDS))
	[ "$left" -gt 5 ] || left=5
	if ! _wvs_rmqctl --timeout "$left" await_startup >"$d/log/await_startup.log" 2>&1; then
		_wvs_log "RabbitMQ node $_WVS_RMQ_NODE did not finish booting"
		_wvs_tail_log "$d/log/await_startup.log" "$d/log/server.out" "$d/log/rabbit.log"
		return 1
	fi
	WVS_SERVERS_AMQP_PORT=$_WVS_AMQP_PORT
	export WVS_SERVERS_AMQP_PORT
	export WVS_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$_WVS_AMQP_PORT/"
	_wvs_log "RabbitMQ ready on 127.0.0.1:$_WVS_AMQP_PORT (node $_WVS_RMQ_NODE, epmd port $_WVS_EPMD_PORT)"
}

wvs_servers_start() {
	_WVS_KEEP=0
	if [ $# -eq 2 ] && [ "$1" = --keep ]; then
		_WVS_KEEP=1
		shift
	fi
	if [ $# -ne 1 ] || [ -z "$1" ]; then
		_wvs_log "usage: wvs_servers_start [--keep] <dir>"
		return 2
	fi
	mkdir -p "$1" || return 1
	_WVS_DIR=$(cd "$1" && pwd) || return 1
	_WVS_PG_DATA='' _WVS_RMQ_DIR='' _WVS_RMQ_NODE='' _WVS_EPMD_PID='' _WVS_RMQ_LAUNCH_PID=''
	local t0=$SECONDS
	_wvs_ensure_packages || return 1
	local t1=$SECONDS
	if ! _wvs_start_postgres; then
		wvs_servers_stop
		return 1
	fi
	local t2=$SECONDS
	if ! _wvs_start_rabbitmq; then
		wvs_servers_stop
		return 1
	fi
	_wvs_log "servers up in $((SECONDS - t0))s (packages $((t1 - t0))s, PostgreSQL $((t2 - t1))s, RabbitMQ $((SECONDS - t2))s)"
}

_wvs_stop_postgres() {
	[ -n "${_WVS_PG_DATA:-}" ] || return 0
	[ -f "$_WVS_PG_DATA/postmaster.pid" ] || return 0
	local bindir pid
	bindir=$(_wvs_pg_bindir)
	pid=$(head -n 1 "$_WVS_PG_DATA/postmaster.pid" 2>/dev/null || true)
	_wvs_as_pg "$bindir/pg_ctl" -D "$_WVS_PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 || true
	if _wvs_pid_alive "$pid" && ! _wvs_wait_gone "$pid" 5; then
		kill -9 "$pid" 2>/dev/null || true
	fi
}

_wvs_stop_rabbitmq() {
	[ -n "${_WVS_RMQ_DIR:-}" ] || return 0
	local vm_pid launch=${_WVS_RMQ_LAUNCH_PID:-}
	vm_pid=$(cat "$_WVS_RMQ_DIR/rabbit.pid" 2>/dev/null || true)
	if _wvs_pid_alive "$vm_pid" || _wvs_pid_alive "$launch"; then
		if [ -n "${_WVS_RMQ_NODE:-}" ] && _wvs_pid_alive "${_WVS_EPMD_PID:-}"; then
			local -a envs
			mapfile -t envs < <(_wvs_rmq_env)
			timeout 90 env "${envs[@]}" "$_WVS_RMQ_SBIN/rabbitmqctl" -n "$_WVS_RMQ_NODE" \
				--timeout 60 shutdown >/dev/null 2>&1 || true
		fi
		local p
		for p in $vm_pid $launch; do
			if _wvs_pid_alive "$p" && ! _wvs_wait_gone "$p" 10; then
				kill -TERM "$p" 2>/dev/null || true
				_wvs_wait_gone "$p" 10 || kill -9 "$p" 2>/dev/null || true
			fi
		done
	fi
	if _wvs_pid_alive "${_WVS_EPMD_PID:-}"; then
		kill -TERM "$_WVS_EPMD_PID" 2>/dev/null || true
		_wvs_wait_gone "$_WVS_EPMD_PID" 5 || kill -9 "$_WVS_EPMD_PID" 2>/dev/null || true
	fi
}

# shellcheck disable=SC2120 # the <dir> argument is for other scripts
wvs_servers_stop() {
	# never fail, never trip `set -e` in the caller
	{
		if [ $# -ge 1 ] && [ -n "$1" ] && [ -f "$1/$_WVS_STATE_FILE_NAME" ]; then
			# shellcheck disable=SC1090
			. "$1/$_WVS_STATE_FILE_NAME" || true
		fi
		_wvs_stop_rabbitmq || true
		_wvs_stop_postgres || true
		_WVS_PG_DATA='' _WVS_RMQ_DIR='' _WVS_EPMD_PID='' _WVS_RMQ_LAUNCH_PID=''
	} 2>/dev/null
	return 0
}
