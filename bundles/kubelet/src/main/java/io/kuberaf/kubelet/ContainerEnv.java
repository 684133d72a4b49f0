package io.kuberaf.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.kuberaf.api.runtime.ContainerConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A container's environment, as Kubernetes' kubelet makes it: envFrom sources, then env (values may refer to
 * earlier variables and to service variables as {@code $(NAME)}), then the Docker-links style variables of
 * the services (those of the pod's namespace when enableServiceLinks, and always the apiserver's
 * {@code kubernetes} service) for names not set yet.
 */
final class ContainerEnv {

    /** Reads ConfigMaps and Secrets (Secret values decoded); null when the object does not exist. */
    interface Lookup {
        Map<String, String> configMap(String namespace, String name);

        Map<String, String> secret(String namespace, String name);
    }

    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private ContainerEnv() {
    }

    static List<ContainerConfig.EnvVar> build(Pod pod, Container container, List<Service> services, Lookup lookup,
                                              String podIp, String hostIp, Map<String, Quantity> allocatable)
            throws ConfigException {
        String namespace = pod.getMetadata().getNamespace();
        boolean serviceLinks = !Boolean.FALSE.equals(pod.getSpec().getEnableServiceLinks());
        Map<String, String> serviceEnv = serviceEnv(services, namespace, serviceLinks);
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource source : list(container.getEnvFrom())) {
            env.putAll(fromSource(namespace, source, lookup));
        }
        for (EnvVar variable : list(container.getEnv())) {
            String value;
            if (variable.getValueFrom() != null) {
                value = valueFrom(pod, container, variable, lookup, podIp, hostIp, allocatable);
                if (value == null) {
                    continue; // optional reference that does not exist
                }
            } else {
                Map<String, String> known = env;
                value = expand(variable.getValue() == null ? "" : variable.getValue(),
                        name -> known.containsKey(name) ? known.get(name) : serviceEnv.get(name));
            }
            env.remove(variable.getName()); // a redefinition moves to its place in the order
            env.put(variable.getName(), value);
        }
        serviceEnv.forEach(env::putIfAbsent);
        List<ContainerConfig.EnvVar> result = new ArrayList<>(env.size());
        env.forEach((name, value) -> result.add(new ContainerConfig.EnvVar(name, value)));
        return result;
    }

    private static Map<String, String> fromSource(String namespace, EnvFromSource source, Lookup lookup) throws ConfigException {
        String prefix = source.getPrefix() == null ? "" : source.getPrefix();
        Map<String, String> data;
        if (source.getConfigMapRef() != null) {
            String name = source.getConfigMapRef().getName();
            data = lookup.configMap(namespace, name);
            if (data == null) {
                if (Boolean.TRUE.equals(source.getConfigMapRef().getOptional())) {
                    return Map.of();
                }
                throw new ConfigException("configmap \"" + name + "\" not found");
            }
        } else if (source.getSecretRef() != null) {
            String name = source.getSecretRef().getName();
            data = lookup.secret(namespace, name);
            if (data == null) {
                if (Boolean.TRUE.equals(source.getSecretRef().getOptional())) {
                    return Map.of();
                }
                throw new ConfigException("secret \"" + name + "\" not found");
            }
        } else {
            return Map.of();
        }
        Map<String, String> result = new LinkedHashMap<>();
        data.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String name = prefix + e.getKey();
            if (ENV_NAME.matcher(name).matches()) {  // Kubernetes skips invalid names
                result.put(name, e.getValue());
            }
        });
        return result;
    }

    /** The value of a valueFrom variable; null when an optional reference is missing. */
    private static String valueFrom(Pod pod, Container container, EnvVar variable, Lookup lookup, String podIp,
                                    String hostIp, Map<String, Quantity> allocatable) throws ConfigException {
        EnvVarSource from = variable.getValueFrom();
        String namespace = pod.getMetadata().getNamespace();
        if (from.getFieldRef() != null) {
            return DownwardApi.field(pod, from.getFieldRef().getFieldPath(), podIp, hostIp);
        }
        if (from.getResourceFieldRef() != null) {
            return DownwardApi.resource(container, from.getResourceFieldRef(), allocatable);
        }
        if (from.getConfigMapKeyRef() != null) {
            var ref = from.getConfigMapKeyRef();
            return keyOf("configmap", "ConfigMap", namespace, ref.getName(), ref.getKey(), Boolean.TRUE.equals(ref.getOptional()),
                    lookup.configMap(namespace, ref.getName()));
        }
        if (from.getSecretKeyRef() != null) {
            var ref = from.getSecretKeyRef();
            return keyOf("secret", "Secret", namespace, ref.getName(), ref.getKey(), Boolean.TRUE.equals(ref.getOptional()),
                    lookup.secret(namespace, ref.getName()));
        }
        throw new ConfigException("environment variable " + variable.getName() + " has an empty valueFrom");
    }

    private static String keyOf(String kind, String kindTitle, String namespace, String name, String key, boolean optional,
                                Map<String, String> data) throws ConfigException {
        if (data == null) {
            if (optional) {
                return null;
            }
            throw new ConfigException(kind + " \"" + name + "\" not found");
        }
        String value = data.get(key);
        if (value == null) {
            if (optional) {
                return null;
            }
            throw new ConfigException("couldn't find key " + key + " in " + kindTitle + " " + namespace + "/" + name);
        }
        return value;
    }

    /**
     * Kubernetes' variable expansion: {@code $(NAME)} becomes the value when {@code mapping} knows NAME and
     * stays as written otherwise; {@code $$} is a literal {@code $}.
     */
    static String expand(String input, Function<String, String> mapping) {
        if (input.indexOf('$') < 0) {
            return input;
        }
        StringBuilder out = new StringBuilder(input.length());
        int i = 0;
        while (i < input.length()) {
            char c = input.charAt(i);
            if (c != '$' || i + 1 >= input.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = input.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '(') {
                int close = input.indexOf(')', i + 2);
                if (close < 0) {
                    out.append(input, i, input.length());
                    break;
                }
                String name = input.substring(i + 2, close);
                String value = name.isEmpty() ? null : mapping.apply(name);
                out.append(value != null ? value : input.substring(i, close + 1));
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Command and args with $(VAR) replaced from the container's environment. */
    static List<String> expandAll(List<String> items, List<ContainerConfig.EnvVar> env) {
        if (items == null || items.isEmpty()) {
            return List.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        env.forEach(e -> values.put(e.name(), e.value()));
        return items.stream().map(item -> expand(item, values::get)).toList();
    }

    /** Service variables for a pod in {@code namespace} (sorted by service name, as seen by the container). */
    static Map<String, String> serviceEnv(List<Service> services, String namespace, boolean serviceLinks) {
        Map<String, Service> chosen = new java.util.TreeMap<>();
        for (Service service : services) {
            String ip = service.getSpec() == null ? null : service.getSpec().getClusterIP();
            if (ip == null || ip.isEmpty() || ip.equals("None")) {
                continue;
            }
            String name = service.getMetadata().getName();
            String ns = service.getMetadata().getNamespace();
            if ("default".equals(ns) && "kubernetes".equals(name)) {
                chosen.putIfAbsent(name, service);
            } else if (namespace.equals(ns) && serviceLinks) {
                chosen.put(name, service);
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        chosen.values().stream().sorted(Comparator.comparing(s -> s.getMetadata().getName()))
                .forEach(service -> addServiceVariables(service, env));
        return env;
    }

    private static void addServiceVariables(Service service, Map<String, String> env) {
        String prefix = envName(service.getMetadata().getName());
        String ip = service.getSpec().getClusterIP();
        List<ServicePort> ports = list(service.getSpec().getPorts());
        env.put(prefix + "_SERVICE_HOST", ip);
        if (ports.isEmpty()) {
            return;
        }
        env.put(prefix + "_SERVICE_PORT", String.valueOf(ports.get(0).getPort()));
        for (ServicePort port : ports) {
            if (port.getName() != null && !port.getName().isEmpty()) {
                env.put(prefix + "_SERVICE_PORT_" + envName(port.getName()), String.valueOf(port.getPort()));
            }
        }
        for (int i = 0; i < ports.size(); i++) {
            ServicePort port = ports.get(i);
            String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol().toUpperCase(Locale.ROOT);
            String lower = protocol.toLowerCase(Locale.ROOT);
            String url = lower + "://" + ip + ":" + port.getPort();
            if (i == 0) {
                env.put(prefix + "_PORT", url);
            }
            String portPrefix = prefix + "_PORT_" + port.getPort() + "_" + protocol;
            env.put(portPrefix, url);
            env.put(portPrefix + "_PROTO", lower);
            env.put(portPrefix + "_PORT", String.valueOf(port.getPort()));
            env.put(portPrefix + "_ADDR", ip);
        }
    }

    private static String envName(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
