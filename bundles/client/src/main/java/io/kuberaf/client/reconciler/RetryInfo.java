package io.kuberaf.client.reconciler;

/** Which retry a reconcile is: 1 after one failure, 2 after two in a row ... (retries never stop). */
public interface RetryInfo {

    int getAttemptCount();
}
