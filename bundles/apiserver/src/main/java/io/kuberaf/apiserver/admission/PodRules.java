package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.Json;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Pods: the defaults of SetDefaults_Pod and of the admission plugins that touch every new pod
 * (ServiceAccount, Priority, DefaultTolerationSeconds), the status of a new pod, and the rule
 * that a pod's spec is immutable except for images, activeDeadlineSeconds and added tolerations.
 */
final class PodRules implements KindRules {

    static final String IMMUTABLE_SPEC = "pod updates may not change fields other than `spec.containers[*].image`,"
            + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing "
            + "tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    @Override
    public ObjectMetaRules.NameRule nameRule() {
        return ObjectMetaRules.NameRule.DNS1123_SUBDOMAIN;
    }

    @Override
    public void defaults(ObjectNode pod, ObjectNode old) {
        ObjectNode spec = Json.object(pod, "spec");
        if (!spec.has("enableServiceLinks")) {
            spec.put("enableServiceLinks", true);
        }
        JsonNode oldSpec = old == null ? null : old.path("spec");
        if (oldSpec != null) {
            // fields set by admission on create: a PUT that omits them keeps them
            for (String field : List.of("serviceAccountName", "serviceAccount", "priority", "preemptionPolicy", "nodeName")) {
                if (!spec.has(field) && oldSpec.has(field)) {
                    spec.set(field, oldSpec.get(field));
                }
            }
            if (!spec.has("tolerations") && oldSpec.has("tolerations")) {
                spec.set("tolerations", oldSpec.get("tolerations"));
            }
        } else {
            admissionDefaults(spec);
            for (JsonNode c : spec.path("containers")) {
                if (c instanceof ObjectNode container) {
                    requestsFromLimits(container);
                }
            }
            for (JsonNode c : spec.path("initContainers")) {
                if (c instanceof ObjectNode container) {
                    requestsFromLimits(container);
                }
            }
        }
        PodSpecs.defaults(spec);
        if (old == null) {
            ObjectNode status = Json.object(pod, "status");
            PodSpecs.putIfAbsent(status, "phase", "Pending");
            status.put("qosClass", qosClass(spec));
        }
    }

    private static void admissionDefaults(ObjectNode spec) {
        String account = Json.text(spec, "serviceAccountName");
        if (account == null || account.isEmpty()) {
            account = Json.text(spec, "serviceAccount");
        }
        if (account == null || account.isEmpty()) {
            account = "default";
        }
        spec.put("serviceAccountName", account);
        spec.put("serviceAccount", account);
        if (!spec.has("priority")) {
            spec.put("priority", 0);
        }
        PodSpecs.putIfAbsent(spec, "preemptionPolicy", "PreemptLowerPriority");
        ArrayNode tolerations = PodSpecs.array(spec, "tolerations");
        for (String taint : List.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")) {
            boolean present = false;
            for (JsonNode t : tolerations) {
                present |= taint.equals(t.path("key").asText()) && List.of("", "NoExecute").contains(t.path("effect").asText(""));
            }
            if (!present) {
                ObjectNode t = tolerations.addObject();
                t.put("key", taint);
                t.put("operator", "Exists");
                t.put("effect", "NoExecute");
                t.put("tolerationSeconds", 300);
            }
        }
    }

    private static void requestsFromLimits(ObjectNode container) {
        JsonNode limits = container.path("resources").path("limits");
        if (!limits.isObject() || limits.isEmpty()) {
            return;
        }
        ObjectNode requests = Json.object(Json.object(container, "resources"), "requests");
        for (Iterator<Map.Entry<String, JsonNode>> it = limits.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!requests.has(e.getKey())) {
                requests.set(e.getKey(), e.getValue());
            }
        }
    }

    /** Guaranteed, Burstable or BestEffort, from the cpu and memory requests and limits of all containers. */
    static String qosClass(JsonNode spec) {
        boolean any = false;
        boolean guaranteed = true;
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode c : spec.path(list)) {
                JsonNode requests = c.path("resources").path("requests");
                JsonNode limits = c.path("resources").path("limits");
                for (String resource : List.of("cpu", "memory")) {
                    any |= requests.has(resource) || limits.has(resource);
                    if (!limits.has(resource)) {
                        guaranteed = false;
                    } else if (requests.has(resource)
                            && !Quantities.equal(requests.get(resource).asText(), limits.get(resource).asText())) {
                        guaranteed = false;
                    }
                }
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    @Override
    public void validate(ObjectNode pod, FieldErrors errors) {
        PodSpecs.validate(pod.path("spec"), "spec", errors);
    }

    @Override
    public void validateUpdate(ObjectNode pod, ObjectNode old, FieldErrors errors) {
        JsonNode spec = pod.path("spec");
        ObjectNode before = old.path("spec").deepCopy();
        // what may change: images, activeDeadlineSeconds, added tolerations, grace period -1 -> 1, the binding
        for (String list : List.of("containers", "initContainers")) {
            JsonNode now = spec.path(list);
            JsonNode was = before.path(list);
            if (now.size() == was.size()) {
                for (int i = 0; i < now.size(); i++) {
                    if (was.get(i) instanceof ObjectNode c && now.get(i).has("image")) {
                        c.set("image", now.get(i).get("image"));
                    }
                }
            }
        }
        if (before.has("activeDeadlineSeconds") && !spec.has("activeDeadlineSeconds")) {
            errors.invalid("spec.activeDeadlineSeconds", "null", "must not update from a positive integer to nil value");
        } else if (spec.has("activeDeadlineSeconds")) {
            long now = spec.get("activeDeadlineSeconds").asLong();
            if (before.has("activeDeadlineSeconds") && now > before.get("activeDeadlineSeconds").asLong()) {
                errors.invalid("spec.activeDeadlineSeconds", String.valueOf(now),
                        "must be less than or equal to previous value");
            }
            before.set("activeDeadlineSeconds", spec.get("activeDeadlineSeconds"));
        }
        if (tolerationsAdded(before.path("tolerations"), spec.path("tolerations"))) {
            before.set("tolerations", spec.get("tolerations"));
        }
        if (before.path("terminationGracePeriodSeconds").asLong(0) < 0 && spec.path("terminationGracePeriodSeconds").asLong() == 1) {
            before.put("terminationGracePeriodSeconds", 1);
        }
        if (before.path("nodeName").asText("").isEmpty() && spec.has("nodeName")) {
            before.set("nodeName", spec.get("nodeName"));
        }
        if (!before.equals(spec)) {
            errors.forbidden("spec", IMMUTABLE_SPEC);
        }
    }

    private static boolean tolerationsAdded(JsonNode before, JsonNode after) {
        if (!after.isArray()) {
            return !before.isArray() || before.isEmpty();
        }
        for (JsonNode t : before) {
            boolean kept = false;
            for (JsonNode u : after) {
                kept |= u.equals(t);
            }
            if (!kept) {
                return false;
            }
        }
        return true;
    }
}
