#!/usr/bin/env bash
# scripts/build-images.sh — build the container images of the six WvsMesh hosts with the .NET SDK's container support.
#
#   scripts/build-images.sh                          # into the local Docker engine: wvsmesh/<name>:dev
#   scripts/build-images.sh --tag 1.4.0              # wvsmesh/<name>:1.4.0
#   scripts/build-images.sh --archive out/images     # out/images/wvsmesh/<name>.tar.gz, no Docker engine needed
#   scripts/build-images.sh --registry registry.example.com   # push: registry.example.com/wvsmesh/<name>:dev
#
# Images: wvsmesh/gateway, wvsmesh/tokens, wvsmesh/webhooks (on mcr.microsoft.com/dotnet/aspnet:10.0),
# wvsmesh/pipelines and wvsmesh/allinone (on wvsmesh/pipelines-base:10.0: they run git) and wvsmesh/runner (on
# wvsmesh/runner-base:10.0: jobs use bash, git and curl). Web images listen on 8080; all run as app (uid 1654), with
# WVS_DATA_DIR=/var/lib/wvs. Settings: services/Directory.Build.props. Each image is one command, e.g.
#   dotnet publish services/Gateway/Gateway.Host -c Release -t:PublishContainer
#
# The two bases come from deploy/images/<name>-base/Dockerfile. The SDK pulls a base image from a registry only, never
# from the local Docker engine (dotnet/sdk-container-builds#583), so when a Docker engine answers this script builds
# both bases and pushes them to the base registry: localhost:5000 unless --base-registry says otherwise, where it
# starts a registry:2 container named wvsmesh-registry if nothing answers. Without a Docker engine it says how to
# provide them and goes on; pipelines, allinone and runner then need them already in the base registry.
#
# Options:
#   --tag T              image tag (default dev)
#   --archive DIR        write DIR/wvsmesh/<name>.tar.gz instead of loading into Docker: an OCI image layout in a tar
#                        (not gzip-compressed, despite the SDK's name) for `podman load -i`, `docker load -i` (Docker 25
#                        or later) or `skopeo copy oci-archive:FILE docker://…`
#   --registry R         push the images to registry R (credentials from `docker login R`)
#   --base-registry R    registry holding wvsmesh/pipelines-base:10.0 and wvsmesh/runner-base:10.0 (default
#                        localhost:5000); pushed to when Docker answers, pulled from by the SDK
#   --no-bases           do not build the bases: they are already in the base registry
#   -- ARGS              the rest goes to every `dotnet publish`, e.g. -- -p:RepositoryUrl=https://… (the source label)
#   -h, --help           this text
#
# Environment: DOTNET_CONTAINER_INSECURE_REGISTRIES — ';'-separated registries the SDK may use over plain HTTP
# (localhost:* already is); DOTNET_CONTAINER_REGISTRY_UNAME/_PWORD — registry credentials without `docker login`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'build-images: %s\n' "$*" >&2; }

usage() {
	sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'
}

# name → project; the order is the publish order
image_names=(gateway tokens webhooks pipelines allinone runner)
declare -A image_project=(
	[gateway]=services/Gateway/Gateway.Host
	[tokens]=services/Tokens/Tokens.Host
	[webhooks]=services/Webhooks/Webhooks.Host
	[pipelines]=services/Pipelines/Pipelines.Host
	[allinone]=services/AllInOne
	[runner]=services/Runner/Runner
)
base_names=(pipelines-base runner-base)
base_tag=10.0

tag=''
archive=''
registry=''
base_registry=localhost:5000
build_bases=1
need_value() {
	if [ "$2" -lt 2 ]; then
		say "$1 needs a value"
		exit 2
	fi
}
while [ $# -gt 0 ]; do
	case $1 in
	--tag)
		need_value "$1" $#
		tag=$2
		shift
		;;
	--tag=*) tag=${1#--tag=} ;;
	--archive)
		need_value "$1" $#
		archive=$2
		shift
		;;
	--archive=*) archive=${1#--archive=} ;;
	--registry)
		need_value "$1" $#
		registry=$2
		shift
		;;
	--registry=*) registry=${1#--registry=} ;;
	--base-registry)
		need_value "$1" $#
		base_registry=$2
		shift
		;;
	--base-registry=*) base_registry=${1#--base-registry=} ;;
	--no-bases) build_bases=0 ;;
	--)
		shift
		break
		;;
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
if [ -n "$tag" ] && ! [[ $tag =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]]; then
	say "not a valid image tag: $tag"
	exit 2
fi
if [ -n "$archive" ] && [ -n "$registry" ]; then
	say "--archive and --registry exclude each other"
	exit 2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

docker_answers() {
	command -v docker >/dev/null 2>&1 && timeout 20 docker info >/dev/null 2>&1
}

registry_answers() {
	curl -fsS -o /dev/null --max-time 5 "http://$1/v2/" 2>/dev/null
}

# A registry:2 container for a localhost base registry that is not there yet.
start_local_registry() {
	local port=${base_registry##*:}
	if [ "$port" = "$base_registry" ]; then
		port=80
	fi
	if docker container inspect wvsmesh-registry >/dev/null 2>&1; then
		say "starting the container wvsmesh-registry"
		docker start wvsmesh-registry >/dev/null
	else
		say "starting a registry on $base_registry: docker run -d --name wvsmesh-registry -p 127.0.0.1:$port:5000 registry:2"
		docker run -d --restart unless-stopped --name wvsmesh-registry -p "127.0.0.1:$port:5000" registry:2 >/dev/null
	fi
	for _ in $(seq 30); do
		if registry_answers "$base_registry"; then
			return 0
		fi
		sleep 1
	done
	say "the registry on $base_registry did not answer within 30 s"
	return 1
}

have_docker=0
if docker_answers; then
	have_docker=1
fi
if [ "$have_docker" = 0 ] && [ -z "$archive" ] && [ -z "$registry" ]; then
	say "no Docker engine answers, and without one the images have nowhere to go:"
	say "  use --archive DIR (tar files) or --registry R (push), or start Docker"
	exit 1
fi

if [ "$build_bases" = 1 ] && [ "$have_docker" = 1 ]; then
	case $base_registry in
	localhost | localhost:* | 127.0.0.1 | 127.0.0.1:*)
		if ! registry_answers "$base_registry"; then
			start_local_registry
		fi
		;;
	esac
	for base in "${base_names[@]}"; do
		ref="$base_registry/wvsmesh/$base:$base_tag"
		say "docker build -t $ref deploy/images/$base"
		docker build -t "$ref" "deploy/images/$base"
		say "docker push $ref"
		docker push "$ref"
	done
elif [ "$build_bases" = 1 ]; then
	say "no Docker engine answers, so the base images are not built. wvsmesh/pipelines and wvsmesh/allinone need"
	say "$base_registry/wvsmesh/pipelines-base:$base_tag, wvsmesh/runner needs $base_registry/wvsmesh/runner-base:$base_tag."
	say "Where Docker runs: docker build -t $base_registry/wvsmesh/pipelines-base:$base_tag deploy/images/pipelines-base"
	say "  && docker push $base_registry/wvsmesh/pipelines-base:$base_tag (the same for runner-base), or pass"
	say "  --base-registry R for a registry that holds them. Building the others now."
fi

properties=("-p:WvsBaseImageRegistry=$base_registry")
if [ -n "$tag" ]; then
	properties+=("-p:ContainerImageTag=$tag")
fi
if [ -n "$archive" ]; then
	mkdir -p "$archive"
	# Absolute, and ending in '/' so the SDK takes it as a folder: a relative path would be taken from each project.
	archive="$(cd "$archive" && pwd)/"
	properties+=("-p:ContainerArchiveOutputPath=$archive")
fi
if [ -n "$registry" ]; then
	properties+=("-p:ContainerRegistry=$registry")
fi
properties+=("$@")

built=()
for name in "${image_names[@]}"; do
	project=${image_project[$name]}
	say "dotnet publish $project -c Release -t:PublishContainer ${properties[*]}"
	dotnet publish "$project" -c Release -t:PublishContainer "${properties[@]}"
	built+=("wvsmesh/$name:${tag:-dev}")
done

if [ -n "$archive" ]; then
	say "archives in ${archive}wvsmesh/: ${built[*]}"
elif [ -n "$registry" ]; then
	say "pushed to $registry: ${built[*]}"
else
	say "in the local Docker engine: ${built[*]}"
fi
