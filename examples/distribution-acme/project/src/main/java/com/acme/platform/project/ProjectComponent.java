package com.acme.platform.project;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.LeaderElection;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Runs the Project controller on the member that holds the lease {@code acme-project-controller}. */
@Component(service = {}, immediate = true, configurationPid = "com.acme.project",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ProjectComponent.Config.class)
public class ProjectComponent {

    @ObjectClassDefinition(name = "Acme projects",
            description = "A namespace per Project with default quota, container limits and roles")
    public @interface Config {
        @AttributeDefinition(description = "Projects reconciled in parallel")
        int workers() default 2;

        @AttributeDefinition(description = "ResourceQuota: pods per project")
        String quota_pods() default "20";

        @AttributeDefinition(description = "ResourceQuota: Services per project")
        String quota_services() default "10";

        @AttributeDefinition(description = "ResourceQuota: total CPU requests")
        String quota_requests_cpu() default "4";

        @AttributeDefinition(description = "ResourceQuota: total memory requests")
        String quota_requests_memory() default "8Gi";

        @AttributeDefinition(description = "ResourceQuota: total CPU limits")
        String quota_limits_cpu() default "8";

        @AttributeDefinition(description = "ResourceQuota: total memory limits")
        String quota_limits_memory() default "16Gi";

        @AttributeDefinition(description = "LimitRange: a container's CPU limit when it sets none")
        String limits_default_cpu() default "500m";

        @AttributeDefinition(description = "LimitRange: a container's memory limit when it sets none")
        String limits_default_memory() default "512Mi";

        @AttributeDefinition(description = "LimitRange: a container's CPU request when it sets none")
        String limits_defaultRequest_cpu() default "100m";

        @AttributeDefinition(description = "LimitRange: a container's memory request when it sets none")
        String limits_defaultRequest_memory() default "128Mi";
    }

    @Reference
    private KubernetesClient client;

    @Reference
    private SharedInformers informers;

    private LeaderElection election;

    @Activate
    void activate(Config config) {
        election = LeaderElection.start(client, "acme-project-controller",
                () -> new ProjectController(client, informers, config).start(config.workers()));
    }

    @Deactivate
    void deactivate() {
        election.close();
    }
}
