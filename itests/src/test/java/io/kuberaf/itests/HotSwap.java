package io.kuberaf.itests;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The reusable proof that a Kuberaf bundle is hot-swappable: stop it, start it, update it
 * ({@code bundle:update}), and after each step check that the other Kuberaf bundles kept running,
 * that its DS components came back, and that it works again ({@code worksAgain}).
 *
 * <pre>
 *   new HotSwap(bundles).check("kuberaf-store-ignite", () -> store.get("/k").isPresent() ? null : "key lost");
 * </pre>
 */
public final class HotSwap {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final KuberafBundles bundles;

    public HotSwap(KuberafBundles bundles) {
        this.bundles = bundles;
    }

    /** Checks only that the bundle and its components come back. */
    public void check(String symbolicName) {
        check(symbolicName, () -> null);
    }

    /**
     * @param worksAgain returns null when the component does its job again after a step, else what
     *                   is wrong; it is polled until it returns null or the time runs out
     */
    public void check(String symbolicName, java.util.function.Supplier<String> worksAgain) {
        check(symbolicName, () -> { }, worksAgain);
    }

    /**
     * As {@link #check(String, java.util.function.Supplier)}, and {@code whileStopped} changes the world
     * while the bundle is stopped (a controller must catch up on what it missed when it comes back).
     */
    public void check(String symbolicName, Runnable whileStopped, java.util.function.Supplier<String> worksAgain) {
        Bundle target = bundles.bySymbolicName(symbolicName);
        List<Bundle> others = bundles.all().stream().filter(b -> b.getBundleId() != target.getBundleId())
                .collect(Collectors.toList());
        Map<Long, Long> othersLastModified = others.stream()
                .collect(Collectors.toMap(Bundle::getBundleId, Bundle::getLastModified));

        step("stop", target, Bundle::stop, Bundle.RESOLVED, others);
        try {
            whileStopped.run();
        } finally {
            // even when the change failed: a bundle left stopped would fail every later test
            step("start", target, Bundle::start, Bundle.ACTIVE, others);
        }
        Await.until(TIMEOUT, () -> prefixed("after start", worksAgain.get()));
        long before = target.getLastModified();
        step("update", target, Bundle::update, Bundle.ACTIVE, others);
        Await.until(TIMEOUT, () -> target.getLastModified() > before ? null : "bundle:update did not reinstall " + symbolicName);
        Await.until(TIMEOUT, () -> prefixed("after update", worksAgain.get()));

        for (Bundle other : others) {
            if (other.getState() != Bundle.ACTIVE) {
                throw new AssertionError(other.getSymbolicName() + " is " + KuberafBundles.state(other)
                        + " after hot-swapping " + symbolicName);
            }
            if (other.getLastModified() != othersLastModified.get(other.getBundleId())) {
                throw new AssertionError(other.getSymbolicName() + " was reinstalled while hot-swapping " + symbolicName);
            }
        }
    }

    private void step(String name, Bundle target, BundleAction action, int expectedState, List<Bundle> others) {
        try {
            action.apply(target);
        } catch (BundleException e) {
            throw new AssertionError(name + " of " + target.getSymbolicName() + " failed: " + e.getMessage(), e);
        }
        Await.until(TIMEOUT, () -> target.getState() == expectedState ? null
                : target.getSymbolicName() + " is " + KuberafBundles.state(target) + " after " + name);
        if (expectedState == Bundle.ACTIVE) {
            Await.until(TIMEOUT, () -> prefixed("after " + name, bundles.unsatisfiedComponents(List.of(target))));
        }
        Await.until(TIMEOUT, () -> prefixed("while " + target.getSymbolicName() + " " + name + " ran",
                others.stream().filter(b -> b.getState() != Bundle.ACTIVE)
                        .map(b -> b.getSymbolicName() + " is " + KuberafBundles.state(b))
                        .reduce((a, b) -> a + ", " + b).orElse(null)));
    }

    private static String prefixed(String when, String problem) {
        return problem == null ? null : when + ": " + problem;
    }

    @FunctionalInterface
    private interface BundleAction {
        void apply(Bundle bundle) throws BundleException;
    }
}
