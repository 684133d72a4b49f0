package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.ApiException;
import org.junit.jupiter.api.Test;

import static io.kuberaf.apiserver.admission.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OtherKindsTest {

    private final BuiltinAdmission admission = new BuiltinAdmission();

    @Test
    void configMapKeys() {
        ApiException e = rejectedCreate(admission, type("v1", "ConfigMap"), "{'metadata':{'name':'c'},'data':{'a b':'x','..x':'y'}}");
        assertCause(e, "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' "
                + "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
        assertCause(e, "data[..x]: Invalid value: \"..x\": must not start with '..'");
    }

    @Test
    void immutableConfigMap() {
        ResourceType configMaps = type("v1", "ConfigMap");
        ObjectNode old = created(admission, configMaps, "{'metadata':{'name':'c'},'immutable':true,'data':{'a':'1'}}");
        ObjectNode desired = old.deepCopy();
        ((ObjectNode) desired.path("data")).put("a", "2");
        assertOnlyCause(rejected(() -> admission.admitUpdate(configMaps, desired, old)),
                "data: Forbidden: field is immutable when `immutable` is set");
    }

    @Test
    void secretDefaultsAndStringData() {
        ObjectNode secret = created(admission, type("v1", "Secret"), "{'metadata':{'name':'s'},'stringData':{'password':'hunter2'}}");
        assertEquals("Opaque", secret.path("type").asText());
        assertEquals("aHVudGVyMg==", secret.path("data").path("password").asText());
        assertFalse(secret.has("stringData"));
    }

    @Test
    void secretDataMustBeBase64() {
        ApiException e = assertThrows(ApiException.class, () -> admission.admitCreate(type("v1", "Secret"),
                object(type("v1", "Secret"), "{'metadata':{'name':'s'},'data':{'k':'not base64!'}}")));
        assertEquals(400, e.code());
        assertEquals("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 3", e.getMessage());
    }

    @Test
    void secretTypesRequireTheirKeysAndTypeIsImmutable() {
        ResourceType secrets = type("v1", "Secret");
        ApiException e = rejectedCreate(admission, secrets, "{'metadata':{'name':'s'},'type':'kubernetes.io/tls','data':{}}");
        assertCause(e, "data[tls.key]: Required value");
        assertCause(e, "data[tls.crt]: Required value");
        ObjectNode old = created(admission, secrets, "{'metadata':{'name':'s'}}");
        ObjectNode desired = old.deepCopy();
        desired.put("type", "kubernetes.io/basic-auth");
        desired.putObject("data").put("username", "dQ==");
        assertOnlyCause(rejected(() -> admission.admitUpdate(secrets, desired, old)),
                "type: Invalid value: \"kubernetes.io/basic-auth\": field is immutable");
    }

    @Test
    void eventsNeedInvolvedObject() {
        ResourceType events = type("v1", "Event");
        assertOnlyCause(rejectedCreate(admission, events, "{'metadata':{'name':'e'},'reason':'X'}"), "involvedObject: Required value");
        assertOnlyCause(rejectedCreate(admission, events, "{'metadata':{'name':'e'},'involvedObject':{'kind':'Pod','name':'p',"
                + "'namespace':'other'}}"), "involvedObject.namespace: Invalid value: \"other\": does not match event.namespace");
        created(admission, events, "{'metadata':{'name':'e'},'involvedObject':{'kind':'Pod','name':'p','namespace':'default'}}");
        ApiException e = rejectedCreate(admission, type("events.k8s.io/v1", "Event"), "{'metadata':{'name':'e'}}");
        assertCause(e, "reportingController: Required value");
        assertCause(e, "type: Unsupported value: \"\": supported values: \"Normal\", \"Warning\"");
    }

    @Test
    void nodes() {
        ResourceType nodes = type("v1", "Node");
        JsonNode node = created(admission, nodes, "{'metadata':{'name':'n1'},'status':{'capacity':{'cpu':'2'}}}");
        assertEquals("2", node.path("status").path("allocatable").path("cpu").asText());
        ApiException e = rejectedCreate(admission, nodes, "{'metadata':{'name':'n1'},'spec':{'podCIDRs':['10.0.0.0'],"
                + "'taints':[{'key':'k','effect':'Sometimes'}]}}");
        assertCause(e, "spec.podCIDRs[0]: Invalid value: \"10.0.0.0\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
        assertCause(e, "spec.taints[0].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", "
                + "\"PreferNoSchedule\", \"NoExecute\"");
    }

    @Test
    void leases() {
        assertOnlyCause(rejectedCreate(admission, type("coordination.k8s.io/v1", "Lease"),
                "{'metadata':{'name':'l'},'spec':{'leaseDurationSeconds':0}}"),
                "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0");
    }

    @Test
    void persistentVolumes() {
        ResourceType pvs = type("v1", "PersistentVolume");
        ApiException e = rejectedCreate(admission, pvs, "{'metadata':{'name':'pv'},'spec':{}}");
        assertCause(e, "spec.accessModes: Required value");
        assertCause(e, "spec.capacity: Required value");
        assertCause(e, "spec: Required value: must specify a volume type");
        JsonNode pv = created(admission, pvs, "{'metadata':{'name':'pv'},'spec':{'accessModes':['ReadWriteOnce'],"
                + "'capacity':{'storage':'1Gi'},'hostPath':{'path':'/data'}}}");
        assertEquals("Retain", pv.path("spec").path("persistentVolumeReclaimPolicy").asText());
        assertEquals("Filesystem", pv.path("spec").path("volumeMode").asText());
        assertEquals("Pending", pv.path("status").path("phase").asText());
    }

    @Test
    void persistentVolumeClaims() {
        ResourceType pvcs = type("v1", "PersistentVolumeClaim");
        ApiException e = rejectedCreate(admission, pvcs, "{'metadata':{'name':'c'},'spec':{}}");
        assertCause(e, "spec.accessModes: Required value: at least 1 access mode is required");
        assertCause(e, "spec.resources[storage]: Required value");
        ObjectNode old = created(admission, pvcs, "{'metadata':{'name':'c'},'spec':{'accessModes':['ReadWriteOnce'],"
                + "'resources':{'requests':{'storage':'1Gi'}}}}");
        assertEquals("Filesystem", old.path("spec").path("volumeMode").asText());
        ObjectNode desired = old.deepCopy();
        ((ObjectNode) desired.path("spec")).putArray("accessModes").add("ReadWriteMany");
        assertOnlyCause(rejected(() -> admission.admitUpdate(pvcs, desired, old)), "spec: Forbidden: spec is immutable after "
                + "creation except resources.requests and volumeAttributesClassName for bound claims");
    }

    @Test
    void rbacRules() {
        ApiException e = rejectedCreate(admission, type("rbac.authorization.k8s.io/v1", "Role"),
                "{'metadata':{'name':'r'},'rules':[{'resources':['pods']},{'verbs':['get'],'nonResourceURLs':['/healthz']}]}");
        assertCause(e, "rules[0].verbs: Required value: verbs must contain at least one value");
        assertCause(e, "rules[0].apiGroups: Required value: resource rules must supply at least one api group");
        assertCause(e, "rules[1].nonResourceURLs: Invalid value: []string{\"/healthz\"}: namespaced rules cannot apply to non-resource URLs");
        assertEquals(3, causes(e).size());
        created(admission, type("rbac.authorization.k8s.io/v1", "ClusterRole"),
                "{'metadata':{'name':'r'},'rules':[{'verbs':['get'],'nonResourceURLs':['/healthz']}]}");
    }

    @Test
    void rbacBindings() {
        ResourceType bindings = type("rbac.authorization.k8s.io/v1", "RoleBinding");
        ApiException e = rejectedCreate(admission, bindings, "{'metadata':{'name':'b'},'roleRef':{'kind':'Thing'},"
                + "'subjects':[{'kind':'Robot','name':'x'}]}");
        assertCause(e, "roleRef.apiGroup: Unsupported value: \"\": supported values: \"rbac.authorization.k8s.io\"");
        assertCause(e, "roleRef.kind: Unsupported value: \"Thing\": supported values: \"Role\", \"ClusterRole\"");
        assertCause(e, "roleRef.name: Required value");
        assertCause(e, "subjects[0].kind: Unsupported value: \"Robot\": supported values: \"ServiceAccount\", \"User\", \"Group\"");
        ObjectNode old = created(admission, bindings, "{'metadata':{'name':'b'},'roleRef':{'apiGroup':'rbac.authorization.k8s.io',"
                + "'kind':'Role','name':'r'},'subjects':[{'kind':'ServiceAccount','name':'default'}]}");
        ObjectNode desired = old.deepCopy();
        ((ObjectNode) desired.path("roleRef")).put("name", "other");
        assertOnlyCause(rejected(() -> admission.admitUpdate(bindings, desired, old)), "roleRef: Invalid value: "
                + "rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"Role\", Name:\"other\"}: cannot change roleRef");
    }

    @Test
    void namespacesStillDefaulted() {
        JsonNode ns = created(admission, type("v1", "Namespace"), "{'metadata':{'name':'team-a'}}");
        assertEquals("Active", ns.path("status").path("phase").asText());
        assertEquals("team-a", ns.path("metadata").path("labels").path("kubernetes.io/metadata.name").asText());
    }
}
