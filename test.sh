#!/usr/bin/env bash
# test.sh — build the solution and run every test project.
#
#   ./test.sh                      # everything
#   ./test.sh --filter Category=X  # extra arguments go to `dotnet test`
#
# Servers for the integration tests, first match wins:
#   1. WVS_TEST_POSTGRES and WVS_TEST_RABBITMQ already set: used as they are.
#   2. a Docker engine answers: WVS_TEST_TESTCONTAINERS=1, the fixtures start containers.
#   3. otherwise private PostgreSQL 15 + RabbitMQ on 127.0.0.1 (scripts/test-servers.sh),
#      installed with apt-get if missing, stopped and removed when this script exits.
#
# The last line printed is "N passed, N failed, N skipped", summed over all projects.
# Exit 0 only if the build succeeded, `dotnet test` exited 0, nothing failed and
# at least one test passed.
#
# Environment: WVS_TEST_SKIP_FORMAT=1 skips the `dotnet format` check; WVS_TEST_RESULTS_DIR keeps the .trx files there (default: a temp
# folder that is removed); WVS_TEST_HANG_TIMEOUT (default 15m) kills a test host
# whose current test runs longer than that ("0" or "off" disables).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

export MASSTRANSIT_USAGE_TELEMETRY=false DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Inside the test command an integration test never skips for want of a server: it fails.
export WVS_TEST_REQUIRE_SERVERS=1

say() { printf 'test.sh: %s\n' "$*" >&2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/wvs-test.XXXXXX")
servers_dir=''
# shellcheck disable=SC2317,SC2119 # called by the EXIT trap
cleanup() {
	if [ -n "$servers_dir" ]; then
		wvs_servers_stop || true
		rm -rf "$servers_dir" || true
	fi
	rm -rf "$work" || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ---- build (before starting any server: a broken build fails fast) ----------
say "dotnet build WvsMesh.sln -c Release -warnaserror"
if ! dotnet build WvsMesh.sln -c Release -warnaserror; then
	say "build failed"
	exit 1
fi

# ---- style (STYLE.md #15): .editorconfig holds for every file -------------------
if [ "${WVS_TEST_SKIP_FORMAT:-}" != 1 ]; then
	say "dotnet format WvsMesh.sln --verify-no-changes"
	if ! dotnet format WvsMesh.sln --verify-no-changes --no-restore; then
		say "formatting differs from .editorconfig: run 'dotnet format WvsMesh.sln'"
		exit 1
	fi
fi

# ---- servers ----------------------------------------------------------------
if [ -n "${WVS_TEST_POSTGRES:-}" ] && [ -n "${WVS_TEST_RABBITMQ:-}" ]; then
	say "using the given WVS_TEST_POSTGRES and WVS_TEST_RABBITMQ"
elif command -v docker >/dev/null 2>&1 && timeout 5 docker info >/dev/null 2>&1; then
	say "a Docker engine answers: the test fixtures start containers"
	export WVS_TEST_TESTCONTAINERS=1
else
	# shellcheck source=scripts/test-servers.sh
	. scripts/test-servers.sh
	# a folder of its own: as root, the postgres user must be able to reach it
	servers_dir=$(mktemp -d "${TMPDIR:-/tmp}/wvs-servers.XXXXXX")
	if ! wvs_servers_start "$servers_dir"; then
		say "could not start PostgreSQL/RabbitMQ for the tests"
		exit 1
	fi
	export WVS_TEST_POSTGRES WVS_TEST_RABBITMQ
fi

# ---- tools the tests drive: chromium, docker-compose, kubectl, curl, git ------------
# Installed with apt-get when missing, whichever way the servers came; without them the tests that need
# them fail (never skip) saying what to install.
if ! bash scripts/test-tools.sh; then
	say "some test tools are missing (see above): the tests that need them will fail"
fi

# ---- tests ------------------------------------------------------------------
results=${WVS_TEST_RESULTS_DIR:-$work/results}
mkdir -p "$results"
results=$(cd "$results" && pwd)
if [ -n "${WVS_TEST_RESULTS_DIR:-}" ]; then
	# only this run's files are counted
	find "$results" -name '*.trx' -delete 2>/dev/null || true
fi

hang=()
case "${WVS_TEST_HANG_TIMEOUT:-15m}" in
0 | off | none | '') ;;
*) hang=(--blame-hang-timeout "${WVS_TEST_HANG_TIMEOUT:-15m}" --blame-hang-dump-type none) ;;
esac

test_rc=0
say "dotnet test WvsMesh.sln -c Release --no-build --logger trx --results-directory $results ${hang[*]} $*"
dotnet test WvsMesh.sln -c Release --no-build --logger trx --results-directory "$results" \
	"${hang[@]}" "$@" || test_rc=$?

# ---- summary ----------------------------------------------------------------
# Per .trx: passed = Counters/@passed; failed = Counters/@failed + error + timeout
# + aborted (or 1 if that is 0 but the run's outcome is Failed/Aborted, e.g. a
# test host that crashed or was killed as hung); skipped = UnitTestResult
# elements with outcome NotExecuted (xunit's skipped tests; Counters/@notExecuted
# stays 0 for them).
summarize() {
	local dir=$1
	if command -v python3 >/dev/null 2>&1; then
		python3 - "$dir" <<-'PY'
			import sys, pathlib, xml.etree.ElementTree as ET
			ns = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
			passed = failed = skipped = 0
			for f in sorted(pathlib.Path(sys.argv[1]).rglob("*.trx")):
			    try:
			        root = ET.parse(f).getroot()
			    except ET.ParseError as e:
			        print(f"test.sh: unreadable {f}: {e}", file=sys.stderr)
			        failed += 1
			        continue
			    c = root.find(f"{ns}ResultSummary/{ns}Counters")
			    g = (lambda k: int(c.get(k, "0") or 0)) if c is not None else (lambda k: 0)
			    bad = g("failed") + g("error") + g("timeout") + g("aborted")
			    rs = root.find(f"{ns}ResultSummary")
			    outcome = rs.get("outcome", "") if rs is not None else ""
			    if bad == 0 and outcome in ("Failed", "Aborted", "Error", "Timeout"):
			        print(f"test.sh: {f.name}: run outcome {outcome} (aborted or crashed test host), counted as 1 failed",
			              file=sys.stderr)
			        bad = 1
			    passed += g("passed")
			    failed += bad
			    skipped += sum(1 for r in root.iterfind(f"{ns}Results/{ns}UnitTestResult")
			                   if r.get("outcome") == "NotExecuted")
			print(passed, failed, skipped)
		PY
	else
		local f p=0 x=0 s=0 counters a v bad outcome
		while IFS= read -r -d '' f; do
			counters=$(grep -o '<Counters [^>]*>' "$f" | head -n 1 || true)
			bad=0
			for a in passed failed error timeout aborted; do
				v=$(printf '%s' "$counters" | sed -n "s/.* $a=\"\([0-9]*\)\".*/\1/p")
				v=${v:-0}
				if [ "$a" = passed ]; then p=$((p + v)); else bad=$((bad + v)); fi
			done
			outcome=$(grep -o '<ResultSummary [^>]*outcome="[A-Za-z]*"' "$f" | head -n 1 | sed 's/.*outcome="\([A-Za-z]*\)"/\1/' || true)
			case "$bad:$outcome" in
			0:Failed | 0:Aborted | 0:Error | 0:Timeout)
				echo "test.sh: ${f##*/}: run outcome $outcome (aborted or crashed test host), counted as 1 failed" >&2
				bad=1
				;;
			esac
			x=$((x + bad))
			v=$(grep -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$f" | wc -l || true)
			s=$((s + v))
		done < <(find "$dir" -name '*.trx' -print0)
		echo "$p $x $s"
	fi
}

passed=0 failed=0 skipped=0
read -r passed failed skipped < <(summarize "$results") || true
: "${passed:=0}" "${failed:=0}" "${skipped:=0}"
ntrx=$(find "$results" -name '*.trx' | wc -l)

rc=0
if [ "$test_rc" != 0 ]; then
	say "dotnet test exited $test_rc"
	rc=1
fi
if [ "$ntrx" = 0 ]; then
	say "no .trx result files in $results"
	rc=1
fi
if [ "$failed" != 0 ]; then rc=1; fi
if [ "$passed" = 0 ]; then
	say "no test passed"
	rc=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$rc"
