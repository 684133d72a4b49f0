package io.kuberaf.kubelet.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a kubelet runs. Build with {@link #builder(String)}; every setting has Kubernetes' default.
 *
 * <p>A <em>hollow</em> kubelet (hollow nodes for scale tests) reports the capacity given here instead of
 * reading the machine, checks no memory/disk/PID pressure, writes no volume files (mounts point at the paths
 * they would have) and does not run httpGet/tcpSocket probes (simulated pods have no network; such probes
 * count as successful). Everything else, including the API traffic, is the real kubelet's.
 */
public final class KubeletOptions {

    private final String nodeName;
    private final String address;
    private final int port;
    private final Map<String, String> labels;
    private final int maxPods;
    private final Path dataDir;
    private final Path staticPodsDir;
    private final List<String> clusterDns;
    private final String clusterDomain;
    private final Duration leaseDuration;
    private final Duration leaseRenewPeriod;
    private final Duration statusUpdatePeriod;
    private final Duration statusReportPeriod;
    private final Duration relistPeriod;
    private final Duration containerBackoffBase;
    private final Duration containerBackoffMax;
    private final boolean hollow;
    private final int hollowCpus;
    private final long hollowMemoryBytes;

    private KubeletOptions(Builder b) {
        this.nodeName = Objects.requireNonNull(b.nodeName, "nodeName");
        this.address = b.address;
        this.port = b.port;
        this.labels = Map.copyOf(b.labels);
        this.maxPods = b.maxPods;
        this.dataDir = b.dataDir;
        this.staticPodsDir = b.staticPodsDir;
        this.clusterDns = List.copyOf(b.clusterDns);
        this.clusterDomain = b.clusterDomain;
        this.leaseDuration = b.leaseDuration;
        this.leaseRenewPeriod = b.leaseRenewPeriod;
        this.statusUpdatePeriod = b.statusUpdatePeriod;
        this.statusReportPeriod = b.statusReportPeriod;
        this.relistPeriod = b.relistPeriod;
        this.containerBackoffBase = b.containerBackoffBase;
        this.containerBackoffMax = b.containerBackoffMax;
        this.hollow = b.hollow;
        this.hollowCpus = b.hollowCpus;
        this.hollowMemoryBytes = b.hollowMemoryBytes;
    }

    public static Builder builder(String nodeName) {
        return new Builder(nodeName);
    }

    /** The node's name (also its Lease's name and the label on everything it creates in the runtime). */
    public String nodeName() { return nodeName; }

    /** The node's InternalIP, and the hostIP of its pods. */
    public String address() { return address; }

    /** The kubelet API port, published in node.status.daemonEndpoints.kubeletEndpoint.port. */
    public int port() { return port; }

    /** Extra labels on the Node (besides kubernetes.io/hostname, os and arch). */
    public Map<String, String> labels() { return labels; }

    public int maxPods() { return maxPods; }

    /** Where pod volumes live ({@code pods/<uid>/volumes/<name>}); its file system is checked for DiskPressure. */
    public Path dataDir() { return dataDir; }

    /** Folder of static pod manifests (YAML or JSON); null for none. */
    public Path staticPodsDir() { return staticPodsDir; }

    /** Nameservers for pods with dnsPolicy ClusterFirst; empty falls back to the runtime's resolv.conf. */
    public List<String> clusterDns() { return clusterDns; }

    public String clusterDomain() { return clusterDomain; }

    public Duration leaseDuration() { return leaseDuration; }

    public Duration leaseRenewPeriod() { return leaseRenewPeriod; }

    /** How often node conditions are computed; a change is written at once. */
    public Duration statusUpdatePeriod() { return statusUpdatePeriod; }

    /** How often node status is written even when unchanged (heartbeat times). */
    public Duration statusReportPeriod() { return statusReportPeriod; }

    /** How often the runtime is listed to notice containers that exited (Kubernetes' PLEG relist). */
    public Duration relistPeriod() { return relistPeriod; }

    /** Restart back-off of a crashing container: base, doubling up to max (Kubernetes: 10 s and 5 min). */
    public Duration containerBackoffBase() { return containerBackoffBase; }

    public Duration containerBackoffMax() { return containerBackoffMax; }

    public boolean hollow() { return hollow; }

    public int hollowCpus() { return hollowCpus; }

    public long hollowMemoryBytes() { return hollowMemoryBytes; }

    public static final class Builder {
        private final String nodeName;
        private String address = "127.0.0.1";
        private int port = 10250;
        private Map<String, String> labels = Map.of();
        private int maxPods = 110;
        private Path dataDir = Path.of(System.getProperty("java.io.tmpdir"), "kuberaf-kubelet");
        private Path staticPodsDir;
        private List<String> clusterDns = List.of();
        private String clusterDomain = "cluster.local";
        private Duration leaseDuration = Duration.ofSeconds(40);
        private Duration leaseRenewPeriod = Duration.ofSeconds(10);
        private Duration statusUpdatePeriod = Duration.ofSeconds(10);
        private Duration statusReportPeriod = Duration.ofMinutes(1);
        private Duration relistPeriod = Duration.ofSeconds(1);
        private Duration containerBackoffBase = Duration.ofSeconds(10);
        private Duration containerBackoffMax = Duration.ofMinutes(5);
        private boolean hollow;
        private int hollowCpus = 4;
        private long hollowMemoryBytes = 16L << 30;

        private Builder(String nodeName) {
            this.nodeName = nodeName;
        }

        public Builder address(String address) { this.address = address; return this; }

        public Builder port(int port) { this.port = port; return this; }

        public Builder labels(Map<String, String> labels) { this.labels = labels; return this; }

        public Builder maxPods(int maxPods) { this.maxPods = maxPods; return this; }

        public Builder dataDir(Path dataDir) { this.dataDir = dataDir; return this; }

        public Builder staticPodsDir(Path staticPodsDir) { this.staticPodsDir = staticPodsDir; return this; }

        public Builder clusterDns(List<String> clusterDns) { this.clusterDns = clusterDns; return this; }

        public Builder clusterDomain(String clusterDomain) { this.clusterDomain = clusterDomain; return this; }

        public Builder leaseDuration(Duration leaseDuration) { this.leaseDuration = leaseDuration; return this; }

        public Builder leaseRenewPeriod(Duration period) { this.leaseRenewPeriod = period; return this; }

        public Builder statusUpdatePeriod(Duration period) { this.statusUpdatePeriod = period; return this; }

        public Builder statusReportPeriod(Duration period) { this.statusReportPeriod = period; return this; }

        public Builder relistPeriod(Duration period) { this.relistPeriod = period; return this; }

        public Builder containerBackoff(Duration base, Duration max) {
            this.containerBackoffBase = base;
            this.containerBackoffMax = max;
            return this;
        }

        /** A hollow node reporting {@code cpus} and {@code memoryBytes} as its capacity (see the class comment). */
        public Builder hollow(int cpus, long memoryBytes) {
            this.hollow = true;
            this.hollowCpus = cpus;
            this.hollowMemoryBytes = memoryBytes;
            return this;
        }

        public KubeletOptions build() {
            return new KubeletOptions(this);
        }
    }
}
