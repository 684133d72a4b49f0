package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.ApiException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kuberaf.apiserver.admission.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceRulesTest {

    private final BuiltinAdmission admission = new BuiltinAdmission();
    private final ResourceType services = type("v1", "Service");

    private ObjectNode service(String name, String spec) {
        return created(admission, services, "{'metadata':{'name':'" + name + "'},'spec':" + spec + "}");
    }

    @Test
    void defaults() {
        JsonNode spec = service("web", "{'ports':[{'port':80}],'selector':{'app':'web'}}").path("spec");
        assertEquals("ClusterIP", spec.path("type").asText());
        assertEquals("None", spec.path("sessionAffinity").asText());
        assertEquals("TCP", spec.path("ports").get(0).path("protocol").asText());
        assertEquals(80, spec.path("ports").get(0).path("targetPort").asInt());
        assertEquals("SingleStack", spec.path("ipFamilyPolicy").asText());
        assertEquals("[\"IPv4\"]", spec.path("ipFamilies").toString());
        assertEquals("Cluster", spec.path("internalTrafficPolicy").asText());
        assertFalse(spec.has("externalTrafficPolicy"));
        String ip = spec.path("clusterIP").asText();
        assertEquals(List.of(ip), List.of(spec.path("clusterIPs").get(0).asText()));
        long address = ClusterIpAllocator.parse(ip);
        assertTrue(address > ClusterIpAllocator.parse("10.96.0.1") && address < ClusterIpAllocator.parse("10.111.255.255"), ip);
        JsonNode named = service("named", "{'ports':[{'port':80,'targetPort':'http'}]}").path("spec");
        assertEquals("http", named.path("ports").get(0).path("targetPort").asText());
    }

    @Test
    void clientIpAffinityTimeout() {
        assertEquals(10800, service("web", "{'sessionAffinity':'ClientIP','ports':[{'port':80}]}").path("spec")
                .path("sessionAffinityConfig").path("clientIP").path("timeoutSeconds").asInt());
    }

    @Test
    void portNamesRequiredWhenMoreThanOne() {
        ApiException e = rejectedCreate(admission, services, "{'metadata':{'name':'web'},'spec':{'ports':[{'port':80},{'port':443}]}}");
        assertCause(e, "spec.ports[0].name: Required value");
        assertCause(e, "spec.ports[1].name: Required value");
        assertEquals(2, causes(e).size());
        assertOnlyCause(rejectedCreate(admission, services, "{'metadata':{'name':'web'},'spec':{'ports':[{'name':'a','port':80},"
                + "{'name':'a','port':443}]}}"), "spec.ports[1].name: Duplicate value: \"a\"");
    }

    @Test
    void portsRequiredAndValid() {
        assertOnlyCause(rejectedCreate(admission, services, "{'metadata':{'name':'web'},'spec':{}}"), "spec.ports: Required value");
        ApiException e = rejectedCreate(admission, services, "{'metadata':{'name':'web'},'spec':{'type':'Cluster','sessionAffinity':'Sticky',"
                + "'ports':[{'port':0,'protocol':'HTTP','targetPort':70000}]}}");
        assertCause(e, "spec.type: Unsupported value: \"Cluster\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"");
        assertCause(e, "spec.sessionAffinity: Unsupported value: \"Sticky\": supported values: \"ClientIP\", \"None\"");
        assertCause(e, "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive");
        assertCause(e, "spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
        assertCause(e, "spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive");
    }

    @Test
    void nodePortNotForClusterIp() {
        assertOnlyCause(rejectedCreate(admission, services, "{'metadata':{'name':'web'},'spec':{'ports':[{'port':80,'nodePort':30080}]}}"),
                "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
    }

    @Test
    void headless() {
        JsonNode spec = service("db", "{'clusterIP':'None','selector':{'app':'db'},'ports':[{'port':5432}]}").path("spec");
        assertEquals("None", spec.path("clusterIP").asText());
        assertEquals("[\"None\"]", spec.path("clusterIPs").toString());
        assertEquals("SingleStack", spec.path("ipFamilyPolicy").asText());
        JsonNode noSelector = service("ext", "{'clusterIP':'None'}").path("spec");
        assertEquals("RequireDualStack", noSelector.path("ipFamilyPolicy").asText());
        assertEquals("[\"IPv4\"]", noSelector.path("ipFamilies").toString());
        assertOnlyCause(rejectedCreate(admission, services, "{'metadata':{'name':'np'},'spec':{'type':'NodePort','clusterIP':'None',"
                + "'ports':[{'port':80}]}}"), "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services");
    }

    @Test
    void externalName() {
        JsonNode spec = service("ext", "{'type':'ExternalName','externalName':'db.example.com'}").path("spec");
        assertFalse(spec.has("clusterIP"));
        assertFalse(spec.has("ipFamilies"));
        assertOnlyCause(rejectedCreate(admission, services, "{'metadata':{'name':'ext'},'spec':{'type':'ExternalName'}}"),
                "spec.externalName: Required value");
    }

    @Test
    void explicitClusterIpHonouredThenRejected() {
        assertEquals("10.96.0.50", service("a", "{'clusterIP':'10.96.0.50','ports':[{'port':80}]}").path("spec").path("clusterIP").asText());
        ApiException e = rejectedCreate(admission, services, "{'metadata':{'name':'b'},'spec':{'clusterIP':'10.96.0.50','ports':[{'port':80}]}}");
        assertOnlyCause(e, "spec.clusterIPs: Invalid value: []string{\"10.96.0.50\"}: failed to allocate IP 10.96.0.50: "
                + "provided IP is already allocated");
        assertEquals("Service \"b\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.50\"}: failed to allocate IP "
                + "10.96.0.50: provided IP is already allocated", e.getMessage());
        assertOnlyCause(rejectedCreate(admission, services, "{'metadata':{'name':'c'},'spec':{'clusterIP':'10.0.0.1','ports':[{'port':80}]}}"),
                "spec.clusterIPs: Invalid value: []string{\"10.0.0.1\"}: failed to allocate IP 10.0.0.1: the provided IP (10.0.0.1) "
                        + "is not in the valid range. The range of valid IPs is 10.96.0.0/12");
        assertOnlyCause(rejectedCreate(admission, services, "{'metadata':{'name':'d'},'spec':{'clusterIP':'10.96.0.1','ports':[{'port':80}]}}"),
                "spec.clusterIPs: Invalid value: []string{\"10.96.0.1\"}: failed to allocate IP 10.96.0.1: provided IP is already allocated");
        assertOnlyCause(rejectedCreate(admission, services, "{'metadata':{'name':'e'},'spec':{'clusterIP':'10.96.0.300','ports':[{'port':80}]}}"),
                "spec.clusterIPs[0]: Invalid value: \"10.96.0.300\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
    }

    @Test
    void firstAddressIsTheKubernetesService() {
        ObjectNode kubernetes = created(admission, services, "{'metadata':{'name':'kubernetes','namespace':'default'},"
                + "'spec':{'ports':[{'name':'https','port':443,'targetPort':6443}]}}");
        assertEquals("10.96.0.1", kubernetes.path("spec").path("clusterIP").asText());
    }

    @Test
    void nodePortsAllocatedHonouredAndRejected() {
        ObjectNode web = service("myweb", "{'type':'NodePort','ports':[{'port':8080,'nodePort':30001}],'selector':{'app':'myweb'}}");
        assertEquals(30001, web.path("spec").path("ports").get(0).path("nodePort").asInt());
        assertEquals("Cluster", web.path("spec").path("externalTrafficPolicy").asText());
        ApiException e = rejectedCreate(admission, services, "{'metadata':{'name':'other'},'spec':{'type':'NodePort',"
                + "'ports':[{'port':8080,'nodePort':30001}]}}");
        assertOnlyCause(e, "spec.ports[0].nodePort: Invalid value: 30001: provided port is already allocated");
        assertEquals("Service \"other\" is invalid: spec.ports[0].nodePort: Invalid value: 30001: provided port is already allocated",
                e.getMessage());
        assertOnlyCause(rejectedCreate(admission, services, "{'metadata':{'name':'low'},'spec':{'type':'NodePort',"
                        + "'ports':[{'port':80,'nodePort':8080}]}}"),
                "spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767");
        JsonNode lb = service("lb", "{'type':'LoadBalancer','ports':[{'name':'a','port':80},{'name':'b','port':81}]}").path("spec");
        int a = lb.path("ports").get(0).path("nodePort").asInt();
        int b = lb.path("ports").get(1).path("nodePort").asInt();
        assertTrue(a >= 30000 && a <= 32767 && b >= 30000 && b <= 32767 && a != b && a != 30001 && b != 30001);
        assertTrue(lb.path("allocateLoadBalancerNodePorts").asBoolean());
    }

    @Test
    void failedCreateGivesBackWhatItTook() {
        service("holder", "{'type':'NodePort','ports':[{'name':'a','port':80,'nodePort':30002}]}");
        rejectedCreate(admission, services, "{'metadata':{'name':'x'},'spec':{'type':'NodePort','clusterIP':'10.96.0.77',"
                + "'ports':[{'name':'a','port':80,'nodePort':30003},{'name':'b','port':81,'nodePort':30002}]}}");
        assertFalse(admission.services().ports().isAllocated(30003));
        assertFalse(admission.services().ips().isAllocated("10.96.0.77"));
    }

    @Test
    void dryRunAndLostWritesGiveBack() {
        ObjectNode dry = object(services, "{'metadata':{'name':'dry'},'spec':{'type':'NodePort','ports':[{'port':80,'nodePort':30005}]}}");
        admission.admitCreate(services, dry);
        assertTrue(admission.services().ports().isAllocated(30005));
        admission.notWritten(services, dry, null);
        assertFalse(admission.services().ports().isAllocated(30005));
        assertFalse(admission.services().ips().isAllocated(dry.path("spec").path("clusterIP").asText()));
    }

    @Test
    void releasedOnDelete() {
        ObjectNode web = service("myweb", "{'type':'NodePort','clusterIP':'10.96.0.9','ports':[{'port':8080,'nodePort':30001}]}");
        admission.deleted(services, web);
        ObjectNode again = service("again", "{'type':'NodePort','clusterIP':'10.96.0.9','ports':[{'port':8080,'nodePort':30001}]}");
        assertEquals(30001, again.path("spec").path("ports").get(0).path("nodePort").asInt());
        // a late release by the deleted service does not free what the new one holds
        admission.deleted(services, web);
        assertTrue(admission.services().ports().isAllocated(30001));
        assertTrue(admission.services().ips().isAllocated("10.96.0.9"));
    }

    @Test
    void clusterIpImmutable() {
        ObjectNode old = service("web", "{'clusterIP':'10.96.0.20','ports':[{'port':80}]}");
        ObjectNode desired = old.deepCopy();
        ((ObjectNode) desired.path("spec")).put("clusterIP", "10.96.0.21");
        ((ObjectNode) desired.path("spec")).putArray("clusterIPs").add("10.96.0.21");
        assertOnlyCause(rejected(() -> admission.admitUpdate(services, desired, old)),
                "spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.21\"}: may not change once set");
        assertFalse(admission.services().ips().isAllocated("10.96.0.21"));
    }

    @Test
    void updateWithoutAllocatedValuesKeepsThem() {
        ObjectNode old = service("web", "{'type':'NodePort','ports':[{'port':80}]}");
        ObjectNode desired = object(services, "{'metadata':{'name':'web'},'spec':{'type':'NodePort','ports':[{'port':80}],'selector':{'a':'b'}}}");
        desired.set("metadata", old.get("metadata").deepCopy());
        updated(admission, services, old, desired);
        assertEquals(old.path("spec").path("clusterIP"), desired.path("spec").path("clusterIP"));
        assertEquals(old.path("spec").path("ports").get(0).path("nodePort"), desired.path("spec").path("ports").get(0).path("nodePort"));
        assertEquals(1, admission.services().ports().allocated());
    }

    @Test
    void typeChangesAllocateAndRelease() {
        ObjectNode old = service("web", "{'ports':[{'port':80}]}");
        ObjectNode nodePort = old.deepCopy();
        ((ObjectNode) nodePort.path("spec")).put("type", "NodePort");
        updated(admission, services, old, nodePort);
        int port = nodePort.path("spec").path("ports").get(0).path("nodePort").asInt();
        assertTrue(admission.services().ports().isAllocated(port));
        ObjectNode back = nodePort.deepCopy();
        ((ObjectNode) back.path("spec")).put("type", "ClusterIP");
        ((ObjectNode) back.path("spec")).remove("externalTrafficPolicy");
        ((ObjectNode) back.path("spec").path("ports").get(0)).remove("nodePort");
        updated(admission, services, nodePort, back);
        assertFalse(admission.services().ports().isAllocated(port));
        assertTrue(admission.services().ips().isAllocated(back.path("spec").path("clusterIP").asText()));
        ObjectNode external = back.deepCopy();
        ObjectNode spec = (ObjectNode) external.path("spec");
        spec.put("type", "ExternalName");
        spec.put("externalName", "example.com");
        spec.remove(List.of("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "internalTrafficPolicy"));
        updated(admission, services, back, external);
        assertFalse(admission.services().ips().isAllocated(back.path("spec").path("clusterIP").asText()));
    }

    @Test
    void restoreRebuildsAllocations() {
        ObjectNode web = service("myweb", "{'type':'NodePort','ports':[{'port':8080,'nodePort':30001}]}");
        String ip = web.path("spec").path("clusterIP").asText();
        BuiltinAdmission restarted = new BuiltinAdmission();
        restarted.restore(List.of(services), t -> List.of(web));
        assertTrue(restarted.services().ips().isAllocated(ip));
        ApiException e = rejectedCreate(restarted, services, "{'metadata':{'name':'other'},'spec':{'type':'NodePort',"
                + "'ports':[{'port':8080,'nodePort':30001}]}}");
        assertOnlyCause(e, "spec.ports[0].nodePort: Invalid value: 30001: provided port is already allocated");
        restarted.deleted(services, web);
        assertNotEquals(null, created(restarted, services, "{'metadata':{'name':'other'},'spec':{'type':'NodePort',"
                + "'ports':[{'port':8080,'nodePort':30001}]}}"));
    }

    @Test
    void badRangesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BuiltinAdmission("10.96.0.0", "30000-32767"));
        assertThrows(IllegalArgumentException.class, () -> new BuiltinAdmission("10.96.0.0/12", "32767-30000"));
    }
}
