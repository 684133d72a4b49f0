package io.kuberaf.api.runtime;

/** A runtime's name and version, e.g. {@code docker} and {@code 20.10.24}. */
public record RuntimeVersion(String runtimeName, String runtimeVersion) {

    /** The form of the Node's nodeInfo.containerRuntimeVersion: {@code docker://20.10.24}. */
    public String nodeInfoForm() {
        return runtimeName + "://" + runtimeVersion;
    }
}
