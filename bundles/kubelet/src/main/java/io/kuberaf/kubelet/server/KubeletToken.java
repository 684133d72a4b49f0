package io.kuberaf.kubelet.server;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The shared secret that authenticates the apiserver to a kubelet's API. The kubelet makes a new one at
 * each start and publishes it through the API as the Secret {@code kube-system/kubelet-<node>-token}
 * (key {@code token}); the apiserver reads it there and sends {@code Authorization: Bearer <token>} on
 * every proxied logs/exec/attach/port-forward request. A Secret, unlike a Node annotation, is readable
 * only by who may read kube-system's secrets, and it reaches a kubelet on another machine as well.
 * (The apiserver side: io.kuberaf.apiserver.http.KubeletProxy; keep the names in step.)
 */
public final class KubeletToken {

    public static final String NAMESPACE = "kube-system";
    public static final String KEY = "token";

    private static final SecureRandom RANDOM = new SecureRandom();

    private KubeletToken() {
    }

    public static String secretName(String nodeName) {
        return "kubelet-" + nodeName + "-token";
    }

    /** 256 random bits, URL-safe. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Creates or replaces the node's token Secret; call before (or right after) publishing the Node's kubelet port. */
    public static Secret publish(KubernetesClient client, String nodeName, String token) {
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(secretName(nodeName))
                .withNamespace(NAMESPACE)
                .addToLabels("kuberaf.io/kubelet-token", "true")
                .addToAnnotations("kuberaf.io/node", nodeName)
                .endMetadata()
                .withType("Opaque")
                .addToData(KEY, Base64.getEncoder().encodeToString(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .build();
        return client.secrets().inNamespace(NAMESPACE).resource(secret).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
    }
}
