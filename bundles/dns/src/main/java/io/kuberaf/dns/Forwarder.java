package io.kuberaf.dns;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** Sends questions about names that are not the cluster's to the upstream servers (the node's resolver). */
final class Forwarder {

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

    private final List<InetSocketAddress> upstreams;
    private final Resolver udp;
    private final Resolver tcp;

    Forwarder(List<InetSocketAddress> upstreams, Duration timeout) {
        this.upstreams = List.copyOf(upstreams);
        this.udp = upstreams.isEmpty() ? null : resolver(upstreams, timeout, false);
        this.tcp = upstreams.isEmpty() ? null : resolver(upstreams, timeout, true);
    }

    List<InetSocketAddress> upstreams() {
        return upstreams;
    }

    /**
     * The upstream's response with the client's message id, or null when there is no upstream or none
     * answered (the client then gets SERVFAIL). A truncated UDP answer is retried over TCP by the resolver.
     */
    Message forward(Message query, boolean overTcp) {
        if (udp == null) {
            return null;
        }
        try {
            Message response = (overTcp ? tcp : udp).send(query.clone());
            response.getHeader().setID(query.getHeader().getID());
            return response;
        } catch (IOException e) {
            LOG.debug("No upstream answered {} ({}): {}", query.getQuestion(), upstreams, e.toString());
            return null;
        }
    }

    private static Resolver resolver(List<InetSocketAddress> upstreams, Duration timeout, boolean tcp) {
        ExtendedResolver resolver = new ExtendedResolver(upstreams.stream().<Resolver>map(SimpleResolver::new).toList());
        resolver.setTimeout(timeout);
        resolver.setTCP(tcp);
        resolver.setRetries(1);
        return resolver;
    }
}
