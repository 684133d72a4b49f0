package io.kuberaf.proxy;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RulesetTest {

    private static final Cidr SERVICES = Cidr.parse("10.96.0.0/12");
    private static final Cidr PODS = Cidr.parse("10.244.0.0/24");
    private static final Chains CHAINS = new Chains("KUBERAF");
    private static final Ruleset RULESET = new Ruleset(new Ruleset.Settings(SERVICES, PODS, false, 0x4000, true), CHAINS);

    private static final ServicePort WEB = new ServicePort("default", "web", "http", "tcp", "10.96.0.20", 80, 30001, 0,
            List.of(new ServicePort.Endpoint("10.244.0.11", 8080), new ServicePort.Endpoint("10.244.0.12", 8080),
                    new ServicePort.Endpoint("10.244.0.13", 8080)));

    @Test
    void aServiceWithThreeEndpointsGetsEqualRandomSharesAndDnatPerEndpoint() {
        String rules = RULESET.render(List.of(WEB), List.of(), List.of());
        String svc = CHAINS.serviceChain(WEB);
        List<String> svcRules = rulesOf(rules, "nat", svc);
        assertEquals(4, svcRules.size(), String.join("\n", svcRules));
        assertTrue(svcRules.get(0).contains("! -s 10.244.0.0/24 -d 10.96.0.20/32 -p tcp"), svcRules.get(0));
        assertTrue(svcRules.get(0).endsWith("-j KUBERAF-MARK-MASQ"), svcRules.get(0));
        assertTrue(svcRules.get(1).contains("-m statistic --mode random --probability 0.3333333333 -j "
                + CHAINS.endpointChain(WEB, WEB.endpoints().get(0))), svcRules.get(1));
        assertTrue(svcRules.get(2).contains("-m statistic --mode random --probability 0.5000000000 -j "
                + CHAINS.endpointChain(WEB, WEB.endpoints().get(1))), svcRules.get(2));
        assertFalse(svcRules.get(3).contains("statistic"), "the last endpoint takes what is left: " + svcRules.get(3));
        assertTrue(svcRules.get(3).endsWith("-j " + CHAINS.endpointChain(WEB, WEB.endpoints().get(2))));

        List<String> sep = rulesOf(rules, "nat", CHAINS.endpointChain(WEB, WEB.endpoints().get(1)));
        assertEquals(2, sep.size());
        assertTrue(sep.get(0).startsWith("-A " + CHAINS.endpointChain(WEB, WEB.endpoints().get(1)) + " -s 10.244.0.12/32 ")
                && sep.get(0).endsWith("-j KUBERAF-MARK-MASQ"), "hairpin traffic is masqueraded: " + sep.get(0));
        assertTrue(sep.get(1).endsWith("-p tcp -m comment --comment \"default/web:http\" -m tcp -j DNAT --to-destination 10.244.0.12:8080"),
                sep.get(1));
        assertTrue(rules.contains("-A KUBERAF-SERVICES -d 10.96.0.20/32 -p tcp -m comment --comment \"default/web:http cluster IP\""
                + " -m tcp --dport 80 -j " + svc + "\n"), rules);
    }

    @Test
    void nodePortsAreMasqueradedAndReachedThroughLocalAddressesLast() {
        String rules = RULESET.render(List.of(WEB), List.of(), List.of());
        List<String> nodePorts = rulesOf(rules, "nat", CHAINS.nodePorts);
        assertEquals(List.of(
                "-A KUBERAF-NODEPORTS -p tcp -m comment --comment \"default/web:http\" -m tcp --dport 30001 -j KUBERAF-MARK-MASQ",
                "-A KUBERAF-NODEPORTS -p tcp -m comment --comment \"default/web:http\" -m tcp --dport 30001 -j " + CHAINS.serviceChain(WEB)),
                nodePorts);
        List<String> services = rulesOf(rules, "nat", CHAINS.services);
        assertTrue(services.get(services.size() - 1).endsWith("-m addrtype --dst-type LOCAL -j KUBERAF-NODEPORTS"));
        assertEquals(List.of("-A KUBERAF-MARK-MASQ -j MARK --or-mark 0x4000"), rulesOf(rules, "nat", CHAINS.markMasq));
        assertEquals(List.of("-A KUBERAF-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
                "-A KUBERAF-POSTROUTING -j MARK --xor-mark 0x4000",
                "-A KUBERAF-POSTROUTING -m comment --comment \"kuberaf service traffic requiring SNAT\" -j MASQUERADE --random-fully"),
                rulesOf(rules, "nat", CHAINS.postrouting));
        assertTrue(rulesOf(rules, "filter", CHAINS.firewall).get(0).contains("! -s 127.0.0.0/8 -d 127.0.0.0/8"),
                "localhost node ports come with the route_localnet guard");
    }

    @Test
    void servicePortsWithoutEndpointsAreRejectedAtOnceAndGetNoNatChain() {
        ServicePort empty = new ServicePort("default", "db", "", "tcp", "10.96.0.30", 3306, 30002, 0, List.of());
        ServicePort dns = new ServicePort("kube-system", "dns", "dns", "udp", "10.96.0.10", 53, 0, 0, List.of());
        String rules = RULESET.render(List.of(empty, dns), List.of(), List.of());
        assertFalse(rules.contains(CHAINS.serviceChain(empty)), rules);
        assertEquals(List.of(
                "-A KUBERAF-SERVICES -d 10.96.0.30/32 -p tcp -m comment --comment \"default/db has no endpoints\" -m tcp --dport 3306"
                        + " -j REJECT --reject-with tcp-reset",
                "-A KUBERAF-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment \"kube-system/dns:dns has no endpoints\" -m udp"
                        + " --dport 53 -j REJECT --reject-with icmp-port-unreachable",
                "-A KUBERAF-SERVICES -d 10.96.0.0/12 -p tcp -m comment --comment \"no service at this cluster IP and port\""
                        + " -j REJECT --reject-with tcp-reset",
                "-A KUBERAF-SERVICES -d 10.96.0.0/12 -m comment --comment \"no service at this cluster IP and port\""
                        + " -j REJECT --reject-with icmp-port-unreachable"),
                rulesOf(rules, "filter", CHAINS.services));
        assertEquals(List.of("-A KUBERAF-EXTERNAL-SERVICES -m addrtype --dst-type LOCAL -p tcp -m comment --comment"
                + " \"default/db has no endpoints\" -m tcp --dport 30002 -j REJECT --reject-with tcp-reset"),
                rulesOf(rules, "filter", CHAINS.externalServices));
    }

    @Test
    void clientIpAffinityChecksRecentClientsBeforeChoosingAtRandom() {
        ServicePort sticky = new ServicePort("default", "sticky", "", "tcp", "10.96.0.40", 80, 0, 600, WEB.endpoints());
        String rules = RULESET.render(List.of(sticky), List.of(), List.of());
        List<String> svc = rulesOf(rules, "nat", CHAINS.serviceChain(sticky));
        for (int i = 0; i < 3; i++) {
            String sep = CHAINS.endpointChain(sticky, sticky.endpoints().get(i));
            assertTrue(svc.get(1 + i).endsWith("-m recent --name " + sep + " --rcheck --seconds 600 --reap -j " + sep), svc.get(1 + i));
            assertTrue(rulesOf(rules, "nat", sep).get(1).contains("-m recent --name " + sep + " --set --rsource -m tcp -j DNAT"));
        }
        assertTrue(svc.get(4).contains("--probability 0.3333333333"), "random choice after the affinity checks: " + svc.get(4));
    }

    @Test
    void masqueradeAllOrAnUnknownPodCidrMasqueradesEveryClusterIpPacket() {
        for (Ruleset ruleset : List.of(new Ruleset(new Ruleset.Settings(SERVICES, PODS, true, 0x4000, true), CHAINS),
                new Ruleset(new Ruleset.Settings(SERVICES, null, false, 0x4000, true), CHAINS))) {
            String first = rulesOf(ruleset.render(List.of(WEB), List.of(), List.of()), "nat", CHAINS.serviceChain(WEB)).get(0);
            assertTrue(first.startsWith("-A " + CHAINS.serviceChain(WEB) + " -d 10.96.0.20/32 -p tcp") && first.endsWith("-j KUBERAF-MARK-MASQ"),
                    first);
        }
    }

    @Test
    void staleChainsOfOursAreFlushedAndDeletedOthersAreLeftAlone() {
        String rules = RULESET.render(List.of(WEB), List.of("KUBERAF-SVC-GONEGONEGONEGONE", CHAINS.serviceChain(WEB), "KUBERAF-SERVICES"),
                List.of("KUBERAF-SERVICES"));
        String nat = table(rules, "nat");
        assertTrue(nat.contains(":KUBERAF-SVC-GONEGONEGONEGONE - [0:0]\n"), nat);
        assertTrue(nat.endsWith("-X KUBERAF-SVC-GONEGONEGONEGONE\nCOMMIT\n"), nat);
        assertFalse(nat.contains("-X " + CHAINS.serviceChain(WEB)), nat);
        assertFalse(rules.contains("PREROUTING") || rules.contains(":INPUT") || rules.contains(":FORWARD"),
                "built-in chains are not declared (that would flush them): " + rules);
    }

    @Test
    void chainNamesFitIptablesLimitAndDependOnPortAndEndpoint() {
        String svc = CHAINS.serviceChain(WEB);
        assertEquals(28, svc.length(), svc);
        assertEquals(28, CHAINS.endpointChain(WEB, WEB.endpoints().get(0)).length());
        ServicePort udp = new ServicePort("default", "web", "http", "udp", "10.96.0.20", 80, 0, 0, List.of());
        assertFalse(svc.equals(CHAINS.serviceChain(udp)));
        assertFalse(CHAINS.endpointChain(WEB, WEB.endpoints().get(0)).equals(CHAINS.endpointChain(WEB, WEB.endpoints().get(1))));
    }

    @Test
    void anotherPrefixKeepsTwoProxiesOnOneMachineApart() {
        Chains other = new Chains("KUBERAFBB7");
        String rules = new Ruleset(new Ruleset.Settings(SERVICES, PODS, false, 0x4000, true), other)
                .render(List.of(WEB), List.of("KUBERAF-SERVICES", CHAINS.serviceChain(WEB)), List.of("KUBERAF-SERVICES"));
        assertFalse(rules.contains("KUBERAF-"), "the other proxy's chains are neither flushed nor deleted: " + rules);
        assertTrue(rules.contains("-A KUBERAFBB7-SERVICES -d 10.96.0.20/32 -p tcp"), rules);
        assertEquals(28, other.serviceChain(WEB).length(), other.serviceChain(WEB));
        assertEquals(List.of("KUBERAFBB7-SERVICES"), other.declaredIn(":KUBERAF-SERVICES - [0:0]\n:KUBERAFBB7-SERVICES - [0:0]\n"));
    }

    @Test
    void removalFlushesThenDeletesEveryChainGiven() {
        assertEquals("*nat\n:KUBERAF-SERVICES - [0:0]\n:KUBERAF-SVC-X - [0:0]\n-X KUBERAF-SERVICES\n-X KUBERAF-SVC-X\nCOMMIT\n",
                Ruleset.removal(List.of("KUBERAF-SERVICES", "KUBERAF-SVC-X"), List.of()));
    }

    @Test
    void theShellTableCountsTheRulesOfEachServicePort() {
        ServicePort empty = new ServicePort("default", "web", "", "udp", "10.96.0.31", 53, 0, 0, List.of());
        String table = ProxyTable.render(List.of(WEB, empty), RULESET.render(List.of(WEB, empty), List.of(), List.of()));
        // web:http: 1 in SERVICES, 1 masquerade + 3 choices in its SVC chain, 2 per endpoint chain, 2 node port rules
        assertTrue(table.lines().anyMatch(line -> line.startsWith("default/web:http ") && line.contains(" 13  [10.244.0.11:8080,")), table);
        assertTrue(table.lines().anyMatch(line -> line.startsWith("default/web ") && line.contains(" 1  none (rejected)")), table);
    }

    static String table(String rules, String table) {
        int start = rules.indexOf("*" + table + "\n");
        return rules.substring(start, rules.indexOf("COMMIT\n", start) + "COMMIT\n".length());
    }

    static List<String> rulesOf(String rules, String table, String chain) {
        return Arrays.stream(table(rules, table).split("\n")).filter(line -> line.startsWith("-A " + chain + " ")).toList();
    }
}
