package com.acme.platform.project;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * {@code project.acme.io/v1 Project} (cluster-scoped): a namespace of the same name, with Acme's
 * default quota, limits and roles, that lives and dies with the Project.
 *
 * <pre>
 * spec:
 *   displayName: Shop
 *   description: the web shop's team
 *   admins: [alice]     # bound to the project's admin Role
 * </pre>
 */
@Group(Project.GROUP)
@Version(Project.VERSION)
public class Project extends CustomResource<ProjectSpec, ProjectStatus> {

    public static final String GROUP = "project.acme.io";
    public static final String VERSION = "v1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
}
