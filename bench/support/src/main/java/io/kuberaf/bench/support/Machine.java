package io.kuberaf.bench.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Stream;

/** The header lines every benchmark table starts with: date, machine, Java. */
public final class Machine {

    private Machine() {
    }

    /** {@code date:     <ISO date-time with offset>} and a newline. */
    public static String dateLine() {
        return "date:     " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT)) + '\n';
    }

    /** {@code machine:  N cores (CPU), X GiB RAM, OS; <dataDirs> under <parent> (<fsType>)} and a newline. */
    public static String machineLine(String dataDirs, Path parent, String fsType) {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "machine:  %d cores (%s), %.1f GiB RAM, %s %s %s; %s under %s (%s)%n",
                rt.availableProcessors(), cpuModel(), totalMemoryGiB(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"), dataDirs, parent, fsType);
    }

    /**
     * {@code load:     1/5/15-minute load averages} and a newline: with 2 cores, anything else running
     * beside the benchmark shows here, and figures taken under load are not comparable.
     */
    public static String loadLine() {
        try {
            String[] averages = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "load:     " + averages[0] + " " + averages[1] + " " + averages[2]
                    + " (1, 5, 15 min averages when the table was printed)\n";
        } catch (java.io.IOException | RuntimeException e) {
            return "load:     unknown (" + e.getMessage() + ")\n";
        }
    }

    /** {@code java:     version (VM vendor), max heap N MiB<more>} and a newline. */
    public static String javaLine(String more) {
        return String.format(Locale.ROOT, "java:     %s (%s %s), max heap %d MiB%s%n", System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name"), System.getProperty("java.vm.vendor"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), more);
    }

    public static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }

    public static double totalMemoryGiB() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / (1024.0 * 1024 * 1024);
        }
        return Double.NaN;
    }

    /** Type and name of the file system holding {@code p}. */
    public static String fileSystem(Path p) {
        try {
            FileStore fs = Files.getFileStore(p);
            return fs.type() + " " + fs.name();
        } catch (IOException e) {
            return "unknown file system";
        }
    }
}
