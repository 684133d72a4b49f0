package io.kuberaf.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.ApiException;
import io.kuberaf.apiserver.http.Json;
import io.kuberaf.apiserver.openapi.KindSchemas;
import io.kuberaf.apiserver.openapi.PatchMeta;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StrategicMergePatchTest {

    private static final KindSchemas SCHEMAS = new KindSchemas();
    private static final PatchMeta DEPLOYMENT = SCHEMAS.patchMeta("apps/v1", "Deployment").orElseThrow();
    private static final PatchMeta POD = SCHEMAS.patchMeta("v1", "Pod").orElseThrow();

    private static final String BASE = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"patch-demo","labels":{"app":"demo","tier":"web"},
              "finalizers":["a","b","c"]},
             "spec":{"replicas":2,"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}},
              "template":{"spec":{"containers":[{"name":"patch-demo-ctr","image":"nginx",
                  "ports":[{"containerPort":80},{"containerPort":443}],"env":[{"name":"A","value":"1"}]}],
                "tolerations":[{"effect":"NoSchedule","key":"dedicated","value":"test-team"}]}}}}""";

    private static JsonNode any(String text) {
        try {
            return Json.MAPPER.readTree(text.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode json(String text) {
        return (ObjectNode) any(text);
    }

    private static ObjectNode patch(String patch) {
        return StrategicMergePatch.apply(json(BASE), json(patch), DEPLOYMENT);
    }

    private static JsonNode containers(ObjectNode deployment) {
        return deployment.at("/spec/template/spec/containers");
    }

    @Test
    void mergesContainersByNameNewOnesFirst() {
        ObjectNode result = patch("{'spec':{'template':{'spec':{'containers':[{'name':'patch-demo-ctr-2','image':'redis'}]}}}}");
        assertEquals(any("[{'name':'patch-demo-ctr-2','image':'redis'},{'name':'patch-demo-ctr','image':'nginx',"
                + "'ports':[{'containerPort':80},{'containerPort':443}],'env':[{'name':'A','value':'1'}]}]"), containers(result));
    }

    @Test
    void mergesIntoTheMatchingElement() {
        ObjectNode result = patch("{'spec':{'template':{'spec':{'containers':[{'name':'patch-demo-ctr','image':'nginx:2',"
                + "'env':[{'name':'B','value':'2'}],'ports':[{'containerPort':80,'name':'http'}]}]}}}}");
        JsonNode container = containers(result).get(0);
        assertEquals(1, containers(result).size());
        assertEquals("nginx:2", container.path("image").asText());
        assertEquals(any("[{'name':'B','value':'2'},{'name':'A','value':'1'}]"), container.path("env"));
        assertEquals(any("[{'containerPort':80,'name':'http'},{'containerPort':443}]"), container.path("ports"));
    }

    @Test
    void listsWithoutAMergeKeyAreReplaced() {
        ObjectNode result = patch("{'spec':{'template':{'spec':{'tolerations':[{'effect':'NoSchedule','key':'disktype',"
                + "'value':'ssd'}]}}}}");
        assertEquals(any("[{'effect':'NoSchedule','key':'disktype','value':'ssd'}]"), result.at("/spec/template/spec/tolerations"));
    }

    @Test
    void nullDeletesAndScalarsReplace() {
        ObjectNode result = patch("{'metadata':{'labels':{'tier':null,'new':'x'}},'spec':{'replicas':3}}");
        assertEquals(json("{'app':'demo','new':'x'}"), result.at("/metadata/labels"));
        assertEquals(3, result.at("/spec/replicas").asInt());
    }

    @Test
    void deleteDirectiveRemovesAListElement() {
        ObjectNode result = patch("{'spec':{'template':{'spec':{'containers':[{'name':'patch-demo-ctr','$patch':'delete'},"
                + "{'name':'other','image':'busybox'}]}}}}");
        assertEquals(any("[{'name':'other','image':'busybox'}]"), containers(result));
        ObjectNode deletedMap = patch("{'spec':{'strategy':{'$patch':'delete'}}}");
        assertEquals(json("{}"), deletedMap.at("/spec/strategy"));
    }

    @Test
    void replaceDirectiveOnMapsAndLists() {
        ObjectNode labels = patch("{'metadata':{'labels':{'$patch':'replace','only':'this'}}}");
        assertEquals(json("{'only':'this'}"), labels.at("/metadata/labels"));
        ObjectNode list = patch("{'spec':{'template':{'spec':{'containers':[{'$patch':'replace'},{'name':'c','image':'x'}]}}}}");
        assertEquals(any("[{'name':'c','image':'x'}]"), containers(list));
    }

    @Test
    void retainKeysClearsTheFieldsNotListed() {
        ObjectNode result = patch("{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}");
        assertEquals(json("{'type':'Recreate'}"), result.at("/spec/strategy"));
        ObjectNode volumes = StrategicMergePatch.apply(
                json("{'spec':{'volumes':[{'name':'v','emptyDir':{}}]}}"),
                json("{'spec':{'volumes':[{'name':'v','$retainKeys':['name','hostPath'],'hostPath':{'path':'/x'}}]}}"), POD);
        assertEquals(any("[{'name':'v','hostPath':{'path':'/x'}}]"), volumes.at("/spec/volumes"));
        assertThrows(ApiException.class, () -> patch("{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':{}}}}"));
    }

    @Test
    void deleteFromPrimitiveListAndMergeOfPrimitives() {
        ObjectNode deleted = patch("{'metadata':{'$deleteFromPrimitiveList/finalizers':['b']}}");
        assertEquals(any("['a','c']"), deleted.at("/metadata/finalizers"));
        ObjectNode merged = patch("{'metadata':{'finalizers':['d','a']}}");
        assertEquals(any("['d','a','b','c']"), merged.at("/metadata/finalizers"));
    }

    @Test
    void setElementOrderOrdersTheMergedList() {
        ObjectNode base = json("{'spec':{'containers':[{'name':'a','image':'1'},{'name':'b','image':'2'},{'name':'c','image':'3'}]}}");
        ObjectNode result = StrategicMergePatch.apply(base, json("{'spec':{'$setElementOrder/containers':"
                + "[{'name':'c'},{'name':'a'},{'name':'b'}],'containers':[{'name':'a','image':'new'}]}}"), POD);
        assertEquals(any("[{'name':'c','image':'3'},{'name':'a','image':'new'},{'name':'b','image':'2'}]"),
                result.at("/spec/containers"));
        ObjectNode finalizers = StrategicMergePatch.apply(json("{'metadata':{'finalizers':['x','y']}}"),
                json("{'metadata':{'$setElementOrder/finalizers':['y','x']}}"), POD);
        assertEquals(any("['y','x']"), finalizers.at("/metadata/finalizers"));
    }

    @Test
    void patchIsNotModifiedAndDirectivesNeverStored() {
        ObjectNode patch = json("{'spec':{'template':{'spec':{'initContainers':[{'name':'i','image':'x','$patch':'merge'}]}}}}");
        assertThrows(ApiException.class, () -> StrategicMergePatch.apply(json(BASE), patch, DEPLOYMENT));
        ObjectNode fresh = patch("{'spec':{'template':{'spec':{'initContainers':[{'name':'i','image':'x'},"
                + "{'name':'j','$patch':'delete'}]}}}}");
        assertEquals(any("[{'name':'i','image':'x'}]"), fresh.at("/spec/template/spec/initContainers"));
        assertFalse(fresh.toString().contains("$patch"));
        assertThrows(ApiException.class, () -> patch("{'spec':{'$patch':'explode'}}"));
    }
}
