package io.kuberaf.api.runtime;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A container runtime as the kubelet sees it (Kubernetes' CRI, in Java). A pod is one sandbox, which
 * holds the pod's network namespace and IP (the seed's "pod-infrastructure" container), and the
 * containers created in it, which share that namespace.
 *
 * <p>Everything a runtime creates carries the labels the kubelet gives it, and the runtime keeps them:
 * after a restart the kubelet finds its sandboxes and containers again by listing them, so running
 * containers are adopted, not restarted.
 *
 * <p>Methods block until the runtime has done the work, are safe to call from several threads, and
 * fail with {@link RuntimeOperationException} (or a subclass) with a message an operator can act on.
 */
public interface ContainerRuntime {

    /** Service property naming the runtime ("docker", "simulated"); the kubelet selects by it. */
    String NAME_PROPERTY = "runtime.name";

    /** Name and version, for the Node's nodeInfo.containerRuntimeVersion ("docker://20.10.24"). */
    RuntimeVersion version();

    /** Whether the runtime can run pods now; feeds the Node's Ready condition. */
    RuntimeHealth health();

    /**
     * The node's pod CIDR (Node spec.podCIDR, assigned by the control plane): sandboxes created
     * from now on get their IP from it (CRI's UpdateRuntimeConfig). A runtime that cannot change its
     * network once it has sandboxes says so in the exception.
     */
    void updatePodCidr(String podCidr);

    // ---- sandboxes ----

    /** Creates and starts a sandbox; returns its id. The sandbox is READY with an IP when this returns. */
    String runPodSandbox(SandboxConfig config);

    /** Stops the sandbox and every container in it (killed at once); idempotent. */
    void stopPodSandbox(String sandboxId);

    /** Removes a stopped sandbox and its containers; idempotent (an unknown id is not an error). */
    void removePodSandbox(String sandboxId);

    /** The sandbox's state, or empty when it does not exist. */
    Optional<SandboxStatus> podSandboxStatus(String sandboxId);

    /** Every sandbox this runtime knows, running or not. */
    List<SandboxStatus> listPodSandboxes();

    // ---- images ----

    /**
     * Makes the image present, pulling it if needed.
     *
     * @throws ImagePullException when it cannot be pulled (the kubelet reports ErrImagePull)
     */
    ImageInfo pullImage(String image);

    /** The image if it is present locally. */
    Optional<ImageInfo> imageStatus(String image);

    List<ImageInfo> listImages();

    /** Removes an image; idempotent. */
    void removeImage(String image);

    /**
     * Loads the images of an archive as {@code docker save} writes it (a tar, possibly gzip-compressed),
     * for nodes that cannot pull. The stream is read to its end, not closed.
     *
     * @return the images loaded, with the tags the archive gives them
     * @throws RuntimeOperationException when the archive is not an image archive or the runtime cannot import
     */
    default List<ImageInfo> importImages(java.io.InputStream archive) {
        throw new RuntimeOperationException("this runtime cannot import image archives");
    }

    // ---- containers ----

    /** Creates (does not start) a container in a sandbox, joined to its network namespace; returns its id. */
    String createContainer(String sandboxId, ContainerConfig config);

    void startContainer(String containerId);

    /** Sends the stop signal, waits up to {@code gracePeriod}, then kills; idempotent. */
    void stopContainer(String containerId, Duration gracePeriod);

    /** Removes a stopped container; idempotent. */
    void removeContainer(String containerId);

    /** The container's state, or empty when it does not exist. */
    Optional<ContainerStatus> containerStatus(String containerId);

    /** Containers of one sandbox, or of all sandboxes when {@code sandboxId} is null. */
    List<ContainerStatus> listContainers(String sandboxId);

    // ---- streams ----

    /**
     * The container's output (stdout and stderr interleaved, as {@code kubectl logs} shows it). With
     * {@link LogOptions#follow()} the stream stays open for new output until the container stops or
     * the caller closes it.
     */
    InputStream logs(String containerId, LogOptions options);

    /** Runs a command in the container and waits for it (exec probes); output is truncated to a few KiB. */
    ExecResult execSync(String containerId, List<String> command, Duration timeout);

    /** Starts an interactive command in the container (kubectl exec, attach when the command is empty). */
    ExecSession exec(String containerId, ExecRequest request);

    /** Opens a TCP connection to {@code port} inside the sandbox's network namespace (kubectl port-forward). */
    StreamConnection portForward(String sandboxId, int port);
}
