package io.kuberaf.controller.namespace;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kuberaf.client.controller.Controller;
import io.kuberaf.client.controller.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes' namespace controller: a namespace with a deletionTimestamp is emptied of every
 * namespaced resource discovery knows (deletecollection where the resource supports it, else one
 * by one), its status conditions say what is left and why, and once nothing is left its "kubernetes"
 * finalizer is removed through {@code namespaces/{name}/finalize}, which lets the apiserver delete it.
 * Content with finalizers or grace periods (pods on a node) takes time: the key is looked at again.
 */
public final class NamespaceController {

    static final String FINALIZER = "kubernetes";
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceController.class);

    private final KubernetesClient client;
    private final SharedIndexInformer<Namespace> namespaces;
    private final Duration recheck;

    public NamespaceController(KubernetesClient client, SharedIndexInformer<Namespace> namespaces, Duration recheck) {
        this.client = client;
        this.namespaces = namespaces;
        this.recheck = recheck;
    }

    public Controller controller(int workers) {
        return Controller.builder("namespace")
                .watch(namespaces)
                .reconciler(this::reconcile)
                .workers(workers)
                .build();
    }

    Result reconcile(String name) {
        Namespace cached = namespaces.getStore().getByKey(name);
        if (cached == null || cached.getMetadata().getDeletionTimestamp() == null || !hasOurFinalizer(cached)) {
            return Result.done();
        }
        ConditionUpdate conditions = new ConditionUpdate();
        Discovery discovery = Discovery.of(client);
        if (!discovery.failedGroups().isEmpty()) {
            conditions.discoveryFailed(discovery.failedGroups());
        }
        for (Discovery.Resource resource : discovery.resources()) {
            deleteContent(name, resource, conditions);
        }
        writeConditions(name, conditions);
        if (conditions.contentRemains() || conditions.hadErrors()) {
            LOG.debug("Namespace {}: content remains, looking again in {}", name, recheck);
            return Result.requeueAfter(recheck);
        }
        finalizeNamespace(name);
        return Result.done();
    }

    private static boolean hasOurFinalizer(Namespace namespace) {
        return namespace.getSpec() != null && namespace.getSpec().getFinalizers() != null
                && namespace.getSpec().getFinalizers().contains(FINALIZER);
    }

    /** Deletes the resource's objects in the namespace, then records what is still there. */
    private void deleteContent(String namespace, Discovery.Resource resource, ConditionUpdate conditions) {
        var objects = client.genericKubernetesResources(resource.context()).inNamespace(namespace);
        try {
            if (resource.deleteCollection()) {
                objects.delete();
            } else {
                for (GenericKubernetesResource object : objects.list().getItems()) {
                    deleteOne(namespace, resource, object.getMetadata().getName());
                }
            }
            List<GenericKubernetesResource> left = objects.list().getItems();
            for (GenericKubernetesResource object : left) {
                List<String> finalizers = object.getMetadata().getFinalizers();
                conditions.remaining(resource.qualifiedName(), 1, finalizers == null ? List.of() : finalizers);
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND || e.getCode() == HttpURLConnection.HTTP_BAD_METHOD) {
                return; // the resource went away since discovery, or does not allow it after all
            }
            conditions.deleteFailed(resource.qualifiedName() + ": " + e.getMessage());
        }
    }

    private void deleteOne(String namespace, Discovery.Resource resource, String name) {
        try {
            client.genericKubernetesResources(resource.context()).inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
        }
    }

    /** Writes the deleter's conditions to the namespace's status, if they changed. */
    private void writeConditions(String name, ConditionUpdate conditions) {
        Namespace live = client.namespaces().withName(name).get();
        if (live == null) {
            return;
        }
        NamespaceStatus status = live.getStatus() != null ? live.getStatus() : new NamespaceStatus();
        List<NamespaceCondition> current = status.getConditions() != null ? new ArrayList<>(status.getConditions())
                : new ArrayList<>();
        if (conditions.applyTo(current)) {
            status.setConditions(current);
            live.setStatus(status);
            client.namespaces().resource(live).updateStatus();
        }
    }

    /** Removes the "kubernetes" finalizer through /finalize; the apiserver deletes the namespace when none is left. */
    private void finalizeNamespace(String name) {
        Namespace live = client.namespaces().withName(name).get();
        if (live == null || !hasOurFinalizer(live)) {
            return;
        }
        List<String> finalizers = new ArrayList<>(live.getSpec().getFinalizers());
        finalizers.remove(FINALIZER);
        live.getSpec().setFinalizers(finalizers);
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/" + name + "/finalize";
        client.raw(url, "PUT", live);
        LOG.info("Namespace {} is empty: removed its {} finalizer", name, FINALIZER);
    }
}
