package io.kuberaf.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A Kubernetes protobuf message as the JSON that the same Go object marshals to. The generic walk:
 * field name = JSON name, repeated fields are arrays, map entries objects, bytes base64; Kubernetes'
 * own wrapper types (Time, MicroTime, Duration, IntOrString, Quantity, RawExtension, FieldsV1, the
 * {@code items} lists) become the scalars or embedded JSON that their Go types marshal to.
 *
 * <p>Go's protobuf marshaller writes every non-pointer field, zero or not, and the wire cannot tell a
 * pointer from a value: zero scalars (0, "", false) are left out as Go's {@code omitempty} leaves
 * them, except for the pointer fields where an explicit zero means something ({@code replicas: 0},
 * {@code runAsUser: 0}, {@code automountServiceAccountToken: false}, ...), which are kept.
 */
final class ProtoJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** Pointer fields (in k8s.io/api's Go types) whose zero value is meaningful and must reach the server. */
    private static final Set<String> KEEP_ZERO = Set.of(
            // ints
            "replicas", "revisionHistoryLimit", "progressDeadlineSeconds", "terminationGracePeriodSeconds",
            "activeDeadlineSeconds", "runAsUser", "runAsGroup", "fsGroup", "defaultMode", "mode", "priority",
            "ttlSecondsAfterFinished", "backoffLimit", "backoffLimitPerIndex", "maxFailedIndexes", "parallelism",
            "completions", "startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit",
            "gracePeriodSeconds", "partition", "expirationSeconds", "minReplicas",
            "stabilizationWindowSeconds", "targetCPUUtilizationPercentage", "averageUtilization",
            // bools
            "automountServiceAccountToken", "enableServiceLinks", "hostUsers", "setHostnameAsFQDN", "shareProcessNamespace",
            "allocateLoadBalancerNodePorts", "runAsNonRoot", "readOnlyRootFilesystem", "allowPrivilegeEscalation",
            "privileged", "immutable", "suspend", "optional", "orphanDependents", "manualSelector", "blockOwnerDeletion",
            "controller", "sendInitialEvents", "ignoreStoreReadErrorWithClusterBreakingPotential");

    /** JSON names that are not the proto field name (apiextensions' JSONSchemaProps). */
    private static final Map<String, String> RENAMED = Map.of("ref", "$ref", "schema", "$schema");

    private final Function<byte[], JsonNode> embedded;

    /** {@code embedded} reads a RawExtension's bytes when they are not JSON (a nested protobuf object). */
    ProtoJson(Function<byte[], JsonNode> embedded) {
        this.embedded = embedded;
    }

    ObjectNode object(Message message) {
        ObjectNode object = NODES.objectNode();
        for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
            FieldDescriptor field = entry.getKey();
            JsonNode value = field.isMapField() ? map(field, (List<?>) entry.getValue())
                    : field.isRepeated() ? array(field, (List<?>) entry.getValue())
                    : single(message.getDescriptorForType(), field, entry.getValue());
            if (value != null) {
                object.set(jsonName(message.getDescriptorForType(), field), value);
            }
        }
        return object;
    }

    private static String jsonName(Descriptor owner, FieldDescriptor field) {
        String name = field.getName();
        if (owner.getName().equals("JSONSchemaProps")) {
            if (name.startsWith("xKubernetes")) {
                return "x-kubernetes" + name.substring("xKubernetes".length()).replaceAll("([A-Z])", "-$1").toLowerCase();
            }
            return RENAMED.getOrDefault(name, name);
        }
        return name;
    }

    private ObjectNode map(FieldDescriptor field, List<?> entries) {
        ObjectNode object = NODES.objectNode();
        FieldDescriptor keyField = field.getMessageType().findFieldByName("key");
        FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
        for (Object item : entries) {
            Message entry = (Message) item;
            JsonNode value = entry.hasField(valueField) || valueField.getJavaType() != FieldDescriptor.JavaType.MESSAGE
                    ? value(valueField, entry.getField(valueField)) : NODES.objectNode();
            object.set(String.valueOf(entry.getField(keyField)), value == null ? NODES.nullNode() : value);
        }
        return object;
    }

    private ArrayNode array(FieldDescriptor field, List<?> items) {
        ArrayNode array = NODES.arrayNode();
        for (Object item : items) {
            JsonNode value = value(field, item);
            array.add(value == null ? NODES.nullNode() : value);
        }
        return array;
    }

    /** A singular field, or null to leave it out. */
    private JsonNode single(Descriptor owner, FieldDescriptor field, Object value) {
        // Status types have no pointer fields among these names (DeploymentStatus.replicas is a value).
        boolean keep = KEEP_ZERO.contains(field.getName()) && !owner.getName().endsWith("Status");
        if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE && isZero(value) && !keep) {
            return null;
        }
        return value(field, value);
    }

    private static boolean isZero(Object value) {
        return value instanceof String s && s.isEmpty()
                || value instanceof Boolean b && !b
                || value instanceof Number n && n.doubleValue() == 0
                || value instanceof ByteString bytes && bytes.isEmpty();
    }

    /** One value of a field; null when a wrapper type holds Go's zero value (a zero Time marshals to null). */
    private JsonNode value(FieldDescriptor field, Object value) {
        return switch (field.getJavaType()) {
            case STRING -> NODES.textNode((String) value);
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case INT -> NODES.numberNode((Integer) value);
            case LONG -> NODES.numberNode((Long) value);
            case FLOAT -> NODES.numberNode((Float) value);
            case DOUBLE -> NODES.numberNode((Double) value);
            case BYTE_STRING -> NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case ENUM -> NODES.textNode(value.toString());
            case MESSAGE -> message((Message) value);
        };
    }

    private JsonNode message(Message message) {
        Descriptor type = message.getDescriptorForType();
        return switch (type.getFullName()) {
            case META + "Time" -> time(message, TIME);
            case META + "MicroTime" -> time(message, MICRO_TIME);
            case META + "Duration" -> NODES.textNode(GoDuration.format(longField(message, "duration")));
            case META + "FieldsV1", "k8s.io.apimachinery.pkg.runtime.RawExtension" -> raw((ByteString) first(message));
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> intOrString(message);
            case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> NODES.textNode((String) first(message));
            case "k8s.io.apimachinery.pkg.api.resource.QuantityValue" -> NODES.textNode((String) first(message));
            default -> type.getFields().size() == 1 && type.getFields().get(0).getName().equals("items")
                    && type.getFields().get(0).isRepeated() && type.getFields().get(0).getJavaType() != FieldDescriptor.JavaType.MESSAGE
                    // ExtraValue, Verbs, ...: Go slices with their own names
                    ? array(type.getFields().get(0), (List<?>) message.getField(type.getFields().get(0)))
                    : object(message);
        };
    }

    private static JsonNode time(Message message, DateTimeFormatter format) {
        long seconds = longField(message, "seconds");
        long nanos = ((Number) message.getField(message.getDescriptorForType().findFieldByName("nanos"))).longValue();
        if (seconds == 0 && nanos == 0) {
            return null;
        }
        return NODES.textNode(format.format(Instant.ofEpochSecond(seconds, nanos)));
    }

    private static JsonNode intOrString(Message message) {
        long type = longField(message, "type");
        if (type == 1) {
            return NODES.textNode(stringField(message, "strVal"));
        }
        int intVal = ((Number) message.getField(message.getDescriptorForType().findFieldByName("intVal"))).intValue();
        return NODES.numberNode(intVal);
    }

    private JsonNode raw(ByteString raw) {
        if (raw.isEmpty()) {
            return null;
        }
        byte[] bytes = raw.toByteArray();
        if (ProtobufBodies.hasMagic(bytes)) {
            return embedded.apply(bytes);
        }
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("an embedded object (RawExtension) is neither JSON nor protobuf: " + e.getMessage());
        }
    }

    private static long longField(Message message, String name) {
        return ((Number) message.getField(message.getDescriptorForType().findFieldByName(name))).longValue();
    }

    private static String stringField(Message message, String name) {
        return (String) message.getField(message.getDescriptorForType().findFieldByName(name));
    }

    /** Field 1 of a one-field wrapper ({@code FieldsV1} names it {@code Raw}, RawExtension {@code raw}). */
    private static Object first(Message message) {
        return message.getField(message.getDescriptorForType().findFieldByNumber(1));
    }
}
