package io.kuberaf.controller.endpoints;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.Controller;
import io.kuberaf.client.controller.Keys;
import io.kuberaf.client.controller.Result;

import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Kubernetes' endpoints and endpointslice controllers in one: for every Service with a selector, the
 * pods it selects (with an IP) become its Endpoints (ready pods in addresses, the others in
 * notReadyAddresses) and EndpointSlices ({@link Slices}); a Service without a selector keeps the
 * Endpoints its user writes. Objects are written only when they change; a deleted Service's Endpoints
 * and slices are deleted (the slices also name the Service as their owner).
 */
public final class EndpointsController {

    static final String HEADLESS_LABEL = "service.kubernetes.io/headless";

    private final KubernetesClient client;
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Endpoints> endpoints;
    private final Slices slices;

    public EndpointsController(KubernetesClient client, SharedInformers informers) {
        this.client = client;
        this.services = informers.informer(Service.class);
        this.pods = informers.informer(Pod.class);
        this.endpoints = informers.informer(Endpoints.class);
        this.slices = new Slices(client, informers.informer(EndpointSlice.class));
    }

    public Controller controller(int workers) {
        return Controller.builder("endpoints")
                .watch(services)
                .watch(pods, this::servicesSelecting)
                .watch(endpoints)
                .watch(slices.informer(), slice -> slice.getMetadata().getLabels() == null
                        || slice.getMetadata().getLabels().get(Slices.SERVICE_NAME) == null ? List.of()
                        : List.of(Keys.of(slice.getMetadata().getNamespace(), slice.getMetadata().getLabels().get(Slices.SERVICE_NAME))))
                .reconciler(this::reconcile)
                .workers(workers)
                .build();
    }

    private List<String> servicesSelecting(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        return services.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace()).stream()
                .filter(service -> selects(service, labels))
                .map(Keys::of)
                .toList();
    }

    private static boolean selects(Service service, Map<String, String> labels) {
        Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
        return selector != null && !selector.isEmpty()
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    Result reconcile(String key) {
        String namespace = Keys.namespace(key);
        String name = Keys.name(key);
        Service service = services.getStore().getByKey(key);
        if (service == null) {
            deleteEndpoints(namespace, name);
            slices.deleteAll(namespace, name);
            return Result.done();
        }
        Map<String, String> selector = service.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            return Result.done(); // the user's Endpoints
        }
        List<Pod> selected = pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).stream()
                .filter(pod -> selects(service, pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels()))
                .filter(PodEndpoints::hasAddress)
                .sorted(Comparator.comparing((Pod pod) -> pod.getStatus().getPodIP()).thenComparing(p -> p.getMetadata().getName()))
                .toList();
        writeEndpoints(service, selected);
        slices.write(service, selected);
        return Result.done();
    }

    private void writeEndpoints(Service service, List<Pod> selected) {
        List<EndpointSubset> subsets = subsets(service, selected);
        Map<String, String> labels = labelsFor(service);
        Endpoints current = endpoints.getStore().getByKey(Keys.of(service));
        if (current != null && sameJson(current.getSubsets(), subsets)
                && Objects.equals(current.getMetadata().getLabels(), labels)) {
            return;
        }
        Endpoints desired = new EndpointsBuilder().withNewMetadata().withName(service.getMetadata().getName())
                .withNamespace(service.getMetadata().getNamespace()).withLabels(labels).endMetadata()
                .withSubsets(subsets).build();
        var resource = client.endpoints().inNamespace(service.getMetadata().getNamespace());
        if (current == null) {
            resource.resource(desired).create(); // 409 when someone was first: the key is retried
        } else {
            desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
            desired.getMetadata().setAnnotations(current.getMetadata().getAnnotations());
            resource.resource(desired).update();
        }
    }

    /** Subsets as Kubernetes repacks them: pods that resolve to the same ports share one subset. */
    static List<EndpointSubset> subsets(Service service, List<Pod> selected) {
        boolean publishNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        boolean headless = PodEndpoints.isHeadless(service);
        Map<List<EndpointPort>, EndpointSubsetBuilder> byPorts = new LinkedHashMap<>();
        for (Pod pod : selected) {
            if (PodEndpoints.isTerminating(pod) && !publishNotReady) {
                continue;
            }
            List<EndpointPort> ports = new ArrayList<>();
            for (ServicePort servicePort : service.getSpec().getPorts()) {
                Integer port = PodEndpoints.targetPort(pod, servicePort);
                if (port == null) {
                    continue;
                }
                ports.add(new EndpointPortBuilder().withName(servicePort.getName()).withPort(port)
                        .withProtocol(servicePort.getProtocol() == null ? "TCP" : servicePort.getProtocol())
                        .withAppProtocol(servicePort.getAppProtocol()).build());
            }
            if (ports.isEmpty() && !(service.getSpec().getPorts().isEmpty() && headless)) {
                continue; // the pod has none of the service's (named) ports
            }
            EndpointSubsetBuilder subset = byPorts.computeIfAbsent(ports, p -> new EndpointSubsetBuilder().withPorts(p));
            EndpointAddress address = address(pod, service, headless);
            if (publishNotReady || PodEndpoints.isReady(pod)) {
                subset.addToAddresses(address);
            } else {
                subset.addToNotReadyAddresses(address);
            }
        }
        return byPorts.values().stream().map(EndpointSubsetBuilder::build).toList();
    }

    /** Equal on the wire: the model's empty and absent lists (what we build, what the informer decodes) compare equal. */
    static boolean sameJson(Object a, Object b) {
        return Serialization.asJson(a).equals(Serialization.asJson(b));
    }

    private static EndpointAddress address(Pod pod, Service service, boolean headless) {
        EndpointAddressBuilder address = new EndpointAddressBuilder()
                .withIp(pod.getStatus().getPodIP())
                .withNodeName(pod.getSpec().getNodeName())
                .withTargetRef(new ObjectReferenceBuilder().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build());
        String hostname = PodEndpoints.hostname(pod, service, headless);
        if (hostname != null) {
            address.withHostname(hostname);
        }
        return address.build();
    }

    /** The service's labels, plus the headless marker Kubernetes adds. */
    static Map<String, String> labelsFor(Service service) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (service.getMetadata().getLabels() != null) {
            labels.putAll(service.getMetadata().getLabels());
        }
        if (PodEndpoints.isHeadless(service)) {
            labels.put(HEADLESS_LABEL, "");
        }
        return labels;
    }

    private void deleteEndpoints(String namespace, String name) {
        if (endpoints.getStore().getByKey(Keys.of(namespace, name)) == null) {
            return;
        }
        try {
            client.endpoints().inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
        }
    }
}
