package io.kuberaf.client.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Optional settings of a {@link Reconciler}, on its class. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ControllerConfiguration {

    /**
     * The controller's name, in logs and in its leader-election lease {@code kube-system/kuberaf-reconciler-<name>}.
     * Default: the reconciler class name without its package, lower case (outer-inner for a nested class).
     */
    String name() default "";

    /**
     * The finalizer a {@link Cleaner} puts on its resources. Default {@code <plural>.<group>/finalizer}
     * ({@code <plural>.kuberaf.io/finalizer} for core kinds).
     */
    String finalizerName() default "";

    /** Types of objects this reconciler creates with a controller owner reference to the resource: their
     * changes reconcile the owner, and {@link Context#getSecondaryResources} reads them. */
    Class<? extends HasMetadata>[] owns() default {};

    /** Reconciles running in parallel (never two for the same resource). */
    int workers() default 2;

    /** Run on one control-plane member only (through a Lease); false runs on every member. */
    boolean leaderElection() default true;
}
