package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.Json;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Defaults and validation of a PodSpec, shared by pods and every pod template (controllers,
 * jobs), as Kubernetes' SetDefaults_PodSpec and ValidatePodSpec do it.
 */
final class PodSpecs {

    static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
    static final List<String> DNS_POLICIES = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
    static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
    static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    static final List<String> VOLUME_SOURCES = List.of("hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore",
            "gitRepo", "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs",
            "flocker", "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk",
            "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral", "image");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private PodSpecs() {
    }

    // ---- defaults ----

    static void defaults(ObjectNode spec) {
        putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
        putIfAbsent(spec, "restartPolicy", "Always");
        if (!spec.has("terminationGracePeriodSeconds")) {
            spec.put("terminationGracePeriodSeconds", 30);
        }
        if (!spec.has("securityContext")) {
            spec.putObject("securityContext");
        }
        putIfAbsent(spec, "schedulerName", "default-scheduler");
        boolean hostNetwork = spec.path("hostNetwork").asBoolean(false);
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode c : spec.path(list)) {
                if (c instanceof ObjectNode container) {
                    containerDefaults(container, hostNetwork);
                }
            }
        }
        for (JsonNode v : spec.path("volumes")) {
            if (v instanceof ObjectNode volume) {
                volumeDefaults(volume);
            }
        }
    }

    private static void containerDefaults(ObjectNode container, boolean hostNetwork) {
        putIfAbsent(container, "terminationMessagePath", "/dev/termination-log");
        putIfAbsent(container, "terminationMessagePolicy", "File");
        String image = Json.text(container, "image");
        if (image != null && !container.hasNonNull("imagePullPolicy")) {
            container.put("imagePullPolicy", "latest".equals(imageTag(image)) ? "Always" : "IfNotPresent");
        }
        if (!container.has("resources")) {
            container.putObject("resources");
        }
        for (JsonNode p : container.path("ports")) {
            if (p instanceof ObjectNode port) {
                putIfAbsent(port, "protocol", "TCP");
                if (hostNetwork && port.path("hostPort").asInt(0) == 0 && port.has("containerPort")) {
                    port.set("hostPort", port.get("containerPort"));
                }
            }
        }
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            if (container.get(probe) instanceof ObjectNode p) {
                putIfAbsent(p, "timeoutSeconds", 1);
                putIfAbsent(p, "periodSeconds", 10);
                putIfAbsent(p, "successThreshold", 1);
                putIfAbsent(p, "failureThreshold", 3);
                if (p.get("httpGet") instanceof ObjectNode http) {
                    putIfAbsent(http, "path", "/");
                    putIfAbsent(http, "scheme", "HTTP");
                }
            }
        }
        for (JsonNode env : container.path("env")) {
            if (env.path("valueFrom").get("fieldRef") instanceof ObjectNode ref) {
                putIfAbsent(ref, "apiVersion", "v1");
            }
        }
    }

    /** The tag of an image reference, "latest" when it names neither a tag nor a digest. */
    static String imageTag(String image) {
        String ref = image;
        int at = ref.indexOf('@');
        boolean digest = at >= 0;
        if (digest) {
            ref = ref.substring(0, at);
        }
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        if (colon > slash) {
            return ref.substring(colon + 1);
        }
        return digest ? "" : "latest";
    }

    private static void volumeDefaults(ObjectNode volume) {
        boolean hasSource = false;
        for (String source : VOLUME_SOURCES) {
            hasSource |= volume.has(source);
        }
        if (!hasSource) {
            volume.putObject("emptyDir");
        }
        for (String source : List.of("secret", "configMap", "downwardAPI", "projected")) {
            if (volume.get(source) instanceof ObjectNode s) {
                putIfAbsent(s, "defaultMode", 420);
            }
        }
        if (volume.get("hostPath") instanceof ObjectNode hostPath) {
            putIfAbsent(hostPath, "type", "");
        }
    }

    // ---- validation ----

    /** Validates a PodSpec found at {@code path} ("spec" for a pod, "spec.template.spec" in a controller). */
    static void validate(JsonNode spec, String path, FieldErrors errors) {
        Set<String> volumes = validateVolumes(spec.path("volumes"), path + ".volumes", errors);
        Set<String> names = new HashSet<>();
        validateContainers(spec.path("initContainers"), path + ".initContainers", volumes, names, errors);
        if (!spec.path("containers").isArray() || spec.path("containers").isEmpty()) {
            errors.required(path + ".containers", "");
        } else {
            validateContainers(spec.path("containers"), path + ".containers", volumes, names, errors);
        }
        String restartPolicy = spec.path("restartPolicy").asText("");
        if (restartPolicy.isEmpty()) {
            errors.required(path + ".restartPolicy", "");
        } else if (!RESTART_POLICIES.contains(restartPolicy)) {
            errors.notSupported(path + ".restartPolicy", restartPolicy, RESTART_POLICIES);
        }
        String dnsPolicy = spec.path("dnsPolicy").asText("");
        if (!dnsPolicy.isEmpty() && !DNS_POLICIES.contains(dnsPolicy)) {
            errors.notSupported(path + ".dnsPolicy", dnsPolicy, DNS_POLICIES);
        }
        if (spec.has("activeDeadlineSeconds")) {
            long value = spec.path("activeDeadlineSeconds").asLong();
            if (value < 1 || value > Integer.MAX_VALUE) {
                errors.invalid(path + ".activeDeadlineSeconds", String.valueOf(value), Formats.inclusiveRange(1, Integer.MAX_VALUE));
            }
        }
        String serviceAccount = Json.text(spec, "serviceAccountName");
        if (serviceAccount != null && !serviceAccount.isEmpty()) {
            errors.invalidEach(path + ".serviceAccountName", serviceAccount, Formats.dns1123Subdomain(serviceAccount));
        }
        for (String field : List.of("hostname", "subdomain")) {
            String value = Json.text(spec, field);
            if (value != null && !value.isEmpty()) {
                errors.invalidEach(path + "." + field, value, Formats.dns1123Label(value));
            }
        }
        ObjectMetaRules.labels(spec.path("nodeSelector"), path + ".nodeSelector", errors);
    }

    private static Set<String> validateVolumes(JsonNode volumes, String path, FieldErrors errors) {
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode volume : volumes) {
            String at = path + "[" + i++ + "]";
            String name = volume.path("name").asText("");
            if (name.isEmpty()) {
                errors.required(at + ".name", "");
            } else if (errors.invalidEach(at + ".name", name, Formats.dns1123Label(name)) && !names.add(name)) {
                errors.duplicate(at + ".name", GoValues.quote(name));
            }
            int sources = 0;
            for (String source : VOLUME_SOURCES) {
                if (volume.has(source)) {
                    if (++sources > 1) {
                        errors.forbidden(at + "." + source, "may not specify more than 1 volume type");
                    }
                }
            }
            if (sources == 0) {
                errors.required(at, "must specify a volume type");
            }
            if (volume.get("persistentVolumeClaim") != null && volume.path("persistentVolumeClaim").path("claimName").asText("").isEmpty()) {
                errors.required(at + ".persistentVolumeClaim.claimName", "");
            }
        }
        return names;
    }

    private static void validateContainers(JsonNode containers, String path, Set<String> volumes, Set<String> names,
                                           FieldErrors errors) {
        int i = 0;
        for (JsonNode c : containers) {
            String at = path + "[" + i++ + "]";
            String name = c.path("name").asText("");
            if (name.isEmpty()) {
                errors.required(at + ".name", "");
            } else if (errors.invalidEach(at + ".name", name, Formats.dns1123Label(name)) && !names.add(name)) {
                errors.duplicate(at + ".name", GoValues.quote(name));
            }
            String image = c.path("image").asText("");
            if (image.isEmpty()) {
                errors.required(at + ".image", "");
            } else if (!image.equals(image.strip())) {
                errors.invalidString(at + ".image", image, "must not have leading or trailing whitespace");
            }
            String pull = c.path("imagePullPolicy").asText("");
            if (!pull.isEmpty() && !PULL_POLICIES.contains(pull)) {
                errors.notSupported(at + ".imagePullPolicy", pull, PULL_POLICIES);
            }
            String messagePolicy = c.path("terminationMessagePolicy").asText("");
            if (!messagePolicy.isEmpty() && !List.of("File", "FallbackToLogsOnError").contains(messagePolicy)) {
                errors.notSupported(at + ".terminationMessagePolicy", messagePolicy, List.of("File", "FallbackToLogsOnError"));
            }
            validatePorts(c.path("ports"), at + ".ports", errors);
            validateEnv(c.path("env"), at + ".env", errors);
            validateMounts(c.path("volumeMounts"), at + ".volumeMounts", volumes, errors);
        }
    }

    private static void validatePorts(JsonNode ports, String path, FieldErrors errors) {
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode port : ports) {
            String at = path + "[" + i++ + "]";
            String name = port.path("name").asText("");
            if (!name.isEmpty()) {
                if (errors.invalidEach(at + ".name", name, Formats.portName(name)) && !names.add(name)) {
                    errors.duplicate(at + ".name", GoValues.quote(name));
                }
            }
            long containerPort = port.path("containerPort").asLong(0);
            if (containerPort == 0) {
                errors.required(at + ".containerPort", "");
            } else {
                for (String m : Formats.portNumber(containerPort)) {
                    errors.invalid(at + ".containerPort", String.valueOf(containerPort), m);
                }
            }
            long hostPort = port.path("hostPort").asLong(0);
            if (hostPort != 0) {
                for (String m : Formats.portNumber(hostPort)) {
                    errors.invalid(at + ".hostPort", String.valueOf(hostPort), m);
                }
            }
            String protocol = port.path("protocol").asText("");
            if (protocol.isEmpty()) {
                errors.required(at + ".protocol", "");
            } else if (!PROTOCOLS.contains(protocol)) {
                errors.notSupported(at + ".protocol", protocol, PROTOCOLS);
            }
        }
    }

    private static void validateEnv(JsonNode env, String path, FieldErrors errors) {
        int i = 0;
        for (JsonNode var : env) {
            String at = path + "[" + i++ + "]";
            String name = var.path("name").asText("");
            if (name.isEmpty()) {
                errors.required(at + ".name", "");
            } else if (!ENV_NAME.matcher(name).matches()) {
                errors.invalidString(at + ".name", name, Formats.regexError("a valid environment variable name must consist of "
                                + "alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
                        ENV_NAME.pattern(), "my.env-name", "MY_ENV.NAME", "MyEnvName1"));
            }
        }
    }

    private static void validateMounts(JsonNode mounts, String path, Set<String> volumes, FieldErrors errors) {
        Set<String> paths = new HashSet<>();
        int i = 0;
        for (JsonNode mount : mounts) {
            String at = path + "[" + i++ + "]";
            String name = mount.path("name").asText("");
            if (name.isEmpty()) {
                errors.required(at + ".name", "");
            } else if (!volumes.contains(name)) {
                errors.notFound(at + ".name", GoValues.quote(name));
            }
            String mountPath = mount.path("mountPath").asText("");
            if (mountPath.isEmpty()) {
                errors.required(at + ".mountPath", "");
            } else if (!paths.add(mountPath)) {
                errors.invalidString(at + ".mountPath", mountPath, "must be unique");
            }
        }
    }

    /** Labels and annotations of a pod template (its name is not checked). */
    static void validateTemplate(JsonNode template, String path, FieldErrors errors) {
        ObjectMetaRules.labels(template.path("metadata").path("labels"), path + ".metadata.labels", errors);
        ObjectMetaRules.annotations(template.path("metadata").path("annotations"), path + ".metadata.annotations", errors);
        validate(template.path("spec"), path + ".spec", errors);
    }

    /** Defaults the spec of the template at {@code owner.template} when there is one. */
    static void templateDefaults(ObjectNode owner) {
        if (owner.get("template") instanceof ObjectNode template) {
            defaults(Json.object(template, "spec"));
        }
    }

    // ---- helpers ----

    static void putIfAbsent(ObjectNode node, String field, String value) {
        if (!node.hasNonNull(field) || node.get(field).asText().isEmpty()) {
            node.put(field, value);
        }
    }

    static void putIfAbsent(ObjectNode node, String field, int value) {
        if (!node.hasNonNull(field)) {
            node.put(field, value);
        }
    }

    /** Whether a label selector (matchLabels and matchExpressions) selects these labels. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        for (Iterator<Map.Entry<String, JsonNode>> it = selector.path("matchLabels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            Set<String> values = new HashSet<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            boolean has = labels.has(key);
            boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> has && values.contains(labels.get(key).asText());
                case "NotIn" -> !has || !values.contains(labels.get(key).asText());
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean isEmptySelector(JsonNode selector) {
        return selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty();
    }

    static ArrayNode array(ObjectNode node, String field) {
        return node.get(field) instanceof ArrayNode a ? a : node.putArray(field);
    }
}
