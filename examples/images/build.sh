#!/usr/bin/env bash
# Builds the local images Kuberaf's Docker runtime, its tests and the demo use. No registry is
# reachable, so they are made with `docker import` from Debian's busybox-static:
#   kuberaf/busybox:latest (also tagged busybox:latest)  /bin/busybox and a symlink per applet, CMD sh
#   kuberaf/pause:3.9                                     the pod sandbox's container: sleeps until SIGTERM
# Idempotent: an image that is already there is kept (--rebuild builds both again).
# Needs a Docker daemon on DOCKER_HOST or /var/run/docker.sock; installs busybox-static if missing.
set -euo pipefail

BUSYBOX_IMAGE=kuberaf/busybox:latest
BUSYBOX_ALIAS=busybox:latest
PAUSE_IMAGE=kuberaf/pause:3.9

rebuild=false
if [[ "${1:-}" == "--rebuild" ]]; then
    rebuild=true
fi

if ! dpkg -s busybox-static >/dev/null 2>&1; then
    echo "Installing busybox-static"
    apt-get install -y busybox-static >/dev/null
fi

present() {
    docker image inspect "$1" >/dev/null 2>&1
}

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT

# A root filesystem with busybox, one symlink per applet, and the few files programs expect.
make_rootfs() {
    local root=$1
    mkdir -p "$root"/{bin,etc,tmp,proc,sys,dev,root,var/www,home}
    chmod 1777 "$root/tmp"
    cp /bin/busybox "$root/bin/busybox"
    local applet
    for applet in $(/bin/busybox --list); do
        [[ "$applet" == busybox ]] || ln -sf busybox "$root/bin/$applet"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$root/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
}

import_rootfs() {
    local root=$1 tag=$2
    shift 2
    tar -C "$root" -c . | docker import "$@" - "$tag" >/dev/null
}

busybox_version=$(/bin/busybox | awk 'NR == 1 {print $2}')  # awk reads it all: no SIGPIPE under pipefail

if $rebuild || ! present "$BUSYBOX_IMAGE"; then
    make_rootfs "$workdir/busybox"
    import_rootfs "$workdir/busybox" "$BUSYBOX_IMAGE" \
        --change 'ENV PATH=/bin' --change 'CMD ["sh"]' \
        --change "LABEL io.kuberaf.image.busybox-version=$busybox_version" \
        --message "busybox $busybox_version from Debian's busybox-static"
    echo "built $BUSYBOX_IMAGE (busybox $busybox_version)"
else
    echo "kept  $BUSYBOX_IMAGE"
fi
docker tag "$BUSYBOX_IMAGE" "$BUSYBOX_ALIAS"

# The pause container holds the sandbox's namespaces; it must exit at once on SIGTERM (a plain
# `sleep` as PID 1 ignores it). `sleep & wait` lets the trap run as soon as the signal comes.
if $rebuild || ! present "$PAUSE_IMAGE"; then
    make_rootfs "$workdir/pause"
    import_rootfs "$workdir/pause" "$PAUSE_IMAGE" \
        --change 'ENV PATH=/bin' \
        --change 'ENTRYPOINT ["/bin/sh", "-c", "trap \"exit 0\" TERM INT; while :; do sleep 3600 & wait; done"]' \
        --message "Kuberaf pod sandbox (pause) on busybox $busybox_version"
    echo "built $PAUSE_IMAGE"
else
    echo "kept  $PAUSE_IMAGE"
fi

docker image ls --format '{{.Repository}}:{{.Tag}}  {{.ID}}  {{.Size}}' \
    | grep -E "^(kuberaf/busybox|busybox|kuberaf/pause):" || true
