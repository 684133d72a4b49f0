package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.Json;

import java.util.List;

/**
 * ReplicationController, ReplicaSet, Deployment, StatefulSet and DaemonSet: their defaults
 * (SetDefaults_* of core/v1 and apps/v1), a selector that must select the template's labels, a
 * template that runs with restartPolicy Always, and the apps/v1 selector that never changes.
 */
final class ControllerRules implements KindRules {

    enum Kind { REPLICATION_CONTROLLER, REPLICA_SET, DEPLOYMENT, STATEFUL_SET, DAEMON_SET }

    static final String NEGATIVE = "must be greater than or equal to 0";
    static final String IMMUTABLE = "field is immutable";
    static final String STATEFULSET_UPDATE = "updates to statefulset spec for fields other than 'replicas', 'ordinals', "
            + "'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

    private final Kind kind;

    ControllerRules(Kind kind) {
        this.kind = kind;
    }

    @Override
    public ObjectMetaRules.NameRule nameRule() {
        return ObjectMetaRules.NameRule.DNS1123_SUBDOMAIN;
    }

    // ---- defaults ----

    @Override
    public void defaults(ObjectNode object, ObjectNode old) {
        ObjectNode spec = Json.object(object, "spec");
        if (kind == Kind.REPLICATION_CONTROLLER) {
            JsonNode templateLabels = spec.path("template").path("metadata").path("labels");
            if (templateLabels.isObject() && !templateLabels.isEmpty()) {
                if (spec.path("selector").isEmpty()) {
                    spec.set("selector", templateLabels.deepCopy());
                }
                ObjectNode meta = Json.object(object, "metadata");
                if (meta.path("labels").isEmpty()) {
                    meta.set("labels", templateLabels.deepCopy());
                }
            }
        }
        if (kind != Kind.DAEMON_SET) {
            PodSpecs.putIfAbsent(spec, "replicas", 1);
        }
        switch (kind) {
            case DEPLOYMENT -> {
                ObjectNode strategy = Json.object(spec, "strategy");
                PodSpecs.putIfAbsent(strategy, "type", "RollingUpdate");
                if (strategy.path("type").asText().equals("RollingUpdate")) {
                    ObjectNode rolling = Json.object(strategy, "rollingUpdate");
                    PodSpecs.putIfAbsent(rolling, "maxUnavailable", "25%");
                    PodSpecs.putIfAbsent(rolling, "maxSurge", "25%");
                }
                PodSpecs.putIfAbsent(spec, "revisionHistoryLimit", 10);
                PodSpecs.putIfAbsent(spec, "progressDeadlineSeconds", 600);
            }
            case STATEFUL_SET -> {
                PodSpecs.putIfAbsent(spec, "podManagementPolicy", "OrderedReady");
                ObjectNode strategy = Json.object(spec, "updateStrategy");
                PodSpecs.putIfAbsent(strategy, "type", "RollingUpdate");
                if (strategy.path("type").asText().equals("RollingUpdate")) {
                    PodSpecs.putIfAbsent(Json.object(strategy, "rollingUpdate"), "partition", 0);
                }
                PodSpecs.putIfAbsent(spec, "revisionHistoryLimit", 10);
                if (!spec.has("serviceName")) {
                    spec.put("serviceName", "");
                }
                ObjectNode retention = Json.object(spec, "persistentVolumeClaimRetentionPolicy");
                PodSpecs.putIfAbsent(retention, "whenDeleted", "Retain");
                PodSpecs.putIfAbsent(retention, "whenScaled", "Retain");
                for (JsonNode claim : spec.path("volumeClaimTemplates")) {
                    if (claim instanceof ObjectNode c) {
                        StorageRules.claimSpecDefaults(Json.object(c, "spec"));
                        Json.object(c, "status").put("phase", "Pending");
                    }
                }
            }
            case DAEMON_SET -> {
                ObjectNode strategy = Json.object(spec, "updateStrategy");
                PodSpecs.putIfAbsent(strategy, "type", "RollingUpdate");
                if (strategy.path("type").asText().equals("RollingUpdate")) {
                    ObjectNode rolling = Json.object(strategy, "rollingUpdate");
                    PodSpecs.putIfAbsent(rolling, "maxUnavailable", 1);
                    PodSpecs.putIfAbsent(rolling, "maxSurge", 0);
                }
                PodSpecs.putIfAbsent(spec, "revisionHistoryLimit", 10);
            }
            default -> {
            }
        }
        PodSpecs.templateDefaults(spec);
    }

    // ---- validation ----

    @Override
    public void validate(ObjectNode object, FieldErrors errors) {
        JsonNode spec = object.path("spec");
        nonNegative(spec, "replicas", errors);
        nonNegative(spec, "minReadySeconds", errors);
        nonNegative(spec, "revisionHistoryLimit", errors);
        if (kind == Kind.REPLICATION_CONTROLLER) {
            validateRc(spec, errors);
        } else {
            validateApps(spec, errors);
        }
        switch (kind) {
            case DEPLOYMENT -> validateDeployment(spec, errors);
            case STATEFUL_SET -> validateStatefulSet(spec, errors);
            case DAEMON_SET -> validateDaemonSet(spec, errors);
            default -> {
            }
        }
    }

    private static void validateRc(JsonNode spec, FieldErrors errors) {
        JsonNode selector = spec.path("selector");
        if (!selector.isObject() || selector.isEmpty()) {
            errors.required("spec.selector", "");
        } else {
            ObjectMetaRules.labels(selector, "spec.selector", errors);
        }
        JsonNode template = spec.get("template");
        if (template == null || template.isNull()) {
            errors.required("spec.template", "");
            return;
        }
        JsonNode labels = template.path("metadata").path("labels");
        if (selector.isObject() && !selector.isEmpty() && !PodSpecs.selects(matchLabels(selector), labels)) {
            errors.invalid("spec.template.metadata.labels", GoValues.stringMap(labels), "selector does not match template labels");
        }
        validateTemplate(template, errors);
    }

    private void validateApps(JsonNode spec, FieldErrors errors) {
        JsonNode selector = spec.get("selector");
        if (selector == null || selector.isNull()) {
            errors.required("spec.selector", "");
        } else if (PodSpecs.isEmptySelector(selector)) {
            errors.invalid("spec.selector", GoValues.labelSelector(selector), "empty selector is invalid for "
                    + (kind == Kind.STATEFUL_SET ? "statefulset" : kind == Kind.DAEMON_SET ? "daemonset" : "deployment"));
        } else {
            ObjectMetaRules.labels(selector.path("matchLabels"), "spec.selector.matchLabels", errors);
            int i = 0;
            for (JsonNode e : selector.path("matchExpressions")) {
                String at = "spec.selector.matchExpressions[" + i++ + "]";
                String operator = e.path("operator").asText("");
                if (!List.of("In", "NotIn", "Exists", "DoesNotExist").contains(operator)) {
                    errors.invalidString(at + ".operator", operator, "not a valid selector operator");
                } else if ((operator.equals("In") || operator.equals("NotIn")) && e.path("values").isEmpty()) {
                    errors.required(at + ".values", "must be specified when `operator` is 'In' or 'NotIn'");
                } else if ((operator.equals("Exists") || operator.equals("DoesNotExist")) && !e.path("values").isEmpty()) {
                    errors.forbidden(at + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                }
            }
        }
        JsonNode template = spec.path("template");
        JsonNode labels = template.path("metadata").path("labels");
        if (selector != null && !selector.isNull() && !PodSpecs.isEmptySelector(selector) && !PodSpecs.selects(selector, labels)) {
            errors.invalid("spec.template.metadata.labels", GoValues.stringMap(labels), "`selector` does not match template `labels`");
        }
        validateTemplate(template, errors);
    }

    private static void validateTemplate(JsonNode template, FieldErrors errors) {
        PodSpecs.validateTemplate(template, "spec.template", errors);
        String restartPolicy = template.path("spec").path("restartPolicy").asText("");
        if (!restartPolicy.isEmpty() && !restartPolicy.equals("Always") && PodSpecs.RESTART_POLICIES.contains(restartPolicy)) {
            errors.notSupported("spec.template.spec.restartPolicy", restartPolicy, List.of("Always"));
        }
        if (template.path("spec").has("activeDeadlineSeconds")) {
            errors.forbidden("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in ReplicaSet is not Supported");
        }
    }

    private static void validateDeployment(JsonNode spec, FieldErrors errors) {
        nonNegative(spec, "progressDeadlineSeconds", errors);
        if (spec.has("progressDeadlineSeconds") && spec.path("progressDeadlineSeconds").asLong() <= spec.path("minReadySeconds").asLong(0)) {
            errors.invalid("spec.progressDeadlineSeconds", spec.get("progressDeadlineSeconds").asText(),
                    "must be greater than minReadySeconds");
        }
        JsonNode strategy = spec.path("strategy");
        String type = strategy.path("type").asText("");
        if (!List.of("Recreate", "RollingUpdate").contains(type)) {
            errors.notSupported("spec.strategy.type", type, List.of("Recreate", "RollingUpdate"));
        } else if (type.equals("Recreate") && strategy.has("rollingUpdate") && !strategy.get("rollingUpdate").isNull()) {
            errors.forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'");
        } else if (type.equals("RollingUpdate")) {
            JsonNode rolling = strategy.path("rollingUpdate");
            intOrPercent(rolling.path("maxUnavailable"), "spec.strategy.rollingUpdate.maxUnavailable", errors);
            intOrPercent(rolling.path("maxSurge"), "spec.strategy.rollingUpdate.maxSurge", errors);
            if (isZero(rolling.path("maxUnavailable")) && isZero(rolling.path("maxSurge"))) {
                errors.invalid("spec.strategy.rollingUpdate.maxUnavailable", GoValues.of(rolling.path("maxUnavailable")),
                        "may not be 0 when `maxSurge` is 0");
            }
        }
    }

    private static void validateStatefulSet(JsonNode spec, FieldErrors errors) {
        String policy = spec.path("podManagementPolicy").asText("");
        if (policy.isEmpty()) {
            errors.required("spec.podManagementPolicy", "");
        } else if (!policy.equals("OrderedReady") && !policy.equals("Parallel")) {
            errors.invalidString("spec.podManagementPolicy", policy, "must be 'OrderedReady' or 'Parallel'");
        }
        String type = spec.path("updateStrategy").path("type").asText("");
        if (type.isEmpty()) {
            errors.required("spec.updateStrategy", "");
        } else if (!type.equals("RollingUpdate") && !type.equals("OnDelete")) {
            errors.invalidString("spec.updateStrategy", type, "must be 'RollingUpdate' or 'OnDelete'");
        } else if (type.equals("OnDelete") && spec.path("updateStrategy").hasNonNull("rollingUpdate")) {
            errors.invalidString("spec.updateStrategy.rollingUpdate", "OnDelete", "only allowed for updateStrategy 'RollingUpdate'");
        }
        String serviceName = spec.path("serviceName").asText("");
        if (!serviceName.isEmpty()) {
            errors.invalidEach("spec.serviceName", serviceName, Formats.dns1123Label(serviceName));
        }
        int i = 0;
        for (JsonNode claim : spec.path("volumeClaimTemplates")) {
            String name = claim.path("metadata").path("name").asText("");
            String at = "spec.volumeClaimTemplates[" + i++ + "]";
            if (name.isEmpty()) {
                errors.required(at + ".metadata.name", "name or generateName is required");
            }
        }
    }

    private static void validateDaemonSet(JsonNode spec, FieldErrors errors) {
        String type = spec.path("updateStrategy").path("type").asText("");
        if (!List.of("OnDelete", "RollingUpdate").contains(type)) {
            errors.notSupported("spec.updateStrategy.type", type, List.of("OnDelete", "RollingUpdate"));
        }
    }

    @Override
    public void validateUpdate(ObjectNode object, ObjectNode old, FieldErrors errors) {
        if (kind == Kind.REPLICATION_CONTROLLER) {
            return;
        }
        JsonNode selector = object.path("spec").path("selector");
        if (!selector.equals(old.path("spec").path("selector"))) {
            errors.invalid("spec.selector", selector.isObject() ? GoValues.labelSelector(selector) : "null", IMMUTABLE);
        }
        if (kind == Kind.STATEFUL_SET) {
            ObjectNode a = object.path("spec").deepCopy();
            ObjectNode b = old.path("spec").deepCopy();
            List<String> mutable = List.of("replicas", "ordinals", "template", "updateStrategy",
                    "persistentVolumeClaimRetentionPolicy", "minReadySeconds", "selector");
            a.remove(mutable);
            b.remove(mutable);
            if (!a.equals(b)) {
                errors.forbidden("spec", STATEFULSET_UPDATE);
            }
        }
    }

    // ---- helpers ----

    /** A core/v1 selector (a plain map) as a label selector. */
    static JsonNode matchLabels(JsonNode map) {
        ObjectNode selector = Json.MAPPER.createObjectNode();
        selector.set("matchLabels", map);
        return selector;
    }

    static void nonNegative(JsonNode spec, String field, FieldErrors errors) {
        if (spec.has(field) && spec.get(field).isNumber() && spec.get(field).asLong() < 0) {
            errors.invalid("spec." + field, spec.get(field).asText(), NEGATIVE);
        }
    }

    private static void intOrPercent(JsonNode value, String field, FieldErrors errors) {
        if (value.isTextual()) {
            String text = value.asText();
            if (!text.matches("[0-9]+%")) {
                errors.invalidString(field, text, Formats.regexError("a valid percent string must be a numeric string "
                        + "followed by an ending '%'", "[0-9]+%", "1%", "93%"));
            } else if (Integer.parseInt(text.substring(0, text.length() - 1)) > 100) {
                errors.invalidString(field, text, "must not be greater than 100%");
            }
        } else if (value.isNumber() && value.asLong() < 0) {
            errors.invalid(field, value.asText(), NEGATIVE);
        }
    }

    private static boolean isZero(JsonNode value) {
        return value.isNumber() ? value.asLong() == 0 : value.isTextual() && value.asText().matches("0+%");
    }
}
