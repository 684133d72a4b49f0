package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.Json;

import java.util.List;

/** Nodes, Events, Leases and RBAC objects: the defaults and required fields of each. */
final class ClusterRules {

    static final String RBAC_GROUP = "rbac.authorization.k8s.io";

    private ClusterRules() {
    }

    static final class Nodes implements KindRules {

        @Override
        public ObjectMetaRules.NameRule nameRule() {
            return ObjectMetaRules.NameRule.DNS1123_SUBDOMAIN;
        }

        @Override
        public void defaults(ObjectNode node, ObjectNode old) {
            Json.object(node, "spec");
            if (node.get("status") instanceof ObjectNode status && status.has("capacity") && !status.has("allocatable")) {
                status.set("allocatable", status.get("capacity").deepCopy());
            }
        }

        @Override
        public void validate(ObjectNode node, FieldErrors errors) {
            JsonNode spec = node.path("spec");
            int i = 0;
            for (JsonNode cidr : spec.path("podCIDRs")) {
                if (!isCidr(cidr.asText())) {
                    errors.invalidString("spec.podCIDRs[" + i + "]", cidr.asText(),
                            "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
                }
                i++;
            }
            i = 0;
            for (JsonNode taint : spec.path("taints")) {
                String at = "spec.taints[" + i++ + "]";
                String key = taint.path("key").asText("");
                if (key.isEmpty()) {
                    errors.required(at + ".key", "");
                } else {
                    errors.invalidEach(at + ".key", key, Formats.qualifiedName(key));
                }
                String effect = taint.path("effect").asText("");
                List<String> effects = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");
                if (effect.isEmpty()) {
                    errors.required(at + ".effect", "");
                } else if (!effects.contains(effect)) {
                    errors.notSupported(at + ".effect", effect, effects);
                }
            }
        }

        private static boolean isCidr(String text) {
            String[] parts = text.split("/");
            if (parts.length != 2 || !parts[1].matches("[0-9]{1,3}")) {
                return false;
            }
            int prefix = Integer.parseInt(parts[1]);
            return parts[0].contains(":") ? prefix <= 128 : ClusterIpAllocator.parse(parts[0]) >= 0 && prefix <= 32;
        }
    }

    /** core/v1 Events. */
    static final class Events implements KindRules {

        @Override
        public ObjectMetaRules.NameRule nameRule() {
            return ObjectMetaRules.NameRule.DNS1123_SUBDOMAIN;
        }

        @Override
        public void validate(ObjectNode event, FieldErrors errors) {
            JsonNode involved = event.path("involvedObject");
            if (!involved.isObject() || involved.isEmpty()) {
                errors.required("involvedObject", "");
                return;
            }
            String namespace = event.path("metadata").path("namespace").asText("");
            String involvedNamespace = involved.path("namespace").asText("");
            if (!involvedNamespace.isEmpty() && !involvedNamespace.equals(namespace)) {
                errors.invalidString("involvedObject.namespace", involvedNamespace, "does not match event.namespace");
            }
            String type = event.path("type").asText("");
            if (!type.isEmpty() && !List.of("Normal", "Warning").contains(type)) {
                errors.notSupported("type", type, List.of("Normal", "Warning"));
            }
        }
    }

    /** events.k8s.io/v1 Events, whose reporting fields are required. */
    static final class NewEvents implements KindRules {

        @Override
        public ObjectMetaRules.NameRule nameRule() {
            return ObjectMetaRules.NameRule.DNS1123_SUBDOMAIN;
        }

        @Override
        public void validate(ObjectNode event, FieldErrors errors) {
            for (String field : List.of("eventTime", "reportingController", "reportingInstance", "action", "reason")) {
                if (event.path(field).asText("").isEmpty()) {
                    errors.required(field, "");
                }
            }
            String type = event.path("type").asText("");
            if (!List.of("Normal", "Warning").contains(type)) {
                errors.notSupported("type", type, List.of("Normal", "Warning"));
            }
            String namespace = event.path("metadata").path("namespace").asText("");
            String regardingNamespace = event.path("regarding").path("namespace").asText("");
            if (!regardingNamespace.isEmpty() && !regardingNamespace.equals(namespace)) {
                errors.invalidString("regarding.namespace", regardingNamespace, "does not match event.namespace");
            }
        }
    }

    static final class Leases implements KindRules {

        @Override
        public ObjectMetaRules.NameRule nameRule() {
            return ObjectMetaRules.NameRule.DNS1123_SUBDOMAIN;
        }

        @Override
        public void validate(ObjectNode lease, FieldErrors errors) {
            JsonNode spec = lease.path("spec");
            if (spec.has("leaseDurationSeconds") && spec.path("leaseDurationSeconds").asLong() <= 0) {
                errors.invalid("spec.leaseDurationSeconds", spec.get("leaseDurationSeconds").asText(), "must be greater than 0");
            }
            if (spec.has("leaseTransitions") && spec.path("leaseTransitions").asLong() < 0) {
                errors.invalid("spec.leaseTransitions", spec.get("leaseTransitions").asText(), ControllerRules.NEGATIVE);
            }
        }
    }

    /** Role and ClusterRole. */
    static final class Roles implements KindRules {

        private final boolean namespaced;

        Roles(boolean namespaced) {
            this.namespaced = namespaced;
        }

        @Override
        public ObjectMetaRules.NameRule nameRule() {
            return ObjectMetaRules.NameRule.PATH_SEGMENT;
        }

        @Override
        public void validate(ObjectNode role, FieldErrors errors) {
            int i = 0;
            for (JsonNode rule : role.path("rules")) {
                String at = "rules[" + i++ + "]";
                if (rule.path("verbs").isEmpty()) {
                    errors.required(at + ".verbs", "verbs must contain at least one value");
                }
                JsonNode urls = rule.path("nonResourceURLs");
                if (!urls.isEmpty()) {
                    if (namespaced) {
                        errors.invalid(at + ".nonResourceURLs", GoValues.of(urls), "namespaced rules cannot apply to non-resource URLs");
                    }
                    if (!rule.path("apiGroups").isEmpty() || !rule.path("resources").isEmpty() || !rule.path("resourceNames").isEmpty()) {
                        errors.invalid(at + ".nonResourceURLs", GoValues.of(urls),
                                "rules cannot apply to both regular resources and non-resource URLs");
                    }
                    continue;
                }
                if (rule.path("apiGroups").isEmpty()) {
                    errors.required(at + ".apiGroups", "resource rules must supply at least one api group");
                }
                if (rule.path("resources").isEmpty()) {
                    errors.required(at + ".resources", "resource rules must supply at least one resource");
                }
            }
        }
    }

    /** RoleBinding and ClusterRoleBinding. */
    static final class Bindings implements KindRules {

        private final boolean namespaced;

        Bindings(boolean namespaced) {
            this.namespaced = namespaced;
        }

        @Override
        public ObjectMetaRules.NameRule nameRule() {
            return ObjectMetaRules.NameRule.PATH_SEGMENT;
        }

        @Override
        public void validate(ObjectNode binding, FieldErrors errors) {
            JsonNode ref = binding.path("roleRef");
            String group = ref.path("apiGroup").asText("");
            if (!group.equals(RBAC_GROUP)) {
                errors.notSupported("roleRef.apiGroup", group, List.of(RBAC_GROUP));
            }
            List<String> kinds = namespaced ? List.of("Role", "ClusterRole") : List.of("ClusterRole");
            String kind = ref.path("kind").asText("");
            if (!kinds.contains(kind)) {
                errors.notSupported("roleRef.kind", kind, kinds);
            }
            if (ref.path("name").asText("").isEmpty()) {
                errors.required("roleRef.name", "");
            }
            int i = 0;
            for (JsonNode subject : binding.path("subjects")) {
                String at = "subjects[" + i++ + "]";
                String subjectKind = subject.path("kind").asText("");
                if (subject.path("name").asText("").isEmpty()) {
                    errors.required(at + ".name", "");
                }
                switch (subjectKind) {
                    case "ServiceAccount" -> {
                        if (!subject.path("apiGroup").asText("").isEmpty()) {
                            errors.notSupported(at + ".apiGroup", subject.path("apiGroup").asText(), List.of(""));
                        }
                        if (!namespaced && subject.path("namespace").asText("").isEmpty()) {
                            errors.required(at + ".namespace", "");
                        }
                    }
                    case "User", "Group" -> {
                        if (!RBAC_GROUP.equals(subject.path("apiGroup").asText(""))) {
                            errors.notSupported(at + ".apiGroup", subject.path("apiGroup").asText(""), List.of(RBAC_GROUP));
                        }
                    }
                    default -> errors.notSupported(at + ".kind", subjectKind, List.of("ServiceAccount", "User", "Group"));
                }
            }
        }

        @Override
        public void validateUpdate(ObjectNode binding, ObjectNode old, FieldErrors errors) {
            JsonNode ref = binding.path("roleRef");
            if (!ref.equals(old.path("roleRef"))) {
                errors.invalid("roleRef", "rbac.RoleRef{APIGroup:" + GoValues.quote(ref.path("apiGroup").asText("")) + ", Kind:"
                        + GoValues.quote(ref.path("kind").asText("")) + ", Name:" + GoValues.quote(ref.path("name").asText(""))
                        + "}", "cannot change roleRef");
            }
        }
    }
}
