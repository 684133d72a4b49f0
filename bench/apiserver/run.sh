#!/usr/bin/env bash
# Kuberaf apiserver benchmark: a single-node Kuberaf (durable Ignite store + Kubernetes apiserver) in one
# JVM, driven over HTTP as kubectl and controllers drive it. Builds what it needs (offline), runs the
# scenarios and prints the table on stdout; progress goes to stderr. Extra arguments go to the runner
# (e.g. --duration=3, --scenarios=slo). Environment: BENCH_JAVA_OPTS (default "-Xms1g -Xmx2g"), e.g.
# BENCH_JAVA_OPTS="-Xms1g -Xmx2g -XX:StartFlightRecording=filename=/tmp/api.jfr,settings=profile" to profile.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

# Offline first (everything is usually in ~/.m2); online only if something is missing. Maven output goes
# to stderr: stdout is the table only.
build() {
    (cd "$root" && mvn -B -q -o "$@") >&2 || {
        echo "offline build failed; retrying online (downloads missing dependencies)" >&2
        (cd "$root" && mvn -B -q "$@") >&2
    }
}
if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
    echo "building kuberaf-api, kuberaf-store-ignite, kuberaf-apiserver and the benchmark ..." >&2
    build install -DskipTests -pl bundles/api,bundles/store-ignite,bundles/apiserver
    # The benchmark and bench/support (the loops, table and header both benchmarks share) in one reactor:
    # runtime-classpath.txt then names bench/support/target/kuberaf-bench-support-*.jar.
    build package -DskipTests -pl bench/support,bench/apiserver
fi

# The JVM options every Kuberaf JVM needs (Ignite on Java 17): etc/jvm.options as a java @argfile.
opts_file="$root/etc/jvm.options"
if [[ ! -f "$opts_file" ]]; then
    echo "missing $opts_file (the JVM options Ignite needs)" >&2
    exit 3
fi
# shellcheck disable=SC2206
extra=(${BENCH_JAVA_OPTS:--Xms1g -Xmx2g})

cp="$here/target/classes:$(cat "$here/target/runtime-classpath.txt")"
exec java "@$opts_file" "${extra[@]}" -cp "$cp" io.kuberaf.bench.apiserver.ApiServerBenchmark "$@"
