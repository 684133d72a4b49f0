package io.kuberaf.scheduler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.LeaderElection;
import io.kuberaf.scheduler.internal.PluginSet;
import io.kuberaf.scheduler.internal.Scheduler;
import io.kuberaf.scheduler.internal.Settings;
import io.kuberaf.scheduler.spi.FilterPlugin;
import io.kuberaf.scheduler.spi.ScorePlugin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The scheduler as an OSGi component: while this member holds the Lease {@code kube-system/<leaseName>}
 * it runs a {@link Scheduler}; extra {@link FilterPlugin} / {@link ScorePlugin} services from other
 * bundles join and leave the running scheduler.
 */
@Component(name = "io.kuberaf.scheduler", immediate = true)
@Designate(ocd = SchedulerComponent.Config.class)
public final class SchedulerComponent {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerComponent.class);

    @ObjectClassDefinition(name = "Kuberaf scheduler", description = "kube-scheduler: places pending pods on nodes")
    public @interface Config {
        @AttributeDefinition(description = "Pods whose spec.schedulerName is this (or empty, for default-scheduler) are scheduled here")
        String schedulerName() default "default-scheduler";

        @AttributeDefinition(description = "Run only while holding the lease (one active scheduler per cluster)")
        boolean leaderElect() default true;

        @AttributeDefinition(description = "Name of the Lease in kube-system")
        String leaseName() default "kuberaf-scheduler";

        @AttributeDefinition(description = "Share of nodes to find feasible before scoring, 1-100; 0 = adaptive (50% at 100 nodes down to 5%, at least 100 nodes)")
        int percentageOfNodesToScore() default 0;

        @AttributeDefinition(description = "Back-off of a pod after its first failed attempt, seconds (doubles each time)")
        int podInitialBackoffSeconds() default 1;

        @AttributeDefinition(description = "Longest back-off of a pod, seconds")
        int podMaxBackoffSeconds() default 10;

        @AttributeDefinition(description = "Unschedulable pods are retried at the latest after this many seconds")
        int unschedulableFlushSeconds() default 60;

        @AttributeDefinition(description = "An assumed pod whose binding succeeded but is not seen by the informer is forgotten after this many seconds")
        int assumedPodTtlSeconds() default 30;

        @AttributeDefinition(description = "Bindings in flight at once")
        int maxInFlightBindings() default 64;

        @AttributeDefinition(description = "Threads writing events and pod conditions")
        int reportWriters() default 2;
    }

    private final PluginSet plugins = new PluginSet();

    @Reference
    private KubernetesClient client;

    @Reference
    private SharedInformers informers;

    private AutoCloseable running;

    @Activate
    void activate(Config config) {
        Settings settings = settings(config);
        if (config.leaderElect()) {
            running = LeaderElection.start(client, config.leaseName(), newScheduler(settings));
        } else {
            running = newScheduler(settings).get();
        }
        LOG.info("Scheduler component active (scheduler name {}, leader election {})", settings.schedulerName(),
                config.leaderElect() ? "on, lease " + config.leaseName() : "off");
    }

    private java.util.function.Supplier<Scheduler> newScheduler(Settings settings) {
        return () -> {
            Scheduler scheduler = new Scheduler(client, informers, settings, plugins, identity());
            scheduler.start();
            return scheduler;
        };
    }

    /** This member's name in events (reportingInstance): Karaf's instance name and the process. */
    private static String identity() {
        return System.getProperty("karaf.name", "kuberaf") + "_" + java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
    }

    static Settings settings(Config config) {
        return new Settings(config.schedulerName(), config.percentageOfNodesToScore(),
                Duration.ofSeconds(config.podInitialBackoffSeconds()), Duration.ofSeconds(config.podMaxBackoffSeconds()),
                Duration.ofSeconds(config.unschedulableFlushSeconds()), Duration.ofSeconds(config.assumedPodTtlSeconds()),
                config.maxInFlightBindings(), config.reportWriters());
    }

    @Deactivate
    void deactivate() throws Exception {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addFilterPlugin(FilterPlugin plugin) {
        plugins.addFilter(plugin);
        LOG.info("Scheduler filter plugin {} added", plugin.name());
    }

    void removeFilterPlugin(FilterPlugin plugin) {
        plugins.removeFilter(plugin);
        LOG.info("Scheduler filter plugin {} removed", plugin.name());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addScorePlugin(ScorePlugin plugin) {
        plugins.addScore(plugin);
        LOG.info("Scheduler score plugin {} added", plugin.name());
    }

    void removeScorePlugin(ScorePlugin plugin) {
        plugins.removeScore(plugin);
        LOG.info("Scheduler score plugin {} removed", plugin.name());
    }
}
