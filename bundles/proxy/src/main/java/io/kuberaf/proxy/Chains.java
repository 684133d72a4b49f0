package io.kuberaf.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.stream.Stream;

/**
 * Names of one proxy's iptables chains and the jumps that hook them into the built-in chains. Every
 * chain it owns starts with its prefix and a dash ({@code KUBERAF-} by default); nothing else in the
 * tables is touched. Two Kuberaf nodes on one machine (tests) use two prefixes, or each would replace
 * the other's rules at every sync.
 */
final class Chains {

    static final String DEFAULT_PREFIX = "KUBERAF";
    /** iptables' longest chain name. */
    private static final int MAX_NAME = 28;
    private static final int MAX_PREFIX = 10;

    /** A rule in a built-in chain that sends packets to one of ours. */
    record Jump(String table, String builtin, List<String> match, String target) {

        /** The rule's arguments after {@code -A/-I/-C/-D <builtin>}. */
        List<String> ruleArgs() {
            return Stream.concat(match.stream(), Stream.of("-j", target)).toList();
        }
    }

    final String services;
    final String nodePorts;
    final String markMasq;
    final String postrouting;
    final String externalServices;
    final String forward;
    final String firewall;
    /** Chains of the nat table that exist whatever the services are. */
    final List<String> natBase;
    /** Chains of the filter table that exist whatever the services are. */
    final List<String> filterBase;
    /** The jumps from the built-in chains, in the order they must have within each built-in chain. */
    final List<Jump> jumps;
    private final String prefix;
    private final String svcPrefix;
    private final String sepPrefix;

    Chains(String name) {
        if (name == null || !name.matches("[A-Z][A-Z0-9]{0," + (MAX_PREFIX - 1) + "}")) {
            throw new IllegalArgumentException("a chain prefix is 1 to " + MAX_PREFIX
                    + " upper-case letters or digits, starting with a letter, not " + name);
        }
        prefix = name + "-";
        services = prefix + "SERVICES";
        nodePorts = prefix + "NODEPORTS";
        markMasq = prefix + "MARK-MASQ";
        postrouting = prefix + "POSTROUTING";
        externalServices = prefix + "EXTERNAL-SERVICES";
        forward = prefix + "FORWARD";
        firewall = prefix + "FIREWALL";
        svcPrefix = prefix + "SVC-";
        sepPrefix = prefix + "SEP-";
        natBase = List.of(services, nodePorts, markMasq, postrouting);
        filterBase = List.of(services, externalServices, forward, firewall);
        jumps = List.of(
                new Jump("nat", "PREROUTING", comment("kuberaf service portals"), services),
                new Jump("nat", "OUTPUT", comment("kuberaf service portals"), services),
                new Jump("nat", "POSTROUTING", comment("kuberaf postrouting rules"), postrouting),
                new Jump("filter", "INPUT", newConnections("kuberaf externally-visible service portals"), externalServices),
                new Jump("filter", "INPUT", comment("kuberaf firewall"), firewall),
                new Jump("filter", "FORWARD", newConnections("kuberaf service portals"), services),
                new Jump("filter", "FORWARD", comment("kuberaf forwarding rules"), forward),
                new Jump("filter", "OUTPUT", newConnections("kuberaf service portals"), services));
    }

    String serviceChain(ServicePort port) {
        return svcPrefix + hash(port.chainKey(), MAX_NAME - svcPrefix.length());
    }

    String endpointChain(ServicePort port, ServicePort.Endpoint endpoint) {
        return sepPrefix + hash(port.chainKey() + "/" + endpoint, MAX_NAME - sepPrefix.length());
    }

    boolean owned(String chain) {
        return chain.startsWith(prefix);
    }

    /** The chains of ours declared in an iptables-save output. */
    List<String> declaredIn(String save) {
        return save.lines().filter(line -> line.startsWith(":" + prefix))
                .map(line -> line.substring(1, line.indexOf(' '))).toList();
    }

    /** Base32 characters of a SHA-256, as many as fit. */
    private static String hash(String key, int length) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder();
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            long bits = 0;
            int count = 0;
            for (int i = 0; out.length() < length; i++) {
                bits = (bits << 8) | (digest[i] & 0xff);
                count += 8;
                while (count >= 5 && out.length() < length) {
                    out.append(alphabet.charAt((int) ((bits >> (count - 5)) & 31)));
                    count -= 5;
                }
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JVM", e);
        }
    }

    private static List<String> comment(String text) {
        return List.of("-m", "comment", "--comment", text);
    }

    private static List<String> newConnections(String text) {
        return List.of("-m", "conntrack", "--ctstate", "NEW", "-m", "comment", "--comment", text);
    }
}
