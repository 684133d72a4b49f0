package com.acme.platform.route;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The addresses a Route forwards to: the ready addresses of its Service's Endpoints, on the port the
 * Route names. A port is named as the endpoints name it (the Service port's name) or by number (the
 * endpoints' port, or a Service port whose endpoints port has the same name); without one, each
 * subset's first port.
 */
final class Backends {

    private Backends() {
    }

    static List<InetSocketAddress> of(Service service, Endpoints endpoints, IntOrString port) {
        if (endpoints == null || endpoints.getSubsets() == null) {
            return List.of();
        }
        List<InetSocketAddress> backends = new ArrayList<>();
        for (EndpointSubset subset : endpoints.getSubsets()) {
            EndpointPort chosen = choose(subset.getPorts(), service, port);
            if (chosen == null || subset.getAddresses() == null) {
                continue;
            }
            for (EndpointAddress address : subset.getAddresses()) {
                backends.add(new InetSocketAddress(address.getIp(), chosen.getPort())); // an IP literal: no name look-up
            }
        }
        return backends;
    }

    private static EndpointPort choose(List<EndpointPort> ports, Service service, IntOrString port) {
        if (ports == null || ports.isEmpty()) {
            return null;
        }
        if (port == null || (port.getIntVal() == null && port.getStrVal() == null)) {
            return ports.get(0);
        }
        if (port.getStrVal() != null) {
            return byName(ports, port.getStrVal());
        }
        int number = port.getIntVal();
        EndpointPort byNumber = ports.stream().filter(p -> Objects.equals(p.getPort(), number)).findFirst().orElse(null);
        if (byNumber != null || service == null || service.getSpec() == null || service.getSpec().getPorts() == null) {
            return byNumber;
        }
        return service.getSpec().getPorts().stream()
                .filter(p -> Objects.equals(p.getPort(), number))
                .map(ServicePort::getName)
                .map(name -> byName(ports, name))
                .filter(Objects::nonNull)
                .findFirst().orElse(null);
    }

    private static EndpointPort byName(List<EndpointPort> ports, String name) {
        return ports.stream().filter(p -> Objects.equals(nullToEmpty(p.getName()), nullToEmpty(name)))
                .findFirst().orElse(null);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
