package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.kuberaf.apiserver.table.Cells.NONE;
import static io.kuberaf.apiserver.table.Cells.instant;
import static io.kuberaf.apiserver.table.Cells.present;
import static io.kuberaf.apiserver.table.Cells.text;

/**
 * v1 Pod: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED-NODE READINESS-GATES. STATUS is the
 * phase refined by the init containers' and containers' states as kubectl shows it (Init:1/2,
 * CrashLoopBackOff, Completed, Terminating...); RESTARTS carries "(5m ago)" after the last restart.
 */
final class PodTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(Columns.NAME,
            Columns.string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            Columns.string("Status", "The aggregate status of the containers in this pod."),
            Columns.string("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
            Columns.AGE,
            Columns.wide("IP", Docs.POD_STATUS_POD_IP),
            Columns.wide("Node", Docs.POD_SPEC_NODE_NAME),
            Columns.wide("Nominated Node", Docs.POD_STATUS_NOMINATED_NODE_NAME),
            Columns.wide("Readiness Gates", Docs.POD_SPEC_READINESS_GATES));

    /** The reason the node lifecycle controller gives pods of an unreachable node. */
    private static final String NODE_LOST = "NodeLost";

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode pod, Instant now) {
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        int restarts = 0;
        int sidecarRestarts = 0;
        int totalContainers = spec.path("containers").size();
        int readyContainers = 0;
        Instant lastRestart = null;
        Instant lastSidecarRestart = null;

        String phase = text(status.path("phase"));
        String reason = phase;
        if (!text(status.path("reason")).isEmpty()) {
            reason = text(status.path("reason"));
        }
        for (JsonNode condition : status.path("conditions")) {
            if ("PodScheduled".equals(text(condition.path("type"))) && "SchedulingGated".equals(text(condition.path("reason")))) {
                reason = "SchedulingGated";
            }
        }

        Set<String> sidecars = new HashSet<>();
        for (JsonNode init : spec.path("initContainers")) {
            if ("Always".equals(text(init.path("restartPolicy")))) {
                sidecars.add(text(init.path("name")));
                totalContainers++;
            }
        }
        int initCount = spec.path("initContainers").size();

        boolean initializing = false;
        JsonNode initStatuses = status.path("initContainerStatuses");
        for (int i = 0; i < initStatuses.size(); i++) {
            JsonNode container = initStatuses.get(i);
            boolean sidecar = sidecars.contains(text(container.path("name")));
            restarts += (int) Cells.integer(container.path("restartCount"));
            Instant finished = instant(container.path("lastState").path("terminated").path("finishedAt"));
            lastRestart = later(lastRestart, finished);
            if (sidecar) {
                sidecarRestarts += (int) Cells.integer(container.path("restartCount"));
                lastSidecarRestart = later(lastSidecarRestart, finished);
            }
            JsonNode terminated = container.path("state").path("terminated");
            JsonNode waiting = container.path("state").path("waiting");
            if (present(terminated) && Cells.integer(terminated.path("exitCode")) == 0) {
                continue;
            }
            if (sidecar && container.path("started").asBoolean(false)) {
                if (container.path("ready").asBoolean(false)) {
                    readyContainers++;
                }
                continue;
            }
            if (present(terminated)) {
                if (text(terminated.path("reason")).isEmpty()) {
                    reason = Cells.integer(terminated.path("signal")) != 0
                            ? "Init:Signal:" + Cells.integer(terminated.path("signal"))
                            : "Init:ExitCode:" + Cells.integer(terminated.path("exitCode"));
                } else {
                    reason = "Init:" + text(terminated.path("reason"));
                }
            } else if (present(waiting) && !text(waiting.path("reason")).isEmpty()
                    && !"PodInitializing".equals(text(waiting.path("reason")))) {
                reason = "Init:" + text(waiting.path("reason"));
            } else {
                reason = "Init:" + i + "/" + initCount;
            }
            initializing = true;
            break;
        }

        if (!initializing || conditionTrue(status, "Initialized")) {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            boolean hasRunning = false;
            JsonNode statuses = status.path("containerStatuses");
            for (int i = statuses.size() - 1; i >= 0; i--) {
                JsonNode container = statuses.get(i);
                restarts += (int) Cells.integer(container.path("restartCount"));
                lastRestart = later(lastRestart, instant(container.path("lastState").path("terminated").path("finishedAt")));
                JsonNode waiting = container.path("state").path("waiting");
                JsonNode terminated = container.path("state").path("terminated");
                if (present(waiting) && !text(waiting.path("reason")).isEmpty()) {
                    reason = text(waiting.path("reason"));
                } else if (present(terminated) && !text(terminated.path("reason")).isEmpty()) {
                    reason = text(terminated.path("reason"));
                } else if (present(terminated)) {
                    reason = Cells.integer(terminated.path("signal")) != 0
                            ? "Signal:" + Cells.integer(terminated.path("signal"))
                            : "ExitCode:" + Cells.integer(terminated.path("exitCode"));
                } else if (container.path("ready").asBoolean(false) && present(container.path("state").path("running"))) {
                    hasRunning = true;
                    readyContainers++;
                }
            }
            if ("Completed".equals(reason) && hasRunning) {
                reason = conditionTrue(status, "Ready") ? "Running" : "NotReady";
            }
        }

        boolean deleting = present(pod.path("metadata").path("deletionTimestamp"));
        if (deleting && NODE_LOST.equals(text(status.path("reason")))) {
            reason = "Unknown";
        } else if (deleting && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
            reason = "Terminating";
        }

        String restartsCell = Integer.toString(restarts);
        if (restarts != 0 && lastRestart != null) {
            restartsCell = restarts + " (" + Cells.humanDuration(java.time.Duration.between(lastRestart, now)) + " ago)";
        }

        String podIp = text(status.path("podIPs").path(0).path("ip"));
        if (podIp.isEmpty()) {
            podIp = text(status.path("podIP"));
        }
        return List.of(Cells.name(pod), readyContainers + "/" + totalContainers, reason, restartsCell, Cells.age(pod, now),
                podIp.isEmpty() ? NONE : podIp,
                Cells.textOr(spec.path("nodeName"), NONE),
                Cells.textOr(status.path("nominatedNodeName"), NONE),
                readinessGates(spec, status));
    }

    private static String readinessGates(JsonNode spec, JsonNode status) {
        JsonNode gates = spec.path("readinessGates");
        if (gates.isEmpty()) {
            return NONE;
        }
        int trueConditions = 0;
        for (JsonNode gate : gates) {
            String type = text(gate.path("conditionType"));
            for (JsonNode condition : status.path("conditions")) {
                if (type.equals(text(condition.path("type")))) {
                    if ("True".equals(text(condition.path("status")))) {
                        trueConditions++;
                    }
                    break;
                }
            }
        }
        return trueConditions + "/" + gates.size();
    }

    /** The first condition of that type decides, as isPodInitializedConditionTrue does. */
    private static boolean conditionTrue(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (type.equals(text(condition.path("type")))) {
                return "True".equals(text(condition.path("status")));
            }
        }
        return false;
    }

    private static Instant later(Instant current, Instant candidate) {
        if (candidate == null) {
            return current;
        }
        return current == null || current.isBefore(candidate) ? candidate : current;
    }
}
