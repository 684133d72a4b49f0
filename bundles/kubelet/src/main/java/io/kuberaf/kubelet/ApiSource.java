package io.kuberaf.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ConfigMaps, Secrets and service account tokens read from the apiserver when a container is created
 * (one GET each: a kubelet does not cache every Secret of the cluster).
 */
final class ApiSource implements Volumes.Source {

    static final String TOKEN_TYPE = "kubernetes.io/service-account-token";
    static final String ACCOUNT_ANNOTATION = "kubernetes.io/service-account.name";

    private final KubernetesClient client;

    ApiSource(Kubelet kubelet) {
        this.client = kubelet.client();
    }

    @Override
    public Map<String, String> configMap(String namespace, String name) {
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
        if (cm == null) {
            return null;
        }
        Map<String, String> data = new LinkedHashMap<>();
        if (cm.getData() != null) {
            data.putAll(cm.getData());
        }
        if (cm.getBinaryData() != null) {
            cm.getBinaryData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.ISO_8859_1)));
        }
        return data;
    }

    @Override
    public Map<String, String> secret(String namespace, String name) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        return secret == null ? null : decoded(secret);
    }

    private static Map<String, String> decoded(Secret secret) {
        Map<String, String> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            data.putAll(secret.getStringData());
        }
        return data;
    }

    /**
     * The token of a legacy token Secret of the account (one it lists, else one of type
     * kubernetes.io/service-account-token annotated with its name); "" when there is none. Bound tokens
     * (TokenRequest) are not there yet.
     */
    @Override
    public String serviceAccountToken(String namespace, String serviceAccount) {
        ServiceAccount account = client.serviceAccounts().inNamespace(namespace).withName(serviceAccount).get();
        if (account != null && account.getSecrets() != null) {
            for (var reference : account.getSecrets()) {
                Map<String, String> data = secret(namespace, reference.getName());
                if (data != null && data.containsKey("token")) {
                    return data.get("token");
                }
            }
        }
        for (Secret secret : client.secrets().inNamespace(namespace).list().getItems()) {
            Map<String, String> annotations = secret.getMetadata().getAnnotations();
            if (TOKEN_TYPE.equals(secret.getType()) && annotations != null
                    && serviceAccount.equals(annotations.get(ACCOUNT_ANNOTATION))) {
                String token = decoded(secret).get("token");
                if (token != null) {
                    return token;
                }
            }
        }
        return "";
    }
}
