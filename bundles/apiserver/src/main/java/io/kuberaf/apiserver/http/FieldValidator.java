package io.kuberaf.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;

import java.util.List;

/**
 * Decodes request bodies and applies the {@code fieldValidation} query parameter (Strict, Warn,
 * Ignore) to them: unknown and duplicate fields fail a Strict request with 400 BadRequest, become
 * {@code Warning} headers under Warn, and are dropped.
 */
public interface FieldValidator {

    /** Decodes JSON bodies without checking them against any schema. */
    FieldValidator NONE = new FieldValidator() {
        @Override
        public ObjectNode body(ResourceType type, ApiRequest request, List<String> warnings) {
            return Json.parseObject(request.body());
        }

        @Override
        public void patched(ResourceType type, ObjectNode before, ObjectNode after, ApiRequest request, List<String> warnings) {
        }
    };

    /** The body of a create or update, decoded and checked; warnings collects what Warn reports. */
    ObjectNode body(ResourceType type, ApiRequest request, List<String> warnings);

    /** Checks (and prunes) the fields a patch added to {@code before} to give {@code after}. */
    void patched(ResourceType type, ObjectNode before, ObjectNode after, ApiRequest request, List<String> warnings);
}
