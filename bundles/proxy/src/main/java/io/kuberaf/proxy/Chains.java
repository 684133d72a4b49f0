package io.kuberaf.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Names of the proxy's iptables chains and the jumps that hook them into the built-in chains. Every
 * chain the proxy owns starts with {@link #PREFIX}; nothing else in the tables is touched.
 */
final class Chains {

    static final String PREFIX = "KUBERAF-";
    static final String SERVICES = PREFIX + "SERVICES";
    static final String NODEPORTS = PREFIX + "NODEPORTS";
    static final String MARK_MASQ = PREFIX + "MARK-MASQ";
    static final String POSTROUTING = PREFIX + "POSTROUTING";
    static final String EXTERNAL_SERVICES = PREFIX + "EXTERNAL-SERVICES";
    static final String FORWARD = PREFIX + "FORWARD";
    static final String FIREWALL = PREFIX + "FIREWALL";
    static final String SVC_PREFIX = PREFIX + "SVC-";
    static final String SEP_PREFIX = PREFIX + "SEP-";

    /** Chains of the nat table that exist whatever the services are. */
    static final List<String> NAT_BASE = List.of(SERVICES, NODEPORTS, MARK_MASQ, POSTROUTING);
    /** Chains of the filter table that exist whatever the services are. */
    static final List<String> FILTER_BASE = List.of(SERVICES, EXTERNAL_SERVICES, FORWARD, FIREWALL);

    /** A rule in a built-in chain that sends packets to one of ours. */
    record Jump(String table, String builtin, List<String> match, String target) {

        /** The rule's arguments after {@code -A/-I/-C/-D <builtin>}. */
        List<String> ruleArgs() {
            return java.util.stream.Stream.concat(match.stream(), java.util.stream.Stream.of("-j", target)).toList();
        }
    }

    static final List<Jump> JUMPS = List.of(
            new Jump("nat", "PREROUTING", comment("kuberaf service portals"), SERVICES),
            new Jump("nat", "OUTPUT", comment("kuberaf service portals"), SERVICES),
            new Jump("nat", "POSTROUTING", comment("kuberaf postrouting rules"), POSTROUTING),
            new Jump("filter", "INPUT", newConnections("kuberaf externally-visible service portals"), EXTERNAL_SERVICES),
            new Jump("filter", "INPUT", comment("kuberaf firewall"), FIREWALL),
            new Jump("filter", "FORWARD", newConnections("kuberaf service portals"), SERVICES),
            new Jump("filter", "FORWARD", comment("kuberaf forwarding rules"), FORWARD),
            new Jump("filter", "OUTPUT", newConnections("kuberaf service portals"), SERVICES));

    private Chains() {
    }

    static String serviceChain(ServicePort port) {
        return SVC_PREFIX + hash(port.chainKey());
    }

    static String endpointChain(ServicePort port, ServicePort.Endpoint endpoint) {
        return SEP_PREFIX + hash(port.chainKey() + "/" + endpoint);
    }

    static boolean owned(String chain) {
        return chain.startsWith(PREFIX);
    }

    /** 16 base32 characters of a SHA-256: the chain name stays within iptables' 28 characters. */
    private static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder();
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            long bits = 0;
            int count = 0;
            for (int i = 0; out.length() < 16; i++) {
                bits = (bits << 8) | (digest[i] & 0xff);
                count += 8;
                while (count >= 5 && out.length() < 16) {
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
