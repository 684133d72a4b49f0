package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.ApiException;
import org.junit.jupiter.api.Test;

import static io.kuberaf.apiserver.admission.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ControllerRulesTest {

    private final BuiltinAdmission admission = new BuiltinAdmission();
    private final ResourceType rcs = type("v1", "ReplicationController");
    private final ResourceType deployments = type("apps/v1", "Deployment");
    private static final String TEMPLATE = "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c','image':'i'}]}}";

    @Test
    void rcSelectorLabelsAndReplicasDefaultFromTemplate() {
        ObjectNode rc = created(admission, rcs, "{'metadata':{'name':'web'},'spec':{" + TEMPLATE + "}}");
        assertEquals("web", rc.path("spec").path("selector").path("app").asText());
        assertEquals("web", rc.path("metadata").path("labels").path("app").asText());
        assertEquals(1, rc.path("spec").path("replicas").asInt());
        JsonNode podSpec = rc.path("spec").path("template").path("spec");
        assertEquals("Always", podSpec.path("restartPolicy").asText());
        assertEquals("Always", podSpec.path("containers").get(0).path("imagePullPolicy").asText());
        assertEquals("ClusterFirst", podSpec.path("dnsPolicy").asText());
    }

    @Test
    void rcSelectorMustMatchTemplate() {
        ApiException e = rejectedCreate(admission, rcs, "{'metadata':{'name':'web'},'spec':{'selector':{'app':'db'}," + TEMPLATE + "}}");
        assertOnlyCause(e, "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: "
                + "selector does not match template labels");
        assertEquals("ReplicationController \"web\" is invalid: spec.template.metadata.labels: Invalid value: "
                + "map[string]string{\"app\":\"web\"}: selector does not match template labels", e.getMessage());
    }

    @Test
    void rcReplicasNonNegativeAndTemplateValidated() {
        ApiException e = rejectedCreate(admission, rcs, "{'metadata':{'name':'web'},'spec':{'replicas':-1,"
                + "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'restartPolicy':'Never','containers':[{'name':'c'}]}}}}");
        assertCause(e, "spec.replicas: Invalid value: -1: must be greater than or equal to 0");
        assertCause(e, "spec.template.spec.containers[0].image: Required value");
        assertCause(e, "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"");
        assertEquals(3, causes(e).size());
    }

    @Test
    void rcWithoutTemplate() {
        ApiException e = rejectedCreate(admission, rcs, "{'metadata':{'name':'web'},'spec':{}}");
        assertCause(e, "spec.selector: Required value");
        assertCause(e, "spec.template: Required value");
    }

    @Test
    void deploymentDefaults() {
        JsonNode spec = created(admission, deployments, "{'metadata':{'name':'web'},'spec':{'selector':{'matchLabels':{'app':'web'}},"
                + TEMPLATE + "}}").path("spec");
        assertEquals(1, spec.path("replicas").asInt());
        assertEquals("RollingUpdate", spec.path("strategy").path("type").asText());
        assertEquals("25%", spec.path("strategy").path("rollingUpdate").path("maxUnavailable").asText());
        assertEquals("25%", spec.path("strategy").path("rollingUpdate").path("maxSurge").asText());
        assertEquals(10, spec.path("revisionHistoryLimit").asInt());
        assertEquals(600, spec.path("progressDeadlineSeconds").asInt());
        assertEquals("default-scheduler", spec.path("template").path("spec").path("schedulerName").asText());
    }

    @Test
    void appsSelectorRequired() {
        assertOnlyCause(rejectedCreate(admission, deployments, "{'metadata':{'name':'web'},'spec':{" + TEMPLATE + "}}"),
                "spec.selector: Required value");
    }

    @Test
    void appsSelectorMustMatch() {
        ApiException e = rejectedCreate(admission, type("apps/v1", "ReplicaSet"), "{'metadata':{'name':'web'},'spec':{'selector':"
                + "{'matchExpressions':[{'key':'app','operator':'In','values':['db']}]}," + TEMPLATE + "}}");
        assertOnlyCause(e, "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: "
                + "`selector` does not match template `labels`");
        created(admission, type("apps/v1", "ReplicaSet"), "{'metadata':{'name':'web'},'spec':{'selector':"
                + "{'matchExpressions':[{'key':'app','operator':'In','values':['web']}]}," + TEMPLATE + "}}");
    }

    @Test
    void emptySelector() {
        assertOnlyCause(rejectedCreate(admission, deployments, "{'metadata':{'name':'web'},'spec':{'selector':{}," + TEMPLATE + "}}"),
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
                        + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment");
    }

    @Test
    void appsSelectorImmutable() {
        ObjectNode old = created(admission, deployments, "{'metadata':{'name':'web'},'spec':{'selector':{'matchLabels':{'app':'web'}},"
                + "'template':{'metadata':{'labels':{'app':'web','tier':'x'}},'spec':{'containers':[{'name':'c','image':'i'}]}}}}");
        ObjectNode desired = old.deepCopy();
        ((ObjectNode) desired.path("spec").path("selector").path("matchLabels")).put("tier", "x");
        assertOnlyCause(rejected(() -> admission.admitUpdate(deployments, desired, old)),
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"tier\":\"x\"}, "
                        + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
        ObjectNode scaled = old.deepCopy();
        ((ObjectNode) scaled.path("spec")).put("replicas", 5);
        updated(admission, deployments, old, scaled);
    }

    @Test
    void deploymentStrategy() {
        ApiException e = rejectedCreate(admission, deployments, "{'metadata':{'name':'web'},'spec':{'selector':{'matchLabels':{'app':'web'}},"
                + "'strategy':{'type':'Recreate','rollingUpdate':{'maxSurge':1}}," + TEMPLATE + "}}");
        assertOnlyCause(e, "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'");
        e = rejectedCreate(admission, deployments, "{'metadata':{'name':'web'},'spec':{'selector':{'matchLabels':{'app':'web'}},"
                + "'strategy':{'rollingUpdate':{'maxSurge':0,'maxUnavailable':'0%'}}," + TEMPLATE + "}}");
        assertOnlyCause(e, "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"0%\": may not be 0 when `maxSurge` is 0");
    }

    @Test
    void statefulSetDefaultsAndUpdateRules() {
        ResourceType sets = type("apps/v1", "StatefulSet");
        ObjectNode old = created(admission, sets, "{'metadata':{'name':'db'},'spec':{'serviceName':'db','selector':{'matchLabels':"
                + "{'app':'web'}}," + TEMPLATE + "}}");
        JsonNode spec = old.path("spec");
        assertEquals("OrderedReady", spec.path("podManagementPolicy").asText());
        assertEquals("RollingUpdate", spec.path("updateStrategy").path("type").asText());
        assertEquals(0, spec.path("updateStrategy").path("rollingUpdate").path("partition").asInt());
        assertEquals(1, spec.path("replicas").asInt());
        assertEquals(10, spec.path("revisionHistoryLimit").asInt());
        assertEquals("Retain", spec.path("persistentVolumeClaimRetentionPolicy").path("whenDeleted").asText());
        ObjectNode desired = old.deepCopy();
        ((ObjectNode) desired.path("spec")).put("serviceName", "other");
        assertOnlyCause(rejected(() -> admission.admitUpdate(sets, desired, old)), "spec: Forbidden: " + ControllerRules.STATEFULSET_UPDATE);
        assertOnlyCause(rejectedCreate(admission, sets, "{'metadata':{'name':'db'},'spec':{'podManagementPolicy':'Random','selector':"
                + "{'matchLabels':{'app':'web'}}," + TEMPLATE + "}}"),
                "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'");
    }

    @Test
    void daemonSetDefaults() {
        JsonNode spec = created(admission, type("apps/v1", "DaemonSet"), "{'metadata':{'name':'agent'},'spec':{'selector':"
                + "{'matchLabels':{'app':'web'}}," + TEMPLATE + "}}").path("spec");
        assertEquals("RollingUpdate", spec.path("updateStrategy").path("type").asText());
        assertEquals(1, spec.path("updateStrategy").path("rollingUpdate").path("maxUnavailable").asInt());
        assertEquals(0, spec.path("updateStrategy").path("rollingUpdate").path("maxSurge").asInt());
        assertEquals(10, spec.path("revisionHistoryLimit").asInt());
        assertEquals(false, spec.has("replicas"));
    }
}
