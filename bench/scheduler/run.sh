#!/usr/bin/env bash
# Kuberaf scheduler benchmark: an apiserver over an in-memory Ignite store (TestCluster) and the scheduler in one
# JVM; fake Ready Nodes created through the API (no kubelets), then pods; throughput from the first pod created
# to the last one bound. Table on stdout, progress on stderr. Extra arguments go to the runner
# (e.g. --scenarios=100x1000). Environment: BENCH_JAVA_OPTS (default "-Xms1g -Xmx2g"); BENCH_SKIP_BUILD=1.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

build() {
    (cd "$root" && mvn -B -q -o "$@") >&2 || {
        echo "offline build failed; retrying online (downloads missing dependencies)" >&2
        (cd "$root" && mvn -B -q "$@") >&2
    }
}
if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
    echo "building kuberaf-api, kuberaf-store-ignite, kuberaf-apiserver, kuberaf-client, kuberaf-scheduler and the benchmark ..." >&2
    build install -DskipTests -pl bundles/api,bundles/store-ignite,bundles/apiserver,bundles/client,bundles/scheduler
    build package -DskipTests -pl bench/support,bench/scheduler
fi

opts_file="$root/etc/jvm.options"
if [[ ! -f "$opts_file" ]]; then
    echo "missing $opts_file (the JVM options Ignite needs)" >&2
    exit 3
fi
# shellcheck disable=SC2206
extra=(${BENCH_JAVA_OPTS:--Xms1g -Xmx2g})

cp="$here/target/classes:$(cat "$here/target/runtime-classpath.txt")"
exec java "@$opts_file" "${extra[@]}" -cp "$cp" io.kuberaf.bench.scheduler.SchedulerBenchmark "$@"
