package com.acme.platform.route;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * {@code route.acme.io/v1 Route}: exposes a Service on a port of the node's loopback.
 *
 * <pre>
 * spec:
 *   to: {kind: Service, name: web}
 *   port: http            # the endpoints' port, by name or number; the first one if left out
 *   hostPort: 18080       # 127.0.0.1:18080 on the node forwards to the Service's ready endpoints
 * </pre>
 */
@Group(Route.GROUP)
@Version(Route.VERSION)
public class Route extends CustomResource<RouteSpec, RouteStatus> implements Namespaced {

    public static final String GROUP = "route.acme.io";
    public static final String VERSION = "v1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
}
