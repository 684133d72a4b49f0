package com.acme.platform.project;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.Controller;
import io.kuberaf.client.controller.Keys;
import io.kuberaf.client.controller.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Project controller: for each Project a namespace of the same name filled from the
 * {@link ProjectTemplate}; the finalizer {@value #FINALIZER} holds a deleted Project until its
 * namespace is gone.
 */
public final class ProjectController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectController.class);
    static final String FINALIZER = "project.acme.io/namespace";
    static final String FIELD_MANAGER = "acme-project-controller";
    private static final Duration TERMINATION_POLL = Duration.ofSeconds(1);

    private final KubernetesClient client;
    private final ProjectTemplate template;
    private final SharedIndexInformer<Project> projects;
    private final SharedIndexInformer<Namespace> namespaces;
    private Controller controller;

    public ProjectController(KubernetesClient client, SharedInformers informers, ProjectComponent.Config config) {
        this.client = client;
        this.template = new ProjectTemplate(config);
        this.projects = informers.informer(Project.class);
        this.namespaces = informers.informer(Namespace.class);
    }

    public ProjectController start(int workers) {
        controller = Controller.builder("acme-project")
                .watch(projects, project -> List.of(Keys.of(project)))
                .watch(namespaces, namespace -> Keys.ownerKey(namespace, "Project"))
                .reconciler(this::reconcile)
                .workers(workers)
                .build();
        controller.start();
        return this;
    }

    Result reconcile(String name) {
        Project project = projects.getStore().getByKey(name);
        if (project == null) {
            return Result.done();
        }
        if (project.getMetadata().getDeletionTimestamp() != null) {
            return terminate(project);
        }
        if (!project.getMetadata().getFinalizers().contains(FINALIZER)) {
            addFinalizer(project);
            return Result.done(); // the update comes back through the informer
        }
        Namespace namespace = namespaces.getStore().getByKey(name);
        if (namespace == null) {
            createNamespace(project);
            return Result.done(); // the namespace's ADDED event brings the Project back
        }
        if (!ownedBy(namespace, project)) {
            writeStatus(project, new ProjectStatus(ProjectStatus.FAILED, null,
                    "namespace " + name + " already exists and does not belong to this project"));
            return Result.done();
        }
        if (namespace.getMetadata().getDeletionTimestamp() != null) {
            writeStatus(project, new ProjectStatus(ProjectStatus.TERMINATING, name, "namespace " + name + " is being deleted"));
            return Result.requeueAfter(TERMINATION_POLL); // recreated once it is gone
        }
        for (HasMetadata object : template.contents(project)) {
            client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        }
        writeStatus(project, new ProjectStatus(ProjectStatus.ACTIVE, name, null));
        return Result.done();
    }

    /** Deletes the namespace, then lets the Project go once the namespace has disappeared. */
    private Result terminate(Project project) {
        String name = project.getMetadata().getName();
        if (!project.getMetadata().getFinalizers().contains(FINALIZER)) {
            return Result.done();
        }
        Namespace namespace = namespaces.getStore().getByKey(name);
        if (namespace != null && ownedBy(namespace, project)) {
            if (namespace.getMetadata().getDeletionTimestamp() == null) {
                LOG.info("Project {} deleted: deleting its namespace", name);
                client.namespaces().withName(name).delete();
            }
            writeStatus(project, new ProjectStatus(ProjectStatus.TERMINATING, name, "namespace " + name + " is being deleted"));
            return Result.requeueAfter(TERMINATION_POLL);
        }
        Project copy = client.getKubernetesSerialization().clone(project);
        List<String> finalizers = new ArrayList<>(copy.getMetadata().getFinalizers());
        finalizers.remove(FINALIZER);
        copy.getMetadata().setFinalizers(finalizers);
        client.resource(copy).update();
        return Result.done();
    }

    private void addFinalizer(Project project) {
        Project copy = client.getKubernetesSerialization().clone(project);
        List<String> finalizers = new ArrayList<>(copy.getMetadata().getFinalizers());
        finalizers.add(FINALIZER);
        copy.getMetadata().setFinalizers(finalizers);
        client.resource(copy).update();
    }

    private void createNamespace(Project project) {
        try {
            client.resource(template.namespace(project)).create();
            LOG.info("Project {}: namespace created", project.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            // created by someone else meanwhile: the informer will tell us whose it is
        }
    }

    private static boolean ownedBy(Namespace namespace, Project project) {
        return Keys.controllerOf(namespace)
                .filter(owner -> "Project".equals(owner.getKind()))
                .filter(owner -> Objects.equals(owner.getUid(), project.getMetadata().getUid()))
                .isPresent();
    }

    private void writeStatus(Project project, ProjectStatus status) {
        if (status.sameAs(project.getStatus())) {
            return;
        }
        Project copy = client.getKubernetesSerialization().clone(project);
        copy.setStatus(status);
        client.resource(copy).updateStatus();
    }

    @Override
    public void close() {
        if (controller != null) {
            controller.close();
        }
    }
}
