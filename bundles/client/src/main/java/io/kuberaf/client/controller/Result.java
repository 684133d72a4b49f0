package io.kuberaf.client.controller;

import java.time.Duration;

/** What a reconcile asks for next: nothing, or another look after a delay. */
public record Result(Duration requeueAfter) {

    private static final Result DONE = new Result(null);

    public static Result done() {
        return DONE;
    }

    public static Result requeueAfter(Duration delay) {
        return new Result(delay);
    }

    public boolean requeue() {
        return requeueAfter != null;
    }
}
