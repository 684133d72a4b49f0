package io.kuberaf.apiserver.admission;

import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.ApiException;
import org.junit.jupiter.api.Test;

import static io.kuberaf.apiserver.admission.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ObjectMetaRulesTest {

    private final BuiltinAdmission admission = new BuiltinAdmission();
    private final ResourceType configMaps = type("v1", "ConfigMap");

    @Test
    void subdomainNamesWithKubernetesMessage() {
        ApiException e = rejectedCreate(admission, configMaps, "{'metadata':{'name':'My_Name'}}");
        assertOnlyCause(e, "metadata.name: Invalid value: \"My_Name\": " + SUBDOMAIN_MSG);
        assertEquals("ConfigMap \"My_Name\" is invalid: metadata.name: Invalid value: \"My_Name\": " + SUBDOMAIN_MSG, e.getMessage());
        created(admission, configMaps, "{'metadata':{'name':'my.config-1'}}");
    }

    @Test
    void tooLongSubdomainGivesBothMessages() {
        String name = "a".repeat(254);
        ApiException e = rejectedCreate(admission, configMaps, "{'metadata':{'name':'" + name + "'}}");
        assertOnlyCause(e, "metadata.name: Invalid value: \"" + name + "\": must be no more than 253 characters");
    }

    @Test
    void namespacesAreLabels() {
        ResourceType namespaces = type("v1", "Namespace");
        assertOnlyCause(rejectedCreate(admission, namespaces, "{'metadata':{'name':'a.b'}}"),
                "metadata.name: Invalid value: \"a.b\": must not contain dots");
        assertOnlyCause(rejectedCreate(admission, namespaces, "{'metadata':{'name':'Team'}}"),
                "metadata.name: Invalid value: \"Team\": " + LABEL_MSG);
    }

    @Test
    void servicesAreDns1035Labels() {
        ApiException e = rejectedCreate(admission, type("v1", "Service"),
                "{'metadata':{'name':'1web'},'spec':{'ports':[{'port':80}]}}");
        assertOnlyCause(e, "metadata.name: Invalid value: \"1web\": " + DNS1035_MSG);
    }

    @Test
    void rbacNamesOnlyNeedToBePathSegments() {
        created(admission, type("rbac.authorization.k8s.io/v1", "ClusterRole"), "{'metadata':{'name':'system:Admin'}}");
    }

    @Test
    void labelKeysAndValues() {
        ApiException e = rejectedCreate(admission, configMaps,
                "{'metadata':{'name':'c','labels':{'-bad':'ok','good':'bad value','a/b/c':'x'}}}");
        String qualified = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                + "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        assertCause(e, "metadata.labels: Invalid value: \"-bad\": name part " + qualified);
        assertCause(e, "metadata.labels: Invalid value: \"bad value\": a valid label must be an empty string or consist of "
                + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
                + "'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
        assertCause(e, "metadata.labels: Invalid value: \"a/b/c\": a qualified name " + qualified
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
        assertEquals(3, causes(e).size());
    }

    @Test
    void labelValueTooLongAndPrefix() {
        String value = "v".repeat(64);
        ApiException e = rejectedCreate(admission, configMaps,
                "{'metadata':{'name':'c','labels':{'Example.com/x':'" + value + "'}}}");
        assertCause(e, "metadata.labels: Invalid value: \"Example.com/x\": prefix part " + SUBDOMAIN_MSG);
        assertCause(e, "metadata.labels: Invalid value: \"" + value + "\": must be no more than 63 characters");
    }

    @Test
    void annotationKeys() {
        ApiException e = rejectedCreate(admission, configMaps, "{'metadata':{'name':'c','annotations':{'a b':'anything goes'}}}");
        assertOnlyCause(e, "metadata.annotations: Invalid value: \"a b\": name part must consist of alphanumeric characters, "
                + "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
                + "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
        // upper case keys are fine in annotations (checked lower-cased)
        created(admission, configMaps, "{'metadata':{'name':'c','annotations':{'Example.COM/Key':'v'}}}");
    }

    @Test
    void annotationsTotalSize() {
        String big = "x".repeat(256 * 1024);
        ApiException e = rejectedCreate(admission, configMaps, "{'metadata':{'name':'c','annotations':{'k':'" + big + "'}}}");
        assertOnlyCause(e, "metadata.annotations: Too long: must have at most 262144 bytes");
    }

    @Test
    void allCausesInOneMessage() {
        ApiException e = rejectedCreate(admission, configMaps, "{'metadata':{'name':'A','labels':{'k':'-'}}}");
        assertEquals(2, causes(e).size());
        assertEquals(true, e.getMessage().startsWith("ConfigMap \"A\" is invalid: [metadata.name: Invalid value: \"A\""));
    }
}
