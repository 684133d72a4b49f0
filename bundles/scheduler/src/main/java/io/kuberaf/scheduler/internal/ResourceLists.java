package io.kuberaf.scheduler.internal;

import io.fabric8.kubernetes.api.model.Quantity;
import io.kuberaf.scheduler.spi.Resources;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;

/** Turns Kubernetes resource lists (name to Quantity) into {@link Resources}. */
public final class ResourceLists {

    private ResourceLists() {
    }

    public static Resources of(Map<String, Quantity> list) {
        if (list == null || list.isEmpty()) {
            return Resources.NONE;
        }
        long cpu = 0;
        long memory = 0;
        long pods = 0;
        Map<String, Long> scalars = new HashMap<>();
        for (Map.Entry<String, Quantity> entry : list.entrySet()) {
            switch (entry.getKey()) {
                case Resources.CPU -> cpu = milli(entry.getValue());
                case Resources.MEMORY -> memory = whole(entry.getValue());
                case Resources.PODS -> pods = whole(entry.getValue());
                default -> scalars.put(entry.getKey(), whole(entry.getValue()));
            }
        }
        return new Resources(cpu, memory, pods, scalars);
    }

    static long milli(Quantity quantity) {
        return quantity.getNumericalAmount().multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING).longValue();
    }

    static long whole(Quantity quantity) {
        return quantity.getNumericalAmount().setScale(0, RoundingMode.CEILING).longValue();
    }

    /** The larger of each resource (init containers run one at a time, before the others). */
    static Resources max(Resources a, Resources b) {
        Map<String, Long> scalars = new HashMap<>(a.scalars());
        b.scalars().forEach((name, amount) -> scalars.merge(name, amount, Math::max));
        return new Resources(Math.max(a.milliCpu(), b.milliCpu()), Math.max(a.memory(), b.memory()),
                Math.max(a.pods(), b.pods()), scalars);
    }
}
