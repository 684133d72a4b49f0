package io.kuberaf.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.ApiException.Cause;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CustomResourceDefinition document (apiextensions.k8s.io/v1) read the way kube-apiserver reads it:
 * its validation ({@link #validate}) and the one conversion to the kinds it serves ({@link #servedKinds}),
 * used for stored CRD objects and vendor bundles' definitions alike.
 */
public final class CrdDefinitions {

    public static final String GROUP = "apiextensions.k8s.io";
    public static final String KIND = "CustomResourceDefinition";
    public static final String PLURAL = "customresourcedefinitions";

    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final String LABEL_MESSAGE = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
            + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
            + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private static final Pattern KUBE_VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");
    private static final Set<String> COLUMN_TYPES = Set.of("integer", "number", "string", "boolean", "date");
    private static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

    private CrdDefinitions() {
    }

    /** The ResourceType of CustomResourceDefinition objects themselves. */
    public static ResourceType crdType() {
        return new ResourceType(GROUP, "v1", KIND, PLURAL, "customresourcedefinition", false, List.of("crd", "crds"),
                ResourceType.ALL_VERBS, List.of(), List.of(new ResourceType.Subresource("status", GROUP, "v1", KIND,
                SUBRESOURCE_VERBS)));
    }

    // ---- the served kinds ----

    /** The served versions of a valid definition, highest priority first (the preferred version first). */
    public static List<CustomKind> servedKinds(ObjectNode crd) {
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asText();
        JsonNode names = spec.path("names");
        String kind = names.path("kind").asText();
        String plural = names.path("plural").asText();
        String singular = names.path("singular").asText(kind.toLowerCase());
        boolean namespaced = !"Cluster".equals(spec.path("scope").asText());
        String storage = storageVersion(crd);
        List<CustomKind> kinds = new ArrayList<>();
        for (JsonNode version : versionsByPriority(spec)) {
            if (!version.path("served").asBoolean(true)) {
                continue;
            }
            String name = version.path("name").asText();
            JsonNode subresources = version.path("subresources");
            List<ResourceType.Subresource> subs = new ArrayList<>();
            if (subresources.has("status")) {
                subs.add(new ResourceType.Subresource("status", group, name, kind, SUBRESOURCE_VERBS));
            }
            CustomKind.ScalePaths scale = null;
            if (subresources.has("scale")) {
                JsonNode s = subresources.get("scale");
                scale = new CustomKind.ScalePaths(s.path("specReplicasPath").asText(), s.path("statusReplicasPath").asText(),
                        s.hasNonNull("labelSelectorPath") ? s.get("labelSelectorPath").asText() : null);
                subs.add(new ResourceType.Subresource("scale", "autoscaling", "v1", "Scale", SUBRESOURCE_VERBS));
            }
            ResourceType type = new ResourceType(group, name, kind, plural, singular, namespaced, strings(names.path("shortNames")),
                    ResourceType.ALL_VERBS, strings(names.path("categories")), subs);
            JsonNode schema = version.path("schema").get("openAPIV3Schema");
            kinds.add(new CustomKind(type, crd.path("metadata").path("name").asText(), storage,
                    schema instanceof ObjectNode o ? o : null, columns(version.path("additionalPrinterColumns")), scale));
        }
        return kinds;
    }

    static String storageVersion(JsonNode crd) {
        for (JsonNode version : crd.path("spec").path("versions")) {
            if (version.path("storage").asBoolean()) {
                return version.path("name").asText();
            }
        }
        return null;
    }

    private static List<CustomKind.PrinterColumn> columns(JsonNode columns) {
        List<CustomKind.PrinterColumn> list = new ArrayList<>();
        for (JsonNode c : columns) {
            String jsonPath = c.path("jsonPath").asText();
            list.add(new CustomKind.PrinterColumn(c.path("name").asText(), c.path("type").asText("string"),
                    c.path("format").asText(""), c.path("description").asText(
                    "Custom resource definition column (in JSONPath format): " + jsonPath), c.path("priority").asInt(0), jsonPath));
        }
        if (list.isEmpty()) {
            list.add(new CustomKind.PrinterColumn("Age", "date", "", "CreationTimestamp is a timestamp representing the "
                    + "server time when this object was created.", 0, ".metadata.creationTimestamp"));
        }
        return list;
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(v -> list.add(v.asText()));
        return list;
    }

    /** Kubernetes' version priority: GA before beta before alpha, higher numbers first, other names last by name. */
    static List<JsonNode> versionsByPriority(JsonNode spec) {
        List<JsonNode> versions = new ArrayList<>();
        spec.path("versions").forEach(versions::add);
        versions.sort(Comparator.comparing((JsonNode v) -> v.path("name").asText(), CrdDefinitions::compareVersions));
        return versions;
    }

    /** Kubernetes' version priority order: v2, v1, v1beta2, v1beta1, v1alpha1, then other names alphabetically. */
    public static int compareVersions(String a, String b) {
        Matcher ma = KUBE_VERSION.matcher(a);
        Matcher mb = KUBE_VERSION.matcher(b);
        boolean ka = ma.matches();
        boolean kb = mb.matches();
        if (!ka || !kb) {
            return ka ? -1 : kb ? 1 : a.compareTo(b);
        }
        int stability = Integer.compare(stability(mb.group(2)), stability(ma.group(2)));
        if (stability != 0) {
            return stability;
        }
        int major = Integer.compare(Integer.parseInt(mb.group(1)), Integer.parseInt(ma.group(1)));
        if (major != 0 || ma.group(3) == null) {
            return major;
        }
        return Integer.compare(Integer.parseInt(mb.group(3)), Integer.parseInt(ma.group(3)));
    }

    private static int stability(String level) {
        return level == null ? 2 : level.equals("beta") ? 1 : 0;
    }

    // ---- validation ----

    /** Defaults the names (singular, listKind) and conversion as kube-apiserver does before it validates. */
    public static void applyDefaults(ObjectNode crd) {
        if (!(crd.get("spec") instanceof ObjectNode spec)) {
            return;
        }
        if (spec.get("names") instanceof ObjectNode names && names.hasNonNull("kind")) {
            if (!names.hasNonNull("singular") || names.get("singular").asText().isEmpty()) {
                names.put("singular", names.get("kind").asText().toLowerCase());
            }
            if (!names.hasNonNull("listKind") || names.get("listKind").asText().isEmpty()) {
                names.put("listKind", names.get("kind").asText() + "List");
            }
        }
        if (!spec.has("conversion")) {
            spec.putObject("conversion").put("strategy", "None");
        }
    }

    /** What is wrong with a definition, each cause naming its field; empty when it is valid. */
    public static List<Cause> validate(ObjectNode crd) {
        List<Cause> causes = new ArrayList<>();
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asText("");
        String plural = spec.path("names").path("plural").asText("");
        if (group.isEmpty()) {
            causes.add(required("spec.group"));
        } else if (!group.contains(".") || !DNS1123_SUBDOMAIN.matcher(group).matches()) {
            causes.add(invalid("spec.group", group, "should be a domain with at least one dot"));
        }
        names(spec.path("names"), causes);
        String name = crd.path("metadata").path("name").asText("");
        if (!name.equals(plural + "." + group)) {
            causes.add(invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }
        String scope = spec.path("scope").asText("");
        if (scope.isEmpty()) {
            causes.add(required("spec.scope"));
        } else if (!scope.equals("Cluster") && !scope.equals("Namespaced")) {
            causes.add(new Cause("FieldValueNotSupported", "Unsupported value: \"" + scope
                    + "\": supported values: \"Cluster\", \"Namespaced\"", "spec.scope"));
        }
        String strategy = spec.path("conversion").path("strategy").asText("None");
        if (!strategy.equals("None")) {
            causes.add(new Cause("FieldValueNotSupported", "Unsupported value: \"" + strategy
                    + "\": supported values: \"None\"", "spec.conversion.strategy"));
        }
        versions(spec.path("versions"), causes);
        return causes;
    }

    private static void names(JsonNode names, List<Cause> causes) {
        label(names, "plural", causes, true);
        label(names, "singular", causes, false);
        if (names.path("kind").asText("").isEmpty()) {
            causes.add(required("spec.names.kind"));
        }
        int i = 0;
        for (JsonNode shortName : names.path("shortNames")) {
            if (!DNS1123_LABEL.matcher(shortName.asText()).matches()) {
                causes.add(invalid("spec.names.shortNames[" + i + "]", shortName.asText(), LABEL_MESSAGE));
            }
            i++;
        }
    }

    private static void label(JsonNode names, String field, List<Cause> causes, boolean required) {
        String value = names.path(field).asText("");
        if (value.isEmpty()) {
            if (required) {
                causes.add(required("spec.names." + field));
            }
        } else if (!DNS1123_LABEL.matcher(value).matches()) {
            causes.add(invalid("spec.names." + field, value, LABEL_MESSAGE));
        }
    }

    private static void versions(JsonNode versions, List<Cause> causes) {
        if (!versions.isArray() || versions.isEmpty()) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: \"null\": must have exactly one version marked as "
                    + "storage version", "spec.versions"));
            return;
        }
        int storage = 0;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < versions.size(); i++) {
            JsonNode version = versions.get(i);
            String path = "spec.versions[" + i + "]";
            String name = version.path("name").asText("");
            if (name.isEmpty()) {
                causes.add(required(path + ".name"));
            } else if (!DNS1123_LABEL.matcher(name).matches()) {
                causes.add(invalid(path + ".name", name, LABEL_MESSAGE));
            } else if (!seen.add(name)) {
                causes.add(new Cause("FieldValueDuplicate", "Duplicate value: \"" + name + "\"", path + ".name"));
            }
            if (version.path("storage").asBoolean()) {
                storage++;
            }
            schema(version.path("schema").get("openAPIV3Schema"), path + ".schema.openAPIV3Schema", causes);
            columns(version.path("additionalPrinterColumns"), path + ".additionalPrinterColumns", causes);
            JsonNode scale = version.path("subresources").get("scale");
            if (scale != null) {
                replicasPath(scale, "specReplicasPath", ".spec.", path, causes);
                replicasPath(scale, "statusReplicasPath", ".status.", path, causes);
            }
        }
        if (storage != 1) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: " + storage
                    + ": must have exactly one version marked as storage version", "spec.versions"));
        }
    }

    private static void replicasPath(JsonNode scale, String field, String prefix, String path, List<Cause> causes) {
        String value = scale.path(field).asText("");
        String fieldPath = path + ".subresources.scale." + field;
        if (value.isEmpty()) {
            causes.add(required(fieldPath));
        } else if (!value.startsWith(prefix)) {
            causes.add(invalid(fieldPath, value, "should be a json path under " + prefix.substring(0, prefix.length() - 1)));
        }
    }

    private static void schema(JsonNode schema, String path, List<Cause> causes) {
        if (schema == null || !schema.isObject()) {
            causes.add(new Cause("FieldValueRequired", "Required value: schemas are required", path));
            return;
        }
        if (!"object".equals(schema.path("type").asText())) {
            causes.add(new Cause(schema.has("type") ? "FieldValueInvalid" : "FieldValueRequired",
                    schema.has("type") ? "Invalid value: \"" + schema.get("type").asText() + "\": must be object at the root"
                            : "Required value: must not be empty at the root", path + ".type"));
        }
        structural(schema, path, causes);
    }

    /** Every property and item schema needs a type unless it preserves unknown fields or is int-or-string. */
    private static void structural(JsonNode schema, String path, List<Cause> causes) {
        schema.path("properties").fields().forEachRemaining(p -> {
            String child = path + ".properties[" + p.getKey() + "]";
            typed(p.getValue(), child, causes);
            structural(p.getValue(), child, causes);
        });
        JsonNode items = schema.get("items");
        if (items != null && items.isObject()) {
            typed(items, path + ".items", causes);
            structural(items, path + ".items", causes);
        }
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null && additional.isObject()) {
            typed(additional, path + ".additionalProperties", causes);
            structural(additional, path + ".additionalProperties", causes);
        }
    }

    private static void typed(JsonNode schema, String path, List<Cause> causes) {
        if (schema.path("type").asText("").isEmpty() && !schema.path("x-kubernetes-int-or-string").asBoolean()
                && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            causes.add(new Cause("FieldValueRequired", "Required value: must not be empty for specified object fields",
                    path + ".type"));
        }
    }

    private static void columns(JsonNode columns, String path, List<Cause> causes) {
        for (int i = 0; i < columns.size(); i++) {
            JsonNode column = columns.get(i);
            String at = path + "[" + i + "]";
            if (column.path("name").asText("").isEmpty()) {
                causes.add(required(at + ".name"));
            }
            String type = column.path("type").asText("");
            if (type.isEmpty()) {
                causes.add(required(at + ".type"));
            } else if (!COLUMN_TYPES.contains(type)) {
                causes.add(new Cause("FieldValueNotSupported", "Unsupported value: \"" + type + "\": supported values: "
                        + "\"boolean\", \"date\", \"integer\", \"number\", \"string\"", at + ".type"));
            }
            if (column.path("jsonPath").asText("").isEmpty()) {
                causes.add(required(at + ".jsonPath"));
            }
        }
    }

    private static Cause required(String field) {
        return new Cause("FieldValueRequired", "Required value", field);
    }

    private static Cause invalid(String field, String value, String detail) {
        return new Cause("FieldValueInvalid", "Invalid value: \"" + value + "\": " + detail, field);
    }
}
