package io.kuberaf.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.ApiException;
import io.kuberaf.apiserver.http.ApiRequest;
import io.kuberaf.apiserver.http.Json;
import io.kuberaf.apiserver.openapi.KindSchemas;
import io.kuberaf.apiserver.openapi.PatchMeta;
import org.eclipse.jetty.util.Fields;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldOwnershipTest {

    private static final PatchMeta DEPLOYMENT = new KindSchemas().patchMeta("apps/v1", "Deployment").orElseThrow();
    private static final String T = "2026-01-01T00:00:00Z";

    private static final String APPLIED = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
              "template":{"metadata":{"labels":{"app":"web"}},
               "spec":{"containers":[{"name":"nginx","image":"nginx:1.25"}]}}}}""";

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode apply(ObjectNode live, String config, String manager, boolean force) {
        return SchemaPatches.applyTo(live, json(config), DEPLOYMENT, manager, "apps/v1", force, T);
    }

    /** The first apply, as SchemaPatches does it on create. */
    private static ObjectNode created(String config, String manager) {
        ObjectNode object = StrategicMergePatch.apply(Json.MAPPER.createObjectNode(), json(config), DEPLOYMENT);
        object.with("metadata").put("uid", "u1").put("resourceVersion", "1");
        return apply(object, config, manager, false);
    }

    private static ObjectNode update(ObjectNode before, ObjectNode after, String manager, String subresource) {
        FieldOwnership.recordUpdate(before, after, DEPLOYMENT, manager, "apps/v1", subresource, T, null, "f:status");
        return after;
    }

    private static ObjectNode scaled(ObjectNode live, int replicas) {
        ObjectNode after = live.deepCopy();
        after.with("spec").put("replicas", replicas);
        return update(live, after, "kubectl", "scale");
    }

    private static JsonNode entry(ObjectNode object, String manager, String operation) {
        for (JsonNode entry : object.at("/metadata/managedFields")) {
            if (entry.path("manager").asText().equals(manager) && entry.path("operation").asText().equals(operation)) {
                return entry;
            }
        }
        return null;
    }

    private static JsonNode fields(ObjectNode object, String manager, String operation) {
        JsonNode entry = entry(object, manager, operation);
        assertNotNull(entry, manager + " " + operation + " in " + object.at("/metadata/managedFields"));
        return entry.get("fieldsV1");
    }

    @Test
    void createRecordsUpdateEntryWithAllFields() {
        ObjectNode object = json(APPLIED);
        update(null, object, "kubectl-create", null);
        JsonNode entry = entry(object, "kubectl-create", "Update");
        assertEquals("apps/v1", entry.path("apiVersion").asText());
        assertEquals("FieldsV1", entry.path("fieldsType").asText());
        assertEquals(T, entry.path("time").asText());
        assertEquals(json("""
                {'f:metadata':{'f:labels':{'.':{},'f:app':{}}},
                 'f:spec':{'f:replicas':{},'f:selector':{'f:matchLabels':{'.':{},'f:app':{}}},
                  'f:template':{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},
                   'f:spec':{'f:containers':{'k:{\\'name\\':\\'nginx\\'}':{'.':{},'f:image':{},'f:name':{}}}}}}}"""),
                entry.get("fieldsV1"));
    }

    @Test
    void updateTakesChangedFieldsFromOthers() {
        ObjectNode object = json(APPLIED);
        update(null, object, "creator", null);
        ObjectNode edited = object.deepCopy();
        edited.with("spec").put("replicas", 7);
        edited.with("metadata").with("labels").put("tier", "front");
        update(object, edited, "kubectl-edit", null);
        assertEquals(json("{'f:metadata':{'f:labels':{'f:tier':{}}},'f:spec':{'f:replicas':{}}}"),
                fields(edited, "kubectl-edit", "Update"));
        assertTrue(fields(edited, "creator", "Update").path("f:spec").has("f:selector"));
        assertFalse(fields(edited, "creator", "Update").path("f:spec").has("f:replicas"));
    }

    @Test
    void unchangedUpdateKeepsManagedFields() {
        ObjectNode object = json(APPLIED);
        update(null, object, "creator", null);
        ObjectNode same = object.deepCopy();
        same.with("metadata").remove("managedFields");
        update(object, same, "other", null);
        assertEquals(object.at("/metadata/managedFields"), same.at("/metadata/managedFields"));
    }

    @Test
    void applyRecordsAppliedFields() {
        ObjectNode object = created(APPLIED, "kubectl");
        JsonNode entry = entry(object, "kubectl", "Apply");
        assertEquals("apps/v1", entry.path("apiVersion").asText());
        assertTrue(entry.path("fieldsV1").path("f:spec").has("f:replicas"));
        assertFalse(entry.path("fieldsV1").path("f:metadata").has("f:name"));
    }

    @Test
    void applyConflictsWithScale() {
        ObjectNode object = scaled(created(APPLIED, "kubectl"), 5);
        assertFalse(fields(object, "kubectl", "Apply").path("f:spec").has("f:replicas"));
        assertTrue(fields(object, "kubectl", "Update").path("f:spec").has("f:replicas"));
        ApiException e = assertThrows(ApiException.class, () -> apply(object, APPLIED, "kubectl", false));
        assertEquals(409, e.code());
        assertEquals("Conflict", e.reason());
        assertEquals("Apply failed with 1 conflict: conflict with \"kubectl\" with subresource \"scale\" using apps/v1: "
                + ".spec.replicas", e.getMessage());
        ObjectNode status = e.toStatus();
        JsonNode cause = status.at("/details/causes/0");
        assertEquals("FieldManagerConflict", cause.path("reason").asText());
        assertEquals(".spec.replicas", cause.path("field").asText());
        assertEquals("conflict with \"kubectl\" with subresource \"scale\" using apps/v1", cause.path("message").asText());
    }

    @Test
    void applyWithSameValueSharesOwnership() {
        ObjectNode object = scaled(created(APPLIED, "kubectl"), 5);
        ObjectNode after = apply(object, APPLIED.replace("\"replicas\":3", "\"replicas\":5"), "kubectl", false);
        assertTrue(fields(after, "kubectl", "Apply").path("f:spec").has("f:replicas"));
        assertTrue(fields(after, "kubectl", "Update").path("f:spec").has("f:replicas"));
    }

    @Test
    void forceTakesFieldsOver() {
        ObjectNode object = scaled(created(APPLIED, "kubectl"), 5);
        ObjectNode after = apply(object, APPLIED, "kubectl", true);
        assertEquals(3, after.at("/spec/replicas").asInt());
        assertTrue(fields(after, "kubectl", "Apply").path("f:spec").has("f:replicas"));
        assertNull(entry(after, "kubectl", "Update"), "the scaler owned nothing else and its entry goes");
    }

    @Test
    void conflictsWithOtherApplierAreListedByManager() {
        ObjectNode object = created(APPLIED, "a");
        String other = APPLIED.replace("\"replicas\":3", "\"replicas\":4").replace("nginx:1.25", "nginx:1.26");
        ApiException e = assertThrows(ApiException.class, () -> apply(object, other, "b", false));
        assertEquals("Apply failed with 2 conflicts: conflicts with \"a\":\n- .spec.replicas\n"
                + "- .spec.template.spec.containers[name=\"nginx\"].image", e.getMessage());
    }

    @Test
    void droppedFieldIsRemovedOnlyWhenNobodyElseOwnsIt() {
        String withLabel = APPLIED.replace("\"labels\":{\"app\":\"web\"}},", "\"labels\":{\"app\":\"web\",\"tier\":\"x\"}},");
        ObjectNode object = created(withLabel, "a");
        // b applies the same tier label: shared ownership
        ObjectNode shared = apply(object, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web',"
                + "'labels':{'tier':'x'}}}", "b", false);
        ObjectNode kept = apply(shared, APPLIED, "a", false);
        assertEquals("x", kept.at("/metadata/labels/tier").asText(), "b still owns it");
        ObjectNode alone = apply(object, APPLIED, "a", false);
        assertTrue(alone.at("/metadata/labels/tier").isMissingNode(), "nobody else owned it");
        assertEquals("web", alone.at("/metadata/labels/app").asText());
    }

    @Test
    void droppedFieldOwnedByUpdaterStays() {
        ObjectNode object = scaled(created(APPLIED, "kubectl"), 5);
        String withoutReplicas = APPLIED.replace("\"replicas\":3,", "");
        ObjectNode after = apply(object, withoutReplicas, "kubectl", false);
        assertEquals(5, after.at("/spec/replicas").asInt());
    }

    @Test
    void listElementsByMergeKey() {
        String two = APPLIED.replace("[{\"name\":\"nginx\",\"image\":\"nginx:1.25\"}]",
                "[{\"name\":\"nginx\",\"image\":\"nginx:1.25\"},{\"name\":\"side\",\"image\":\"busybox\"}]");
        ObjectNode object = created(two, "kubectl");
        JsonNode containers = fields(object, "kubectl", "Apply").at("/f:spec/f:template/f:spec/f:containers");
        assertTrue(containers.has("k:{\"name\":\"nginx\"}"));
        assertTrue(containers.has("k:{\"name\":\"side\"}"));
        // an edit of the sidecar's image moves only that field
        ObjectNode edited = object.deepCopy();
        ((ObjectNode) edited.at("/spec/template/spec/containers/1")).put("image", "busybox:2");
        update(object, edited, "kubectl-edit", null);
        assertEquals(json("{'f:spec':{'f:template':{'f:spec':{'f:containers':{'k:{\\'name\\':\\'side\\'}':{'f:image':{}}}}}}}"),
                fields(edited, "kubectl-edit", "Update"));
        JsonNode applied = fields(edited, "kubectl", "Apply").at("/f:spec/f:template/f:spec/f:containers");
        assertFalse(applied.path("k:{\"name\":\"side\"}").has("f:image"));
        assertTrue(applied.path("k:{\"name\":\"side\"}").has("f:name"));
        // reapplying conflicts on that element's image
        ApiException e = assertThrows(ApiException.class, () -> apply(edited, two, "kubectl", false));
        assertTrue(e.getMessage().endsWith(".spec.template.spec.containers[name=\"side\"].image"), e.getMessage());
        // dropping the sidecar from the config removes it: the editor owns its image only, not the element
        ObjectNode forced = apply(edited, two, "kubectl", true);
        ObjectNode dropped = apply(forced, APPLIED, "kubectl", false);
        assertEquals(1, dropped.at("/spec/template/spec/containers").size());
    }

    @Test
    void elementKeysAreCompletedFromTheDefaultedObject() {
        String config = APPLIED.replace("\"image\":\"nginx:1.25\"}", "\"image\":\"nginx:1.25\",\"ports\":[{\"containerPort\":80}]}");
        ObjectNode merged = SchemaPatches.mergeApplied(json(config), json(config), DEPLOYMENT, "kubectl", "apps/v1");
        ((ObjectNode) merged.at("/spec/template/spec/containers/0/ports/0")).put("protocol", "TCP"); // the defaults
        SchemaPatches.recordApply(null, merged, json(config), DEPLOYMENT, "kubectl", "apps/v1", false, T);
        JsonNode ports = fields(merged, "kubectl", "Apply").at("/f:spec/f:template/f:spec/f:containers/k:{\"name\":\"nginx\"}/f:ports");
        assertTrue(ports.has("k:{\"containerPort\":80,\"protocol\":\"TCP\"}"), ports.toString());
        // reapplying the same configuration is a no-op, not a conflict or a change of ownership
        ObjectNode again = apply(merged, config, "kubectl", false);
        assertEquals(merged, again);
    }

    @Test
    void managerFromUserAgent() {
        Fields query = new Fields();
        assertEquals("kubectl", Patches.manager(new ApiRequest("PATCH", "/", query, null, null, new byte[0],
                "kubectl/v1.32.4 (linux/amd64) kubernetes/abc")));
        assertEquals("unknown", Patches.manager(new ApiRequest("PATCH", "/", query, null, null, new byte[0], null)));
        query.put("fieldManager", "kubectl-edit");
        assertEquals("kubectl-edit", Patches.manager(new ApiRequest("PATCH", "/", query, null, null, new byte[0], "x/1")));
    }

    @Test
    void pathsRoundTripThroughFieldsV1() {
        ObjectNode v1 = json("{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},'f:spec':{'f:replicas':{}}}");
        assertEquals(v1, FieldPaths.toFieldsV1(FieldPaths.fromFieldsV1(v1)));
    }
}
