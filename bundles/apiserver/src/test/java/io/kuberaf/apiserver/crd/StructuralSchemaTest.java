package io.kuberaf.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.ApiException.Cause;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StructuralSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void pruneKeepsDeclaredPreservedAndRootFieldsAndDropsNonNullableNulls() throws Exception {
        JsonNode schema = json("{'type':'object','properties':{'spec':{'type':'object','properties':{"
                + "'a':{'type':'string'},'n':{'type':'string','nullable':true},'m':{'type':'string'},"
                + "'free':{'type':'object','x-kubernetes-preserve-unknown-fields':true},"
                + "'labels':{'type':'object','additionalProperties':{'type':'string'}},"
                + "'list':{'type':'array','items':{'type':'object','properties':{'x':{'type':'integer'}}}}}}}}");
        ObjectNode object = json("{'apiVersion':'a/v1','kind':'K','metadata':{'name':'x'},'top':1,'spec':{'a':'1','b':2,"
                + "'n':null,'m':null,'free':{'any':{'deep':1}},'labels':{'k':'v'},'list':[{'x':1,'y':2}]}}");
        List<String> pruned = new ArrayList<>();
        StructuralSchema.prune(schema, object, pruned);
        assertEquals(List.of("unknown field \"top\"", "unknown field \"spec.b\"", "unknown field \"spec.list[0].y\""), pruned);
        assertEquals(json("{'apiVersion':'a/v1','kind':'K','metadata':{'name':'x'},'spec':{'a':'1','n':null,"
                + "'free':{'any':{'deep':1}},'labels':{'k':'v'},'list':[{'x':1}]}}"), object);
    }

    @Test
    void defaultsFillAbsentFieldsOfPresentObjectsRecursively() throws Exception {
        JsonNode schema = json("{'type':'object','properties':{'spec':{'type':'object','default':{},'properties':{"
                + "'r':{'type':'integer','default':1},'sub':{'type':'object','default':{},'properties':{'c':{'type':'string',"
                + "'default':'x'}}},'items':{'type':'array','items':{'type':'object','properties':{'p':{'type':'integer',"
                + "'default':80}}}}}}}}");
        ObjectNode empty = json("{}");
        StructuralSchema.applyDefaults(schema, empty);
        assertEquals(json("{'spec':{'r':1,'sub':{'c':'x'}}}"), empty);
        ObjectNode withItems = json("{'spec':{'r':3,'items':[{},{'p':1}]}}");
        StructuralSchema.applyDefaults(schema, withItems);
        assertEquals(json("{'spec':{'r':3,'items':[{'p':80},{'p':1}],'sub':{'c':'x'}}}"), withItems);
    }

    @Test
    void validationMessagesReadAsApiextensions() throws Exception {
        JsonNode schema = json("{'type':'object','properties':{'spec':{'type':'object','properties':{"
                + "'port':{'x-kubernetes-int-or-string':true},'s':{'type':'string','maxLength':3,'minLength':2},"
                + "'n':{'type':'number','minimum':0.5,'exclusiveMinimum':true},'b':{'type':'boolean'},"
                + "'l':{'type':'array','minItems':1}}}}}");
        List<String> errors = new ArrayList<>();
        for (Cause cause : StructuralSchema.validate(schema, json("{'spec':{'port':'http','s':'abcd','n':0.5,'b':'yes','l':[]}}"))) {
            errors.add(cause.field() + ": " + cause.message());
        }
        assertEquals(List.of("spec.s: Too long: may not be more than 3 bytes",
                "spec.n: Invalid value: 0.5: spec.n in body should be greater than 0.5",
                "spec.b: Invalid value: \"string\": spec.b in body must be of type boolean: \"string\"",
                "spec.l: Invalid value: \"array\": spec.l in body should have at least 1 items"), errors);
        assertTrue(StructuralSchema.validate(schema, json("{'spec':{'port':8080,'s':'ab','n':1}}")).isEmpty());
        assertEquals("spec.port", StructuralSchema.validate(schema, json("{'spec':{'port':1.5}}")).get(0).field());
    }

    @Test
    void jsonPathSelectsFieldsIndexesAndFilters() throws Exception {
        JsonNode object = json("{'metadata':{'labels':{'app.kubernetes.io/name':'web'}},'status':{'conditions':["
                + "{'type':'Ready','status':'True'},{'type':'Synced','status':'False'}]}}");
        assertEquals("False", JsonPath.first(object, ".status.conditions[?(@.type==\"Synced\")].status").asText());
        assertEquals("Ready", JsonPath.first(object, ".status.conditions[0].type").asText());
        assertEquals("web", JsonPath.first(object, ".metadata.labels['app.kubernetes.io/name']").asText());
        assertEquals(2, JsonPath.find(object, "{.status.conditions[*].type}").size());
        assertEquals(null, JsonPath.first(object, ".spec.replicas"));
    }
}
