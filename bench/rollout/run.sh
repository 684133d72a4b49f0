#!/usr/bin/env bash
# Replica roll-out, Kuberaf against Docker Swarm in the same run. Starts the assembled distribution
# (karaf-assembly/target/kuberaf-*.tar.gz) on its own ports, then times, with the real kubectl:
#   hollow   `kubectl scale` to N replicas -> `kubectl rollout status` done, pods on 10 hollow nodes
#            (simulated runtime: the control plane's speed, no containers)
#   docker   the same on this machine's node with the Docker runtime (real busybox containers), and
#            Docker Swarm's `docker service scale` to N (--detach=false: until all tasks run) as the peer
#   hollow-500  500 hollow nodes added at once: time until all are Ready, whether they stay Ready for
#            60 s, and the Kuberaf JVM's heap and RSS per hollow node
# Prints the table on stdout; progress on stderr. Needs dockerd running and the images of
# examples/images/build.sh. Environment: BENCH_SKIP_BUILD=1 (use the built distribution),
# BENCH_REPLICAS="10 50 100", BENCH_SCENARIOS="hollow docker hollow-500".
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
replicas=(${BENCH_REPLICAS:-10 50 100})
scenarios=" ${BENCH_SCENARIOS:-hollow docker hollow-500} "
api_port=6743
log() { echo "[$(date +%T)] $*" >&2; }

if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
    log "building the distribution (offline) ..."
    (cd "$root" && mvn -B -q -o install -DskipTests -pl karaf-assembly -am) >&2
fi
docker version >/dev/null 2>&1 || { echo "dockerd is not running (the docker scenario and the peer need it)" >&2; exit 3; }
bash "$root/examples/images/build.sh" >&2

work="$here/target/run"
rm -rf "$work" && mkdir -p "$work"
tar xzf "$root"/karaf-assembly/target/kuberaf-*.tar.gz -C "$work"
home="$(ls -d "$work"/kuberaf-*)"
node="kuberaf-bench"
cat >>"$home/etc/io.kuberaf.apiserver.cfg" <<CFG
port = $api_port
CFG
cat >>"$home/etc/io.kuberaf.client.cfg" <<CFG
master.url = http://127.0.0.1:$api_port
CFG
cat >>"$home/etc/io.kuberaf.store.ignite.cfg" <<CFG
discoveryPort = 47600
discoveryAddresses = 127.0.0.1:47600..47609
communicationPort = 47200
CFG
echo "pull.allowedRegistries = 127.0.0.1" >>"$home/etc/io.kuberaf.runtime.docker.cfg"
cat >>"$home/etc/io.kuberaf.kubelet.cfg" <<CFG
node.name = $node
port = 10550
CFG
echo "node.name = $node" >>"$home/etc/io.kuberaf.dns.cfg"
printf 'node.name = %s\nchain.prefix = KUBERAFBENCH\n' "$node" >>"$home/etc/io.kuberaf.proxy.cfg"
echo "sshPort = 8104" >>"$home/etc/org.apache.karaf.shell.cfg"
printf 'rmiRegistryPort = 1104\nrmiServerPort = 44448\n' >>"$home/etc/org.apache.karaf.management.cfg"

export KUBECONFIG="$home/data/kubeconfig"
karaf_pid=
swarm_started=
cleanup() {
    if [[ -n "$swarm_started" ]]; then docker service rm bench-rollout >/dev/null 2>&1 || true; docker swarm leave --force >/dev/null 2>&1 || true; fi
    if [[ -f "$KUBECONFIG" ]]; then kubectl delete deployment --all --wait=false >/dev/null 2>&1 || true; fi
    "$home/bin/stop" >/dev/null 2>&1 || true
    # containers the bench's kubelet left (it was stopped before it could remove them)
    ids=$(docker ps -aq --filter "label=io.kuberaf.node.name=$node" 2>/dev/null || true)
    [[ -n "$ids" ]] && docker rm -f $ids >/dev/null 2>&1 || true
}
trap cleanup EXIT

log "starting Kuberaf in $home"
"$home/bin/start"
for _ in $(seq 1 180); do
    [[ -f "$KUBECONFIG" ]] && curl -fsS "http://127.0.0.1:$api_port/readyz" >/dev/null 2>&1 && break
    sleep 1
done
karaf_pid=$(pgrep -f "karaf.base=$home" | head -1 || true)
# Karaf 4.4's client ends the session when its input ends: keep it open (not waited for) until the
# command is done; retry while the console's SSH server is not up yet (it reads its port from etc/).
console() {
    local out
    for _ in $(seq 1 60); do
        out=$(JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}" \
            "$home/bin/client" "$1" < <(sleep 900) 2>&1 || true)
        if [[ "$out" != *"Failed to get the session"* && "$out" != *"Connection refused"* ]]; then
            echo "$out"
            return 0
        fi
        sleep 2
    done
    echo "the Karaf console did not answer: $out" >&2
    return 1
}
# Waits until $2 nodes with label $1 exist and are Ready.
await_nodes() {
    for _ in $(seq 1 600); do
        [[ "$(kubectl get nodes -l "$1" --no-headers 2>/dev/null | awk '$2=="Ready"' | wc -l)" -ge "$2" ]] && return 0
        sleep 1
    done
    echo "fewer than $2 Ready nodes with $1 after 600 s" >&2
    return 1
}
seconds() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }
now() { date +%s.%N; }

# Scales deployment $1 to $2 and waits until it is rolled out; prints the seconds.
kuberaf_scale() {
    local start end
    start=$(now)
    kubectl scale deployment "$1" --replicas="$2" >/dev/null
    kubectl rollout status deployment "$1" --timeout=600s >/dev/null
    end=$(now)
    seconds "$start" "$end"
}
kuberaf_reset() {
    kubectl scale deployment "$1" --replicas=0 >/dev/null
    kubectl wait --for=delete pod -l app="$1" --timeout=300s >/dev/null 2>&1 || true
    for _ in $(seq 1 300); do
        [[ -z "$(kubectl get pods -l app="$1" -o name 2>/dev/null)" ]] && return 0
        sleep 1
    done
}
deployment() { # name, image, node selector key=value
    kubectl create deployment "$1" --image="$2" --replicas=0 --dry-run=client -o json -- sleep 3600 \
        | python3 -c "
import json,sys
d=json.load(sys.stdin); k,v=sys.argv[1].split('=',1)
spec=d['spec']['template']['spec']; spec['nodeSelector']={k:v}
spec['containers'][0]['imagePullPolicy']='IfNotPresent'
d['spec']['strategy']={'rollingUpdate':{'maxSurge':'100%','maxUnavailable':'100%'}}
print(json.dumps(d))" "$3" | kubectl apply -f - >/dev/null
}

rows=()
if [[ "$scenarios" == *" hollow "* ]]; then
    log "adding 10 hollow nodes"
    console "kuberaf:hollow-nodes add 10" >&2
    await_nodes kuberaf.io/hollow=true 10
    deployment hollow kuberaf/busybox:latest kuberaf.io/hollow=true
    for n in "${replicas[@]}"; do
        log "hollow: scale to $n"
        t=$(kuberaf_scale hollow "$n")
        rows+=("hollow|$n|$t|-|-")
        kuberaf_reset hollow
    done
    console "kuberaf:hollow-nodes --all remove" >&2
fi

if [[ "$scenarios" == *" docker "* ]]; then
    await_nodes "kubernetes.io/hostname=$node" 1
    deployment real kuberaf/busybox:latest "kubernetes.io/hostname=$node"
    image_id=$(docker image inspect kuberaf/busybox:latest --format '{{.Id}}')
    docker swarm init --advertise-addr 127.0.0.1 >/dev/null
    swarm_started=1
    # By image id: a tag would make Swarm resolve a registry (no registry is reachable here).
    docker service create -q --name bench-rollout --replicas 0 --no-resolve-image "$image_id" sleep 3600 >/dev/null
    for n in "${replicas[@]}"; do
        log "docker: Kuberaf scale to $n"
        t=$(kuberaf_scale real "$n")
        kuberaf_reset real
        log "docker: Swarm scale to $n"
        start=$(now)
        docker service scale --detach=false bench-rollout="$n" >/dev/null 2>&1
        end=$(now)
        s=$(seconds "$start" "$end")
        docker service scale --detach=false bench-rollout=0 >/dev/null 2>&1
        ratio=$(python3 -c "import sys; print(f'{float(sys.argv[1])/float(sys.argv[2]):.2f}')" "$t" "$s")
        rows+=("docker|$n|$t|$s|$ratio")
    done
fi

if [[ "$scenarios" == *" hollow-500 "* ]]; then
    heap() { jcmd "$karaf_pid" GC.run >/dev/null 2>&1; sleep 2; jcmd "$karaf_pid" GC.heap_info 2>/dev/null | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); gsub(/[K,]/,"",v); print v; exit}}'; }
    rss() { ps -o rss= -p "$karaf_pid" | tr -d ' '; }
    heap0=$(heap); rss0=$(rss)
    log "adding 500 hollow nodes"
    start=$(now)
    console "kuberaf:hollow-nodes add 500" >&2
    for _ in $(seq 1 600); do
        ready=$(kubectl get nodes -l kuberaf.io/hollow=true --no-headers 2>/dev/null | awk '$2=="Ready"' | wc -l)
        [[ "$ready" -ge 500 ]] && break
        sleep 1
    done
    end=$(now)
    t=$(seconds "$start" "$end")
    log "500 Ready after ${t}s; watching them for 60 s"
    min_ready=500
    for _ in $(seq 1 12); do
        sleep 5
        ready=$(kubectl get nodes -l kuberaf.io/hollow=true --no-headers 2>/dev/null | awk '$2=="Ready"' | wc -l)
        (( ready < min_ready )) && min_ready=$ready
    done
    heap1=$(heap); rss1=$(rss)
    per_heap=$(( (heap1 - heap0) / 500 ))
    per_rss=$(( (rss1 - rss0) / 500 ))
    rows+=("hollow-500 Ready|500|$t|-|-")
    rows+=("hollow-500 fewest Ready over 60 s|$min_ready|-|-|-")
    rows+=("hollow-500 heap KiB per node|$per_heap|-|-|-")
    rows+=("hollow-500 RSS KiB per node|$per_rss|-|-|-")
fi

echo
echo "Replica roll-out (Kuberaf $(basename "$home"), $(nproc) cores; Swarm = Docker $(docker version --format '{{.Server.Version}}'))"
echo "load averages at the end: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; anything beside the bench shows here)"
printf '%-34s %8s %12s %12s %14s\n' "scenario" "N" "kuberaf s" "swarm s" "kuberaf/swarm"
for row in "${rows[@]}"; do
    IFS='|' read -r a b c d e <<<"$row"
    printf '%-34s %8s %12s %12s %14s\n' "$a" "$b" "$c" "$d" "$e"
done
