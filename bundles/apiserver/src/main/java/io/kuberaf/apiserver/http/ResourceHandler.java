package io.kuberaf.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceRegistry;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.patch.Patches;
import io.kuberaf.apiserver.registry.DeleteOptions;
import io.kuberaf.apiserver.registry.FieldSelector;
import io.kuberaf.apiserver.registry.LabelSelector;
import io.kuberaf.apiserver.registry.ListOptions;
import io.kuberaf.apiserver.registry.ObjectRegistry;
import io.kuberaf.apiserver.table.TableConvertor;
import io.kuberaf.apiserver.table.Tables;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The verbs on resources and their subresources: what kube-apiserver's REST handlers do. */
public final class ResourceHandler {

    private final ResourceRegistry resources;
    private final ObjectRegistry objects;
    private final Tables tables;
    private final Patches patches;
    private final Clock clock;
    private final FieldValidator validator;

    public ResourceHandler(ResourceRegistry resources, ObjectRegistry objects, Tables tables, Patches patches, Clock clock,
                           FieldValidator validator) {
        this.validator = validator;
        this.resources = resources;
        this.objects = objects;
        this.tables = tables;
        this.patches = patches;
        this.clock = clock;
    }

    public ResourceType type(RequestPath path) {
        ResourceType type = resources.find(path.group(), path.version(), path.resource())
                .orElseThrow(() -> new ApiException(404, "NotFound", "the server could not find the requested resource"));
        if (path.namespace() != null && !type.namespaced()) {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
        return type;
    }

    public Reply handle(ApiRequest request, RequestPath path) {
        ResourceType type = type(path);
        if (path.subresource() != null) {
            return Subresources.handle(this, type, request, path);
        }
        String namespace = namespaceOf(type, path);
        return switch (request.method()) {
            case "GET" -> path.name() == null ? list(type, namespace, request) : get(type, namespace, path.name(), request);
            case "POST" -> {
                requireVerb(type, "create", path.name() == null);
                List<String> warnings = new ArrayList<>();
                ObjectNode body = validator.body(type, request, warnings);
                yield Reply.created(objects.create(type, namespace, body, request.dryRun(),
                        (current, created) -> patches.recordUpdate(type, null, created, request, null))).withWarnings(warnings);
            }
            case "PUT" -> {
                requireVerb(type, "update", path.name() != null);
                List<String> warnings = new ArrayList<>();
                ObjectNode body = validator.body(type, request, warnings);
                yield Reply.ok(objects.update(type, namespace, path.name(), null, body, request.dryRun(),
                        (current, desired) -> patches.recordUpdate(type, current, desired, request, null))).withWarnings(warnings);
            }
            case "PATCH" -> {
                requireVerb(type, "patch", path.name() != null);
                yield patch(type, namespace, path.name(), null, request);
            }
            case "DELETE" -> path.name() == null ? deleteCollection(type, namespace, request)
                    : delete(type, namespace, path.name(), request);
            default -> throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        };
    }

    Reply get(ResourceType type, String namespace, String name, ApiRequest request) {
        requireVerb(type, "get", true);
        ObjectNode object = objects.get(type, namespace, name);
        if (request.wantsTable()) {
            return Reply.ok(tables.table(convertor(type), List.of(object), request.param("includeObject"), null, true,
                    clock.instant()));
        }
        return Reply.ok(object);
    }

    Reply list(ResourceType type, String namespace, ApiRequest request) {
        requireVerb(type, "list", true);
        ObjectNode list = objects.list(type, namespace, listOptions(type, request));
        if (request.wantsTable()) {
            List<ObjectNode> items = new ArrayList<>();
            list.path("items").forEach(item -> items.add((ObjectNode) item));
            return Reply.ok(tables.table(convertor(type), items, request.param("includeObject"), list.get("metadata"), true,
                    clock.instant()));
        }
        return Reply.ok(list);
    }

    Reply patch(ResourceType type, String namespace, String name, String subresource, ApiRequest request) {
        if (Patches.APPLY.equals(Json.mediaType(request.contentType()))) {
            return patches.apply(this, type, namespace, name, request);
        }
        List<String> warnings = new ArrayList<>();
        ObjectNode patched = objects.guaranteedUpdate(type, namespace, name, subresource, current -> {
            warnings.clear();
            ObjectNode result = patches.patch(type, current, request.contentType(), request.body());
            validator.patched(type, current, result, request, warnings);
            return result;
        }, request.dryRun(), (current, updated) -> patches.recordUpdate(type, current, updated, request, subresource));
        return Reply.ok(patched).withWarnings(warnings);
    }

    Reply delete(ResourceType type, String namespace, String name, ApiRequest request) {
        requireVerb(type, "delete", true);
        ObjectNode body = request.body().length == 0 ? null : Json.parseObject(request.body());
        DeleteOptions options = DeleteOptions.from(body, request.param("gracePeriodSeconds"),
                request.param("propagationPolicy"), request.dryRun());
        ObjectNode result = objects.delete(type, namespace, name, options);
        boolean pending = result.path("metadata").hasNonNull("deletionTimestamp") && !options.dryRun()
                && objects.find(type, namespace, name).isPresent();
        return new Reply(pending ? 202 : 200, result);
    }

    Reply deleteCollection(ResourceType type, String namespace, ApiRequest request) {
        requireVerb(type, "deletecollection", true);
        ObjectNode body = request.body().length == 0 ? null : Json.parseObject(request.body());
        DeleteOptions options = DeleteOptions.from(body, request.param("gracePeriodSeconds"),
                request.param("propagationPolicy"), request.dryRun());
        return Reply.ok(objects.deleteCollection(type, namespace, listOptions(type, request), options));
    }

    public ListOptions listOptions(ResourceType type, ApiRequest request) {
        return new ListOptions(LabelSelector.parse(request.param("labelSelector")),
                FieldSelector.parse(request.param("fieldSelector"), type),
                nullToEmpty(request.param("resourceVersion")), nullToEmpty(request.param("resourceVersionMatch")),
                request.longParam("limit", 0), request.param("continue"));
    }

    public TableConvertor convertor(ResourceType type) {
        return tables.convertor(type.apiVersion(), type.kind());
    }

    /** Where a custom kind's scale subresource finds replicas and selector; null for built-in kinds. */
    io.kuberaf.apiserver.crd.CustomKind.ScalePaths scalePaths(ResourceType type) {
        return resources.custom(type).map(io.kuberaf.apiserver.crd.CustomKind::scale).orElse(null);
    }

    public ObjectRegistry objects() {
        return objects;
    }

    Patches patches() {
        return patches;
    }

    static String namespaceOf(ResourceType type, RequestPath path) {
        if (type.namespaced() && path.namespace() == null && path.name() != null) {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
        return type.namespaced() ? path.namespace() : null;
    }

    static void requireVerb(ResourceType type, String verb, boolean shapeAllowed) {
        if (!shapeAllowed || !type.supports(verb)) {
            throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    public FieldValidator validator() {
        return validator;
    }


    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
