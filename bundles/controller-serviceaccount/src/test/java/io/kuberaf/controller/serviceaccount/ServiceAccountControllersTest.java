package io.kuberaf.controller.serviceaccount;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.internal.SharedInformersImpl;
import io.kuberaf.controller.serviceaccount.tokens.SigningKeys;
import io.kuberaf.controller.serviceaccount.tokens.TokenSigner;
import io.kuberaf.client.testing.Await;
import io.kuberaf.client.testing.ClusterFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceAccountControllersTest {

    private static final int IGNITE_PORT_BASE = 49175;

    private static ClusterFixture cluster;
    private static KubernetesClient client;
    private static SharedInformersImpl informers;
    private static ServiceAccountControllers controllers;

    @BeforeAll
    static void start() throws Exception {
        cluster = ClusterFixture.start(IGNITE_PORT_BASE);
        client = cluster.client();
        informers = cluster.informers();
        controllers = new ServiceAccountControllers(client, informers, "", 2).start();
    }

    @AfterAll
    static void stop() throws Exception {
        controllers.close();
        cluster.close();
    }

    @Test
    void everyNamespaceGetsTheDefaultServiceAccountBackWhenDeleted() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team").endMetadata().build()).create();
        Await.until("default account", () -> client.serviceAccounts().inNamespace("team").withName("default").get() != null);
        String firstUid = client.serviceAccounts().inNamespace("team").withName("default").get().getMetadata().getUid();
        Await.until("root CA config map", () -> client.configMaps().inNamespace("team").withName("kube-root-ca.crt").get() != null);
        assertEquals(Map.of("ca.crt", ""), client.configMaps().inNamespace("team").withName("kube-root-ca.crt").get().getData());

        client.serviceAccounts().inNamespace("team").withName("default").delete();
        Await.until("default account recreated", () -> {
            ServiceAccount account = client.serviceAccounts().inNamespace("team").withName("default").get();
            return account != null && !account.getMetadata().getUid().equals(firstUid);
        });
        assertTrue(client.serviceAccounts().inNamespace("kube-system").withName("default").get() != null);
    }

    @Test
    void aTokenSecretGetsAJwtSignedByTheClusterKey() {
        Await.until("default account", () -> client.serviceAccounts().inNamespace("default").withName("default").get() != null);
        ServiceAccount account = client.serviceAccounts().inNamespace("default").withName("default").get();
        client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("default-token")
                .addToAnnotations("kubernetes.io/service-account.name", "default").endMetadata()
                .withType("kubernetes.io/service-account-token").build()).create();

        Await.until("token filled", () -> {
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
        Await.until("secret deleted", () -> client.secrets().inNamespace("default").withName("nobody-token").get() == null);
    }

}
