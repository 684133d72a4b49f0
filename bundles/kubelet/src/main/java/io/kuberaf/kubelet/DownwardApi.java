package io.kuberaf.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Values of fieldRef and resourceFieldRef selectors, for environment variables and downwardAPI volumes. */
final class DownwardApi {

    private DownwardApi() {
    }

    /** The value a fieldRef path names; {@code podIp} and {@code hostIp} are the pod's current ones. */
    static String field(Pod pod, String path, String podIp, String hostIp) throws ConfigException {
        var meta = pod.getMetadata();
        if (path.startsWith("metadata.labels['") && path.endsWith("']")) {
            return orEmpty(meta.getLabels(), path.substring(17, path.length() - 2));
        }
        if (path.startsWith("metadata.annotations['") && path.endsWith("']")) {
            return orEmpty(meta.getAnnotations(), path.substring(22, path.length() - 2));
        }
        return switch (path) {
            case "metadata.name" -> meta.getName();
            case "metadata.namespace" -> meta.getNamespace();
            case "metadata.uid" -> meta.getUid();
            case "metadata.labels" -> formatMap(meta.getLabels());
            case "metadata.annotations" -> formatMap(meta.getAnnotations());
            case "spec.nodeName" -> pod.getSpec().getNodeName();
            case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
            case "status.podIP", "status.podIPs" -> nullToEmpty(podIp);
            case "status.hostIP", "status.hostIPs" -> nullToEmpty(hostIp);
            default -> throw new ConfigException("unsupported fieldRef path \"" + path + "\"");
        };
    }

    /**
     * The value a resourceFieldRef names, divided by its divisor and rounded up (Kubernetes' rule); a limit
     * that is not set is the node's allocatable amount.
     */
    static String resource(Container container, ResourceFieldSelector selector, Map<String, Quantity> allocatable)
            throws ConfigException {
        String resource = selector.getResource();
        int dot = resource.indexOf('.');
        if (dot < 0) {
            throw new ConfigException("unsupported resourceFieldRef resource \"" + resource + "\"");
        }
        String kind = resource.substring(0, dot);
        String name = resource.substring(dot + 1);
        var requirements = container.getResources();
        Map<String, Quantity> limits = requirements == null ? null : requirements.getLimits();
        Map<String, Quantity> requests = requirements == null ? null : requirements.getRequests();
        Quantity value = switch (kind) {
            case "limits" -> limits == null ? null : limits.get(name);
            case "requests" -> requests == null ? null : requests.get(name);
            default -> throw new ConfigException("unsupported resourceFieldRef resource \"" + resource + "\"");
        };
        if (value == null && kind.equals("requests") && limits != null) {
            value = limits.get(name);
        }
        if (value == null) {
            value = allocatable.get(name);
        }
        if (value == null) {
            return "0";
        }
        BigDecimal divisor = selector.getDivisor() == null ? BigDecimal.ONE : selector.getDivisor().getNumericalAmount();
        if (divisor.signum() == 0) {
            divisor = BigDecimal.ONE;
        }
        return value.getNumericalAmount().divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }

    private static String orEmpty(Map<String, String> map, String key) {
        return map == null ? "" : map.getOrDefault(key, "");
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    /** labels/annotations as a downwardAPI file: {@code key="value"} lines, sorted. */
    private static String formatMap(Map<String, String> map) {
        if (map == null) {
            return "";
        }
        return new TreeMap<>(map).entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"")
                .collect(Collectors.joining("\n"));
    }
}
