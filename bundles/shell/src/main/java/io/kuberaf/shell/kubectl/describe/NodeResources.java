package io.kuberaf.shell.kubectl.describe;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kuberaf.shell.kubectl.describe.Formats.text;

/** The node's "Non-terminated Pods" and "Allocated resources" sections. */
final class NodeResources {

    private static final String[] TOTALS = {"cpu", "memory", "ephemeral-storage"};

    private NodeResources() {
    }

    static List<String> sortedNames(JsonNode resources) {
        List<String> names = new ArrayList<>();
        resources.fieldNames().forEachRemaining(names::add);
        Collections.sort(names);
        return names;
    }

    static void describe(DescribeWriter w, JsonNode node, List<JsonNode> pods) {
        JsonNode allocatable = node.path("status").path("allocatable").size() > 0
                ? node.path("status").path("allocatable") : node.path("status").path("capacity");
        w.write(0, "Non-terminated Pods:\t(%d in total)\n", pods.size());
        w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
        w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
        Map<String, BigDecimal> totalRequests = new HashMap<>();
        Map<String, BigDecimal> totalLimits = new HashMap<>();
        for (JsonNode pod : pods) {
            Map<String, BigDecimal> requests = podTotals(pod, "requests");
            Map<String, BigDecimal> limits = podTotals(pod, "limits");
            requests.forEach((name, value) -> totalRequests.merge(name, value, BigDecimal::add));
            limits.forEach((name, value) -> totalLimits.merge(name, value, BigDecimal::add));
            w.write(1, "%s\t%s\t\t%s\t%s\t%s\t%s\t%s\n", text(pod.path("metadata"), "namespace"), text(pod.path("metadata"), "name"),
                    share("cpu", requests, allocatable), share("cpu", limits, allocatable),
                    share("memory", requests, allocatable), share("memory", limits, allocatable),
                    Formats.since(text(pod.path("metadata"), "creationTimestamp")));
        }
        w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
        w.write(1, "Resource\tRequests\tLimits\n");
        w.write(1, "--------\t--------\t------\n");
        for (String resource : TOTALS) {
            w.write(1, "%s\t%s\t%s\n", resource, share(resource, totalRequests, allocatable), share(resource, totalLimits, allocatable));
        }
    }

    private static Map<String, BigDecimal> podTotals(JsonNode pod, String kind) {
        Map<String, BigDecimal> totals = new HashMap<>();
        for (JsonNode container : pod.path("spec").path("containers")) {
            container.path("resources").path(kind).fields().forEachRemaining(entry ->
                    totals.merge(entry.getKey(), amount(entry.getValue().asText()), BigDecimal::add));
        }
        return totals;
    }

    private static BigDecimal amount(String quantity) {
        return quantity == null || quantity.isEmpty() ? BigDecimal.ZERO : Quantity.getAmountInBytes(new Quantity(quantity));
    }

    /** "250m (12%)": the quantity as Kubernetes writes it and its share of what the node can allocate. */
    private static String share(String resource, Map<String, BigDecimal> used, JsonNode allocatable) {
        BigDecimal value = used.getOrDefault(resource, BigDecimal.ZERO);
        BigDecimal total = amount(allocatable.path(resource).asText(""));
        long percent = total.signum() == 0 ? 0 : value.multiply(BigDecimal.valueOf(100)).divide(total, 6, java.math.RoundingMode.DOWN).longValue();
        return format(resource, value) + " (" + percent + "%)";
    }

    private static String format(String resource, BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        if (resource.equals("cpu")) {
            BigDecimal millis = value.multiply(BigDecimal.valueOf(1000));
            return millis.remainder(BigDecimal.valueOf(1000)).signum() == 0 ? value.toBigInteger().toString() : millis.toBigInteger() + "m";
        }
        String[] suffixes = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
        for (int i = 0; i < suffixes.length; i++) {
            BigDecimal unit = BigDecimal.valueOf(1024).pow(suffixes.length - i);
            if (value.remainder(unit).signum() == 0) {
                return value.divide(unit).toBigInteger() + suffixes[i];
            }
        }
        return value.toBigInteger().toString();
    }
}
