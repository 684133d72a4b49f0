package com.acme.platform.route;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.IntOrString;

/** What a Route exposes (the Service and its port) and where (the node's loopback port). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RouteSpec {

    private RouteTarget to;
    private IntOrString port;
    private Integer hostPort;

    public RouteTarget getTo() {
        return to;
    }

    public void setTo(RouteTarget to) {
        this.to = to;
    }

    public IntOrString getPort() {
        return port;
    }

    public void setPort(IntOrString port) {
        this.port = port;
    }

    public Integer getHostPort() {
        return hostPort;
    }

    public void setHostPort(Integer hostPort) {
        this.hostPort = hostPort;
    }

    /** The routed Service's name, or null. */
    public String serviceName() {
        return to == null ? null : to.getName();
    }
}
