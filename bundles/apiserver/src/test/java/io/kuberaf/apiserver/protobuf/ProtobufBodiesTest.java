package io.kuberaf.apiserver.protobuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.kuberaf.apiserver.http.ApiException;
import io.kubernetes.client.proto.IntStr.IntOrString;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource.Quantity;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtobufBodiesTest {

    /** What kubectl sends: "k8s\0" and a runtime.Unknown around the object's message. */
    private static byte[] encode(String apiVersion, String kind, MessageLite object) {
        Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(object.toByteString())
                .setContentEncoding("")
                .setContentType("")
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'k', '8', 's', 0});
        out.writeBytes(unknown.toByteArray());
        return out.toByteArray();
    }

    private static Meta.ObjectMeta.Builder meta(String name) {
        // Go writes every non-pointer field: empty strings and a zero creationTimestamp included.
        return Meta.ObjectMeta.newBuilder().setName(name).setNamespace("").setGenerateName("")
                .setCreationTimestamp(Meta.Time.newBuilder());
    }

    @Test
    void namespace() {
        ObjectNode json = ProtobufBodies.decode(encode("v1", "Namespace", V1.Namespace.newBuilder()
                .setMetadata(meta("demo"))
                .setSpec(V1.NamespaceSpec.newBuilder())
                .setStatus(V1.NamespaceStatus.newBuilder().setPhase(""))
                .build()));
        assertEquals("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"demo\"},\"spec\":{},\"status\":{}}",
                json.toString());
    }

    @Test
    void deploymentWithIntOrStringAndQuantities() {
        V1.Container container = V1.Container.newBuilder().setName("nginx").setImage("nginx:latest")
                .setResources(V1.ResourceRequirements.newBuilder()
                        .putLimits("memory", Quantity.newBuilder().setString("128Mi").build())
                        .putRequests("cpu", Quantity.newBuilder().setString("100m").build()))
                .addPorts(V1.ContainerPort.newBuilder().setContainerPort(80).setHostPort(0).setProtocol("TCP"))
                .setStdin(false)
                .build();
        V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder()
                .setMetadata(meta("nginx").putLabels("app", "nginx"))
                .setSpec(V1Apps.DeploymentSpec.newBuilder()
                        .setReplicas(0)
                        .setMinReadySeconds(0)
                        .setPaused(false)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "nginx"))
                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType("RollingUpdate")
                                .setRollingUpdate(V1Apps.RollingUpdateDeployment.newBuilder()
                                        .setMaxSurge(IntOrString.newBuilder().setType(1).setStrVal("25%"))
                                        .setMaxUnavailable(IntOrString.newBuilder().setType(0).setIntVal(0))))
                        .setTemplate(V1.PodTemplateSpec.newBuilder()
                                .setMetadata(meta("").putLabels("app", "nginx"))
                                .setSpec(V1.PodSpec.newBuilder().addContainers(container))))
                .setStatus(V1Apps.DeploymentStatus.newBuilder().setReplicas(0).setObservedGeneration(0))
                .build();
        ObjectNode json = ProtobufBodies.decode(encode("apps/v1", "Deployment", deployment));
        assertEquals("apps/v1", json.path("apiVersion").asText());
        assertEquals("Deployment", json.path("kind").asText());
        ObjectNode spec = (ObjectNode) json.path("spec");
        assertTrue(spec.path("replicas").isInt(), "an explicit replicas: 0 is kept");
        assertEquals(0, spec.path("replicas").asInt());
        assertFalse(spec.has("minReadySeconds"), "zero value fields are left out as omitempty does");
        assertFalse(spec.has("paused"));
        assertEquals("{}", json.path("status").toString(), "status values are not pointers");
        assertEquals("25%", spec.path("strategy").path("rollingUpdate").path("maxSurge").asText());
        assertTrue(spec.path("strategy").path("rollingUpdate").path("maxUnavailable").isInt());
        assertEquals("{\"app\":\"nginx\"}", spec.path("selector").path("matchLabels").toString());
        assertEquals("{\"labels\":{\"app\":\"nginx\"}}", spec.path("template").path("metadata").toString());
        assertEquals("{\"name\":\"nginx\",\"image\":\"nginx:latest\",\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"}],"
                        + "\"resources\":{\"limits\":{\"memory\":\"128Mi\"},\"requests\":{\"cpu\":\"100m\"}}}",
                spec.path("template").path("spec").path("containers").get(0).toString());
    }

    @Test
    void secretBytesAreBase64() {
        ObjectNode json = ProtobufBodies.decode(encode("v1", "Secret", V1.Secret.newBuilder()
                .setMetadata(meta("s"))
                .putData("p", ByteString.copyFrom("q\u0000\u00ff", StandardCharsets.ISO_8859_1))
                .putStringData("plain", "text")
                .setType("Opaque")
                .build()));
        assertEquals("cQD/", json.path("data").path("p").asText());
        assertEquals("text", json.path("stringData").path("plain").asText());
        assertEquals("Opaque", json.path("type").asText());
    }

    @Test
    void serviceTargetPortNumberOrName() {
        ObjectNode json = ProtobufBodies.decode(encode("v1", "Service", V1.Service.newBuilder()
                .setMetadata(meta("nginx"))
                .setSpec(V1.ServiceSpec.newBuilder()
                        .addPorts(V1.ServicePort.newBuilder().setPort(80).setProtocol("TCP")
                                .setTargetPort(IntOrString.newBuilder().setType(0).setIntVal(8080)).setNodePort(0))
                        .addPorts(V1.ServicePort.newBuilder().setName("web").setPort(443)
                                .setTargetPort(IntOrString.newBuilder().setType(1).setStrVal("https")))
                        .putSelector("app", "nginx"))
                .build()));
        assertEquals("[{\"protocol\":\"TCP\",\"port\":80,\"targetPort\":8080},{\"name\":\"web\",\"port\":443,\"targetPort\":\"https\"}]",
                json.path("spec").path("ports").toString());
    }

    @Test
    void podTimesAndDurations() {
        ObjectNode json = ProtobufBodies.decode(encode("v1", "Pod", V1.Pod.newBuilder()
                .setMetadata(meta("p").setCreationTimestamp(Meta.Time.newBuilder().setSeconds(1_700_000_000L).setNanos(0))
                        .addManagedFields(Meta.ManagedFieldsEntry.newBuilder().setManager("kubectl").setOperation("Update")
                                .setTime(Meta.Time.newBuilder().setSeconds(1_700_000_001L))
                                .setFieldsType("FieldsV1")
                                .setFieldsV1(Meta.FieldsV1.newBuilder().setRaw(ByteString.copyFromUtf8("{\"f:spec\":{}}")))))
                .setSpec(V1.PodSpec.newBuilder()
                        .addContainers(V1.Container.newBuilder().setName("p").setImage("busybox"))
                        .setRestartPolicy("Always")
                        .setTerminationGracePeriodSeconds(0)
                        .setAutomountServiceAccountToken(false))
                .build()));
        assertEquals("2023-11-14T22:13:20Z", json.path("metadata").path("creationTimestamp").asText());
        assertEquals("2023-11-14T22:13:21Z", json.path("metadata").path("managedFields").get(0).path("time").asText());
        assertEquals("{\"f:spec\":{}}", json.path("metadata").path("managedFields").get(0).path("fieldsV1").toString());
        assertEquals(0, json.path("spec").path("terminationGracePeriodSeconds").asInt(-1));
        assertTrue(json.path("spec").path("automountServiceAccountToken").isBoolean());
        assertEquals("busybox", json.path("spec").path("containers").get(0).path("image").asText());
    }

    @Test
    void microTimeDurationAndExtraValues() {
        ObjectNode lease = new ProtoJson(ProtobufBodies::decode).object(Meta.Condition.newBuilder().setType("Ready")
                .setLastTransitionTime(Meta.Time.newBuilder().setSeconds(60).setNanos(500_000_000)).build());
        assertEquals("1970-01-01T00:01:00Z", lease.path("lastTransitionTime").asText());
        assertEquals("0s", GoDuration.format(0));
        assertEquals("1h0m0s", GoDuration.format(3_600_000_000_000L));
        assertEquals("1m30.5s", GoDuration.format(90_500_000_000L));
        assertEquals("250ms", GoDuration.format(250_000_000L));
        assertEquals("1.5µs", GoDuration.format(1_500L));
        assertEquals("-2s", GoDuration.format(-2_000_000_000L));
    }

    @Test
    void embeddedObjectsAreJsonOrProtobuf() {
        byte[] inner = encode("v1", "ConfigMap", V1.ConfigMap.newBuilder().setMetadata(meta("c")).putData("a", "b").build());
        ObjectNode json = new ProtoJson(ProtobufBodies::decode).object(Meta.WatchEvent.newBuilder()
                .setType("ADDED").setObject(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFrom(inner))).build());
        assertEquals("ConfigMap", json.path("object").path("kind").asText());
        assertEquals("b", json.path("object").path("data").path("a").asText());
        ObjectNode fromJson = new ProtoJson(ProtobufBodies::decode).object(Meta.WatchEvent.newBuilder()
                .setType("ADDED").setObject(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFromUtf8("{\"a\":[1]}"))).build());
        assertEquals("{\"type\":\"ADDED\",\"object\":{\"a\":[1]}}", fromJson.toString());
    }

    @Test
    void unknownKindsAndBrokenBodiesFail() {
        ApiException unknownKind = assertThrows(ApiException.class,
                () -> ProtobufBodies.decode(encode("example.com/v1", "Widget", V1.ConfigMap.getDefaultInstance())));
        assertEquals(415, unknownKind.code());
        assertTrue(unknownKind.getMessage().contains("\"Widget\""), unknownKind.getMessage());
        ApiException noMagic = assertThrows(ApiException.class, () -> ProtobufBodies.decode("{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(400, noMagic.code());
        ApiException garbage = assertThrows(ApiException.class,
                () -> ProtobufBodies.decode(new byte[] {'k', '8', 's', 0, (byte) 0xff, (byte) 0xff, 0x01}));
        assertEquals(400, garbage.code());
        byte[] badRaw = encode("v1", "Namespace", Meta.Time.getDefaultInstance());
        Runtime.Unknown broken = Runtime.Unknown.newBuilder().setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1")
                .setKind("Namespace")).setRaw(ByteString.copyFrom(new byte[] {0x0a, 0x7f})).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'k', '8', 's', 0});
        out.writeBytes(broken.toByteArray());
        assertEquals(400, assertThrows(ApiException.class, () -> ProtobufBodies.decode(out.toByteArray())).code());
        assertEquals("Namespace", ProtobufBodies.decode(badRaw).path("kind").asText());
    }

    @Test
    void mediaType() {
        assertTrue(ProtobufBodies.isProtobuf("application/vnd.kubernetes.protobuf"));
        assertTrue(ProtobufBodies.isProtobuf("Application/VND.kubernetes.protobuf; charset=utf-8"));
        assertFalse(ProtobufBodies.isProtobuf("application/json"));
        assertFalse(ProtobufBodies.isProtobuf(null));
    }
}
