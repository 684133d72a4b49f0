package io.kuberaf.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Where names outside the cluster go: the configured servers, else the nameservers of the node's resolv.conf. */
final class Upstreams {

    private Upstreams() {
    }

    /**
     * Servers as {@code host} or {@code host:port} ({@code [v6]:port} for IPv6), comma-separated; when empty,
     * the {@code nameserver} lines of resolvConf. Addresses this server itself listens on are left out (a
     * node whose resolv.conf names 127.0.0.1 would otherwise loop).
     */
    static List<InetSocketAddress> of(String configured, Path resolvConf, Collection<InetSocketAddress> own) throws IOException {
        List<InetSocketAddress> servers = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            for (String entry : configured.split(",")) {
                if (!entry.isBlank()) {
                    servers.add(parse(entry.trim()));
                }
            }
        } else if (resolvConf != null && Files.isReadable(resolvConf)) {
            for (String line : Files.readAllLines(resolvConf)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length >= 2 && fields[0].equals("nameserver")) {
                    servers.add(new InetSocketAddress(literal(fields[1].replaceAll("%.*$", "")), 53));
                }
            }
        }
        servers.removeIf(own::contains);
        return servers;
    }

    static InetSocketAddress parse(String entry) {
        String host = entry;
        int port = 53;
        if (entry.startsWith("[")) {
            int end = entry.indexOf(']');
            host = entry.substring(1, end);
            if (entry.length() > end + 2 && entry.charAt(end + 1) == ':') {
                port = Integer.parseInt(entry.substring(end + 2));
            }
        } else if (entry.indexOf(':') == entry.lastIndexOf(':') && entry.contains(":")) {
            host = entry.substring(0, entry.indexOf(':'));
            port = Integer.parseInt(entry.substring(entry.indexOf(':') + 1));
        }
        return new InetSocketAddress(literal(host), port);
    }

    private static InetAddress literal(String ip) {
        if (!ip.matches("[0-9a-fA-F.:]+")) {
            throw new IllegalArgumentException("an upstream DNS server must be an IP address, not \"" + ip + "\"");
        }
        try {
            return InetAddress.getByName(ip);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an IP address: " + ip, e);
        }
    }
}
