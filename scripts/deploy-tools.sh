#!/usr/bin/env bash
#
# scripts/deploy-tools.sh — make sure the tools tests/Deploy.Tests runs are on this machine:
#   docker-compose   `docker-compose config -q` checks docker-compose.yml (Debian's docker-compose 1.29)
#   kubectl          `kubectl kustomize deploy/k8s` renders the Kubernetes base (Debian's kubernetes-client)
# Each is installed with apt-get if (and only if) its command is missing; neither needs a Docker engine or a cluster.
# `apt-get update` runs only when an install fails without it (a fresh machine has no package lists).
#
#   scripts/deploy-tools.sh        # ./test.sh runs it before `dotnet test`
#
# Exit 0 when both commands are there afterwards; otherwise 1, with what is missing.
set -euo pipefail

_wvs_log() { printf '[deploy-tools] %s\n' "$*" >&2; }

missing=()
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
if [ "${#missing[@]}" -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" != 0 ]; then
	_wvs_log "missing packages: ${missing[*]} (not root, cannot apt-get install them)"
	exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
	_wvs_log "missing packages: ${missing[*]} and no apt-get on this machine"
	exit 1
fi

install() {
	# docker-compose recommends docker.io (an engine we do not need): no recommends.
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q \
		--no-install-recommends "${missing[@]}" >&2
}

_wvs_log "installing ${missing[*]} with apt-get"
if ! install; then
	_wvs_log "apt-get install failed: updating the package lists and trying again"
	if ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -q >&2 || ! install; then
		_wvs_log "apt-get failed installing ${missing[*]}"
		exit 1
	fi
fi

rc=0
for tool in docker-compose kubectl; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		_wvs_log "$tool is still missing after installing ${missing[*]}"
		rc=1
	fi
done
exit "$rc"
