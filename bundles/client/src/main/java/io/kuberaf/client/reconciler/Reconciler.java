package io.kuberaf.client.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Drives the world toward one resource's spec. Publish it as an OSGi service ({@code @Component(service =
 * Reconciler.class)}); the client bundle runs it. Optional settings: {@link ControllerConfiguration}.
 *
 * @param <T> the resource type: a fabric8 model class or a vendor's {@code CustomResource} subclass
 */
public interface Reconciler<T extends HasMetadata> {

    /**
     * Called when the resource (or an object it owns) was added or changed, after a retry delay, or when
     * a reschedule asked for it; never for a resource being deleted (see {@link Cleaner}). Must be
     * idempotent: it may run again for the same state.
     *
     * @param resource a copy of the cached resource, free to change
     * @return what to write back and whether to look again later; throwing retries with back-off
     */
    UpdateControl<T> reconcile(T resource, Context<T> context) throws Exception;

    /**
     * The resource type. By default the type argument of {@code Reconciler<T>} as the implementing class
     * declares it; override when it cannot be read from the class (a generic reconciler).
     */
    @SuppressWarnings("unchecked")
    default Class<T> resourceType() {
        for (Class<?> type = getClass(); type != null; type = type.getSuperclass()) {
            for (Type implemented : type.getGenericInterfaces()) {
                if (implemented instanceof ParameterizedType parameterized
                        && parameterized.getRawType() == Reconciler.class
                        && parameterized.getActualTypeArguments()[0] instanceof Class<?> argument) {
                    return (Class<T>) argument;
                }
            }
        }
        throw new IllegalStateException(getClass().getName()
                + " does not declare Reconciler<T> with a concrete T; override resourceType()");
    }
}
