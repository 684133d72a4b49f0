package io.kuberaf.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.kuberaf.api.runtime.ExecResult;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** preStop hooks (exec through the runtime, or httpGet), bounded by the pod's grace period. */
final class LifecycleHooks {

    private LifecycleHooks() {
    }

    static void preStop(Kubelet kubelet, Pod pod, Container container, String containerId, Instant deadline) {
        if (container.getLifecycle() == null || container.getLifecycle().getPreStop() == null) {
            return;
        }
        LifecycleHandler hook = container.getLifecycle().getPreStop();
        Duration timeout = Duration.between(Instant.now(), deadline);
        if (timeout.isNegative() || timeout.isZero()) {
            return;
        }
        String failure = null;
        if (hook.getExec() != null) {
            ExecResult result = kubelet.runtime().execSync(containerId, hook.getExec().getCommand(), timeout);
            if (result.exitCode() != 0) {
                failure = "command '" + String.join(" ", hook.getExec().getCommand()) + "' exited with " + result.exitCode()
                        + ": " + (result.stdout() + result.stderr()).trim();
            }
        } else if (hook.getHttpGet() != null && !kubelet.options().hollow()) {
            failure = httpGet(kubelet, pod, hook, timeout);
        } else if (hook.getSleep() != null) {
            long millis = Math.min(timeout.toMillis(), hook.getSleep().getSeconds() * 1000L);
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null) {
            kubelet.events().warning(kubelet.containerReference(pod, container.getName(), false), "FailedPreStopHook",
                    "PreStopHook failed: " + failure);
        }
    }

    private static String httpGet(Kubelet kubelet, Pod pod, LifecycleHandler hook, Duration timeout) {
        var get = hook.getHttpGet();
        String host = get.getHost() != null && !get.getHost().isEmpty() ? get.getHost()
                : pod.getStatus() != null && pod.getStatus().getPodIP() != null ? pod.getStatus().getPodIP() : kubelet.options().address();
        int port = get.getPort() != null && get.getPort().getIntVal() != null ? get.getPort().getIntVal() : 80;
        String path = get.getPath() == null ? "/" : get.getPath();
        String url = "http://" + host + ":" + port + (path.startsWith("/") ? path : "/" + path);
        try {
            HttpResponse<Void> response = kubelet.context().probeClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() < 400 ? null : "HTTP " + response.statusCode() + " from " + url;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return "Get \"" + url + "\": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
