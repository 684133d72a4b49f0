package io.kuberaf.itests;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.karaf.features.BootFinished;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

import javax.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** Boots the distribution as shipped and checks that all of Kuberaf is installed and running. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionIT {

    private static final List<String> ROLE_FEATURES = List.of("kuberaf", "kuberaf-control-plane", "kuberaf-node");

    /** Karaf has installed its boot features: until then it restarts any feature bundle a test stops. */
    @Inject
    private BootFinished bootFinished;

    @Inject
    private BundleContext context;

    @Inject
    private FeaturesService features;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private SessionFactory shell;

    @Configuration
    public Option[] config() {
        return KuberafDistribution.options();
    }

    @Test
    public void everyKuberafFeatureInstallsAndEveryBundleIsActiveWithItsComponentsSatisfied() throws Exception {
        List<Feature> kuberafFeatures = Arrays.stream(features.listFeatures())
                .filter(f -> f.getName().startsWith("kuberaf"))
                .collect(Collectors.toList());
        List<String> names = kuberafFeatures.stream().map(Feature::getName).collect(Collectors.toList());
        assertTrue("role features present: " + names, names.containsAll(ROLE_FEATURES));

        for (Feature feature : kuberafFeatures) {
            if (!features.isInstalled(feature)) {
                features.installFeature(feature, EnumSet.noneOf(FeaturesService.Option.class));
            }
        }
        for (Feature feature : kuberafFeatures) {
            assertTrue(feature.getName() + " installed", features.isInstalled(feature));
        }

        KuberafBundles bundles = new KuberafBundles(context, scr);
        assertFalse("Kuberaf bundles deployed", bundles.all().isEmpty());
        Await.until(Duration.ofSeconds(120), bundles::notActive);
        Await.until(Duration.ofSeconds(120), bundles::unsatisfiedComponents);
    }

    @Test
    public void theShellBundleIsHotSwappable() {
        KuberafBundles bundles = new KuberafBundles(context, scr);
        Await.until(Duration.ofSeconds(120), bundles::notActive);
        new HotSwap(bundles).check("kuberaf-shell",
                () -> shell.getRegistry().getCommand("kuberaf", "store") != null ? null : "kuberaf:store is not registered");
        assertEquals(null, bundles.notActive());
    }
}
