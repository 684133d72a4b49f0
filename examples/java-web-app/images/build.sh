#!/usr/bin/env bash
# Builds the two images of the seed's MySQL + Tomcat example (../manifests) without a registry, each with
# `docker import` of a root filesystem assembled here from Debian packages:
#   mysql:5.6                MariaDB's server (Debian's mariadb-server-core), its libraries and share
#                            files, busybox, and mysql/docker-entrypoint.sh: initialises the data
#                            directory on first start, root password from MYSQL_ROOT_PASSWORD, port 3306
#   kubeguide/tomcat-app:v1  the web app of ../app (Maven) on a JRE made with jlink from the machine's
#                            JDK 17 (only the modules it needs), port 8080
# The manifests name these tags as the seed does; with the images present, the kubelet's default pull
# policy for a tagged image (IfNotPresent) uses them and pulls nothing.
# Idempotent: an image whose io.kuberaf.image.content-hash label matches the current inputs (these
# files, the app's sources, the Debian packages' versions) is kept; --rebuild builds both again.
# Needs a Docker daemon; installs the Debian packages below if missing (apt must work).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
app_dir=$(cd "$here/../app" && pwd)

MYSQL_IMAGE=mysql:5.6
WEB_IMAGE=kubeguide/tomcat-app:v1
PACKAGES=(mariadb-server-core busybox-static openjdk-17-jdk-headless maven)
HASH_LABEL=io.kuberaf.image.content-hash
# What the app uses (jdeps of the app and the MariaDB JDBC driver), its transitive modules come along.
JRE_MODULES=java.base,java.management,java.naming,java.security.jgss,java.sql,jdk.httpserver,jdk.net

rebuild=false
if [[ "${1:-}" == "--rebuild" ]]; then
    rebuild=true
fi

missing=()
for package in "${PACKAGES[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
    echo "Installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT

package_versions() {
    dpkg-query -W -f '${Package}=${Version}\n' "$@"
}

# A hash of the given files' contents and of the text on stdin (package versions).
content_hash() {
    { cat; find "$@" -path '*/target' -prune -o -type f -print0 | sort -z | xargs -0 sha256sum; } \
        | sha256sum | cut -c1-16
}

current_hash() {
    docker image inspect --format "{{index .Config.Labels \"$HASH_LABEL\"}}" "$1" 2>/dev/null || true
}

# Busybox (a shell for entrypoints and `kubectl exec`), /tmp, and the users the image runs as.
make_base() {
    local root=$1
    mkdir -p "$root"/{bin,etc,tmp,proc,sys,dev,root,run}
    chmod 1777 "$root/tmp"
    cp /bin/busybox "$root/bin/busybox"
    local applet
    for applet in $(/bin/busybox --list); do
        [[ "$applet" == busybox ]] || ln -sf busybox "$root/bin/$applet"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\nmysql:x:999:999:MySQL Server:/var/lib/mysql:/bin/false\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
    printf 'root:x:0:\nmysql:x:999:\nnogroup:x:65534:\n' >"$root/etc/group"
    printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
}

# Copies the shared libraries an ELF file loads into the root filesystem, at the same paths.
copy_libraries() {
    local root=$1 file=$2 lib
    for lib in $(ldd "$file" | awk '/=> \// {print $3} /^\t\// {print $1}'); do
        if [[ "$lib" != "$root"/* && ! -e "$root$lib" ]]; then
            mkdir -p "$root$(dirname "$lib")"
            cp -L "$lib" "$root$lib"
        fi
    done
}

# Copies programs of this machine into the root filesystem at the same paths, with their libraries.
copy_with_libraries() {
    local root=$1 file
    shift
    for file in "$@"; do
        mkdir -p "$root$(dirname "$file")"
        cp -L "$file" "$root$file"
        copy_libraries "$root" "$file"
    done
}

# Imports the root filesystem as the tag, and removes the image the tag named before (unless a
# container still uses it), so that rebuilds leave no dangling images.
import_rootfs() {
    local root=$1 tag=$2 previous
    shift 2
    previous=$(docker image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)
    tar -C "$root" --numeric-owner -c . | docker import "$@" - "$tag" >/dev/null
    if [[ -n "$previous" && "$previous" != "$(docker image inspect --format '{{.Id}}' "$tag")" ]]; then
        docker image rm "$previous" >/dev/null 2>&1 || true
    fi
}

build_mysql() {
    local hash=$1 root=$workdir/mysql
    make_base "$root"
    copy_with_libraries "$root" /usr/sbin/mariadbd
    mkdir -p "$root/usr/share/mysql" "$root/etc/mysql" "$root/var/lib/mysql" "$root/usr/local/bin"
    cp -r /usr/share/mysql/english /usr/share/mysql/charsets "$root/usr/share/mysql/"
    cp /usr/share/mysql/{mysql_system_tables,mysql_performance_tables,mysql_system_tables_data,maria_add_gis_sp_bootstrap}.sql \
        "$root/usr/share/mysql/"
    cp "$here/mysql/my.cnf" "$root/etc/mysql/my.cnf"
    install -m 755 "$here/mysql/docker-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
    chown 999:999 "$root/var/lib/mysql" "$root/run"
    local version
    version=$(dpkg-query -W -f '${Version}' mariadb-server-core)
    import_rootfs "$root" "$MYSQL_IMAGE" \
        --change 'ENV PATH=/usr/local/bin:/usr/sbin:/usr/bin:/bin' \
        --change 'EXPOSE 3306' \
        --change 'VOLUME /var/lib/mysql' \
        --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
        --change "LABEL $HASH_LABEL=$hash" \
        --change "LABEL io.kuberaf.image.mariadb-version=$version" \
        --message "MySQL-compatible server for the seed's example: MariaDB $version from Debian"
}

build_web_app() {
    local hash=$1 root=$workdir/tomcat-app
    (cd "$app_dir" && mvn -B -q -Dstyle.color=never package -DskipTests)
    make_base "$root"
    jlink --add-modules "$JRE_MODULES" --output "$root/opt/java" \
        --strip-debug --no-man-pages --no-header-files --compress=2
    # jlink copies the JDK's own files; the system libraries they load (libz, libstdc++ ...) come from Debian.
    local elf
    for elf in $(find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \)); do
        copy_libraries "$root" "$elf"
    done
    mkdir -p "$root/app/lib"
    cp "$app_dir/target/java-web-app.jar" "$root/app/"
    cp "$app_dir"/target/lib/*.jar "$root/app/lib/"
    import_rootfs "$root" "$WEB_IMAGE" \
        --change 'ENV PATH=/opt/java/bin:/bin' \
        --change 'ENV JAVA_HOME=/opt/java' \
        --change 'WORKDIR /app' \
        --change 'EXPOSE 8080' \
        --change 'ENTRYPOINT ["/opt/java/bin/java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-jar", "/app/java-web-app.jar"]' \
        --change "LABEL $HASH_LABEL=$hash" \
        --message "The seed's Java web app (JDBC to MySQL, HTML table on 8080) on a jlink'ed JRE 17"
}

mysql_hash=$(package_versions mariadb-server-core busybox-static | content_hash "$here/build.sh" "$here/mysql")
web_hash=$(package_versions openjdk-17-jdk-headless busybox-static \
    | content_hash "$here/build.sh" "$app_dir/pom.xml" "$app_dir/src")

build_if_changed() {
    local image=$1 hash=$2 builder=$3 started
    if ! $rebuild && [[ "$(current_hash "$image")" == "$hash" ]]; then
        echo "kept  $image ($hash)"
        return
    fi
    started=$SECONDS
    "$builder" "$hash"
    echo "built $image ($hash) in $((SECONDS - started)) s"
}

build_if_changed "$MYSQL_IMAGE" "$mysql_hash" build_mysql
build_if_changed "$WEB_IMAGE" "$web_hash" build_web_app

docker image ls --format '{{.Repository}}:{{.Tag}}  {{.ID}}  {{.Size}}' \
    | grep -E "^(mysql:5\.6|kubeguide/tomcat-app:v1) " || true
