package io.kuberaf.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kuberaf.api.runtime.ContainerStatus;
import io.kuberaf.api.runtime.SandboxStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Computes a pod's status from its spec and what the runtime and the probes say (Kubernetes' kubelet
 * generateAPIPodStatus): phase, conditions, container statuses, IPs, QoS class. A pure function.
 */
final class PodStatusBuilder {

    /** Why a container waits, when the kubelet knows better than "ContainerCreating". */
    record Waiting(String reason, String message) {
    }

    /** What the kubelet knows of a pod's containers besides its spec. */
    record Observed(SandboxStatus sandbox, Map<String, List<ContainerStatus>> containersByName,
                    Map<String, Waiting> waiting, Set<String> notReady, Set<String> notStarted,
                    String hostIp, String runtimeName) {
        List<ContainerStatus> attempts(String name) {
            return containersByName.getOrDefault(name, List.of());
        }
    }

    private PodStatusBuilder() {
    }

    static PodStatus build(Pod pod, Observed observed, Instant now) {
        PodStatus old = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        List<Container> inits = ContainerEnv.list(pod.getSpec().getInitContainers());
        List<Container> containers = ContainerEnv.list(pod.getSpec().getContainers());
        boolean initDone = initDone(inits, observed);
        List<io.fabric8.kubernetes.api.model.ContainerStatus> initStatuses = new ArrayList<>();
        for (Container c : inits) {
            initStatuses.add(containerStatus(c, observed, "PodInitializing", false));
        }
        List<io.fabric8.kubernetes.api.model.ContainerStatus> statuses = new ArrayList<>();
        for (Container c : containers) {
            statuses.add(containerStatus(c, observed, initDone ? "ContainerCreating" : "PodInitializing", true));
        }
        String phase = phase(pod, inits, initDone, statuses, observed);
        PodStatus status = new PodStatus();
        status.setPhase(phase);
        status.setConditions(conditions(old, observed, inits, initDone, statuses, phase, now));
        status.setInitContainerStatuses(initStatuses);
        status.setContainerStatuses(statuses);
        status.setHostIP(observed.hostIp());
        status.setHostIPs(List.of(new HostIP(observed.hostIp())));
        String podIp = podIp(pod, observed);
        status.setPodIP(podIp);
        status.setPodIPs(podIp == null ? List.of() : List.of(new PodIP(podIp)));
        status.setStartTime(old.getStartTime() != null ? old.getStartTime() : time(now));
        status.setQosClass(qosClass(pod));
        status.setNominatedNodeName(old.getNominatedNodeName());
        return status;
    }

    static String podIp(Pod pod, Observed observed) {
        if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            return observed.hostIp();
        }
        return observed.sandbox() != null && observed.sandbox().ready() ? observed.sandbox().ip() : null;
    }

    static boolean initDone(List<Container> inits, Observed observed) {
        for (Container c : inits) {
            ContainerStatus latest = latest(observed.attempts(c.getName()));
            if (latest == null || latest.state() != ContainerStatus.State.EXITED || latest.exitCode() != 0) {
                return false;
            }
        }
        return true;
    }

    static ContainerStatus latest(List<ContainerStatus> attempts) {
        return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    }

    private static io.fabric8.kubernetes.api.model.ContainerStatus containerStatus(Container c, Observed observed,
                                                                                  String defaultWaiting, boolean app) {
        List<ContainerStatus> attempts = observed.attempts(c.getName());
        ContainerStatus latest = latest(attempts);
        ContainerStatus previous = attempts.size() > 1 ? attempts.get(attempts.size() - 2) : null;
        Waiting waiting = observed.waiting().get(c.getName());
        ContainerStatusBuilder b = new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                .withImageID("").withRestartCount(latest == null ? 0 : latest.attempt());
        boolean running = latest != null && latest.running();
        if (latest == null || latest.state() == ContainerStatus.State.CREATED || latest.state() == ContainerStatus.State.UNKNOWN) {
            Waiting shown = waiting != null ? waiting : new Waiting(defaultWaiting, null);
            b.withState(waitingState(shown));
            if (previous != null) {
                b.withLastState(terminated(previous, observed.runtimeName()));
            }
        } else if (running) {
            b.withState(new ContainerStateBuilder().withNewRunning().withStartedAt(time(latest.startedAt())).endRunning().build());
            if (previous != null) {
                b.withLastState(terminated(previous, observed.runtimeName()));
            }
        } else if (waiting != null) {  // exited, waiting to restart (CrashLoopBackOff) or for its image
            b.withState(waitingState(waiting));
            b.withLastState(terminated(latest, observed.runtimeName()));
        } else {
            b.withState(terminated(latest, observed.runtimeName()));
            if (previous != null) {
                b.withLastState(terminated(previous, observed.runtimeName()));
            }
        }
        if (latest != null) {
            b.withContainerID(observed.runtimeName() + "://" + latest.id());
            b.withImageID(imageId(latest, observed.runtimeName()));
        }
        boolean started = running && !observed.notStarted().contains(c.getName());
        b.withStarted(latest == null ? null : started);
        boolean completedInit = latest != null && latest.state() == ContainerStatus.State.EXITED && latest.exitCode() == 0;
        b.withReady(app ? started && !observed.notReady().contains(c.getName()) : completedInit);
        return b.build();
    }

    private static String imageId(ContainerStatus container, String runtimeName) {
        String ref = container.imageRef() == null ? "" : container.imageRef();
        if (!"docker".equals(runtimeName) || ref.isEmpty()) {
            return ref;
        }
        return (ref.contains("@") ? "docker-pullable://" : "docker://") + ref;
    }

    private static ContainerState waitingState(Waiting waiting) {
        return new ContainerStateBuilder().withNewWaiting().withReason(waiting.reason()).withMessage(waiting.message())
                .endWaiting().build();
    }

    static ContainerState terminated(ContainerStatus container, String runtimeName) {
        String reason = container.reason();
        if (reason == null || reason.isEmpty()) {
            reason = container.exitCode() == 0 ? "Completed" : "Error";
        }
        return new ContainerStateBuilder().withNewTerminated()
                .withExitCode(container.exitCode())
                .withReason(reason)
                .withMessage(container.message() == null || container.message().isEmpty() ? null : container.message())
                .withStartedAt(time(container.startedAt()))
                .withFinishedAt(time(container.finishedAt()))
                .withContainerID(runtimeName + "://" + container.id())
                .endTerminated().build();
    }

    /** Kubernetes' getPhase. */
    static String phase(Pod pod, List<Container> inits, boolean initDone,
                        List<io.fabric8.kubernetes.api.model.ContainerStatus> statuses, Observed observed) {
        String policy = Objects.requireNonNullElse(pod.getSpec().getRestartPolicy(), "Always");
        if (!initDone) {
            if (policy.equals("Never")) {
                for (Container c : inits) {
                    ContainerStatus latest = latest(observed.attempts(c.getName()));
                    if (latest != null && latest.state() == ContainerStatus.State.EXITED && latest.exitCode() != 0) {
                        return "Failed";
                    }
                }
            }
            return "Pending";
        }
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (var status : statuses) {
            ContainerState state = status.getState();
            if (state.getRunning() != null) {
                running++;
            } else if (state.getTerminated() != null) {
                stopped++;
                succeeded += state.getTerminated().getExitCode() == 0 ? 1 : 0;
            } else if (status.getLastState() != null && status.getLastState().getTerminated() != null) {
                stopped++;
                succeeded += status.getLastState().getTerminated().getExitCode() == 0 ? 1 : 0;
            } else {
                waiting++;
            }
        }
        if (waiting > 0) {
            return "Pending";
        }
        if (running > 0) {
            return "Running";
        }
        if (stopped > 0) {
            if (policy.equals("Always")) {
                return "Running";
            }
            if (stopped == succeeded) {
                return "Succeeded";
            }
            return policy.equals("Never") ? "Failed" : "Running";
        }
        return "Pending";
    }

    private static List<PodCondition> conditions(PodStatus old, Observed observed, List<Container> inits, boolean initDone,
                                                 List<io.fabric8.kubernetes.api.model.ContainerStatus> statuses,
                                                 String phase, Instant now) {
        List<PodCondition> conditions = new ArrayList<>();
        boolean sandboxReady = observed.sandbox() != null && observed.sandbox().ready();
        conditions.add(condition(old, "PodReadyToStartContainers", sandboxReady, null, null, now));
        List<String> incomplete = new ArrayList<>();
        for (Container c : inits) {
            ContainerStatus latest = latest(observed.attempts(c.getName()));
            if (latest == null || latest.state() != ContainerStatus.State.EXITED || latest.exitCode() != 0) {
                incomplete.add(c.getName());
            }
        }
        conditions.add(initDone ? condition(old, "Initialized", true, null, null, now)
                : condition(old, "Initialized", false, "ContainersNotInitialized",
                "containers with incomplete status: [" + String.join(" ", incomplete) + "]", now));
        List<String> unready = statuses.stream().filter(s -> !Boolean.TRUE.equals(s.getReady()))
                .map(io.fabric8.kubernetes.api.model.ContainerStatus::getName).toList();
        boolean completed = phase.equals("Succeeded") || phase.equals("Failed");
        String reason = completed ? "PodCompleted" : "ContainersNotReady";
        String message = completed ? null : "containers with unready status: [" + String.join(" ", unready) + "]";
        boolean ready = unready.isEmpty() && !completed;
        conditions.add(condition(old, "Ready", ready, ready ? null : reason, ready ? null : message, now));
        conditions.add(condition(old, "ContainersReady", ready, ready ? null : reason, ready ? null : message, now));
        for (PodCondition kept : ContainerEnv.list(old.getConditions())) {
            if (conditions.stream().noneMatch(c -> c.getType().equals(kept.getType()))) {
                conditions.add(kept);  // PodScheduled, readiness gates and whatever others own
            }
        }
        if (conditions.stream().noneMatch(c -> c.getType().equals("PodScheduled"))) {
            conditions.add(condition(old, "PodScheduled", true, null, null, now));  // created bound, never scheduled
        }
        return conditions;
    }

    private static PodCondition condition(PodStatus old, String type, boolean value, String reason, String message, Instant now) {
        String status = value ? "True" : "False";
        String transition = ContainerEnv.list(old.getConditions()).stream()
                .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
                .map(PodCondition::getLastTransitionTime).filter(Objects::nonNull).findFirst().orElse(time(now));
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(transition).withLastProbeTime(null).build();
    }

    /** Guaranteed when every container has equal cpu and memory requests and limits; BestEffort with none at all. */
    static String qosClass(Pod pod) {
        List<Container> all = new ArrayList<>(ContainerEnv.list(pod.getSpec().getContainers()));
        all.addAll(ContainerEnv.list(pod.getSpec().getInitContainers()));
        boolean any = false;
        boolean guaranteed = true;
        for (Container c : all) {
            Map<String, Quantity> limits = c.getResources() == null ? null : c.getResources().getLimits();
            Map<String, Quantity> requests = c.getResources() == null ? null : c.getResources().getRequests();
            limits = limits == null ? Map.of() : limits;
            requests = requests == null ? Map.of() : requests;
            for (String resource : List.of("cpu", "memory")) {
                Quantity limit = limits.get(resource);
                Quantity request = requests.getOrDefault(resource, limit);
                any |= limit != null || request != null;
                if (limit == null || request == null
                        || limit.getNumericalAmount().compareTo(request.getNumericalAmount()) != 0) {
                    guaranteed = false;
                }
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
