package io.kuberaf.controller.serviceaccount;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.kuberaf.apiserver.TestCluster;
import io.kuberaf.client.internal.SharedInformersImpl;
import io.kuberaf.controller.serviceaccount.tokens.SigningKeys;
import io.kuberaf.controller.serviceaccount.tokens.TokenSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class ServiceAccountControllersTest {

    private static final int IGNITE_PORT_BASE = 49175;
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static SharedInformersImpl informers;
    private static ServiceAccountControllers controllers;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster(0, IGNITE_PORT_BASE);
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(cluster.url()).build())
                .withHttpClientFactory(new JdkHttpClientFactory()).build();
        informers = new SharedInformersImpl(client, 0);
        controllers = new ServiceAccountControllers(client, informers, "", 2).start();
    }

    @AfterAll
    static void stop() throws Exception {
        controllers.close();
        informers.close();
        client.close();
        try {
            cluster.close();
        } catch (TimeoutException e) {
            // Jetty's graceful stop waits for keep-alive connections the JDK HTTP client (Java 17) never closes
            cluster.store().close();
        }
    }

    @Test
    void everyNamespaceGetsTheDefaultServiceAccountBackWhenDeleted() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team").endMetadata().build()).create();
        await("default account", () -> client.serviceAccounts().inNamespace("team").withName("default").get() != null);
        String firstUid = client.serviceAccounts().inNamespace("team").withName("default").get().getMetadata().getUid();
        await("root CA config map", () -> client.configMaps().inNamespace("team").withName("kube-root-ca.crt").get() != null);
        assertEquals(Map.of("ca.crt", ""), client.configMaps().inNamespace("team").withName("kube-root-ca.crt").get().getData());

        client.serviceAccounts().inNamespace("team").withName("default").delete();
        await("default account recreated", () -> {
            ServiceAccount account = client.serviceAccounts().inNamespace("team").withName("default").get();
            return account != null && !account.getMetadata().getUid().equals(firstUid);
        });
        assertTrue(client.serviceAccounts().inNamespace("kube-system").withName("default").get() != null);
    }

    @Test
    void aTokenSecretGetsAJwtSignedByTheClusterKey() {
        await("default account", () -> client.serviceAccounts().inNamespace("default").withName("default").get() != null);
        ServiceAccount account = client.serviceAccounts().inNamespace("default").withName("default").get();
        client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("default-token")
                .addToAnnotations("kubernetes.io/service-account.name", "default").endMetadata()
                .withType("kubernetes.io/service-account-token").build()).create();

        await("token filled", () -> {
            Secret secret = client.secrets().inNamespace("default").withName("default-token").get();
            return secret.getData() != null && secret.getData().containsKey("token");
        });
        Secret secret = client.secrets().inNamespace("default").withName("default-token").get();
        String token = new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
        PublicKey publicKey = new TokenSigner(SigningKeys.loadOrCreate(client)).publicKey();
        assertTrue(TokenSigner.verify(token, publicKey), "the token verifies with the key in kube-system");
        Map<String, Object> claims = TokenSigner.claims(token);
        assertEquals("system:serviceaccount:default:default", claims.get("sub"));
        assertEquals("kubernetes/serviceaccount", claims.get("iss"));
        assertEquals(account.getMetadata().getUid(), claims.get("kubernetes.io/serviceaccount/service-account.uid"));
        assertEquals("default", new String(Base64.getDecoder().decode(secret.getData().get("namespace")), StandardCharsets.UTF_8));
        assertEquals(account.getMetadata().getUid(), secret.getMetadata().getAnnotations().get("kubernetes.io/service-account.uid"));

        String tampered = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
        assertFalse(TokenSigner.verify(tampered, publicKey));
        assertNotEquals(token, tampered);
    }

    @Test
    void aTokenSecretForAMissingAccountIsDeleted() {
        client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("nobody-token")
                .addToAnnotations("kubernetes.io/service-account.name", "nobody").endMetadata()
                .withType("kubernetes.io/service-account-token").build()).create();
        await("secret deleted", () -> client.secrets().inNamespace("default").withName("nobody-token").get() == null);
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for: " + what);
            }
        }
    }
}
