package io.kuberaf.scheduler.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.kuberaf.scheduler.spi.PodInfo;
import io.kuberaf.scheduler.spi.Resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A pod and its requests, computed once as kube-scheduler does (computePodResourceRequest). */
public final class PodInfoImpl implements PodInfo {

    static final long DEFAULT_MILLI_CPU = 100;
    static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

    private final Pod pod;
    private final String key;
    private final Resources requests;
    private final Resources nonZeroRequests;
    private final List<ContainerPort> hostPorts;
    private final boolean requiredAntiAffinity;

    public PodInfoImpl(Pod pod) {
        this.pod = pod;
        this.key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        this.requests = requests(pod, false);
        this.nonZeroRequests = requests(pod, true);
        this.hostPorts = hostPorts(pod);
        this.requiredAntiAffinity = PodInfo.super.hasRequiredAntiAffinity();
    }

    @Override
    public boolean hasRequiredAntiAffinity() {
        return requiredAntiAffinity;
    }

    private static Resources requests(Pod pod, boolean nonZero) {
        Resources sum = Resources.NONE;
        for (Container container : pod.getSpec().getContainers()) {
            sum = sum.plus(containerRequests(container, nonZero));
        }
        for (Container init : pod.getSpec().getInitContainers()) {
            sum = ResourceLists.max(sum, containerRequests(init, nonZero));
        }
        sum = sum.plus(ResourceLists.of(pod.getSpec().getOverhead()));
        return new Resources(sum.milliCpu(), sum.memory(), 1, sum.scalars());
    }

    private static Resources containerRequests(Container container, boolean nonZero) {
        Map<String, io.fabric8.kubernetes.api.model.Quantity> list = container.getResources() == null
                ? null : container.getResources().getRequests();
        Resources requested = ResourceLists.of(list);
        if (!nonZero) {
            return requested;
        }
        boolean hasCpu = list != null && list.containsKey(Resources.CPU);
        boolean hasMemory = list != null && list.containsKey(Resources.MEMORY);
        return new Resources(hasCpu ? requested.milliCpu() : DEFAULT_MILLI_CPU,
                hasMemory ? requested.memory() : DEFAULT_MEMORY, 0, requested.scalars());
    }

    private static List<ContainerPort> hostPorts(Pod pod) {
        List<ContainerPort> ports = new ArrayList<>();
        for (Container container : pod.getSpec().getContainers()) {
            for (ContainerPort port : container.getPorts()) {
                if (port.getHostPort() != null && port.getHostPort() > 0) {
                    ports.add(port);
                }
            }
        }
        return List.copyOf(ports);
    }

    @Override
    public Pod pod() {
        return pod;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public Resources requests() {
        return requests;
    }

    @Override
    public Resources nonZeroRequests() {
        return nonZeroRequests;
    }

    @Override
    public List<ContainerPort> hostPorts() {
        return hostPorts;
    }

    @Override
    public String toString() {
        return key;
    }
}
