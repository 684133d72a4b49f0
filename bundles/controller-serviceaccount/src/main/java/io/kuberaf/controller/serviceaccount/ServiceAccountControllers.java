package io.kuberaf.controller.serviceaccount;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.Controller;
import io.kuberaf.controller.serviceaccount.tokens.SigningKeys;
import io.kuberaf.controller.serviceaccount.tokens.TokenSigner;

/** The service account controllers that run together on the leader: default accounts and root CA, token Secrets. */
public final class ServiceAccountControllers implements AutoCloseable {

    private final Controller accounts;
    private final Controller tokens;
    private volatile TokenSigner signer;
    private final KubernetesClient client;

    public ServiceAccountControllers(KubernetesClient client, SharedInformers informers, String rootCa, int workers) {
        this.client = client;
        this.accounts = new ServiceAccountsController(client, informers, rootCa).controller(workers);
        this.tokens = new TokensController(client, informers, this::signer, rootCa).controller(workers);
    }

    /** The signer, its keys read (or generated) on first use: a failure there fails the reconcile, which retries. */
    private TokenSigner signer() {
        TokenSigner current = signer;
        if (current == null) {
            synchronized (this) {
                if (signer == null) {
                    signer = new TokenSigner(SigningKeys.loadOrCreate(client));
                }
                current = signer;
            }
        }
        return current;
    }

    public ServiceAccountControllers start() {
        accounts.start();
        tokens.start();
        return this;
    }

    @Override
    public void close() {
        tokens.close();
        accounts.close();
    }
}
