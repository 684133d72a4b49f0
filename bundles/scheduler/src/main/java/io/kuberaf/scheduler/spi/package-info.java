/**
 * The scheduler's plugin SPI: what a bundle implements to take part in placing pods.
 *
 * <p>For every pod the scheduler runs each {@link io.kuberaf.scheduler.spi.FilterPlugin} on the candidate
 * nodes (a node that any filter rejects is out), then each {@link io.kuberaf.scheduler.spi.ScorePlugin} on
 * the nodes left; a plugin's scores are first normalized to 0..100 ({@link
 * io.kuberaf.scheduler.spi.ScorePlugin#normalize}), then multiplied by its {@link
 * io.kuberaf.scheduler.spi.ScorePlugin#weight} and added up. The node with the highest sum wins (ties are
 * broken at random, as kube-scheduler does).
 *
 * <p>The built-in plugins (NodeUnschedulable, NodeResourcesFit, NodeName, NodeAffinity, TaintToleration,
 * NodePorts, InterPodAffinity, NodeResourcesBalancedAllocation, SelectorSpread) implement this same SPI.
 * Another bundle adds a plugin by publishing a {@code FilterPlugin} or {@code ScorePlugin} OSGi service,
 * e.g. with Declarative Services:
 *
 * <pre>{@code
 * @Component(service = FilterPlugin.class)
 * public class GpuModelFilter implements FilterPlugin {
 *     public String name() { return "GpuModel"; }
 *     public Status filter(PodInfo pod, NodeInfo node) {
 *         String wanted = pod.pod().getMetadata().getAnnotations().get("example.com/gpu-model");
 *         return wanted == null || wanted.equals(node.node().getMetadata().getLabels().get("example.com/gpu-model"))
 *                 ? Status.SUCCESS : Status.unresolvable("node(s) had another GPU model");
 *     }
 * }
 * }</pre>
 *
 * The scheduler picks such services up as they appear and drops them when their bundle stops; a pod that
 * is being scheduled at that moment finishes with the plugins it started with. Plugins are called on the
 * scheduler's thread with the node cache locked: they must be fast, must not block and must not call the
 * API server (read what you need from informers, ahead of time). The reasons of a rejecting
 * {@link io.kuberaf.scheduler.spi.Status} are counted into the pod's FailedScheduling event
 * ("0/3 nodes are available: 2 Insufficient cpu, 1 node(s) had another GPU model.").
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.kuberaf.scheduler.spi;
