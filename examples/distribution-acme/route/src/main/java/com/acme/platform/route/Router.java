package com.acme.platform.route;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.Controller;
import io.kuberaf.client.controller.Keys;
import io.kuberaf.client.controller.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Route controller: keeps one {@link HostPortListener} per admitted Route, fed with the ready
 * endpoints of its Service, and writes each Route's status (address, endpoint count, condition
 * {@code Admitted}). A Route that goes away, or moves to another port, has its old port closed.
 */
public final class Router implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    static final String ADMITTED = "Admitted";
    /** How soon a Route whose host port is taken tries it again. */
    private static final Duration PORT_RETRY = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final SharedIndexInformer<Route> routes;
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<Endpoints> endpoints;
    private final Map<String, HostPortListener> listeners = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "acme-router");
        thread.setDaemon(true);
        return thread;
    });
    private Controller controller;

    public Router(KubernetesClient client, SharedInformers informers) {
        this.client = client;
        this.routes = informers.informer(Route.class);
        this.services = informers.informer(Service.class);
        this.endpoints = informers.informer(Endpoints.class);
    }

    /** Builds and starts the controller; {@link #close()} stops it and closes every port. */
    public Router start(int workers) {
        controller = Controller.builder("acme-route")
                .watch(routes, route -> List.of(Keys.of(route)))
                .watch(services, this::routesTo)
                .watch(endpoints, this::routesTo)
                .reconciler(this::reconcile)
                .workers(workers)
                .build();
        controller.start();
        return this;
    }

    /** The keys of the Routes in the object's namespace whose Service has the object's name. */
    private List<String> routesTo(HasMetadata serviceOrEndpoints) {
        String namespace = serviceOrEndpoints.getMetadata().getNamespace();
        String name = serviceOrEndpoints.getMetadata().getName();
        return routes.getStore().list().stream()
                .filter(route -> namespace.equals(route.getMetadata().getNamespace()))
                .filter(route -> route.getSpec() != null && name.equals(route.getSpec().serviceName()))
                .map(Keys::of)
                .toList();
    }

    Result reconcile(String key) {
        Route route = routes.getStore().getByKey(key);
        if (route == null || route.getMetadata().getDeletionTimestamp() != null) {
            closeListener(key);
            return Result.done();
        }
        Integer hostPort = route.getSpec() == null ? null : route.getSpec().getHostPort();
        if (hostPort == null || hostPort < 1 || hostPort > 65535) {
            closeListener(key);
            writeStatus(route, rejected("InvalidHostPort", "spec.hostPort must be a port number (1-65535)"));
            return Result.done();
        }
        HostPortListener listener = listeners.get(key);
        if (listener != null && listener.port() != hostPort) {
            closeListener(key);
            listener = null;
        }
        if (listener == null) {
            try {
                listener = new HostPortListener(key, hostPort, threads);
            } catch (IOException e) {
                LOG.warn("Route {}: cannot listen on 127.0.0.1:{} ({}); choose another spec.hostPort", key, hostPort, e.getMessage());
                writeStatus(route, rejected("HostPortUnavailable", "127.0.0.1:" + hostPort + ": " + e.getMessage()));
                return Result.requeueAfter(PORT_RETRY);
            }
            listeners.put(key, listener);
        }
        List<InetSocketAddress> backends = backendsOf(route);
        listener.backends(backends);
        writeStatus(route, admitted(listener.address(), backends.size(), route.getSpec().serviceName()));
        return Result.done();
    }

    private List<InetSocketAddress> backendsOf(Route route) {
        String service = route.getSpec().serviceName();
        if (service == null) {
            return List.of();
        }
        String key = Keys.of(route.getMetadata().getNamespace(), service);
        return Backends.of(services.getStore().getByKey(key), endpoints.getStore().getByKey(key), route.getSpec().getPort());
    }

    private void closeListener(String key) {
        HostPortListener listener = listeners.remove(key);
        if (listener != null) {
            listener.close();
        }
    }

    private static RouteStatus admitted(String address, int ready, String service) {
        RouteStatus status = new RouteStatus();
        status.setAddress(address);
        status.setEndpoints(ready);
        String message = ready == 0
                ? "listening on " + address + "; Service " + service + " has no ready endpoints yet"
                : "listening on " + address + ", forwarding to " + ready + " ready endpoint(s) of Service " + service;
        status.getConditions().add(condition("True", "Admitted", message));
        return status;
    }

    private static RouteStatus rejected(String reason, String message) {
        RouteStatus status = new RouteStatus();
        status.getConditions().add(condition("False", reason, message));
        return status;
    }

    private static Condition condition(String status, String reason, String message) {
        return new ConditionBuilder().withType(ADMITTED).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()).build();
    }

    /** Writes the status if it changed (keeping the transition time of a condition whose status did not). */
    private void writeStatus(Route route, RouteStatus desired) {
        RouteStatus current = route.getStatus();
        if (desired.sameAs(current)) {
            return;
        }
        Condition before = current == null ? null : current.condition(ADMITTED);
        Condition after = desired.condition(ADMITTED);
        if (before != null && Objects.equals(before.getStatus(), after.getStatus())) {
            after.setLastTransitionTime(before.getLastTransitionTime());
        }
        Route copy = client.getKubernetesSerialization().clone(route); // cached objects are shared: never change them
        copy.setStatus(desired);
        client.resources(Route.class).inNamespace(copy.getMetadata().getNamespace()).resource(copy).updateStatus();
    }

    @Override
    public void close() {
        if (controller != null) {
            controller.close();
        }
        listeners.keySet().forEach(this::closeListener);
        threads.shutdownNow();
    }
}
