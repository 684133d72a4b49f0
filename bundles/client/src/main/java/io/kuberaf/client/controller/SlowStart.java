package io.kuberaf.client.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Runs {@code count} calls in batches of 1, 2, 4, ... (each batch in parallel), stopping after the
 * first batch with a failure: a controller whose creates all fail (a quota, a bad template) fails
 * once, not {@code count} times. Kubernetes' slowStartBatch.
 */
public final class SlowStart {

    private SlowStart() {
    }

    /** A call that may fail. */
    @FunctionalInterface
    public interface Call {
        void run() throws Exception;
    }

    /** The outcome: how many calls succeeded, and the first failure (null when all ran and succeeded). */
    public record Outcome(int succeeded, int skipped, Exception firstFailure) {
        public boolean failed() {
            return firstFailure != null;
        }
    }

    public static Outcome run(int count, int initialBatch, Executor executor, Call call) {
        int remaining = count;
        int succeeded = 0;
        for (int batch = Math.min(remaining, initialBatch); batch > 0; batch = Math.min(2 * batch, remaining)) {
            List<CompletableFuture<Void>> calls = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                calls.add(CompletableFuture.runAsync(() -> {
                    try {
                        call.run();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new CallFailed(e);
                    }
                }, executor));
            }
            Exception failure = null;
            for (CompletableFuture<Void> future : calls) {
                try {
                    future.get();
                    succeeded++;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() instanceof CallFailed wrapped ? wrapped.getCause() : e.getCause();
                    if (failure == null) {
                        failure = cause instanceof Exception exception ? exception : new RuntimeException(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Outcome(succeeded, count - succeeded, e);
                }
            }
            remaining -= batch;
            if (failure != null) {
                return new Outcome(succeeded, remaining, failure);
            }
        }
        return new Outcome(succeeded, 0, null);
    }

    private static final class CallFailed extends RuntimeException {
        CallFailed(Exception cause) {
            super(cause);
        }
    }
}
