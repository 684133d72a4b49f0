package io.kuberaf.runtime.simulated;

import io.kuberaf.api.runtime.ContainerConfig;
import io.kuberaf.api.runtime.ContainerRuntime;
import io.kuberaf.api.runtime.ContainerStatus;
import io.kuberaf.api.runtime.ExecRequest;
import io.kuberaf.api.runtime.ExecResult;
import io.kuberaf.api.runtime.ExecSession;
import io.kuberaf.api.runtime.ImageInfo;
import io.kuberaf.api.runtime.LogOptions;
import io.kuberaf.api.runtime.RuntimeHealth;
import io.kuberaf.api.runtime.RuntimeVersion;
import io.kuberaf.api.runtime.SandboxConfig;
import io.kuberaf.api.runtime.SandboxStatus;
import io.kuberaf.api.runtime.StreamConnection;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The simulated runtime as an OSGi service ({@code runtime.name=simulated}): select it for the machine's own
 * kubelet with {@code runtime.target = (runtime.name=simulated)} in etc/io.kuberaf.kubelet.cfg.
 */
@Component(configurationPid = SimulatedConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = ContainerRuntime.NAME_PROPERTY + "=" + SimulatedRuntime.NAME)
@Designate(ocd = SimulatedConfig.class)
public final class SimulatedRuntimeComponent implements ContainerRuntime {

    private SimulatedRuntime delegate;

    @Activate
    void activate(SimulatedConfig config) {
        delegate = new SimulatedRuntime(Settings.of(config));
    }

    @Override
    public RuntimeVersion version() {
        return delegate.version();
    }

    @Override
    public RuntimeHealth health() {
        return delegate.health();
    }

    @Override
    public void updatePodCidr(String podCidr) {
        delegate.updatePodCidr(podCidr);
    }

    @Override
    public String runPodSandbox(SandboxConfig config) {
        return delegate.runPodSandbox(config);
    }

    @Override
    public void stopPodSandbox(String sandboxId) {
        delegate.stopPodSandbox(sandboxId);
    }

    @Override
    public void removePodSandbox(String sandboxId) {
        delegate.removePodSandbox(sandboxId);
    }

    @Override
    public Optional<SandboxStatus> podSandboxStatus(String sandboxId) {
        return delegate.podSandboxStatus(sandboxId);
    }

    @Override
    public List<SandboxStatus> listPodSandboxes() {
        return delegate.listPodSandboxes();
    }

    @Override
    public ImageInfo pullImage(String image) {
        return delegate.pullImage(image);
    }

    @Override
    public Optional<ImageInfo> imageStatus(String image) {
        return delegate.imageStatus(image);
    }

    @Override
    public List<ImageInfo> listImages() {
        return delegate.listImages();
    }

    @Override
    public void removeImage(String image) {
        delegate.removeImage(image);
    }

    @Override
    public List<ImageInfo> importImages(java.io.InputStream archive) {
        return delegate.importImages(archive);
    }

    @Override
    public String createContainer(String sandboxId, ContainerConfig config) {
        return delegate.createContainer(sandboxId, config);
    }

    @Override
    public void startContainer(String containerId) {
        delegate.startContainer(containerId);
    }

    @Override
    public void stopContainer(String containerId, Duration gracePeriod) {
        delegate.stopContainer(containerId, gracePeriod);
    }

    @Override
    public void removeContainer(String containerId) {
        delegate.removeContainer(containerId);
    }

    @Override
    public Optional<ContainerStatus> containerStatus(String containerId) {
        return delegate.containerStatus(containerId);
    }

    @Override
    public List<ContainerStatus> listContainers(String sandboxId) {
        return delegate.listContainers(sandboxId);
    }

    @Override
    public InputStream logs(String containerId, LogOptions options) {
        return delegate.logs(containerId, options);
    }

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        return delegate.execSync(containerId, command, timeout);
    }

    @Override
    public ExecSession exec(String containerId, ExecRequest request) {
        return delegate.exec(containerId, request);
    }

    @Override
    public StreamConnection portForward(String sandboxId, int port) {
        return delegate.portForward(sandboxId, port);
    }
}
