package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.Json;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Services: SetDefaults_Service, the IP family fields a single-stack IPv4 cluster gives them
 * (as Kubernetes 1.32 does), ValidateService and ValidateServiceUpdate. Allocation of cluster
 * IPs and node ports is {@link ServiceAllocations}' job, after validation.
 */
final class ServiceRules implements KindRules {

    static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
    static final List<String> AFFINITIES = List.of("ClientIP", "None");
    static final List<String> FAMILY_POLICIES = List.of("SingleStack", "PreferDualStack", "RequireDualStack");

    @Override
    public ObjectMetaRules.NameRule nameRule() {
        return ObjectMetaRules.NameRule.DNS1035_LABEL;
    }

    // ---- defaults ----

    @Override
    public void defaults(ObjectNode service, ObjectNode old) {
        ObjectNode spec = Json.object(service, "spec");
        if (old != null) {
            keepAllocatedValues(spec, old.path("spec"));
        }
        PodSpecs.putIfAbsent(spec, "type", "ClusterIP");
        PodSpecs.putIfAbsent(spec, "sessionAffinity", "None");
        if ("ClientIP".equals(spec.path("sessionAffinity").asText())) {
            ObjectNode clientIp = Json.object(Json.object(spec, "sessionAffinityConfig"), "clientIP");
            PodSpecs.putIfAbsent(clientIp, "timeoutSeconds", 10800);
        }
        for (JsonNode p : spec.path("ports")) {
            if (p instanceof ObjectNode port) {
                PodSpecs.putIfAbsent(port, "protocol", "TCP");
                JsonNode target = port.get("targetPort");
                if ((target == null || target.isNull() || (target.isNumber() && target.asInt() == 0)
                        || (target.isTextual() && target.asText().isEmpty())) && port.has("port")) {
                    port.set("targetPort", port.get("port"));
                }
            }
        }
        String type = spec.path("type").asText();
        if (type.equals("NodePort") || type.equals("LoadBalancer")) {
            PodSpecs.putIfAbsent(spec, "externalTrafficPolicy", "Cluster");
        }
        if (type.equals("LoadBalancer") && !spec.has("allocateLoadBalancerNodePorts")) {
            spec.put("allocateLoadBalancerNodePorts", true);
        }
        if (!type.equals("ExternalName")) {
            PodSpecs.putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
            String clusterIp = spec.path("clusterIP").asText("");
            JsonNode clusterIps = spec.path("clusterIPs");
            if (clusterIp.isEmpty() && clusterIps.isArray() && !clusterIps.isEmpty()) {
                spec.put("clusterIP", clusterIps.get(0).asText());
            } else if (!clusterIp.isEmpty() && (!clusterIps.isArray() || clusterIps.isEmpty())) {
                spec.putArray("clusterIPs").add(clusterIp);
            }
            boolean headlessWithoutSelector = "None".equals(spec.path("clusterIP").asText()) && spec.path("selector").isEmpty();
            PodSpecs.putIfAbsent(spec, "ipFamilyPolicy", headlessWithoutSelector ? "RequireDualStack" : "SingleStack");
            if (!spec.has("ipFamilies") || spec.path("ipFamilies").isEmpty()) {
                spec.putArray("ipFamilies").add("IPv4");
            }
        }
        if (old == null) {
            ObjectNode status = Json.object(service, "status");
            if (!status.has("loadBalancer")) {
                status.putObject("loadBalancer");
            }
        }
    }

    /** An update that leaves out what the apiserver allocated keeps it, as kube-apiserver's patchAllocatedValues does. */
    private static void keepAllocatedValues(ObjectNode spec, JsonNode oldSpec) {
        String type = spec.path("type").asText("ClusterIP");
        String oldType = oldSpec.path("type").asText("ClusterIP");
        if (!type.equals("ExternalName") && !oldType.equals("ExternalName")) {
            if (spec.path("clusterIP").asText("").isEmpty() && spec.path("clusterIPs").isEmpty()) {
                for (String field : List.of("clusterIP", "clusterIPs")) {
                    if (oldSpec.has(field)) {
                        spec.set(field, oldSpec.get(field).deepCopy());
                    }
                }
            }
            for (String field : List.of("ipFamilies", "ipFamilyPolicy")) {
                if (!spec.has(field) && oldSpec.has(field)) {
                    spec.set(field, oldSpec.get(field).deepCopy());
                }
            }
        }
        if (needsNodePorts(type) && needsNodePorts(oldType)) {
            for (JsonNode p : spec.path("ports")) {
                if (p instanceof ObjectNode port && port.path("nodePort").asInt(0) == 0) {
                    for (JsonNode was : oldSpec.path("ports")) {
                        if (was.path("port").asInt() == port.path("port").asInt()
                                && was.path("protocol").asText("TCP").equals(port.path("protocol").asText("TCP"))
                                && was.path("nodePort").asInt(0) != 0) {
                            port.set("nodePort", was.get("nodePort"));
                            break;
                        }
                    }
                }
            }
            if (!spec.has("healthCheckNodePort") && oldSpec.has("healthCheckNodePort")
                    && "Local".equals(spec.path("externalTrafficPolicy").asText()) && type.equals("LoadBalancer")) {
                spec.set("healthCheckNodePort", oldSpec.get("healthCheckNodePort"));
            }
        }
    }

    static boolean needsNodePorts(String type) {
        return type.equals("NodePort") || type.equals("LoadBalancer");
    }

    // ---- validation ----

    @Override
    public void validate(ObjectNode service, FieldErrors errors) {
        JsonNode spec = service.path("spec");
        String type = spec.path("type").asText("");
        if (!TYPES.contains(type)) {
            errors.notSupported("spec.type", type, TYPES);
        }
        String clusterIp = spec.path("clusterIP").asText("");
        boolean headless = clusterIp.equals("None");
        if (type.equals("ExternalName")) {
            String externalName = spec.path("externalName").asText("");
            if (externalName.isEmpty()) {
                errors.required("spec.externalName", "");
            } else {
                String name = externalName.endsWith(".") ? externalName.substring(0, externalName.length() - 1) : externalName;
                errors.invalidEach("spec.externalName", externalName, Formats.dns1123Subdomain(name));
            }
            if (!clusterIp.isEmpty()) {
                errors.forbidden("spec.clusterIPs", "may not be set for ExternalName services");
            }
        } else {
            validateClusterIps(spec, type, errors);
        }
        JsonNode ports = spec.path("ports");
        if (ports.isEmpty() && !headless && !type.equals("ExternalName")) {
            errors.required("spec.ports", "");
        }
        validatePorts(ports, type, errors);
        String affinity = spec.path("sessionAffinity").asText("");
        if (!AFFINITIES.contains(affinity)) {
            errors.notSupported("spec.sessionAffinity", affinity, AFFINITIES);
        }
        ObjectMetaRules.labels(spec.path("selector"), "spec.selector", errors);
        if (spec.has("externalTrafficPolicy") && !needsNodePorts(type)) {
            errors.invalidString("spec.externalTrafficPolicy", spec.path("externalTrafficPolicy").asText(),
                    "may only be set when `type` is 'NodePort' or 'LoadBalancer'");
        } else if (spec.has("externalTrafficPolicy") && !List.of("Cluster", "Local").contains(spec.path("externalTrafficPolicy").asText())) {
            errors.notSupported("spec.externalTrafficPolicy", spec.path("externalTrafficPolicy").asText(), List.of("Cluster", "Local"));
        }
    }

    private static void validateClusterIps(JsonNode spec, String type, FieldErrors errors) {
        String clusterIp = spec.path("clusterIP").asText("");
        JsonNode ips = spec.path("clusterIPs");
        if (ips.isArray() && !ips.isEmpty() && !clusterIp.equals(ips.get(0).asText())) {
            errors.invalid("spec.clusterIPs", GoValues.of(ips), "first value must match `clusterIP`");
        }
        if (ips.size() > 1) {
            errors.invalid("spec.clusterIPs", GoValues.of(ips), "this cluster is not configured for dual-stack services");
        }
        int i = 0;
        for (JsonNode ip : ips) {
            String value = ip.asText();
            String at = "spec.clusterIPs[" + i++ + "]";
            if (value.equals("None")) {
                if (needsNodePorts(type)) {
                    errors.invalidString(at, value, "may not be set to 'None' for " + type + " services");
                }
            } else if (ClusterIpAllocator.parse(value) < 0) {
                errors.invalidString(at, value, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
            }
        }
        String policy = spec.path("ipFamilyPolicy").asText("");
        if (!policy.isEmpty() && !FAMILY_POLICIES.contains(policy)) {
            errors.notSupported("spec.ipFamilyPolicy", policy, FAMILY_POLICIES);
        } else if (policy.equals("RequireDualStack") && !"None".equals(clusterIp)) {
            errors.invalidString("spec.ipFamilyPolicy", policy, "this cluster is not configured for dual-stack services");
        }
        int f = 0;
        for (JsonNode family : spec.path("ipFamilies")) {
            String at = "spec.ipFamilies[" + f++ + "]";
            if (!List.of("IPv4", "IPv6").contains(family.asText())) {
                errors.notSupported(at, family.asText(), List.of("IPv4", "IPv6"));
            } else if (!family.asText().equals("IPv4")) {
                errors.invalidString(at, family.asText(), "not configured on this cluster");
            }
        }
    }

    private static void validatePorts(JsonNode ports, String type, FieldErrors errors) {
        boolean requireName = ports.size() > 1;
        Set<String> names = new HashSet<>();
        Set<String> portKeys = new HashSet<>();
        Set<String> nodePorts = new HashSet<>();
        int i = 0;
        for (JsonNode port : ports) {
            String at = "spec.ports[" + i++ + "]";
            String name = port.path("name").asText("");
            if (requireName && name.isEmpty()) {
                errors.required(at + ".name", "");
            } else if (!name.isEmpty()) {
                if (errors.invalidEach(at + ".name", name, Formats.dns1123Label(name)) && !names.add(name)) {
                    errors.duplicate(at + ".name", GoValues.quote(name));
                }
            }
            long number = port.path("port").asLong(0);
            for (String m : Formats.portNumber(number)) {
                errors.invalid(at + ".port", String.valueOf(number), m);
            }
            String protocol = port.path("protocol").asText("");
            if (protocol.isEmpty()) {
                errors.required(at + ".protocol", "");
            } else if (!PodSpecs.PROTOCOLS.contains(protocol)) {
                errors.notSupported(at + ".protocol", protocol, PodSpecs.PROTOCOLS);
            }
            JsonNode target = port.path("targetPort");
            if (target.isNumber()) {
                for (String m : Formats.portNumber(target.asLong())) {
                    errors.invalid(at + ".targetPort", target.asText(), m);
                }
            } else if (target.isTextual()) {
                errors.invalidEach(at + ".targetPort", target.asText(), Formats.portName(target.asText()));
            }
            if (!portKeys.add(protocol + "/" + number)) {
                errors.duplicate(at, "core.ServicePort{Name:\"\", Protocol:" + GoValues.quote(protocol)
                        + ", AppProtocol:(*string)(nil), Port:" + number
                        + ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}");
            }
            int nodePort = port.path("nodePort").asInt(0);
            if (nodePort != 0) {
                if (type.equals("ClusterIP") || type.equals("ExternalName")) {
                    errors.forbidden(at + ".nodePort", "may not be used when `type` is '" + type + "'");
                } else {
                    for (String m : Formats.portNumber(nodePort)) {
                        errors.invalid(at + ".nodePort", String.valueOf(nodePort), m);
                    }
                    if (!nodePorts.add(protocol + "/" + nodePort)) {
                        errors.duplicate(at + ".nodePort", String.valueOf(nodePort));
                    }
                }
            }
        }
    }

    @Override
    public void validateUpdate(ObjectNode service, ObjectNode old, FieldErrors errors) {
        JsonNode spec = service.path("spec");
        JsonNode oldSpec = old.path("spec");
        boolean external = spec.path("type").asText().equals("ExternalName");
        boolean wasExternal = oldSpec.path("type").asText().equals("ExternalName");
        JsonNode oldIps = oldSpec.path("clusterIPs");
        if (!external && !wasExternal && oldIps.isArray() && !oldIps.isEmpty()) {
            JsonNode ips = spec.path("clusterIPs");
            if (ips.isEmpty() || !ips.get(0).asText().equals(oldIps.get(0).asText())) {
                errors.invalid("spec.clusterIPs[0]", ips.isArray() ? GoValues.of(ips) : "[]string(nil)", "may not change once set");
            }
            JsonNode families = spec.path("ipFamilies");
            if (!families.isEmpty() && !oldSpec.path("ipFamilies").isEmpty()
                    && !families.get(0).equals(oldSpec.path("ipFamilies").get(0))) {
                errors.invalid("spec.ipFamilies[0]", GoValues.of(families.get(0)), "may not change once set");
            }
        }
    }

    /** The cluster IPs a service holds (not "None"). */
    static List<String> clusterIps(JsonNode service) {
        JsonNode spec = service.path("spec");
        if (spec.path("type").asText().equals("ExternalName")) {
            return List.of();
        }
        JsonNode ips = spec.path("clusterIPs");
        List<String> result = new java.util.ArrayList<>();
        if (ips.isArray() && !ips.isEmpty()) {
            ips.forEach(ip -> result.add(ip.asText()));
        } else if (!spec.path("clusterIP").asText("").isEmpty()) {
            result.add(spec.path("clusterIP").asText());
        }
        result.removeIf(ip -> ip.isEmpty() || ip.equals("None"));
        return result;
    }

    /** The node ports a service holds, health check node port included. */
    static Set<Integer> nodePorts(JsonNode service) {
        Set<Integer> ports = new java.util.LinkedHashSet<>();
        JsonNode spec = service.path("spec");
        for (JsonNode port : spec.path("ports")) {
            if (port.path("nodePort").asInt(0) != 0) {
                ports.add(port.path("nodePort").asInt());
            }
        }
        if (spec.path("healthCheckNodePort").asInt(0) != 0) {
            ports.add(spec.path("healthCheckNodePort").asInt());
        }
        return ports;
    }

    static ArrayNode clusterIpsArray(ObjectNode spec) {
        return spec.putArray("clusterIPs");
    }
}
