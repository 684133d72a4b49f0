package io.kuberaf.apiserver.protobuf;

import io.kuberaf.apiserver.http.Json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kuberaf.apiserver.http.ApiException;
import io.kubernetes.client.proto.Runtime;

import java.util.Arrays;

/**
 * Request bodies in {@code application/vnd.kubernetes.protobuf}, as kubectl's typed commands send them
 * ({@code kubectl create namespace|deployment|configmap|secret}, {@code run}, {@code expose}), read into
 * the JSON object the rest of the apiserver works with.
 *
 * <p>The wire form: the 4 bytes {@code k8s\0}, then a {@code runtime.Unknown} whose typeMeta names the
 * apiVersion and kind and whose {@code raw} is the object's message.
 */
public final class ProtobufBodies {

    public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

    private static final byte[] MAGIC = {'k', '8', 's', 0};

    private ProtobufBodies() {
    }

    /** Whether a Content-Type (parameters and case aside) is Kubernetes' protobuf. */
    public static boolean isProtobuf(String contentType) {
        return Json.mediaType(contentType).equalsIgnoreCase(MEDIA_TYPE);
    }

    static boolean hasMagic(byte[] body) {
        return body.length >= MAGIC.length && Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * The object in a protobuf body as Kubernetes JSON, with apiVersion and kind. A body that is not
     * Kubernetes protobuf fails with 400; a kind that Kuberaf has no message type for with 415.
     */
    public static ObjectNode decode(byte[] body) {
        if (!hasMagic(body)) {
            throw ApiException.badRequest("the body of the request is not Kubernetes protobuf: it does not start with "
                    + "the bytes \"k8s\\x00\"");
        }
        Runtime.Unknown unknown;
        try {
            unknown = Runtime.Unknown.parseFrom(Arrays.copyOfRange(body, MAGIC.length, body.length));
        } catch (InvalidProtocolBufferException e) {
            throw ApiException.badRequest("the body of the request is not Kubernetes protobuf (runtime.Unknown): " + e.getMessage());
        }
        String apiVersion = unknown.getTypeMeta().getApiVersion();
        String kind = unknown.getTypeMeta().getKind();
        if (!unknown.getContentEncoding().isEmpty()) {
            throw new ApiException(415, "UnsupportedMediaType", "the protobuf body of the request has content encoding \""
                    + unknown.getContentEncoding() + "\"; Kuberaf reads unencoded bodies only");
        }
        Descriptor type = MessageTypes.get().find(apiVersion, kind);
        if (type == null) {
            throw new ApiException(415, "UnsupportedMediaType", "Kuberaf cannot read " + describe(apiVersion, kind)
                    + " in protobuf (application/vnd.kubernetes.protobuf): no message type for it; send it as JSON or YAML");
        }
        DynamicMessage message;
        try {
            message = DynamicMessage.parseFrom(type, unknown.getRaw());
        } catch (InvalidProtocolBufferException e) {
            throw ApiException.badRequest("the protobuf body of the request is not a valid " + type.getFullName() + ": "
                    + e.getMessage());
        }
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        object.put("apiVersion", apiVersion);
        object.put("kind", kind);
        try {
            object.setAll(new ProtoJson(ProtobufBodies::decode).object(message));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("the protobuf body of the request cannot be read: " + e.getMessage());
        }
        return object;
    }

    private static String describe(String apiVersion, String kind) {
        if (apiVersion.isEmpty() && kind.isEmpty()) {
            return "an object without apiVersion and kind";
        }
        return "kind \"" + kind + "\" of apiVersion \"" + apiVersion + "\"";
    }
}
