package io.kuberaf.itests;

import io.kuberaf.api.store.KeyValue;
import io.kuberaf.api.store.ResourceStore;
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
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

import javax.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** The Ignite store inside the distribution: kuberaf:store, and data kept across a hot swap of its bundle. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StoreIT {

    /** Karaf has installed its boot features: until then it restarts any feature bundle a test stops. */
    @Inject
    private BootFinished bootFinished;

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private SessionFactory sessions;

    @Configuration
    public Option[] config() {
        return KuberafDistribution.options();
    }

    @Test
    public void storeCommandReportsTheStore() throws Exception {
        ResourceStore store = store();
        KeyValue kv = store.create("/registry/itest/things/one", "{}".getBytes(StandardCharsets.UTF_8), 0);
        String out = new Shell(sessions).run("kuberaf:store");
        assertTrue(out, out.contains("Store:              Apache Ignite"));
        assertTrue(out, out.contains("Members:            1"));
        assertTrue(out, out.contains("Persistence:        native persistence, WAL FSYNC"));
        Matcher revision = Pattern.compile("Revision:\\s+(\\d+)").matcher(out);
        assertTrue(out, revision.find());
        assertTrue(out, Long.parseLong(revision.group(1)) >= kv.modRevision());
    }

    @Test
    public void storeBundleIsHotSwappableAndKeepsItsData() throws Exception {
        KeyValue kept = store().create("/registry/itest/things/kept", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), 0);
        KuberafBundles bundles = new KuberafBundles(context, scr);
        new HotSwap(bundles).check("kuberaf-store-ignite", () -> {
            ResourceStore store = storeOrNull();
            if (store == null) {
                return "no ResourceStore service";
            }
            KeyValue back = store.get(kept.key()).orElse(null);
            if (back == null || back.modRevision() != kept.modRevision()) {
                return "key written before the swap is " + back;
            }
            return store.currentRevision() >= kept.modRevision() ? null : "revision went back";
        });
        ResourceStore store = store();
        KeyValue after = store.create("/registry/itest/things/after-" + System.nanoTime(), "{}".getBytes(StandardCharsets.UTF_8), 0);
        assertTrue("revisions continue after the swap", after.modRevision() > kept.modRevision());
        assertEquals("{\"a\":1}", new String(store.get(kept.key()).orElseThrow().value(), StandardCharsets.UTF_8));
    }

    private ResourceStore store() {
        Await.until(Duration.ofSeconds(120), () -> storeOrNull() == null ? "no ResourceStore service" : null);
        return storeOrNull();
    }

    private ServiceTracker<ResourceStore, ResourceStore> stores;

    /** The current ResourceStore service (a tracker, so polling across the hot swap does not pile up use counts). */
    private synchronized ResourceStore storeOrNull() {
        if (stores == null) {
            stores = new ServiceTracker<>(context, ResourceStore.class, null);
            stores.open();
        }
        return stores.getService();
    }
}
