package com.acme.platform.project;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Acme puts in a project's namespace: the quota, the container limits, the roles admin, edit and
 * view, and the binding of the project's admins to admin. (OpenShift calls this the project template.)
 */
final class ProjectTemplate {

    static final String PROJECT_LABEL = "project.acme.io/name";
    static final String DISPLAY_NAME = "project.acme.io/display-name";
    static final String DESCRIPTION = "project.acme.io/description";
    static final String QUOTA = "acme-project-quota";
    static final String LIMITS = "acme-project-limits";
    static final String ADMIN_ROLE = "acme-project-admin";
    static final String EDIT_ROLE = "acme-project-edit";
    static final String VIEW_ROLE = "acme-project-view";
    static final String ADMINS_BINDING = "acme-project-admins";

    private static final List<String> READ = List.of("get", "list", "watch");
    private static final List<String> WRITE = List.of("get", "list", "watch", "create", "update", "patch", "delete",
            "deletecollection");
    private static final List<String> WORKLOAD_GROUPS = List.of("", "apps", "batch", "autoscaling", "policy",
            "networking.k8s.io", "discovery.k8s.io", "route.acme.io");

    private final ProjectComponent.Config config;

    ProjectTemplate(ProjectComponent.Config config) {
        this.config = config;
    }

    Namespace namespace(Project project) {
        Map<String, String> annotations = new LinkedHashMap<>();
        if (project.getSpec() != null && project.getSpec().getDisplayName() != null) {
            annotations.put(DISPLAY_NAME, project.getSpec().getDisplayName());
        }
        if (project.getSpec() != null && project.getSpec().getDescription() != null) {
            annotations.put(DESCRIPTION, project.getSpec().getDescription());
        }
        return new NamespaceBuilder().withNewMetadata()
                .withName(project.getMetadata().getName())
                .addToLabels(PROJECT_LABEL, project.getMetadata().getName())
                .withAnnotations(annotations)
                // Belongs to the Project: the garbage collector removes it should the finalizer be skipped.
                .addNewOwnerReference().withApiVersion(Project.API_VERSION).withKind("Project")
                .withName(project.getMetadata().getName()).withUid(project.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).endOwnerReference()
                .endMetadata().build();
    }

    /** The objects inside the namespace, applied on every reconcile (server-side apply keeps them as written). */
    List<HasMetadata> contents(Project project) {
        String namespace = project.getMetadata().getName();
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(quota(namespace));
        objects.add(limits(namespace));
        objects.add(role(namespace, ADMIN_ROLE, new PolicyRuleBuilder().withApiGroups("*").withResources("*")
                .withVerbs("*").build()));
        objects.add(role(namespace, EDIT_ROLE, new PolicyRuleBuilder().withApiGroups(WORKLOAD_GROUPS)
                .withResources("*").withVerbs(WRITE).build()));
        objects.add(role(namespace, VIEW_ROLE, new PolicyRuleBuilder().withApiGroups(WORKLOAD_GROUPS)
                .withResources("*").withVerbs(READ).build()));
        objects.add(adminsBinding(namespace, project.getSpec() == null ? List.of() : project.getSpec().getAdmins()));
        return objects;
    }

    private HasMetadata quota(String namespace) {
        Map<String, Quantity> hard = new LinkedHashMap<>();
        hard.put("pods", new Quantity(config.quota_pods()));
        hard.put("services", new Quantity(config.quota_services()));
        hard.put("requests.cpu", new Quantity(config.quota_requests_cpu()));
        hard.put("requests.memory", new Quantity(config.quota_requests_memory()));
        hard.put("limits.cpu", new Quantity(config.quota_limits_cpu()));
        hard.put("limits.memory", new Quantity(config.quota_limits_memory()));
        return new ResourceQuotaBuilder().withNewMetadata().withName(QUOTA).withNamespace(namespace)
                .addToLabels(PROJECT_LABEL, namespace).endMetadata()
                .withNewSpec().withHard(hard).endSpec().build();
    }

    private HasMetadata limits(String namespace) {
        return new LimitRangeBuilder().withNewMetadata().withName(LIMITS).withNamespace(namespace)
                .addToLabels(PROJECT_LABEL, namespace).endMetadata()
                .withNewSpec().addNewLimit().withType("Container")
                .addToDefault("cpu", new Quantity(config.limits_default_cpu()))
                .addToDefault("memory", new Quantity(config.limits_default_memory()))
                .addToDefaultRequest("cpu", new Quantity(config.limits_defaultRequest_cpu()))
                .addToDefaultRequest("memory", new Quantity(config.limits_defaultRequest_memory()))
                .endLimit().endSpec().build();
    }

    private static HasMetadata role(String namespace, String name, PolicyRule rule) {
        return new RoleBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels(PROJECT_LABEL, namespace).endMetadata()
                .withRules(rule).build();
    }

    private static HasMetadata adminsBinding(String namespace, List<String> admins) {
        List<Subject> subjects = admins == null ? List.of() : admins.stream()
                .map(user -> new SubjectBuilder().withApiGroup("rbac.authorization.k8s.io").withKind("User")
                        .withName(user).build())
                .toList();
        return new RoleBindingBuilder().withNewMetadata().withName(ADMINS_BINDING).withNamespace(namespace)
                .addToLabels(PROJECT_LABEL, namespace).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(ADMIN_ROLE)
                .endRoleRef()
                .withSubjects(subjects).build();
    }
}
