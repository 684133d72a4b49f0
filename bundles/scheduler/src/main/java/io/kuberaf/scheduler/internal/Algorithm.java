package io.kuberaf.scheduler.internal;

import io.kuberaf.scheduler.spi.FilterPlugin;
import io.kuberaf.scheduler.spi.NodeInfo;
import io.kuberaf.scheduler.spi.PodInfo;
import io.kuberaf.scheduler.spi.ScorePlugin;
import io.kuberaf.scheduler.spi.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One scheduling decision, as kube-scheduler's schedulePod: filter nodes starting where the previous
 * pod stopped (so all nodes get their turn) until enough feasible ones are found
 * ({@link #feasibleNodesToFind}), score those, pick the best (ties at random).
 *
 * <p>Nodes are evaluated one after the other on the scheduling thread. Kubernetes runs filters on 16
 * goroutines; on a 2-core machine that also runs the apiserver, the filters of one node take
 * microseconds and the hand-off would cost more than it saves.
 */
public final class Algorithm {

    private static final Logger LOG = LoggerFactory.getLogger(Algorithm.class);
    static final int MIN_FEASIBLE_NODES = 100;
    static final int MIN_FEASIBLE_PERCENTAGE = 5;
    static final int BASE_PERCENTAGE = 50;

    /** The result: a node, or why none fits. */
    public record Decision(String node, FitError fitError, int evaluated, int feasible) {
    }

    private final int percentageOfNodesToScore;
    private int nextStartIndex;

    /** {@code percentageOfNodesToScore}: 1..100, or 0 for Kubernetes' adaptive default. */
    public Algorithm(int percentageOfNodesToScore) {
        if (percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100) {
            throw new IllegalArgumentException("percentageOfNodesToScore must be 0 (adaptive) to 100, got "
                    + percentageOfNodesToScore);
        }
        this.percentageOfNodesToScore = percentageOfNodesToScore;
    }

    /**
     * How many feasible nodes are enough: all of them below 100 nodes; else the percentage (adaptive:
     * 50% minus 1% per 125 nodes, at least 5%), and never fewer than 100.
     */
    static int feasibleNodesToFind(int allNodes, int percentageOfNodesToScore) {
        if (allNodes < MIN_FEASIBLE_NODES || percentageOfNodesToScore >= 100) {
            return allNodes;
        }
        int percentage = percentageOfNodesToScore;
        if (percentage <= 0) {
            percentage = Math.max(MIN_FEASIBLE_PERCENTAGE, BASE_PERCENTAGE - allNodes / 125);
        }
        int nodes = (int) ((long) allNodes * percentage / 100);
        return Math.max(MIN_FEASIBLE_NODES, nodes);
    }

    public Decision schedule(PodInfo pod, List<? extends NodeInfo> nodes, List<FilterPlugin> filters, List<ScorePlugin> scores) {
        int all = nodes.size();
        if (all == 0) {
            return new Decision(null, new FitError(0, List.of()), 0, 0);
        }
        int wanted = feasibleNodesToFind(all, percentageOfNodesToScore);
        List<NodeInfo> feasible = new ArrayList<>(Math.min(wanted, all));
        List<Status> rejections = new ArrayList<>();
        int start = nextStartIndex % all;
        int evaluated = 0;
        while (evaluated < all && feasible.size() < wanted) {
            NodeInfo node = nodes.get((start + evaluated) % all);
            evaluated++;
            Status status = filter(pod, node, filters);
            if (status.isSuccess()) {
                feasible.add(node);
            } else {
                rejections.add(status);
            }
        }
        nextStartIndex = (start + evaluated) % all;
        if (feasible.isEmpty()) {
            return new Decision(null, new FitError(all, rejections), evaluated, 0);
        }
        if (feasible.size() == 1 || scores.isEmpty()) {
            return new Decision(feasible.get(0).name(), null, evaluated, feasible.size());
        }
        return new Decision(best(feasible, total(pod, feasible, scores)), null, evaluated, feasible.size());
    }

    static Status filter(PodInfo pod, NodeInfo node, List<FilterPlugin> filters) {
        for (FilterPlugin plugin : filters) {
            Status status;
            try {
                status = plugin.filter(pod, node);
            } catch (RuntimeException e) {
                LOG.warn("Filter plugin {} failed on pod {} and node {}: {}", plugin.name(), pod.key(), node.name(), e.toString());
                status = Status.unresolvable("node(s) failed the " + plugin.name() + " filter");
            }
            if (!status.isSuccess()) {
                return status;
            }
        }
        return Status.SUCCESS;
    }

    static long[] total(PodInfo pod, List<NodeInfo> nodes, List<ScorePlugin> scores) {
        long[] total = new long[nodes.size()];
        long[] raw = new long[nodes.size()];
        for (ScorePlugin plugin : scores) {
            try {
                for (int i = 0; i < raw.length; i++) {
                    raw[i] = plugin.score(pod, nodes.get(i));
                }
                plugin.normalize(pod, nodes, raw);
            } catch (RuntimeException e) {
                LOG.warn("Score plugin {} failed on pod {}; its scores are ignored: {}", plugin.name(), pod.key(), e.toString());
                continue;
            }
            for (int i = 0; i < raw.length; i++) {
                total[i] += raw[i] * plugin.weight();
            }
        }
        return total;
    }

    /** The highest total; among equals, each has the same chance (reservoir sampling, as Kubernetes selectHost). */
    static String best(List<NodeInfo> nodes, long[] total) {
        int bestIndex = 0;
        int ties = 1;
        for (int i = 1; i < total.length; i++) {
            if (total[i] > total[bestIndex]) {
                bestIndex = i;
                ties = 1;
            } else if (total[i] == total[bestIndex] && ThreadLocalRandom.current().nextInt(++ties) == 0) {
                bestIndex = i;
            }
        }
        return nodes.get(bestIndex).name();
    }
}
