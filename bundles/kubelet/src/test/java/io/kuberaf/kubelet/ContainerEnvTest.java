package io.kuberaf.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.kuberaf.api.runtime.ContainerConfig;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerEnvTest {

    private static final ContainerEnv.Lookup LOOKUP = new ContainerEnv.Lookup() {
        @Override
        public Map<String, String> configMap(String namespace, String name) {
            return name.equals("settings") ? Map.of("mode", "fast", "level", "3", "bad key", "x") : null;
        }

        @Override
        public Map<String, String> secret(String namespace, String name) {
            return name.equals("db") ? Map.of("password", "s3cret") : null;
        }
    };

    @Test
    void expandsKnownVariablesAndKeepsUnknownOnes() {
        Map<String, String> vars = Map.of("A", "1", "B", "two");
        assertEquals("1-two", ContainerEnv.expand("$(A)-$(B)", vars::get));
        assertEquals("$(C) stays", ContainerEnv.expand("$(C) stays", vars::get));
        assertEquals("$(A) escaped", ContainerEnv.expand("$$(A) escaped", vars::get));
        assertEquals("cost $5", ContainerEnv.expand("cost $5", vars::get));
        assertEquals("open $(A", ContainerEnv.expand("open $(A", vars::get));
    }

    @Test
    void serviceVariablesFollowDockerLinks() {
        Map<String, String> env = ContainerEnv.serviceEnv(List.of(service("default", "kubernetes", "10.96.0.1", 443, "https"),
                service("shop", "redis-master", "10.96.0.20", 6379, null)), "shop", true);
        assertEquals("10.96.0.20", env.get("REDIS_MASTER_SERVICE_HOST"));
        assertEquals("6379", env.get("REDIS_MASTER_SERVICE_PORT"));
        assertEquals("tcp://10.96.0.20:6379", env.get("REDIS_MASTER_PORT"));
        assertEquals("tcp://10.96.0.20:6379", env.get("REDIS_MASTER_PORT_6379_TCP"));
        assertEquals("tcp", env.get("REDIS_MASTER_PORT_6379_TCP_PROTO"));
        assertEquals("6379", env.get("REDIS_MASTER_PORT_6379_TCP_PORT"));
        assertEquals("10.96.0.20", env.get("REDIS_MASTER_PORT_6379_TCP_ADDR"));
        assertEquals("10.96.0.1", env.get("KUBERNETES_SERVICE_HOST"));
        assertEquals("443", env.get("KUBERNETES_SERVICE_PORT"));
        assertEquals("443", env.get("KUBERNETES_SERVICE_PORT_HTTPS"));
    }

    @Test
    void serviceLinksOffKeepsOnlyTheApiserverService() {
        Map<String, String> env = ContainerEnv.serviceEnv(List.of(service("default", "kubernetes", "10.96.0.1", 443, "https"),
                service("shop", "redis", "10.96.0.20", 6379, null), service("other", "db", "10.96.0.30", 5432, null)), "shop", false);
        assertTrue(env.containsKey("KUBERNETES_SERVICE_HOST"));
        assertFalse(env.containsKey("REDIS_SERVICE_HOST"));
        assertFalse(env.containsKey("DB_SERVICE_HOST"));
    }

    @Test
    void headlessServicesGiveNoVariables() {
        assertTrue(ContainerEnv.serviceEnv(List.of(service("shop", "headless", "None", 80, null)), "shop", true).isEmpty());
    }

    @Test
    void buildsEnvFromEveryKindOfSource() throws Exception {
        Container container = new ContainerBuilder().withName("app").withImage("busybox")
                .addNewEnvFrom().withPrefix("CFG_").withNewConfigMapRef("settings", false).endEnvFrom()
                .addNewEnv().withName("POD").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("APP").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.labels['app']").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("NODE").withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "db", false).endValueFrom().endEnv()
                .addNewEnv().withName("MAYBE").withNewValueFrom().withNewSecretKeyRef("x", "absent", true).endValueFrom().endEnv()
                .addNewEnv().withName("MEM_MI").withNewValueFrom().withNewResourceFieldRef().withResource("limits.memory")
                .withDivisor(new Quantity("1Mi")).endResourceFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("URL").withValue("http://$(REDIS_SERVICE_HOST):$(REDIS_SERVICE_PORT)/$(POD)").endEnv()
                .withNewResources().addToLimits("memory", new Quantity("64Mi")).endResources()
                .build();
        Pod pod = pod(container);
        List<ContainerConfig.EnvVar> env = ContainerEnv.build(pod, container,
                List.of(service("shop", "redis", "10.96.0.20", 6379, null)), LOOKUP, "10.88.0.5", "127.0.0.1", Map.of());
        Map<String, String> values = new LinkedHashMap<>();
        env.forEach(e -> values.put(e.name(), e.value()));
        assertEquals("fast", values.get("CFG_mode"));
        assertFalse(values.containsKey("CFG_bad key"), "invalid names from envFrom are skipped");
        assertEquals("web-1", values.get("POD"));
        assertEquals("shop-web", values.get("APP"));
        assertEquals("10.88.0.5", values.get("IP"));
        assertEquals("node-a", values.get("NODE"));
        assertEquals("s3cret", values.get("PASSWORD"));
        assertFalse(values.containsKey("MAYBE"));
        assertEquals("64", values.get("MEM_MI"));
        assertEquals("http://10.96.0.20:6379/web-1", values.get("URL"));
        assertEquals("10.96.0.20", values.get("REDIS_SERVICE_HOST"));
        assertEquals(List.of("echo", "web-1"), ContainerEnv.expandAll(List.of("echo", "$(POD)"), env));
    }

    @Test
    void missingRequiredReferencesSayWhatIsMissing() {
        Container noMap = new ContainerBuilder().withName("app").addNewEnv().withName("X").withNewValueFrom()
                .withNewConfigMapKeyRef("k", "nowhere", false).endValueFrom().endEnv().build();
        ConfigException e = assertThrows(ConfigException.class,
                () -> ContainerEnv.build(pod(noMap), noMap, List.of(), LOOKUP, null, "127.0.0.1", Map.of()));
        assertEquals("configmap \"nowhere\" not found", e.getMessage());
        Container noKey = new ContainerBuilder().withName("app").addNewEnv().withName("X").withNewValueFrom()
                .withNewConfigMapKeyRef("absent", "settings", false).endValueFrom().endEnv().build();
        e = assertThrows(ConfigException.class,
                () -> ContainerEnv.build(pod(noKey), noKey, List.of(), LOOKUP, null, "127.0.0.1", Map.of()));
        assertEquals("couldn't find key absent in ConfigMap shop/settings", e.getMessage());
    }

    private static Pod pod(Container container) {
        return new PodBuilder().withNewMetadata().withName("web-1").withNamespace("shop").withUid("u-1")
                .addToLabels("app", "shop-web").endMetadata()
                .withNewSpec().withNodeName("node-a").withContainers(container).endSpec().build();
    }

    private static Service service(String namespace, String name, String ip, int port, String portName) {
        return new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withClusterIP(ip).addNewPort().withName(portName).withPort(port).withProtocol("TCP").endPort()
                .endSpec().build();
    }
}
