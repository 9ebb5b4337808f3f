#!/usr/bin/env bash
# run-distributed.sh — run WvsMesh distributed on this machine, with one command.
#
#   ./run-distributed.sh              # build, start everything, wait for Ctrl-C
#   ./run-distributed.sh --no-build   # use the existing Release build
#   ./run-distributed.sh --port 9090  # gateway port (default $WVS_PORT, else 8080)
#
# Starts, all on 127.0.0.1:
#   - PostgreSQL 15 and RabbitMQ, private instances started as the test command starts
#     them (scripts/test-servers.sh; Debian's packages are installed when missing),
#     their data kept in the data folder, so a second run finds its databases again;
#   - the hosts, each its own process from the Release build: Tokens :5101, two
#     Pipelines replicas :5102 and :5112 (one database, one queue: competing consumers,
#     the gateway balances over both and routes around one that is down), Webhooks
#     :5103 and the Gateway (:8080);
#   - a runner (services/Runner/Runner), registered through the API once and kept.
# Prints the URL and a curl example, then waits. Ctrl-C (SIGINT, SIGTERM) stops
# everything it started and exits 0. A host that exits, or is not ready within 90 s,
# gets the tail of its log printed and stops everything: exit 1. A Pipelines replica
# that exits while the other one runs is reported and the rest keeps running.
#
# Environment:
#   WVS_DATA_DIR     data folder (default ./data-distributed): postgres/, rabbitmq/, one
#                    folder per host, logs/<name>.log, the encryption key, root's and the runner's tokens
#   WVS_ROOT_TOKEN   personal access token of the admin `root`, created on the first start
#                    of a data folder (default: a random one, kept in <data>/root-token and
#                    printed; the hosts refuse change-me placeholders outside the embedded mode)
#   WVS_PORT         gateway port (default 8080)
#   WVS_PORT_BASE    the services' ports: Tokens base+1, Pipelines base+2 and base+12, Webhooks
#                    base+3 (default 5100)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

say() { printf 'run-distributed: %s\n' "$*" >&2; }

usage() {
	sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'
}

build=1
gateway_port=${WVS_PORT:-8080}
port_base=${WVS_PORT_BASE:-5100}
while [ $# -gt 0 ]; do
	case $1 in
	--no-build) build=0 ;;
	--port)
		if [ $# -lt 2 ]; then
			say "--port needs a value"
			exit 2
		fi
		gateway_port=$2
		shift
		;;
	--port=*) gateway_port=${1#--port=} ;;
	-h | --help)
		usage
		exit 0
		;;
	*)
		say "unknown argument: $1 (see --help)"
		exit 2
		;;
	esac
	shift
done
# in_range <what> <value> <low> <high>: exit 2 unless value is a whole number in [low, high]
in_range() {
	case $2 in
	'' | *[!0-9]*) ;;
	*) if [ "$2" -ge "$3" ] && [ "$2" -le "$4" ]; then return 0; fi ;;
	esac
	say "$1 must be a number from $3 to $4: $2"
	exit 2
}
in_range "the gateway port" "$gateway_port" 1 65535
in_range "WVS_PORT_BASE (its services use base+1 to base+12)" "$port_base" 1 65520

export MASSTRANSIT_USAGE_TELEMETRY=false DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
url="http://127.0.0.1:$gateway_port"
ready_timeout=90

# name → port of each host; the order is the start order
host_names=(tokens pipelines-1 webhooks gateway pipelines-2)
declare -A host_port=(
	[tokens]=$((port_base + 1)) [pipelines-1]=$((port_base + 2)) [pipelines-2]=$((port_base + 12))
	[webhooks]=$((port_base + 3)) [gateway]=$gateway_port
)
declare -A host_dll=(
	[tokens]=services/Tokens/Tokens.Host/bin/Release/net10.0/WvsMesh.Tokens.Host.dll
	[pipelines-1]=services/Pipelines/Pipelines.Host/bin/Release/net10.0/WvsMesh.Pipelines.Host.dll
	[pipelines-2]=services/Pipelines/Pipelines.Host/bin/Release/net10.0/WvsMesh.Pipelines.Host.dll
	[webhooks]=services/Webhooks/Webhooks.Host/bin/Release/net10.0/WvsMesh.Webhooks.Host.dll
	[gateway]=services/Gateway/Gateway.Host/bin/Release/net10.0/WvsMesh.Gateway.Host.dll
	[runner]=services/Runner/Runner/bin/Release/net10.0/WvsMesh.Runner.dll
)

port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

for name in "${host_names[@]}"; do
	if [ "$name" != gateway ] && [ "${host_port[$name]}" = "$gateway_port" ]; then
		say "port $gateway_port is the port of $name; choose another with --port"
		exit 2
	fi
	if port_in_use "${host_port[$name]}"; then
		say "127.0.0.1:${host_port[$name]} ($name) is already in use"
		exit 1
	fi
done

# ---- data folder (one run at a time) -----------------------------------------
data=${WVS_DATA_DIR:-./data-distributed}
mkdir -p "$data"
data=$(cd "$data" && pwd)
exec 9>"$data/.lock"
if ! flock -n 9; then
	say "another ./run-distributed.sh uses $data"
	exit 1
fi
[ -e "$data/.gitignore" ] || printf '*\n' >"$data/.gitignore"
mkdir -p "$data/logs"

# ---- build -------------------------------------------------------------------
if [ "$build" = 1 ]; then
	say "dotnet build WvsMesh.sln -c Release"
	if ! dotnet build WvsMesh.sln -c Release -v quiet -nologo 9>&-; then
		say "build failed"
		exit 1
	fi
fi
for name in "${!host_dll[@]}"; do
	if [ ! -f "${host_dll[$name]}" ]; then
		say "${host_dll[$name]} is missing: build first (dotnet build WvsMesh.sln -c Release) or drop --no-build"
		exit 1
	fi
done

# ---- stopping ----------------------------------------------------------------
declare -A pid_of=()
servers_started=0
stopped=0
running=0

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# stop_group <seconds> <signal> <name...>: signal each, wait for them, then KILL what is left
# of their process groups (each was started with setsid: its PID is its group's id).
stop_group() {
	local seconds=$1 signal=$2 name pid deadline any
	shift 2
	for name in "$@"; do
		pid=${pid_of[$name]:-}
		if alive "$pid"; then kill "-$signal" "$pid" 2>/dev/null || true; fi
	done
	deadline=$((SECONDS + seconds))
	while [ "$SECONDS" -lt "$deadline" ]; do
		any=0
		for name in "$@"; do
			if alive "${pid_of[$name]:-}"; then any=1; fi
		done
		[ "$any" = 1 ] || break
		sleep 0.2
	done
	for name in "$@"; do
		pid=${pid_of[$name]:-}
		[ -n "$pid" ] || continue
		if alive "$pid"; then
			say "$name (pid $pid) did not stop within ${seconds}s: killing it"
		fi
		# the process and whatever it left in its group (git, job scripts)
		kill -KILL -- "-$pid" 2>/dev/null || true
		unset "pid_of[$name]"
	done
}

# shellcheck disable=SC2317,SC2119 # called by traps
stop_all() {
	[ "$stopped" = 0 ] || return 0
	stopped=1
	trap '' INT TERM HUP
	if [ "${#pid_of[@]}" -gt 0 ]; then
		say "stopping"
		# the runner first, so running jobs are reported, then the gateway, then the services.
		# SIGTERM: a background job of a script starts with SIGINT ignored, and .NET keeps it so.
		stop_group 30 TERM runner
		stop_group 20 TERM gateway
		stop_group 20 TERM pipelines-1 pipelines-2 webhooks tokens
	fi
	if [ "$servers_started" = 1 ]; then
		wvs_servers_stop
	fi
	rm -f "$data/pids"
}

# shellcheck disable=SC2317 # called by traps
on_signal() {
	stop_all
	say "stopped"
	# once everything ran, Ctrl-C is the way to end it: success
	if [ "$running" = 1 ]; then exit 0; fi
	exit "${1:-1}"
}

trap stop_all EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP

# fail <name> <why>: the tail of the host's log, then stop everything and exit 1.
fail() {
	local name=$1 log=$data/logs/$1.log
	say "$name: $2"
	if [ -f "$log" ]; then
		say "---- last lines of $log ----"
		tail -n 60 "$log" >&2 || true
		say "---- end of $log ----"
	fi
	stop_all
	exit 1
}

# ---- PostgreSQL + RabbitMQ -----------------------------------------------------
# shellcheck source=scripts/test-servers.sh
. scripts/test-servers.sh
servers_started=1
if ! wvs_servers_start --keep "$data" 9>&-; then
	servers_started=0
	say "could not start PostgreSQL/RabbitMQ"
	exit 1
fi

psql_bin="$(_wvs_pg_bindir)/psql"
pg_port=$WVS_SERVERS_PG_PORT
for db in wvs_tokens wvs_pipelines wvs_webhooks; do
	if ! exists=$(PGPASSWORD=postgres "$psql_bin" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -tAq \
		-c "SELECT 1 FROM pg_database WHERE datname = '$db'"); then
		say "cannot query PostgreSQL on 127.0.0.1:$pg_port"
		exit 1
	fi
	if [ "$exists" != 1 ]; then
		if ! PGPASSWORD=postgres "$psql_bin" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -q \
			-v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" >/dev/null; then
			say "cannot create database $db"
			exit 1
		fi
		say "created database $db"
	fi
done
pg() { printf 'Host=127.0.0.1;Port=%s;Username=postgres;Password=postgres;Database=%s' "$pg_port" "$1"; }

# ---- keys ----------------------------------------------------------------------
if [ ! -s "$data/encryption.key" ]; then
	(umask 077 && head -c 32 /dev/urandom | base64 >"$data/encryption.key")
fi
chmod 600 "$data/encryption.key"
encryption_key=$(cat "$data/encryption.key")
identity_key=$(head -c 32 /dev/urandom | base64)
if [ -n "${WVS_ROOT_TOKEN:-}" ]; then
	root_token=$WVS_ROOT_TOKEN
else
	if [ ! -s "$data/root-token" ]; then
		(umask 077 && printf 'wvspat-%s\n' "$(head -c 24 /dev/urandom | base64 | tr -d '/+=')" >"$data/root-token")
	fi
	root_token=$(cat "$data/root-token")
fi

# ---- hosts -----------------------------------------------------------------------
declare -A started_at=()

# start <name> [NAME=value...]: the host's dll in its own session, from its build folder
# (appsettings.json), its output to <data>/logs/<name>.log (the previous run's to .log.1).
start() {
	local name=$1 dll dir log
	shift
	dll=$(pwd)/${host_dll[$name]}
	dir=$(dirname "$dll")
	log=$data/logs/$name.log
	if [ -f "$log" ]; then mv -f "$log" "$log.1"; fi
	# one fork: env execs setsid, which (not a group leader) execs dotnet, so $! is the host
	env -C "$dir" "$@" setsid dotnet "$dll" </dev/null >"$log" 2>&1 9>&- &
	pid_of[$name]=$!
	started_at[$name]=$SECONDS
	printf '%s %s%s\n' "$name" "${pid_of[$name]}" "${host_port[$name]:+ ${host_port[$name]}}" >>"$data/pids"
}

# start_host <name> [NAME=value...]: a host with the settings every host shares
start_host() {
	local name=$1
	shift
	mkdir -p "$data/$name"
	start "$name" \
		"ASPNETCORE_URLS=http://127.0.0.1:${host_port[$name]}" \
		"WVS_DATA_DIR=$data/$name" \
		"RabbitMq__Host=$WVS_TEST_RABBITMQ" \
		"WVS_IDENTITY_KEY=$identity_key" \
		"WVS_EXTERNAL_URL=$url" \
		"MASSTRANSIT_USAGE_TELEMETRY=false" \
		"Logging__LogLevel__Npgsql=Warning" \
		"$@"
}

wait_ready() {
	local name=$1 pid=${pid_of[$1]} port=${host_port[$1]}
	local deadline=$((started_at[$1] + ready_timeout)) code
	until curl -fsS -o /dev/null -m 5 "http://127.0.0.1:$port/readyz" 2>/dev/null; do
		if ! alive "$pid"; then
			code=0
			wait "$pid" 2>/dev/null || code=$?
			fail "$name" "exited (status $code) before it was ready"
		fi
		if [ "$SECONDS" -ge "$deadline" ]; then
			fail "$name" "not ready within ${ready_timeout}s (http://127.0.0.1:$port/readyz)"
		fi
		sleep 0.5
	done
	say "$name ready on 127.0.0.1:$port (pid $pid)"
}

: >"$data/pids"
# Every Pipelines replica encrypts CI/CD variables with the same key, or one could not read what the other wrote.
pipelines_env=("ConnectionStrings__pipelines=$(pg wvs_pipelines)" "WVS_ENCRYPTION_KEY=$encryption_key")
start_host tokens \
	"ConnectionStrings__tokens=$(pg wvs_tokens)" \
	"WVS_ROOT_TOKEN=$root_token" \
	"WVS_ENCRYPTION_KEY=$encryption_key"
start_host pipelines-1 "${pipelines_env[@]}"
start_host webhooks \
	"ConnectionStrings__webhooks=$(pg wvs_webhooks)" \
	"WVS_ENCRYPTION_KEY=$encryption_key"
# YARP balances over a cluster's destinations; an active health check on /readyz takes a
# replica that is down out of the rotation within a few seconds.
cluster=ReverseProxy__Clusters
start_host gateway \
	"${cluster}__tokens__Destinations__primary__Address=http://127.0.0.1:${host_port[tokens]}" \
	"${cluster}__webhooks__Destinations__primary__Address=http://127.0.0.1:${host_port[webhooks]}" \
	"${cluster}__pipelines__Destinations__primary__Address=http://127.0.0.1:${host_port[pipelines-1]}" \
	"${cluster}__pipelines__Destinations__secondary__Address=http://127.0.0.1:${host_port[pipelines-2]}" \
	"${cluster}__pipelines__LoadBalancingPolicy=RoundRobin" \
	"${cluster}__pipelines__HealthCheck__Active__Enabled=true" \
	"${cluster}__pipelines__HealthCheck__Active__Interval=00:00:02" \
	"${cluster}__pipelines__HealthCheck__Active__Timeout=00:00:02" \
	"${cluster}__pipelines__HealthCheck__Active__Policy=ConsecutiveFailures" \
	"${cluster}__pipelines__HealthCheck__Active__Path=/readyz"
for name in tokens pipelines-1 webhooks gateway; do
	wait_ready "$name"
done
# the second replica once the first has migrated the shared database
start_host pipelines-2 "${pipelines_env[@]}"
wait_ready pipelines-2

# ---- runner ----------------------------------------------------------------------
runner_token_file=$data/runner.token
runner_token=''
if [ -s "$runner_token_file" ]; then
	code=$(curl -sS -o /dev/null -w '%{http_code}' -m 10 --form "token=<$runner_token_file" \
		"$url/api/v4/runners/verify" || true)
	if [ "$code" = 200 ]; then
		runner_token=$(cat "$runner_token_file")
	fi
fi
if [ -z "$runner_token" ]; then
	answer=$(curl -sS -m 30 -w '\n%{http_code}' --header "PRIVATE-TOKEN: $root_token" \
		--form runner_type=instance_type --form description=run-distributed \
		"$url/api/v4/user/runners" || true)
	code=${answer##*$'\n'}
	runner_token=$(printf '%s' "${answer%$'\n'*}" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
	if [ "$code" != 201 ] || [ -z "$runner_token" ]; then
		say "registering a runner failed (HTTP $code): ${answer%$'\n'*}"
		if [ "$code" = 401 ] || [ "$code" = 403 ]; then
			say "the root token was refused: root is created with WVS_ROOT_TOKEN on the first start of $data only"
		fi
		stop_all
		exit 1
	fi
	(umask 077 && printf '%s' "$runner_token" >"$runner_token_file")
	say "registered a runner (token kept in $runner_token_file)"
fi
mkdir -p "$data/runner-builds"
start runner \
	"WVS_RUNNER_URL=$url" \
	"WVS_RUNNER_TOKEN=$runner_token" \
	"WVS_RUNNER_BUILDS_DIR=$data/runner-builds"
sleep 2
if ! alive "${pid_of[runner]}"; then
	fail runner "exited"
fi
say "runner polling $url (pid ${pid_of[runner]})"

# ---- ready -----------------------------------------------------------------------
cat <<EOF

WvsMesh is running, distributed, at $url
  root token (PRIVATE-TOKEN): $root_token   (root is created with it on this data folder's first start)
  processes (name pid port):  $(tr '\n' ',' <"$data/pids" | sed -e 's/,$//' -e 's/,/, /g')
  PostgreSQL 127.0.0.1:$pg_port (postgres/postgres), RabbitMQ 127.0.0.1:$WVS_SERVERS_AMQP_PORT (guest/guest)
  data: $data
  logs: $data/logs/<name>.log

Try it:
  git init -q -b main /tmp/demo && cd /tmp/demo && mkdir .wvs \\
    && printf 'build:\\n  script: echo hello\\n' > .wvs/root-ci.yml \\
    && git add . && git -c user.name=me -c user.email=me@example.com commit -qm init && cd -
  curl --header "PRIVATE-TOKEN: $root_token" --form name=demo --form import_url=/tmp/demo \\
    "$url/api/v4/projects"
  curl --header "PRIVATE-TOKEN: $root_token" --form description=ci \\
    "$url/api/v4/projects/1/triggers"        # answer's "token" is wvsptt-…
  curl --request POST --form token=<token> --form ref=main \\
    "$url/api/v4/projects/1/trigger/pipeline"

Ctrl-C stops everything.
EOF

# ---- wait --------------------------------------------------------------------------
running=1
watched=(tokens pipelines-1 pipelines-2 webhooks gateway runner)
while :; do
	for name in "${watched[@]}"; do
		pid=${pid_of[$name]:-}
		[ -n "$pid" ] || continue
		alive "$pid" && continue
		code=0
		wait "$pid" 2>/dev/null || code=$?
		unset "pid_of[$name]"
		kill -KILL -- "-$pid" 2>/dev/null || true # what it left in its group
		case $name in
		pipelines-1) other=pipelines-2 ;;
		pipelines-2) other=pipelines-1 ;;
		*) other='' ;;
		esac
		if [ -n "$other" ] && alive "${pid_of[$other]:-}"; then
			say "$name (pid $pid) exited (status $code); $other (pid ${pid_of[$other]}) goes on alone"
			continue
		fi
		fail "$name" "exited (status $code)"
	done
	sleep 1 &
	wait $! || true
done
