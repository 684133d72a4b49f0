package io.kuberaf.shell.kubectl.describe;

import com.fasterxml.jackson.databind.JsonNode;
import io.kuberaf.shell.kubectl.Api;
import io.kuberaf.shell.kubectl.ApiException;
import io.kuberaf.shell.kubectl.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.kuberaf.shell.kubectl.describe.Formats.text;

/**
 * kubectl describe for pods, replication controllers, replica sets, deployments, services, nodes
 * and namespaces: the same sections in the same order and alignment, with the Events table.
 * Other kinds get kubectl's generic description (fields of the object, then events).
 */
public final class Describer {

    private final Api api;

    public Describer(Api api) {
        this.api = api;
    }

    public String describe(ResourceType type, JsonNode object) {
        DescribeWriter w = new DescribeWriter();
        switch (type.group() + "/" + type.kind()) {
            case "/Pod": pod(w, object); break;
            case "/ReplicationController": replicationController(w, object); break;
            case "apps/ReplicaSet": replicaSet(w, object); break;
            case "apps/Deployment": deployment(w, object); break;
            case "/Service": service(w, object); break;
            case "/Node": node(w, object); break;
            case "/Namespace": namespace(w, object); break;
            default: generic(w, type, object);
        }
        return w.text();
    }

    private void pod(DescribeWriter w, JsonNode pod) {
        JsonNode metadata = pod.path("metadata");
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        w.write(0, "Name:\t%s\n", text(metadata, "name"));
        w.write(0, "Namespace:\t%s\n", text(metadata, "namespace"));
        if (spec.has("priority")) {
            w.write(0, "Priority:\t%d\n", spec.path("priority").asInt());
        }
        if (!text(spec, "priorityClassName").isEmpty()) {
            w.write(0, "Priority Class Name:\t%s\n", text(spec, "priorityClassName"));
        }
        if (!text(spec, "runtimeClassName").isEmpty()) {
            w.write(0, "Runtime Class Name:\t%s\n", text(spec, "runtimeClassName"));
        }
        if (!text(spec, "serviceAccountName").isEmpty()) {
            w.write(0, "Service Account:\t%s\n", text(spec, "serviceAccountName"));
        }
        w.write(0, "Node:\t%s\n", text(spec, "nodeName").isEmpty() ? "<none>" : text(spec, "nodeName") + "/" + text(status, "hostIP"));
        if (status.has("startTime")) {
            w.write(0, "Start Time:\t%s\n", Formats.rfc1123z(text(status, "startTime")));
        }
        Sections.labels(w, "Labels", metadata.path("labels"));
        Sections.annotations(w, "Annotations", metadata.path("annotations"));
        String phase = text(status, "phase");
        if (metadata.has("deletionTimestamp") && !phase.equals("Failed") && !phase.equals("Succeeded")) {
            w.write(0, "Status:\tTerminating (lasts %s)\n", Formats.since(text(metadata, "deletionTimestamp")));
            w.write(0, "Termination Grace Period:\t%ds\n", metadata.path("deletionGracePeriodSeconds").asLong());
        } else {
            w.write(0, "Status:\t%s\n", phase);
        }
        if (!text(status, "reason").isEmpty()) {
            w.write(0, "Reason:\t%s\n", text(status, "reason"));
        }
        if (!text(status, "message").isEmpty()) {
            w.write(0, "Message:\t%s\n", text(status, "message"));
        }
        w.write(0, "IP:\t%s\n", text(status, "podIP"));
        if (status.path("podIPs").size() == 0) {
            w.write(0, "IPs:\t<none>\n");
        } else {
            w.write(0, "IPs:\n");
            status.path("podIPs").forEach(ip -> w.write(1, "IP:\t%s\n", text(ip, "ip")));
        }
        String controller = controller(metadata);
        if (!controller.isEmpty()) {
            w.write(0, "Controlled By:\t%s\n", controller);
        }
        if (!text(status, "nominatedNodeName").isEmpty()) {
            w.write(0, "NominatedNodeName:\t%s\n", text(status, "nominatedNodeName"));
        }
        if (spec.path("initContainers").size() > 0) {
            Sections.containers(w, "Init Containers", spec.path("initContainers"), status.path("initContainerStatuses"), "");
        }
        Sections.containers(w, "Containers", spec.path("containers"), status.path("containerStatuses"), "");
        if (status.path("conditions").size() > 0) {
            w.write(0, "Conditions:\n  Type\tStatus\n");
            status.path("conditions").forEach(condition -> w.write(1, "%s \t%s \n", text(condition, "type"), text(condition, "status")));
        }
        Sections.volumes(w, spec.path("volumes"), "");
        w.write(0, "QoS Class:\t%s\n", status.path("qosClass").asText(qosClass(spec)));
        Sections.labels(w, "Node-Selectors", spec.path("nodeSelector"));
        Sections.tolerations(w, "", "Tolerations", spec.path("tolerations"));
        Sections.events(w, events(pod, false));
    }

    private static String qosClass(JsonNode spec) {
        boolean any = false;
        for (JsonNode container : spec.path("containers")) {
            any |= container.path("resources").path("requests").size() > 0 || container.path("resources").path("limits").size() > 0;
        }
        return any ? "Burstable" : "BestEffort";
    }

    private static String controller(JsonNode metadata) {
        for (JsonNode owner : metadata.path("ownerReferences")) {
            if (owner.path("controller").asBoolean()) {
                return text(owner, "kind") + "/" + text(owner, "name");
            }
        }
        return "";
    }

    private void replicationController(DescribeWriter w, JsonNode rc) {
        JsonNode metadata = rc.path("metadata");
        w.write(0, "Name:\t%s\n", text(metadata, "name"));
        w.write(0, "Namespace:\t%s\n", text(metadata, "namespace"));
        w.write(0, "Selector:\t%s\n", Formats.labels(rc.path("spec").path("selector")));
        Sections.labels(w, "Labels", metadata.path("labels"));
        Sections.annotations(w, "Annotations", metadata.path("annotations"));
        w.write(0, "Replicas:\t%d current / %d desired\n", rc.path("status").path("replicas").asInt(), rc.path("spec").path("replicas").asInt(1));
        w.write(0, "Pods Status:\t%s\n", podStatus(rc, Formats.labels(rc.path("spec").path("selector"))));
        Sections.podTemplate(w, rc.path("spec").path("template"));
        conditions(w, rc);
        Sections.events(w, events(rc, true));
    }

    private void replicaSet(DescribeWriter w, JsonNode rs) {
        JsonNode metadata = rs.path("metadata");
        String selector = Formats.selector(rs.path("spec").path("selector"));
        w.write(0, "Name:\t%s\n", text(metadata, "name"));
        w.write(0, "Namespace:\t%s\n", text(metadata, "namespace"));
        w.write(0, "Selector:\t%s\n", selector);
        Sections.labels(w, "Labels", metadata.path("labels"));
        Sections.annotations(w, "Annotations", metadata.path("annotations"));
        String controller = controller(metadata);
        if (!controller.isEmpty()) {
            w.write(0, "Controlled By:\t%s\n", controller);
        }
        w.write(0, "Replicas:\t%d current / %d desired\n", rs.path("status").path("replicas").asInt(), rs.path("spec").path("replicas").asInt(1));
        w.write(0, "Pods Status:\t%s\n", podStatus(rs, selector));
        Sections.podTemplate(w, rs.path("spec").path("template"));
        conditions(w, rs);
        Sections.events(w, events(rs, true));
    }

    private static void conditions(DescribeWriter w, JsonNode object) {
        JsonNode conditions = object.path("status").path("conditions");
        if (conditions.size() > 0) {
            w.write(0, "Conditions:\n  Type\tStatus\tReason\n");
            w.write(1, "----\t------\t------\n");
            conditions.forEach(c -> w.write(1, "%s \t%s\t%s\n", text(c, "type"), text(c, "status"), text(c, "reason")));
        }
    }

    /** Running / Waiting / Succeeded / Failed among the pods the controller owns. */
    private String podStatus(JsonNode controller, String selector) {
        int running = 0;
        int waiting = 0;
        int succeeded = 0;
        int failed = 0;
        String uid = text(controller.path("metadata"), "uid");
        String path = "/api/v1/namespaces/" + text(controller.path("metadata"), "namespace") + "/pods?labelSelector=" + Api.encode(selector);
        for (JsonNode pod : api.get(path).path("items")) {
            boolean owned = false;
            for (JsonNode owner : pod.path("metadata").path("ownerReferences")) {
                owned |= owner.path("controller").asBoolean() && uid.equals(text(owner, "uid"));
            }
            if (!owned) {
                continue;
            }
            switch (text(pod.path("status"), "phase")) {
                case "Running": running++; break;
                case "Pending": waiting++; break;
                case "Succeeded": succeeded++; break;
                case "Failed": failed++; break;
                default: break;
            }
        }
        return String.format("%d Running / %d Waiting / %d Succeeded / %d Failed", running, waiting, succeeded, failed);
    }

    private void deployment(DescribeWriter w, JsonNode deployment) {
        JsonNode metadata = deployment.path("metadata");
        JsonNode spec = deployment.path("spec");
        JsonNode status = deployment.path("status");
        w.write(0, "Name:\t%s\n", text(metadata, "name"));
        w.write(0, "Namespace:\t%s\n", text(metadata, "namespace"));
        w.write(0, "CreationTimestamp:\t%s\n", Formats.rfc1123z(text(metadata, "creationTimestamp")));
        Sections.labels(w, "Labels", metadata.path("labels"));
        Sections.annotations(w, "Annotations", metadata.path("annotations"));
        w.write(0, "Selector:\t%s\n", Formats.selector(spec.path("selector")));
        w.write(0, "Replicas:\t%d desired | %d updated | %d total | %d available | %d unavailable\n", spec.path("replicas").asInt(1),
                status.path("updatedReplicas").asInt(), status.path("replicas").asInt(), status.path("availableReplicas").asInt(),
                status.path("unavailableReplicas").asInt());
        w.write(0, "StrategyType:\t%s\n", text(spec.path("strategy"), "type"));
        w.write(0, "MinReadySeconds:\t%d\n", spec.path("minReadySeconds").asInt());
        JsonNode rolling = spec.path("strategy").path("rollingUpdate");
        if (!rolling.isMissingNode()) {
            w.write(0, "RollingUpdateStrategy:\t%s max unavailable, %s max surge\n", rolling.path("maxUnavailable").asText(), rolling.path("maxSurge").asText());
        }
        Sections.podTemplate(w, spec.path("template"));
        conditions(w, deployment);
        List<JsonNode> owned = ownedReplicaSets(deployment);
        if (!owned.isEmpty()) {
            String hash = newReplicaSetHash(deployment, owned);
            List<String> old = new ArrayList<>();
            List<String> current = new ArrayList<>();
            for (JsonNode rs : owned) {
                String line = String.format("%s (%d/%d replicas created)", text(rs.path("metadata"), "name"), rs.path("status").path("replicas").asInt(), rs.path("spec").path("replicas").asInt(1));
                boolean isNew = hash != null && hash.equals(rs.path("metadata").path("labels").path("pod-template-hash").asText());
                if (isNew) {
                    current.add(line);
                } else if (rs.path("spec").path("replicas").asInt(1) > 0 || rs.path("status").path("replicas").asInt() > 0) {
                    old.add(line);
                }
            }
            w.write(0, "OldReplicaSets:\t%s\n", old.isEmpty() ? "<none>" : String.join(", ", old));
            w.write(0, "NewReplicaSet:\t%s\n", current.isEmpty() ? "<none>" : String.join(", ", current));
        }
        Sections.events(w, events(deployment, true));
    }

    private List<JsonNode> ownedReplicaSets(JsonNode deployment) {
        List<JsonNode> owned = new ArrayList<>();
        String uid = text(deployment.path("metadata"), "uid");
        String path = "/apis/apps/v1/namespaces/" + text(deployment.path("metadata"), "namespace") + "/replicasets?labelSelector="
                + Api.encode(Formats.selector(deployment.path("spec").path("selector")));
        for (JsonNode rs : api.get(path).path("items")) {
            for (JsonNode owner : rs.path("metadata").path("ownerReferences")) {
                if (owner.path("controller").asBoolean() && uid.equals(text(owner, "uid"))) {
                    owned.add(rs);
                }
            }
        }
        return owned;
    }

    /** The new replica set is the one whose template equals the deployment's (ignoring the hash label). */
    private static String newReplicaSetHash(JsonNode deployment, List<JsonNode> owned) {
        for (JsonNode rs : owned) {
            JsonNode template = rs.path("spec").path("template").deepCopy();
            JsonNode labels = template.path("metadata").path("labels");
            String hash = labels.path("pod-template-hash").asText(null);
            if (labels.isObject()) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) labels).remove("pod-template-hash");
            }
            if (template.equals(deployment.path("spec").path("template"))) {
                return hash;
            }
        }
        return null;
    }

    private void service(DescribeWriter w, JsonNode service) {
        JsonNode metadata = service.path("metadata");
        JsonNode spec = service.path("spec");
        w.write(0, "Name:\t%s\n", text(metadata, "name"));
        w.write(0, "Namespace:\t%s\n", text(metadata, "namespace"));
        Sections.labels(w, "Labels", metadata.path("labels"));
        Sections.annotations(w, "Annotations", metadata.path("annotations"));
        w.write(0, "Selector:\t%s\n", Formats.labels(spec.path("selector")).replace("<none>", ""));
        w.write(0, "Type:\t%s\n", text(spec, "type"));
        if (spec.has("ipFamilyPolicy")) {
            w.write(0, "IP Family Policy:\t%s\n", text(spec, "ipFamilyPolicy"));
        }
        w.write(0, "IP Families:\t%s\n", joined(spec.path("ipFamilies")));
        w.write(0, "IP:\t%s\n", text(spec, "clusterIP"));
        w.write(0, "IPs:\t%s\n", joined(spec.path("clusterIPs")));
        if (spec.path("externalIPs").size() > 0) {
            w.write(0, "External IPs:\t%s\n", joined(spec.path("externalIPs")));
        }
        if (!text(spec, "loadBalancerIP").isEmpty()) {
            w.write(0, "Desired LoadBalancer IP:\t%s\n", text(spec, "loadBalancerIP"));
        }
        if (!text(spec, "externalName").isEmpty()) {
            w.write(0, "External Name:\t%s\n", text(spec, "externalName"));
        }
        List<JsonNode> slices = endpointSlices(service);
        for (JsonNode port : spec.path("ports")) {
            String name = text(port, "name").isEmpty() ? "<unset>" : text(port, "name");
            String protocol = port.path("protocol").asText("TCP");
            w.write(0, "Port:\t%s\t%d/%s\n", name, port.path("port").asInt(), protocol);
            w.write(0, "TargetPort:\t%s/%s\n", port.path("targetPort").asText(), protocol);
            if (port.has("appProtocol")) {
                w.write(0, "AppProtocol:\t%s\n", text(port, "appProtocol"));
            }
            if (port.path("nodePort").asInt() != 0) {
                w.write(0, "NodePort:\t%s\t%d/%s\n", name, port.path("nodePort").asInt(), protocol);
            }
            w.write(0, "Endpoints:\t%s\n", endpoints(slices, text(port, "name")));
        }
        w.write(0, "Session Affinity:\t%s\n", text(spec, "sessionAffinity"));
        if (!text(spec, "externalTrafficPolicy").isEmpty()) {
            w.write(0, "External Traffic Policy:\t%s\n", text(spec, "externalTrafficPolicy"));
        }
        if (!text(spec, "internalTrafficPolicy").isEmpty()) {
            w.write(0, "Internal Traffic Policy:\t%s\n", text(spec, "internalTrafficPolicy"));
        }
        if (spec.path("healthCheckNodePort").asInt() != 0) {
            w.write(0, "HealthCheck NodePort:\t%d\n", spec.path("healthCheckNodePort").asInt());
        }
        if (spec.path("loadBalancerSourceRanges").size() > 0) {
            w.write(0, "LoadBalancer Source Ranges:\t%s\n", joined(spec.path("loadBalancerSourceRanges")));
        }
        Sections.events(w, events(service, true));
    }

    private static String joined(JsonNode values) {
        if (values.size() == 0) {
            return "<none>";
        }
        List<String> texts = new ArrayList<>();
        values.forEach(value -> texts.add(value.asText()));
        return String.join(",", texts);
    }

    private List<JsonNode> endpointSlices(JsonNode service) {
        List<JsonNode> slices = new ArrayList<>();
        try {
            String path = "/apis/discovery.k8s.io/v1/namespaces/" + text(service.path("metadata"), "namespace")
                    + "/endpointslices?labelSelector=" + Api.encode("kubernetes.io/service-name=" + text(service.path("metadata"), "name"));
            api.get(path).path("items").forEach(slices::add);
        } catch (ApiException e) {
            // kubectl ignores a failed look-up here too: the service is described without endpoints.
        }
        return slices;
    }

    /** formatEndpointSlices: up to three ready address:port pairs for the port's name, then "+ N more...". */
    private static String endpoints(List<JsonNode> slices, String portName) {
        if (slices.isEmpty()) {
            return "<none>";
        }
        List<String> list = new ArrayList<>();
        int count = 0;
        boolean more = false;
        for (JsonNode slice : slices) {
            List<JsonNode> ports = new ArrayList<>();
            slice.path("ports").forEach(ports::add);
            if (ports.isEmpty()) {
                for (JsonNode endpoint : slice.path("endpoints")) {
                    if (list.size() == 3) {
                        more = true;
                    }
                    if (!endpoint.path("conditions").path("ready").asBoolean(true)) {
                        continue;
                    }
                    if (!more) {
                        list.add(endpoint.path("addresses").path(0).asText());
                    }
                    count++;
                }
                continue;
            }
            for (JsonNode port : ports) {
                if (!text(port, "name").equals(portName)) {
                    continue;
                }
                for (JsonNode endpoint : slice.path("endpoints")) {
                    if (list.size() == 3) {
                        more = true;
                    }
                    if (!endpoint.path("conditions").path("ready").asBoolean(true)) {
                        continue;
                    }
                    if (!more) {
                        String address = endpoint.path("addresses").path(0).asText();
                        list.add((address.contains(":") ? "[" + address + "]" : address) + ":" + port.path("port").asInt());
                    }
                    count++;
                }
            }
        }
        String joined = String.join(",", list);
        return more ? joined + " + " + (count - 3) + " more..." : joined;
    }

    private void node(DescribeWriter w, JsonNode node) {
        JsonNode metadata = node.path("metadata");
        JsonNode spec = node.path("spec");
        JsonNode status = node.path("status");
        String name = text(metadata, "name");
        w.write(0, "Name:\t%s\n", name);
        w.write(0, "Roles:\t%s\n", roles(metadata.path("labels")));
        Sections.labels(w, "Labels", metadata.path("labels"));
        Sections.annotations(w, "Annotations", metadata.path("annotations"));
        w.write(0, "CreationTimestamp:\t%s\n", Formats.rfc1123z(text(metadata, "creationTimestamp")));
        Sections.taints(w, "Taints", spec.path("taints"));
        w.write(0, "Unschedulable:\t%s\n", spec.path("unschedulable").asBoolean());
        lease(w, name);
        if (status.path("conditions").size() > 0) {
            w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
            w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n");
            for (JsonNode c : status.path("conditions")) {
                w.write(1, "%s \t%s \t%s \t%s \t%s \t%s\n", text(c, "type"), text(c, "status"), Formats.rfc1123z(text(c, "lastHeartbeatTime")),
                        Formats.rfc1123z(text(c, "lastTransitionTime")), text(c, "reason"), text(c, "message"));
            }
        }
        w.write(0, "Addresses:\n");
        status.path("addresses").forEach(address -> w.write(1, "%s:\t%s\n", text(address, "type"), text(address, "address")));
        resourceList(w, "Capacity", status.path("capacity"));
        resourceList(w, "Allocatable", status.path("allocatable"));
        JsonNode info = status.path("nodeInfo");
        w.write(0, "System Info:\n");
        w.write(0, "  Machine ID:\t%s\n", text(info, "machineID"));
        w.write(0, "  System UUID:\t%s\n", text(info, "systemUUID"));
        w.write(0, "  Boot ID:\t%s\n", text(info, "bootID"));
        w.write(0, "  Kernel Version:\t%s\n", text(info, "kernelVersion"));
        w.write(0, "  OS Image:\t%s\n", text(info, "osImage"));
        w.write(0, "  Operating System:\t%s\n", text(info, "operatingSystem"));
        w.write(0, "  Architecture:\t%s\n", text(info, "architecture"));
        w.write(0, "  Container Runtime Version:\t%s\n", text(info, "containerRuntimeVersion"));
        w.write(0, "  Kubelet Version:\t%s\n", text(info, "kubeletVersion"));
        w.write(0, "  Kube-Proxy Version:\t%s\n", text(info, "kubeProxyVersion"));
        if (!text(spec, "podCIDR").isEmpty()) {
            w.write(0, "PodCIDR:\t%s\n", text(spec, "podCIDR"));
        }
        if (spec.path("podCIDRs").size() > 0) {
            w.write(0, "PodCIDRs:\t%s\n", joined(spec.path("podCIDRs")));
        }
        if (!text(spec, "providerID").isEmpty()) {
            w.write(0, "ProviderID:\t%s\n", text(spec, "providerID"));
        }
        NodeResources.describe(w, node, nodePods(name));
        List<JsonNode> events = events(node, true);
        events.addAll(eventsFor(node, name));
        Sections.events(w, events);
    }

    private static String roles(JsonNode labels) {
        Set<String> roles = new TreeSet<>();
        labels.fields().forEachRemaining(label -> {
            if (label.getKey().startsWith("node-role.kubernetes.io/") && label.getKey().length() > "node-role.kubernetes.io/".length()) {
                roles.add(label.getKey().substring("node-role.kubernetes.io/".length()));
            } else if (label.getKey().equals("kubernetes.io/role") && !label.getValue().asText().isEmpty()) {
                roles.add(label.getValue().asText());
            }
        });
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    private void lease(DescribeWriter w, String node) {
        try {
            JsonNode spec = api.get("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/" + node).path("spec");
            w.write(0, "Lease:\n");
            w.write(1, "HolderIdentity:\t%s\n", spec.path("holderIdentity").asText("<unset>"));
            w.write(1, "AcquireTime:\t%s\n", spec.has("acquireTime") ? Formats.rfc1123z(text(spec, "acquireTime")) : "<unset>");
            w.write(1, "RenewTime:\t%s\n", spec.has("renewTime") ? Formats.rfc1123z(text(spec, "renewTime")) : "<unset>");
        } catch (ApiException e) {
            w.write(0, "Lease:\tFailed to get lease: %s\n", e.getMessage().replaceFirst("^Error from server \\([A-Za-z]+\\): ", ""));
        }
    }

    private static void resourceList(DescribeWriter w, String title, JsonNode resources) {
        if (resources.size() == 0) {
            return;
        }
        w.write(0, "%s:\n", title);
        NodeResources.sortedNames(resources).forEach(name -> w.write(0, "  %s:\t%s\n", name, resources.path(name).asText()));
    }

    private List<JsonNode> nodePods(String node) {
        List<JsonNode> pods = new ArrayList<>();
        String selector = "spec.nodeName=" + node + ",status.phase!=Succeeded,status.phase!=Failed";
        api.get("/api/v1/pods?fieldSelector=" + Api.encode(selector)).path("items").forEach(pods::add);
        return pods;
    }

    private void namespace(DescribeWriter w, JsonNode namespace) {
        JsonNode metadata = namespace.path("metadata");
        w.write(0, "Name:\t%s\n", text(metadata, "name"));
        Sections.labels(w, "Labels", metadata.path("labels"));
        Sections.annotations(w, "Annotations", metadata.path("annotations"));
        w.write(0, "Status:\t%s\n", text(namespace.path("status"), "phase"));
        JsonNode quotas = api.get("/api/v1/namespaces/" + text(metadata, "name") + "/resourcequotas").path("items");
        JsonNode limits = api.get("/api/v1/namespaces/" + text(metadata, "name") + "/limitranges").path("items");
        if (quotas.size() == 0) {
            w.write(0, "\nNo resource quota.\n");
        } else {
            w.write(0, "\nResource Quotas\n");
            for (JsonNode quota : quotas) {
                w.write(1, "Name:\t%s\n", text(quota.path("metadata"), "name"));
                w.write(1, "Resource\tUsed\tHard\n");
                w.write(1, "--------\t---\t---\n");
                Formats.sorted(quota.path("status").path("hard")).forEach((resource, hard) ->
                        w.write(1, "%s\t%s\t%s\n", resource, quota.path("status").path("used").path(resource).asText("0"), hard));
            }
        }
        if (limits.size() == 0) {
            w.write(0, "\nNo LimitRange resource.\n");
        } else {
            w.write(0, "\nResource Limits\n");
            w.write(1, "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n");
            w.write(1, "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n");
        }
    }

    private void generic(DescribeWriter w, ResourceType type, JsonNode object) {
        JsonNode metadata = object.path("metadata");
        w.write(0, "Name:\t%s\n", text(metadata, "name"));
        w.write(0, "Namespace:\t%s\n", text(metadata, "namespace"));
        Sections.labels(w, "Labels", metadata.path("labels"));
        Sections.annotations(w, "Annotations", metadata.path("annotations"));
        Generic.content(w, 0, object, "", Set.of(".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels", ".metadata.annotations"));
        Sections.events(w, events(object, true));
    }

    /** The object's events (kubectl's searchEvents: by name, namespace, uid and, except for pods, kind). */
    private List<JsonNode> events(JsonNode object, boolean withKind) {
        JsonNode metadata = object.path("metadata");
        StringBuilder selector = new StringBuilder("involvedObject.name=").append(text(metadata, "name"))
                .append(",involvedObject.namespace=").append(text(metadata, "namespace"));
        if (withKind) {
            selector.append(",involvedObject.kind=").append(text(object, "kind"));
        }
        selector.append(",involvedObject.uid=").append(text(metadata, "uid"));
        return listEvents(text(metadata, "namespace"), selector.toString());
    }

    /** Node events written by the kubelet carry the node's name as their uid. */
    private List<JsonNode> eventsFor(JsonNode node, String uid) {
        String selector = "involvedObject.name=" + text(node.path("metadata"), "name") + ",involvedObject.namespace=,involvedObject.kind=Node,involvedObject.uid=" + uid;
        return listEvents("", selector);
    }

    private List<JsonNode> listEvents(String namespace, String selector) {
        List<JsonNode> events = new ArrayList<>();
        String base = namespace.isEmpty() ? "/api/v1/events" : "/api/v1/namespaces/" + namespace + "/events";
        try {
            api.get(base + "?fieldSelector=" + Api.encode(selector)).path("items").forEach(events::add);
        } catch (ApiException e) {
            // Events are best effort in kubectl as well.
        }
        return events;
    }
}
