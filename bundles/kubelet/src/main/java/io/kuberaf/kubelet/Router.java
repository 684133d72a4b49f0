package io.kuberaf.kubelet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One event handler on a shared informer that hands each object to the kubelet it belongs to (by node
 * name), so that 500 kubelets in one JVM cost one handler, not 500 handlers each filtering every event.
 */
final class Router<T extends HasMetadata> implements ResourceEventHandler<T>, AutoCloseable {

    /** What a kubelet receives; {@code deleted} is true for the last state of a deleted object. */
    interface Listener<T> {
        void changed(T object, boolean deleted);
    }

    private final SharedIndexInformer<T> informer;
    private final Function<T, String> node;
    private final Map<String, Listener<T>> listeners = new ConcurrentHashMap<>();

    Router(SharedIndexInformer<T> informer, Function<T, String> node) {
        this.informer = informer;
        this.node = node;
        informer.addEventHandler(this);
    }

    SharedIndexInformer<T> informer() {
        return informer;
    }

    void register(String nodeName, Listener<T> listener) {
        if (listeners.putIfAbsent(nodeName, listener) != null) {
            throw new IllegalStateException("a kubelet for node " + nodeName + " already runs in this JVM");
        }
    }

    void unregister(String nodeName) {
        listeners.remove(nodeName);
    }

    @Override
    public void onAdd(T object) {
        dispatch(object, false);
    }

    @Override
    public void onUpdate(T oldObject, T newObject) {
        String oldNode = node.apply(oldObject);
        if (oldNode != null && !oldNode.equals(node.apply(newObject))) {
            dispatch(oldObject, true);
        }
        dispatch(newObject, false);
    }

    @Override
    public void onDelete(T object, boolean deletedFinalStateUnknown) {
        dispatch(object, true);
    }

    private void dispatch(T object, boolean deleted) {
        String name = node.apply(object);
        Listener<T> listener = name == null ? null : listeners.get(name);
        if (listener != null) {
            listener.changed(object, deleted);
        }
    }

    @Override
    public void close() {
        informer.removeEventHandler(this);
        listeners.clear();
    }
}
