package io.kuberaf.client.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a reconcile writes back: nothing, the resource (PUT, with its resourceVersion: a conflict retries
 * the reconcile), its status (PUT to the status subresource, idem), both, or a status patch (JSON merge
 * patch of the status subresource, without optimistic locking). Writes that change nothing are skipped.
 * {@link #rescheduleAfter} asks for another reconcile later (a periodic check of the outside world).
 */
public final class UpdateControl<T extends HasMetadata> {

    enum Write { NONE, RESOURCE, STATUS, RESOURCE_AND_STATUS, PATCH_STATUS }

    private final T resource;
    private final Write write;
    private Duration rescheduleAfter;

    private UpdateControl(T resource, Write write) {
        this.resource = write == Write.NONE ? resource : Objects.requireNonNull(resource, "resource");
        this.write = write;
    }

    public static <T extends HasMetadata> UpdateControl<T> noUpdate() {
        return new UpdateControl<>(null, Write.NONE);
    }

    public static <T extends HasMetadata> UpdateControl<T> updateResource(T resource) {
        return new UpdateControl<>(resource, Write.RESOURCE);
    }

    public static <T extends HasMetadata> UpdateControl<T> updateStatus(T resource) {
        return new UpdateControl<>(resource, Write.STATUS);
    }

    public static <T extends HasMetadata> UpdateControl<T> updateResourceAndStatus(T resource) {
        return new UpdateControl<>(resource, Write.RESOURCE_AND_STATUS);
    }

    public static <T extends HasMetadata> UpdateControl<T> patchStatus(T resource) {
        return new UpdateControl<>(resource, Write.PATCH_STATUS);
    }

    /** Reconciles the resource again after {@code delay}, even if nothing changes. */
    public UpdateControl<T> rescheduleAfter(Duration delay) {
        this.rescheduleAfter = Objects.requireNonNull(delay, "delay");
        return this;
    }

    public UpdateControl<T> rescheduleAfter(long delay, TimeUnit unit) {
        return rescheduleAfter(Duration.ofMillis(unit.toMillis(delay)));
    }

    public Optional<Duration> getScheduleDelay() {
        return Optional.ofNullable(rescheduleAfter);
    }

    public Optional<T> getResource() {
        return Optional.ofNullable(resource);
    }

    Write write() {
        return write;
    }

    public boolean isNoUpdate() {
        return write == Write.NONE;
    }

    public boolean isUpdateResource() {
        return write == Write.RESOURCE || write == Write.RESOURCE_AND_STATUS;
    }

    public boolean isUpdateStatus() {
        return write == Write.STATUS || write == Write.RESOURCE_AND_STATUS;
    }

    public boolean isPatchStatus() {
        return write == Write.PATCH_STATUS;
    }
}
