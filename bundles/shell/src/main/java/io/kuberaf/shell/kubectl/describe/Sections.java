package io.kuberaf.shell.kubectl.describe;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kuberaf.shell.kubectl.describe.Formats.text;

/** The sections several describers share, laid out as kubectl's describe lays them out. */
final class Sections {

    private static final int MAX_ANNOTATION_LENGTH = 140;
    private static final JsonNode NO_STATUSES = io.kuberaf.shell.kubectl.Api.MAPPER.createArrayNode();
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private Sections() {
    }

    static void labels(DescribeWriter w, String title, JsonNode labels) {
        labels(w, "", title, labels);
    }

    static void labels(DescribeWriter w, String indent, String title, JsonNode labels) {
        w.write(0, "%s%s:\t", indent, title);
        Map<String, String> sorted = Formats.sorted(labels);
        if (sorted.isEmpty()) {
            w.line("<none>");
            return;
        }
        boolean first = true;
        for (Map.Entry<String, String> label : sorted.entrySet()) {
            if (!first) {
                w.write(0, "%s\t", indent);
            }
            first = false;
            w.write(0, "%s=%s\n", label.getKey(), label.getValue());
        }
    }

    static void annotations(DescribeWriter w, String title, JsonNode annotations) {
        w.write(0, "%s:\t", title);
        Map<String, String> sorted = Formats.sorted(annotations);
        sorted.remove(LAST_APPLIED);
        if (sorted.isEmpty()) {
            w.line("<none>");
            return;
        }
        boolean first = true;
        for (Map.Entry<String, String> annotation : sorted.entrySet()) {
            if (!first) {
                w.write(0, "\t");
            }
            first = false;
            String key = annotation.getKey();
            String value = annotation.getValue().endsWith("\n") ? annotation.getValue().substring(0, annotation.getValue().length() - 1) : annotation.getValue();
            if (value.length() + key.length() + 2 > MAX_ANNOTATION_LENGTH || value.contains("\n")) {
                w.write(0, "%s:\n", key);
                for (String line : value.split("\n", -1)) {
                    w.write(0, "\t  %s\n", line.length() > MAX_ANNOTATION_LENGTH - 2 ? line.substring(0, MAX_ANNOTATION_LENGTH - 2) + "..." : line);
                }
            } else {
                w.write(0, "%s: %s\n", key, value);
            }
        }
    }

    static void tolerations(DescribeWriter w, String indent, String title, JsonNode tolerations) {
        w.write(0, "%s%s:\t", indent, title);
        if (tolerations.size() == 0) {
            w.line("<none>");
            return;
        }
        List<JsonNode> sorted = new ArrayList<>();
        tolerations.forEach(sorted::add);
        sorted.sort(Comparator.comparing(toleration -> text(toleration, "key")));
        boolean first = true;
        for (JsonNode toleration : sorted) {
            if (!first) {
                w.write(0, "%s\t", indent);
            }
            first = false;
            StringBuilder line = new StringBuilder(text(toleration, "key"));
            String value = text(toleration, "value");
            if (!value.isEmpty()) {
                line.append('=').append(value);
            }
            if (!text(toleration, "effect").isEmpty()) {
                line.append(':').append(text(toleration, "effect"));
            }
            if ("Exists".equals(text(toleration, "operator")) && value.isEmpty()) {
                line.append(text(toleration, "key").isEmpty() && text(toleration, "effect").isEmpty() ? "op=Exists" : " op=Exists");
            }
            if (toleration.has("tolerationSeconds")) {
                line.append(" for ").append(toleration.path("tolerationSeconds").asLong()).append('s');
            }
            w.write(0, "%s\n", line);
        }
    }

    static void taints(DescribeWriter w, String title, JsonNode taints) {
        w.write(0, "%s:\t", title);
        if (taints.size() == 0) {
            w.line("<none>");
            return;
        }
        List<JsonNode> sorted = new ArrayList<>();
        taints.forEach(sorted::add);
        sorted.sort(Comparator.comparing(taint -> text(taint, "effect") + "," + text(taint, "key")));
        boolean first = true;
        for (JsonNode taint : sorted) {
            if (!first) {
                w.write(0, "\t");
            }
            first = false;
            String value = text(taint, "value");
            w.write(0, "%s%s:%s\n", text(taint, "key"), value.isEmpty() ? "" : "=" + value, text(taint, "effect"));
        }
    }

    /** Containers with their status when known (pods), without (templates, space = "  "). */
    static void containers(DescribeWriter w, String label, JsonNode containers, JsonNode statuses, String space) {
        Map<String, JsonNode> byName = new HashMap<>();
        statuses.forEach(status -> byName.put(text(status, "name"), status));
        w.write(0, "%s%s:%s\n", space, label, containers.size() == 0 ? " <none>" : "");
        for (JsonNode container : containers) {
            JsonNode status = byName.get(text(container, "name"));
            basicInfo(w, container, status, space);
            command(w, container);
            if (status != null) {
                state(w, "State", status.path("state"));
                if (status.path("lastState").has("terminated")) {
                    state(w, "Last State", status.path("lastState"));
                }
                w.write(2, "Ready:\t%s\n", status.path("ready").asBoolean() ? "True" : "False");
                w.write(2, "Restart Count:\t%d\n", status.path("restartCount").asInt());
            }
            resources(w, container.path("resources"), 2);
            probes(w, container);
            environment(w, container);
            mounts(w, container);
        }
    }

    private static void basicInfo(DescribeWriter w, JsonNode container, JsonNode status, String space) {
        w.write(1, "%s%s:\n", space.isEmpty() ? "" : " ", text(container, "name"));
        if (status != null) {
            w.write(2, "Container ID:\t%s\n", text(status, "containerID"));
        }
        w.write(2, "Image:\t%s\n", text(container, "image"));
        if (status != null) {
            w.write(2, "Image ID:\t%s\n", text(status, "imageID"));
        }
        String ports = ports(container.path("ports"), "containerPort");
        w.write(2, ports.contains(",") ? "Ports:\t%s\n" : "Port:\t%s\n", ports.isEmpty() ? "<none>" : ports);
        String hostPorts = ports(container.path("ports"), "hostPort");
        w.write(2, hostPorts.contains(",") ? "Host Ports:\t%s\n" : "Host Port:\t%s\n", hostPorts.isEmpty() ? "<none>" : hostPorts);
    }

    private static String ports(JsonNode ports, String field) {
        List<String> formatted = new ArrayList<>();
        for (JsonNode port : ports) {
            formatted.add(port.path(field).asInt() + "/" + port.path("protocol").asText("TCP"));
        }
        return String.join(", ", formatted);
    }

    private static void command(DescribeWriter w, JsonNode container) {
        for (String field : new String[] {"command", "args"}) {
            if (container.path(field).size() > 0) {
                w.write(2, "%s:\n", field.equals("command") ? "Command" : "Args");
                for (JsonNode part : container.path(field)) {
                    for (String line : part.asText().split("\n", -1)) {
                        w.write(3, "%s\n", line);
                    }
                }
            }
        }
    }

    private static void state(DescribeWriter w, String name, JsonNode state) {
        if (state.has("running")) {
            w.write(2, "%s:\tRunning\n", name);
            w.write(3, "Started:\t%s\n", Formats.rfc1123z(text(state.path("running"), "startedAt")));
        } else if (state.has("terminated")) {
            JsonNode terminated = state.path("terminated");
            w.write(2, "%s:\tTerminated\n", name);
            if (!text(terminated, "reason").isEmpty()) {
                w.write(3, "Reason:\t%s\n", text(terminated, "reason"));
            }
            if (!text(terminated, "message").isEmpty()) {
                w.write(3, "Message:\t%s\n", text(terminated, "message"));
            }
            w.write(3, "Exit Code:\t%d\n", terminated.path("exitCode").asInt());
            if (terminated.path("signal").asInt() > 0) {
                w.write(3, "Signal:\t%d\n", terminated.path("signal").asInt());
            }
            w.write(3, "Started:\t%s\n", Formats.rfc1123z(text(terminated, "startedAt")));
            w.write(3, "Finished:\t%s\n", Formats.rfc1123z(text(terminated, "finishedAt")));
        } else {
            w.write(2, "%s:\tWaiting\n", name);
            if (!text(state.path("waiting"), "reason").isEmpty()) {
                w.write(3, "Reason:\t%s\n", text(state.path("waiting"), "reason"));
            }
        }
    }

    static void resources(DescribeWriter w, JsonNode resources, int level) {
        for (String kind : new String[] {"limits", "requests"}) {
            if (resources.path(kind).size() > 0) {
                w.write(level, "%s:\n", kind.equals("limits") ? "Limits" : "Requests");
                Formats.sorted(resources.path(kind)).forEach((name, quantity) -> w.write(level + 1, "%s:\t%s\n", name, quantity));
            }
        }
    }

    private static void probes(DescribeWriter w, JsonNode container) {
        String[][] probes = {{"livenessProbe", "Liveness"}, {"readinessProbe", "Readiness"}, {"startupProbe", "Startup"}};
        for (String[] probe : probes) {
            if (container.has(probe[0])) {
                w.write(2, "%s:\t%s\n", probe[1], probe(container.path(probe[0])));
            }
        }
    }

    private static String probe(JsonNode probe) {
        String attrs = String.format("delay=%ds timeout=%ds period=%ds successThreshold=%d failureThreshold=%d",
                probe.path("initialDelaySeconds").asInt(), probe.path("timeoutSeconds").asInt(), probe.path("periodSeconds").asInt(),
                probe.path("successThreshold").asInt(), probe.path("failureThreshold").asInt());
        if (probe.has("exec")) {
            List<String> command = new ArrayList<>();
            probe.path("exec").path("command").forEach(part -> command.add(part.asText()));
            return "exec [" + String.join(" ", command) + "] " + attrs;
        } else if (probe.has("httpGet")) {
            JsonNode get = probe.path("httpGet");
            String scheme = get.path("scheme").asText("HTTP").toLowerCase();
            return "http-get " + scheme + "://" + text(get, "host") + ":" + get.path("port").asText() + text(get, "path") + " " + attrs;
        } else if (probe.has("tcpSocket")) {
            return "tcp-socket " + text(probe.path("tcpSocket"), "host") + ":" + probe.path("tcpSocket").path("port").asText() + " " + attrs;
        }
        return "unknown " + attrs;
    }

    private static void environment(DescribeWriter w, JsonNode container) {
        JsonNode env = container.path("env");
        w.write(2, "Environment:%s\n", env.size() == 0 ? "\t<none>" : "");
        for (JsonNode variable : env) {
            String name = text(variable, "name");
            JsonNode from = variable.path("valueFrom");
            if (from.isMissingNode()) {
                String[] lines = text(variable, "value").split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    if (i == 0) {
                        w.write(3, "%s:\t%s\n", name, lines[i]);
                    } else {
                        w.write(3, "\t%s\n", lines[i]);
                    }
                }
            } else if (from.has("fieldRef")) {
                w.write(3, "%s:\t (%s:%s)\n", name, text(from.path("fieldRef"), "apiVersion"), text(from.path("fieldRef"), "fieldPath"));
            } else if (from.has("resourceFieldRef")) {
                w.write(3, "%s:\t (%s)\n", name, text(from.path("resourceFieldRef"), "resource"));
            } else if (from.has("secretKeyRef")) {
                JsonNode ref = from.path("secretKeyRef");
                w.write(3, "%s:\t<set to the key '%s' in secret '%s'>\tOptional: %s\n", name, text(ref, "key"), text(ref, "name"), ref.path("optional").asBoolean());
            } else if (from.has("configMapKeyRef")) {
                JsonNode ref = from.path("configMapKeyRef");
                w.write(3, "%s:\t<set to the key '%s' of config map '%s'>\tOptional: %s\n", name, text(ref, "key"), text(ref, "name"), ref.path("optional").asBoolean());
            }
        }
    }

    private static void mounts(DescribeWriter w, JsonNode container) {
        JsonNode mounts = container.path("volumeMounts");
        w.write(2, "Mounts:%s\n", mounts.size() == 0 ? "\t<none>" : "");
        List<JsonNode> sorted = new ArrayList<>();
        mounts.forEach(sorted::add);
        sorted.sort(Comparator.comparing(mount -> text(mount, "mountPath")));
        for (JsonNode mount : sorted) {
            String flags = mount.path("readOnly").asBoolean() ? "ro" : "rw";
            if (!text(mount, "subPath").isEmpty()) {
                flags += ",path=\"" + text(mount, "subPath") + "\"";
            }
            w.write(3, "%s from %s (%s)\n", text(mount, "mountPath"), text(mount, "name"), flags);
        }
    }

    static void volumes(DescribeWriter w, JsonNode volumes, String space) {
        if (volumes.size() == 0) {
            w.write(0, "%sVolumes:\t<none>\n", space);
            return;
        }
        w.write(0, "%sVolumes:\n", space);
        for (JsonNode volume : volumes) {
            w.write(1, "%s%s:\n", space.isEmpty() ? "" : " ", text(volume, "name"));
            if (volume.has("hostPath")) {
                w.write(2, "Type:\tHostPath (bare host directory volume)\n    Path:\t%s\n    HostPathType:\t%s\n",
                        text(volume.path("hostPath"), "path"), volume.path("hostPath").path("type").asText("<none>"));
            } else if (volume.has("emptyDir")) {
                w.write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t%s\n    SizeLimit:\t%s\n",
                        text(volume.path("emptyDir"), "medium"), volume.path("emptyDir").path("sizeLimit").asText("<unset>"));
            } else if (volume.has("secret")) {
                w.write(2, "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t%s\n    Optional:\t%s\n",
                        text(volume.path("secret"), "secretName"), volume.path("secret").path("optional").asBoolean());
            } else if (volume.has("configMap")) {
                w.write(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t%s\n    Optional:\t%s\n",
                        text(volume.path("configMap"), "name"), volume.path("configMap").path("optional").asBoolean());
            } else if (volume.has("persistentVolumeClaim")) {
                w.write(2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t%s\n    ReadOnly:\t%s\n",
                        text(volume.path("persistentVolumeClaim"), "claimName"), volume.path("persistentVolumeClaim").path("readOnly").asBoolean());
            } else {
                w.write(2, "<unknown>\n");
            }
        }
    }

    static void podTemplate(DescribeWriter w, JsonNode template) {
        w.write(0, "Pod Template:\n");
        if (template.isMissingNode()) {
            w.write(1, "<unset>");
            return;
        }
        JsonNode metadata = template.path("metadata");
        JsonNode spec = template.path("spec");
        labels(w, "  ", "Labels", metadata.path("labels"));
        if (metadata.path("annotations").size() > 0) {
            annotations(w, "  Annotations", metadata.path("annotations"));
        }
        if (!text(spec, "serviceAccountName").isEmpty()) {
            w.write(1, "Service Account:\t%s\n", text(spec, "serviceAccountName"));
        }
        if (spec.path("initContainers").size() > 0) {
            containers(w, "Init Containers", spec.path("initContainers"), NO_STATUSES, "  ");
        }
        containers(w, "Containers", spec.path("containers"), NO_STATUSES, "  ");
        volumes(w, spec.path("volumes"), "  ");
        if (!text(spec, "priorityClassName").isEmpty()) {
            w.write(1, "Priority Class Name:\t%s\n", text(spec, "priorityClassName"));
        }
        labels(w, "  ", "Node-Selectors", spec.path("nodeSelector"));
        tolerations(w, "  ", "Tolerations", spec.path("tolerations"));
    }

    /** The Events table, oldest last-seen first; its columns are laid out on their own. */
    static void events(DescribeWriter w, List<JsonNode> events) {
        if (events.isEmpty()) {
            w.write(0, "Events:\t<none>\n");
            return;
        }
        w.flush();
        events.sort(Comparator.comparing(event -> text(event, "lastTimestamp")));
        w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
        w.write(1, "----\t------\t----\t----\t-------\n");
        for (JsonNode event : events) {
            String first = text(event, "eventTime").isEmpty() ? Formats.since(text(event, "firstTimestamp")) : Formats.since(text(event, "eventTime"));
            String interval;
            if (event.has("series")) {
                interval = String.format("%s (x%d over %s)", Formats.since(text(event.path("series"), "lastObservedTime")),
                        event.path("series").path("count").asInt(), first);
            } else if (event.path("count").asInt() > 1) {
                interval = String.format("%s (x%d over %s)", Formats.since(text(event, "lastTimestamp")), event.path("count").asInt(), first);
            } else {
                interval = first;
            }
            String source = text(event.path("source"), "component");
            if (source.isEmpty()) {
                source = text(event, "reportingComponent");
            }
            w.write(1, "%s\t%s\t%s\t%s\t%s\n", text(event, "type"), text(event, "reason"), interval, source, text(event, "message").strip());
        }
    }

}
