package io.kuberaf.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.kuberaf.apiserver.discovery.ResourceRegistry;
import io.kuberaf.apiserver.http.OpenApiEndpoint;

/** The OpenAPI v3 documents of the served resources: what kubectl validates, applies and explains with. */
public final class OpenApiDocuments implements OpenApiEndpoint {

    private final ResourceRegistry resources;

    public OpenApiDocuments(ResourceRegistry resources) {
        this.resources = resources;
    }

    @Override
    public JsonNode document(String path) {
        return null;
    }
}
