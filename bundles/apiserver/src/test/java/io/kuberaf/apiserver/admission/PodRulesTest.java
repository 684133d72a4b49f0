package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.ApiException;
import org.junit.jupiter.api.Test;

import static io.kuberaf.apiserver.admission.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PodRulesTest {

    private final BuiltinAdmission admission = new BuiltinAdmission();
    private final ResourceType pods = type("v1", "Pod");

    private ObjectNode pod(String containers) {
        return created(admission, pods, "{'metadata':{'name':'p'},'spec':{'containers':" + containers + "}}");
    }

    @Test
    void specDefaults() {
        JsonNode spec = pod("[{'name':'c','image':'nginx'}]").path("spec");
        assertEquals("Always", spec.path("restartPolicy").asText());
        assertEquals("ClusterFirst", spec.path("dnsPolicy").asText());
        assertEquals("default-scheduler", spec.path("schedulerName").asText());
        assertEquals(30, spec.path("terminationGracePeriodSeconds").asInt());
        assertTrue(spec.path("securityContext").isObject() && spec.path("securityContext").isEmpty());
        assertEquals("default", spec.path("serviceAccountName").asText());
        assertEquals("default", spec.path("serviceAccount").asText());
        assertTrue(spec.path("enableServiceLinks").asBoolean());
        assertEquals(0, spec.path("priority").asInt());
        assertEquals("PreemptLowerPriority", spec.path("preemptionPolicy").asText());
        assertEquals(2, spec.path("tolerations").size());
        assertEquals(300, spec.path("tolerations").get(0).path("tolerationSeconds").asInt());
    }

    @Test
    void containerDefaults() {
        JsonNode c = pod("[{'name':'c','image':'nginx','ports':[{'containerPort':80}]}]").path("spec").path("containers").get(0);
        assertEquals("/dev/termination-log", c.path("terminationMessagePath").asText());
        assertEquals("File", c.path("terminationMessagePolicy").asText());
        assertEquals("TCP", c.path("ports").get(0).path("protocol").asText());
        assertTrue(c.path("resources").isObject());
    }

    @Test
    void imagePullPolicyFollowsTheTag() {
        assertEquals("Always", pullPolicy("nginx"));
        assertEquals("Always", pullPolicy("nginx:latest"));
        assertEquals("Always", pullPolicy("registry:5000/nginx"));
        assertEquals("IfNotPresent", pullPolicy("registry:5000/nginx:1.25"));
        assertEquals("IfNotPresent", pullPolicy("mysql:5.6"));
        assertEquals("IfNotPresent", pullPolicy("nginx@sha256:abcd"));
        assertEquals("Never", pod("[{'name':'c','image':'nginx','imagePullPolicy':'Never'}]")
                .path("spec").path("containers").get(0).path("imagePullPolicy").asText());
    }

    private String pullPolicy(String image) {
        return pod("[{'name':'c','image':'" + image + "'}]").path("spec").path("containers").get(0).path("imagePullPolicy").asText();
    }

    @Test
    void statusOnCreate() {
        assertEquals("Pending", pod("[{'name':'c','image':'nginx'}]").path("status").path("phase").asText());
        assertEquals("BestEffort", pod("[{'name':'c','image':'nginx'}]").path("status").path("qosClass").asText());
        assertEquals("Burstable", pod("[{'name':'c','image':'nginx','resources':{'requests':{'cpu':'100m'}}}]")
                .path("status").path("qosClass").asText());
        ObjectNode guaranteed = pod("[{'name':'c','image':'nginx','resources':{'limits':{'cpu':'1','memory':'1Gi'}}}]");
        assertEquals("Guaranteed", guaranteed.path("status").path("qosClass").asText());
        assertEquals("1Gi", guaranteed.path("spec").path("containers").get(0).path("resources").path("requests").path("memory").asText());
        assertEquals("Guaranteed", pod("[{'name':'c','image':'nginx','resources':{'limits':{'cpu':'1','memory':'1Gi'},"
                + "'requests':{'cpu':'1000m','memory':'1024Mi'}}}]").path("status").path("qosClass").asText());
    }

    @Test
    void volumesDefaultToEmptyDirAndModes() {
        JsonNode volumes = created(admission, pods, "{'metadata':{'name':'p'},'spec':{'containers':[{'name':'c','image':'i'}],"
                + "'volumes':[{'name':'a'},{'name':'b','secret':{'secretName':'s'}}]}}").path("spec").path("volumes");
        assertTrue(volumes.get(0).path("emptyDir").isObject());
        assertEquals(420, volumes.get(1).path("secret").path("defaultMode").asInt());
    }

    @Test
    void containersRequired() {
        assertOnlyCause(rejectedCreate(admission, pods, "{'metadata':{'name':'p'},'spec':{}}"), "spec.containers: Required value");
    }

    @Test
    void containerNameAndImageRequired() {
        ApiException e = rejectedCreate(admission, pods, "{'metadata':{'name':'p'},'spec':{'containers':[{}]}}");
        assertCause(e, "spec.containers[0].name: Required value");
        assertCause(e, "spec.containers[0].image: Required value");
        assertEquals(2, causes(e).size());
    }

    @Test
    void containerNamesUnique() {
        assertOnlyCause(rejectedCreate(admission, pods, "{'metadata':{'name':'p'},'spec':{'containers':[{'name':'a','image':'i'},"
                + "{'name':'a','image':'i'}]}}"), "spec.containers[1].name: Duplicate value: \"a\"");
        assertOnlyCause(rejectedCreate(admission, pods, "{'metadata':{'name':'p'},'spec':{'initContainers':[{'name':'a','image':'i'}],"
                + "'containers':[{'name':'a','image':'i'}]}}"), "spec.containers[0].name: Duplicate value: \"a\"");
    }

    @Test
    void portRanges() {
        ApiException e = rejectedCreate(admission, pods, "{'metadata':{'name':'p'},'spec':{'containers':[{'name':'a','image':'i',"
                + "'ports':[{'containerPort':70000},{'containerPort':0},{'containerPort':80,'hostPort':-1,'protocol':'ICMP'}]}]}}");
        assertCause(e, "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive");
        assertCause(e, "spec.containers[0].ports[1].containerPort: Required value");
        assertCause(e, "spec.containers[0].ports[2].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive");
        assertCause(e, "spec.containers[0].ports[2].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
        assertEquals(4, causes(e).size());
    }

    @Test
    void restartPolicyValues() {
        assertOnlyCause(rejectedCreate(admission, pods, "{'metadata':{'name':'p'},'spec':{'restartPolicy':'Sometimes',"
                        + "'containers':[{'name':'a','image':'i'}]}}"),
                "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"");
    }

    @Test
    void volumesUniqueAndMountsMustReferToThem() {
        ApiException e = rejectedCreate(admission, pods, "{'metadata':{'name':'p'},'spec':{'volumes':[{'name':'data','emptyDir':{}},"
                + "{'name':'data','emptyDir':{}}],'containers':[{'name':'a','image':'i','volumeMounts':[{'name':'data','mountPath':'/d'},"
                + "{'name':'logs','mountPath':'/l'},{'name':'data'}]}]}}");
        assertCause(e, "spec.volumes[1].name: Duplicate value: \"data\"");
        assertCause(e, "spec.containers[0].volumeMounts[1].name: Not found: \"logs\"");
        assertCause(e, "spec.containers[0].volumeMounts[2].mountPath: Required value");
        assertEquals(3, causes(e).size());
    }

    @Test
    void oneVolumeSourceOnly() {
        assertOnlyCause(rejectedCreate(admission, pods, "{'metadata':{'name':'p'},'spec':{'volumes':[{'name':'v','emptyDir':{},"
                + "'hostPath':{'path':'/x'}}],'containers':[{'name':'a','image':'i'}]}}"),
                "spec.volumes[0].emptyDir: Forbidden: may not specify more than 1 volume type");
    }

    @Test
    void envNames() {
        assertOnlyCause(rejectedCreate(admission, pods, "{'metadata':{'name':'p'},'spec':{'containers':[{'name':'a','image':'i',"
                + "'env':[{'name':'1X'}]}]}}"), "spec.containers[0].env[0].name: Invalid value: \"1X\": a valid environment variable "
                + "name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. "
                + "'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')");
    }

    @Test
    void imageMayChange() {
        ObjectNode old = pod("[{'name':'c','image':'nginx:1'}]");
        ObjectNode desired = old.deepCopy();
        ((ObjectNode) desired.path("spec").path("containers").get(0)).put("image", "nginx:2");
        ((ObjectNode) desired.path("spec")).put("activeDeadlineSeconds", 60);
        updated(admission, pods, old, desired);
        assertEquals("nginx:2", desired.path("spec").path("containers").get(0).path("image").asText());
    }

    @Test
    void tolerationsMayBeAdded() {
        ObjectNode old = pod("[{'name':'c','image':'nginx:1'}]");
        ObjectNode desired = old.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) desired.path("spec").path("tolerations")).addObject().put("key", "k")
                .put("operator", "Exists");
        updated(admission, pods, old, desired);
        ObjectNode removed = old.deepCopy();
        ((ObjectNode) removed.path("spec")).putArray("tolerations");
        assertOnlyCause(rejected(() -> admission.admitUpdate(pods, removed, old)), "spec: Forbidden: " + PodRules.IMMUTABLE_SPEC);
    }

    @Test
    void otherSpecFieldsAreImmutable() {
        ObjectNode old = pod("[{'name':'c','image':'nginx:1','ports':[{'containerPort':80}]}]");
        ObjectNode desired = old.deepCopy();
        ((ObjectNode) desired.path("spec").path("containers").get(0).path("ports").get(0)).put("containerPort", 81);
        ApiException e = rejected(() -> admission.admitUpdate(pods, desired, old));
        assertOnlyCause(e, "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
                + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing "
                + "tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)");
    }

    @Test
    void bindingSetsNodeNameOnce() {
        ObjectNode old = pod("[{'name':'c','image':'nginx:1'}]");
        ObjectNode bound = old.deepCopy();
        ((ObjectNode) bound.path("spec")).put("nodeName", "node-1");
        updated(admission, pods, old, bound);
        ObjectNode moved = bound.deepCopy();
        ((ObjectNode) moved.path("spec")).put("nodeName", "node-2");
        rejected(() -> admission.admitUpdate(pods, moved, bound));
    }

    @Test
    void putWithoutAdmissionFieldsKeepsThem() {
        ObjectNode old = pod("[{'name':'c','image':'nginx:1'}]");
        ObjectNode desired = object(pods, "{'metadata':{'name':'p'},'spec':{'containers':[{'name':'c','image':'nginx:2'}]}}");
        updated(admission, pods, old, desired);
        assertEquals("default", desired.path("spec").path("serviceAccountName").asText());
        assertFalse(desired.path("spec").path("tolerations").isEmpty());
    }
}
