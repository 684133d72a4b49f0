package io.kuberaf.kubelet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the node reports about the machine: capacity (processors, memory, disk), OS facts for nodeInfo, and
 * the free amounts the pressure conditions compare with Kubernetes' default hard eviction thresholds
 * (memory.available &lt; 100Mi, nodefs.available &lt; 10%) and a PID threshold (pid.available &lt; 10%).
 */
final class MachineInfo {

    static final long MEMORY_AVAILABLE_MIN = 100L << 20;
    static final double DISK_AVAILABLE_MIN = 0.10;
    static final double PIDS_AVAILABLE_MIN = 0.10;

    private static final Logger LOG = LoggerFactory.getLogger(MachineInfo.class);

    private MachineInfo() {
    }

    static int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** MemTotal of /proc/meminfo, else the JVM's view of the machine's memory. */
    static long memoryBytes() {
        long fromProc = meminfo("MemTotal:");
        if (fromProc > 0) {
            return fromProc;
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    static long memoryAvailableBytes() {
        long fromProc = meminfo("MemAvailable:");
        if (fromProc > 0) {
            return fromProc;
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getFreeMemorySize();
        }
        return Long.MAX_VALUE;
    }

    private static long meminfo(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot read /proc/meminfo: {}", e.toString());
        }
        return -1;
    }

    /** Total bytes of the file system holding {@code path} (created if missing). */
    static long diskBytes(Path path) {
        try {
            Files.createDirectories(path);
            return Files.getFileStore(path).getTotalSpace();
        } catch (IOException e) {
            LOG.warn("Cannot read the size of the file system of {}: {}", path, e.toString());
            return 0;
        }
    }

    /** Fraction of the file system holding {@code path} that is free, 1 when unknown. */
    static double diskAvailableFraction(Path path) {
        try {
            var store = Files.getFileStore(path);
            return store.getTotalSpace() == 0 ? 1 : (double) store.getUsableSpace() / store.getTotalSpace();
        } catch (IOException e) {
            return 1;
        }
    }

    /** Fraction of kernel.pid_max not used by running processes, 1 when unknown. */
    static double pidsAvailableFraction() {
        try {
            // Not Files.readString: procfs files report size 0, and on this kernel it returned "3" of "32768".
            long max = Long.parseLong(firstLine(Path.of("/proc/sys/kernel/pid_max"), "0").trim());
            long used = 0;
            try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("[0-9]+"))) {
                for (Path ignored : proc) {
                    used++;
                }
            }
            return max <= 0 ? 1 : 1 - (double) used / max;
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }

    static String kernelVersion() {
        return firstLine(Path.of("/proc/sys/kernel/osrelease"), System.getProperty("os.version"));
    }

    /** PRETTY_NAME of /etc/os-release ("Debian GNU/Linux 12 (bookworm)"). */
    static String osImage() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring(12).replace("\"", "");
                }
            }
        } catch (IOException e) {
            LOG.debug("Cannot read /etc/os-release: {}", e.toString());
        }
        return System.getProperty("os.name");
    }

    static String machineId() {
        return firstLine(Path.of("/etc/machine-id"), "");
    }

    static String bootId() {
        return firstLine(Path.of("/proc/sys/kernel/random/boot_id"), "");
    }

    /** Kubernetes' architecture names (GOARCH): amd64, arm64 ... */
    static String architecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    static String hostname() {
        String fromFile = firstLine(Path.of("/etc/hostname"), "");
        if (!fromFile.isEmpty()) {
            return fromFile.toLowerCase(Locale.ROOT);
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String firstLine(Path path, String otherwise) {
        try {
            List<String> lines = Files.readAllLines(path);
            return lines.isEmpty() ? otherwise : lines.get(0).trim();
        } catch (IOException e) {
            return otherwise;
        }
    }
}
