package io.kuberaf.apiserver.crd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceRegistry;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.ApiRequest;
import io.kuberaf.apiserver.http.FieldValidator;
import io.kuberaf.apiserver.http.Json;
import io.kuberaf.apiserver.openapi.FieldValidation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Field validation ({@code ?fieldValidation=Strict|Warn|Ignore}) of custom objects against their
 * version's schema: the fields pruning removes are the unknown fields. Other kinds go to the
 * built-in validator.
 */
public final class CustomFieldValidation implements FieldValidator {

    private static final Set<String> YAML = Set.of("application/yaml", "application/apply-patch+yaml", "text/yaml");

    private final FieldValidator builtin;
    private final ResourceRegistry resources;

    public CustomFieldValidation(FieldValidator builtin, ResourceRegistry resources) {
        this.builtin = builtin;
        this.resources = resources;
    }

    @Override
    public ObjectNode body(ResourceType type, ApiRequest request, List<String> warnings) {
        Optional<CustomKind> kind = resources.custom(type);
        if (kind.isEmpty()) {
            return builtin.body(type, request, warnings);
        }
        String mode = FieldValidation.mode(request);
        List<String> problems = new ArrayList<>();
        ObjectNode body = FieldValidation.decode(request.body(), YAML.contains(Json.mediaType(request.contentType())), problems);
        StructuralSchema.prune(kind.get().schema(), body, problems);
        FieldValidation.report(mode, problems, warnings, type.kind() + " in version \"" + type.version()
                + "\" cannot be handled as a " + type.kind() + ": ");
        return body;
    }

    @Override
    public void patched(ResourceType type, ObjectNode before, ObjectNode after, ApiRequest request, List<String> warnings) {
        Optional<CustomKind> kind = resources.custom(type);
        if (kind.isEmpty()) {
            builtin.patched(type, before, after, request, warnings);
            return;
        }
        String mode = FieldValidation.mode(request);
        List<String> existing = new ArrayList<>();
        if (before != null) {
            StructuralSchema.prune(kind.get().schema(), before.deepCopy(), existing);
        }
        Set<String> old = new HashSet<>(existing);
        List<String> problems = new ArrayList<>();
        StructuralSchema.prune(kind.get().schema(), after, problems);
        problems.removeIf(old::contains);
        FieldValidation.report(mode, problems, warnings, "");
    }
}
