package io.kuberaf.scheduler.spi;

import java.util.HashMap;
import java.util.Map;

/**
 * An amount of node resources as the scheduler counts them: milli-CPU, memory bytes, pods, and any other
 * resource by name (extended resources such as {@code nvidia.com/gpu}, ephemeral-storage) in its units.
 * Immutable.
 */
public record Resources(long milliCpu, long memory, long pods, Map<String, Long> scalars) {

    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String PODS = "pods";
    public static final Resources NONE = new Resources(0, 0, 0, Map.of());

    public Resources {
        scalars = Map.copyOf(scalars);
    }

    /** The amount of a named resource (cpu in milli-CPU). */
    public long get(String name) {
        return switch (name) {
            case CPU -> milliCpu;
            case MEMORY -> memory;
            case PODS -> pods;
            default -> scalars.getOrDefault(name, 0L);
        };
    }

    public Resources plus(Resources other) {
        return combine(other, 1);
    }

    public Resources minus(Resources other) {
        return combine(other, -1);
    }

    private Resources combine(Resources other, int sign) {
        Map<String, Long> merged = new HashMap<>(scalars);
        other.scalars.forEach((name, amount) -> merged.merge(name, sign * amount, Long::sum));
        return new Resources(milliCpu + sign * other.milliCpu, memory + sign * other.memory, pods + sign * other.pods, merged);
    }
}
