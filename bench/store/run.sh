#!/usr/bin/env bash
# Kuberaf cluster-store benchmark: the Kuberaf Ignite ResourceStore vs etcd, same workload.
# Builds what it needs, starts the runner (which starts etcd itself) and prints the table on stdout;
# progress goes to stderr. Extra arguments go to the runner (e.g. --duration=5, --backends=etcd).
# Environment: BENCH_JAVA_OPTS (default "-Xms1g -Xmx2g").
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if ! command -v etcd >/dev/null 2>&1; then
    echo "etcd is not on PATH. The benchmark runs Debian's etcd; install it with:" >&2
    echo "    apt-get install -y etcd-server" >&2
    exit 3
fi

# Offline first (everything is usually in ~/.m2); online only if something is missing (first run:
# jetcd and its dependencies). Maven output goes to stderr: stdout is the table only.
build() {
    (cd "$root" && mvn -B -q -o "$@") >&2 || {
        echo "offline build failed; retrying online (downloads missing dependencies)" >&2
        (cd "$root" && mvn -B -q "$@") >&2
    }
}
echo "building kuberaf-api, kuberaf-store-ignite and the benchmark ..." >&2
build install -DskipTests -pl bundles/api,bundles/store-ignite
# The benchmark and bench/support (the loops, table and header both benchmarks share) in one reactor:
# runtime-classpath.txt then names bench/support/target/kuberaf-bench-support-*.jar.
build package -DskipTests -pl bench/support,bench/store

# JVM flags Ignite needs: one option per line, '#' comments.
opts_file="$root/etc/jvm.options"
[[ -f "$opts_file" ]] || opts_file=/work/shared/facts/ignite-jvm-opts.txt
jvm_opts=()
if [[ -f "$opts_file" ]]; then
    while IFS= read -r line || [[ -n "$line" ]]; do
        line="${line%%#*}"
        line="$(echo "$line" | xargs)"
        [[ -n "$line" ]] && jvm_opts+=("$line")
    done < "$opts_file"
else
    echo "warning: no JVM options file (etc/jvm.options); Ignite may fail to start on Java 17" >&2
fi
# shellcheck disable=SC2206
extra=(${BENCH_JAVA_OPTS:--Xms1g -Xmx2g})

cp="$here/target/classes:$(cat "$here/target/runtime-classpath.txt")"
pid_file="$(mktemp -t kuberaf-bench-etcd-pid.XXXXXX)"

kill_etcd() {
    local pid
    pid="$(cat "$pid_file" 2>/dev/null || true)"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        # Only the etcd this run started (its PID from the runner), and only if it still is etcd.
        if [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == etcd ]]; then
            echo "stopping etcd (pid $pid)" >&2
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
            kill -9 "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$pid_file"
}
trap kill_etcd EXIT
trap 'exit 130' INT TERM

java "${jvm_opts[@]}" "${extra[@]}" -cp "$cp" io.kuberaf.bench.store.StoreBenchmark \
    --etcd-pid-file="$pid_file" "$@"
