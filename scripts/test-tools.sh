#!/usr/bin/env bash
#
# scripts/test-tools.sh — make sure the programs the tests drive, beyond PostgreSQL and RabbitMQ, are on
# this machine:
#   chromium         tests/Browser.Tests (Playwright drives Debian's /usr/bin/chromium; no browser download)
#   docker-compose   tests/Deploy.Tests: `docker-compose config -q` checks docker-compose.yml (Debian's 1.29)
#   kubectl          tests/Deploy.Tests: `kubectl kustomize deploy/k8s` (Debian's kubernetes-client)
#   curl, git        the runner's jobs in the end-to-end tests
# Each is installed with apt-get (scripts/test-servers.sh's installer) if, and only if, its command is missing;
# none needs a Docker engine or a cluster.
#
#   scripts/test-tools.sh        # ./test.sh runs it before `dotnet test`
#
# Exit 0 when every command is there afterwards; otherwise 1, with what is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/test-servers.sh
. scripts/test-servers.sh

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v git >/dev/null 2>&1 || missing+=(git)
_wvs_apt_install "${missing[@]}" || true

rc=0
for tool in /usr/bin/chromium docker-compose kubectl curl git; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		_wvs_log "$tool is still missing"
		rc=1
	fi
done
exit "$rc"
