package io.kuberaf.api.runtime;

/** An image could not be pulled: the kubelet reports ErrImagePull, then ImagePullBackOff. */
public class ImagePullException extends RuntimeOperationException {
    public ImagePullException(String message) {
        super(message);
    }

    public ImagePullException(String message, Throwable cause) {
        super(message, cause);
    }
}
