package io.kuberaf.controller.serviceaccount;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.Controller;
import io.kuberaf.client.controller.Keys;
import io.kuberaf.client.controller.Result;
import io.kuberaf.controller.serviceaccount.tokens.ServiceAccountClaims;
import io.kuberaf.controller.serviceaccount.tokens.TokenSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Kubernetes' tokens controller, for legacy token Secrets only when asked for: a Secret of type
 * {@code kubernetes.io/service-account-token} annotated {@code kubernetes.io/service-account.name} gets
 * {@code token} (a signed JWT), {@code ca.crt} and {@code namespace}; one whose ServiceAccount does not
 * exist is deleted, as Kubernetes does. ServiceAccounts get no Secret of their own (Kubernetes 1.24+).
 */
final class TokensController {

    static final String TYPE = "kubernetes.io/service-account-token";
    static final String NAME_ANNOTATION = "kubernetes.io/service-account.name";
    static final String UID_ANNOTATION = "kubernetes.io/service-account.uid";
    private static final Logger LOG = LoggerFactory.getLogger(TokensController.class);

    private final KubernetesClient client;
    private final SharedIndexInformer<Secret> secrets;
    private final SharedIndexInformer<ServiceAccount> serviceAccounts;
    private final Supplier<TokenSigner> signer;
    private final String rootCa;

    TokensController(KubernetesClient client, SharedInformers informers, Supplier<TokenSigner> signer, String rootCa) {
        this.client = client;
        this.secrets = informers.informer(Secret.class);
        this.serviceAccounts = informers.informer(ServiceAccount.class);
        this.signer = signer;
        this.rootCa = rootCa;
    }

    Controller controller(int workers) {
        return Controller.builder("serviceaccount-tokens")
                .watch(secrets, secret -> TYPE.equals(secret.getType()) ? List.of(Keys.of(secret)) : List.of())
                .watch(serviceAccounts, this::tokenSecretsOf)
                .reconciler(this::reconcile)
                .workers(workers)
                .build();
    }

    private List<String> tokenSecretsOf(ServiceAccount account) {
        return secrets.getStore().list().stream()
                .filter(s -> TYPE.equals(s.getType()) && account.getMetadata().getNamespace().equals(s.getMetadata().getNamespace())
                        && account.getMetadata().getName().equals(annotation(s, NAME_ANNOTATION)))
                .map(Keys::of).toList();
    }

    Result reconcile(String key) {
        Secret secret = secrets.getStore().getByKey(key);
        if (secret == null || !TYPE.equals(secret.getType()) || secret.getMetadata().getDeletionTimestamp() != null) {
            return Result.done();
        }
        String namespace = secret.getMetadata().getNamespace();
        String accountName = annotation(secret, NAME_ANNOTATION);
        ServiceAccount account = accountName == null ? null : serviceAccounts.getStore().getByKey(Keys.of(namespace, accountName));
        if (account == null && accountName != null) {
            // The Secret's event may come before its ServiceAccount reached the cache: ask the API before deleting.
            account = client.serviceAccounts().inNamespace(namespace).withName(accountName).get();
        }
        String wantedUid = annotation(secret, UID_ANNOTATION);
        if (account == null || (wantedUid != null && !wantedUid.equals(account.getMetadata().getUid()))) {
            LOG.info("Deleting token Secret {}: its ServiceAccount {} does not exist", key, accountName);
            deleteIgnoringNotFound(namespace, secret.getMetadata().getName());
            return Result.done();
        }
        if (hasValidToken(secret)) {
            return Result.done();
        }
        TokenSigner tokens = signer.get();
        String token = tokens.sign(ServiceAccountClaims.legacy(namespace, accountName, account.getMetadata().getUid(),
                secret.getMetadata().getName()));
        Map<String, String> data = new HashMap<>(secret.getData() == null ? Map.of() : secret.getData());
        data.put("token", base64(token));
        data.put("ca.crt", base64(rootCa));
        data.put("namespace", base64(namespace));
        secret.setData(data);
        secret.getMetadata().getAnnotations().put(UID_ANNOTATION, account.getMetadata().getUid());
        client.secrets().inNamespace(namespace).resource(secret).update(); // a conflict retries the key
        LOG.info("Token Secret {} filled for ServiceAccount {}", key, accountName);
        return Result.done();
    }

    private boolean hasValidToken(Secret secret) {
        String encoded = secret.getData() == null ? null : secret.getData().get("token");
        if (encoded == null || encoded.isEmpty() || secret.getData().get("namespace") == null) {
            return false;
        }
        String token = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        return TokenSigner.verify(token, signer.get().publicKey());
    }

    private void deleteIgnoringNotFound(String namespace, String name) {
        try {
            client.secrets().inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
        }
    }

    private static String annotation(Secret secret, String name) {
        return secret.getMetadata().getAnnotations() == null ? null : secret.getMetadata().getAnnotations().get(name);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
