package io.kuberaf.bench.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much CPU the rest of the machine used while a phase ran: all busy CPU time ({@code /proc/stat})
 * minus this JVM's and, if given, one other process's (bench/store: etcd's). The machine is shared, so
 * the table says how quiet it was. Linux only; on failure every figure is NaN.
 */
public final class CpuMonitor {

    private final long pid2; // another process counted as ours, or 0
    private final long startTotal;
    private final long startSelf;
    private final long startOther;
    private final long startNanos;
    private final long ticksPerSecond = 100; // USER_HZ on Linux

    /** {@code otherPid}: a process counted as ours (its CPU is not noise), or 0. */
    public CpuMonitor(long otherPid) {
        this.pid2 = otherPid;
        this.startTotal = busyTicks();
        this.startSelf = processTicks(ProcessHandle.current().pid());
        this.startOther = otherPid > 0 ? processTicks(otherPid) : 0;
        this.startNanos = System.nanoTime();
    }

    /** Average number of cores busy with other processes since construction (call before the other process stops). */
    public double othersCores() {
        long total = busyTicks() - startTotal;
        long self = processTicks(ProcessHandle.current().pid()) - startSelf;
        long other = pid2 > 0 ? processTicks(pid2) - startOther : 0;
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (startTotal < 0 || total < 0 || seconds <= 0) {
            return Double.NaN;
        }
        return Math.max(0, total - self - other) / (double) ticksPerSecond / seconds;
    }

    /** Busy ticks of all CPUs: user nice system irq softirq steal. */
    private static long busyTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long irq = Long.parseLong(f[6]);
            long softirq = Long.parseLong(f[7]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            return user + nice + system + irq + softirq + steal;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime of a process (and its reaped children's not included). */
    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after "pid (comm) ": state(0) ... utime is field 14 overall -> index 11 here, stime 12
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
