package io.kuberaf.controller.endpoints;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

/** What a pod contributes to a service's endpoints: its IP, readiness, ports and DNS hostname. */
final class PodEndpoints {

    private PodEndpoints() {
    }

    /** A pod with an IP that is not finished (Kubernetes' ShouldPodBeInEndpoints). */
    static boolean hasAddress(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getPodIP() == null || pod.getStatus().getPodIP().isEmpty()) {
            return false;
        }
        String phase = pod.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    static boolean isReady(Pod pod) {
        return !isTerminating(pod) && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    static boolean isHeadless(Service service) {
        return "None".equals(service.getSpec().getClusterIP());
    }

    /** The port a service port reaches on this pod, or null when the pod has no container port of that name. */
    static Integer targetPort(Pod pod, ServicePort servicePort) {
        IntOrString target = servicePort.getTargetPort();
        if (target == null || (target.getIntVal() == null && target.getStrVal() == null)) {
            return servicePort.getPort();
        }
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        for (Container container : pod.getSpec().getContainers()) {
            if (container.getPorts() == null) {
                continue;
            }
            for (ContainerPort port : container.getPorts()) {
                String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
                String wanted = servicePort.getProtocol() == null ? "TCP" : servicePort.getProtocol();
                if (target.getStrVal().equals(port.getName()) && protocol.equals(wanted)) {
                    return port.getContainerPort();
                }
            }
        }
        return null;
    }

    /** The pod's hostname in a headless service's DNS: set when its subdomain names the service. */
    static String hostname(Pod pod, Service service, boolean headless) {
        String hostname = pod.getSpec().getHostname();
        if (headless && hostname != null && !hostname.isEmpty()
                && service.getMetadata().getName().equals(pod.getSpec().getSubdomain())) {
            return hostname;
        }
        return null;
    }
}
