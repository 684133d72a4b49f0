package io.kuberaf.controller.serviceaccount;

import io.fabric8.kubernetes.client.KubernetesClientException;

import java.net.HttpURLConnection;

/** Creates whose "already exists" means the informer is behind: the watch event that follows settles it. */
final class Created {

    private Created() {
    }

    static void ignoringConflict(Runnable create) {
        try {
            create.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }
}
