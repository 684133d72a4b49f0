package io.kuberaf.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.kuberaf.api.runtime.ContainerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A pod's volumes as folders of the node: {@code <dataDir>/pods/<uid>/volumes/<name>} for emptyDir,
 * configMap, secret, downwardAPI and projected volumes (their files written from the API objects), the
 * node's path for hostPath. Other volume types (persistent volume claims, CSI ...) are refused.
 *
 * <p>Service account tokens in projected volumes are the token of the ServiceAccount's token Secret when one
 * exists, else an empty file: real bound tokens come with the apiserver's TokenRequest (not there yet).
 */
final class Volumes {

    /** Reads what volumes are made of: ConfigMaps, Secrets (values decoded), a ServiceAccount's token. */
    interface Source extends ContainerEnv.Lookup {
        /** The token of the ServiceAccount's token Secret, or "" when it has none. */
        String serviceAccountToken(String namespace, String serviceAccount);
    }

    static final String ROOT_CA_CONFIG_MAP = "kube-root-ca.crt";

    private final Path podsDir;
    private final boolean write;

    /** {@code write} false (hollow nodes): paths are computed, nothing is written. */
    Volumes(Path dataDir, boolean write) {
        this.podsDir = dataDir.resolve("pods");
        this.write = write;
    }

    Path podDir(String uid) {
        return podsDir.resolve(uid);
    }

    /** Makes every volume of the pod ready; returns volume name to node path. */
    Map<String, Path> prepare(Pod pod, Source source, String podIp, String hostIp, Map<String, Quantity> allocatable)
            throws ConfigException {
        Map<String, Path> paths = new LinkedHashMap<>();
        String namespace = pod.getMetadata().getNamespace();
        for (Volume volume : ContainerEnv.list(pod.getSpec().getVolumes())) {
            Path dir = podDir(pod.getMetadata().getUid()).resolve("volumes").resolve(volume.getName());
            if (volume.getHostPath() != null) {
                Path path = Path.of(volume.getHostPath().getPath());
                hostPath(path, volume.getHostPath().getType());
                paths.put(volume.getName(), path);
                continue;
            }
            Map<String, String> files = new LinkedHashMap<>();
            if (volume.getEmptyDir() != null) {
                // no files: an empty folder (medium Memory is a folder too)
            } else if (volume.getConfigMap() != null) {
                var cm = volume.getConfigMap();
                addItems(files, source.configMap(namespace, cm.getName()), cm.getItems(), Boolean.TRUE.equals(cm.getOptional()),
                        "configmap", cm.getName());
            } else if (volume.getSecret() != null) {
                var secret = volume.getSecret();
                addItems(files, source.secret(namespace, secret.getSecretName()), secret.getItems(),
                        Boolean.TRUE.equals(secret.getOptional()), "secret", secret.getSecretName());
            } else if (volume.getDownwardAPI() != null) {
                addDownward(files, pod, volume.getDownwardAPI().getItems(), podIp, hostIp, allocatable);
            } else if (volume.getProjected() != null) {
                for (VolumeProjection projection : ContainerEnv.list(volume.getProjected().getSources())) {
                    addProjection(files, pod, projection, source, podIp, hostIp, allocatable);
                }
            } else {
                throw new ConfigException("volume \"" + volume.getName() + "\": this volume type is not supported by the Kuberaf kubelet"
                        + " (supported: emptyDir, hostPath, configMap, secret, downwardAPI, projected)");
            }
            writeFiles(dir, files);
            paths.put(volume.getName(), dir);
        }
        return paths;
    }

    private void addProjection(Map<String, String> files, Pod pod, VolumeProjection projection, Source source, String podIp,
                               String hostIp, Map<String, Quantity> allocatable) throws ConfigException {
        String namespace = pod.getMetadata().getNamespace();
        if (projection.getConfigMap() != null) {
            var cm = projection.getConfigMap();
            // kube-root-ca.crt is published by a controller Kuberaf may not run yet: a missing one is left out
            boolean optional = Boolean.TRUE.equals(cm.getOptional()) || ROOT_CA_CONFIG_MAP.equals(cm.getName());
            addItems(files, source.configMap(namespace, cm.getName()), cm.getItems(), optional, "configmap", cm.getName());
        } else if (projection.getSecret() != null) {
            var secret = projection.getSecret();
            addItems(files, source.secret(namespace, secret.getName()), secret.getItems(), Boolean.TRUE.equals(secret.getOptional()),
                    "secret", secret.getName());
        } else if (projection.getDownwardAPI() != null) {
            addDownward(files, pod, projection.getDownwardAPI().getItems(), podIp, hostIp, allocatable);
        } else if (projection.getServiceAccountToken() != null) {
            String account = pod.getSpec().getServiceAccountName() == null ? "default" : pod.getSpec().getServiceAccountName();
            files.put(projection.getServiceAccountToken().getPath(), source.serviceAccountToken(namespace, account));
        }
    }

    private static void addItems(Map<String, String> files, Map<String, String> data, List<KeyToPath> items, boolean optional,
                                 String kind, String name) throws ConfigException {
        if (data == null) {
            if (optional) {
                return;
            }
            throw new ConfigException("MountVolume.SetUp failed: " + kind + " \"" + name + "\" not found");
        }
        if (items == null || items.isEmpty()) {
            files.putAll(data);
            return;
        }
        for (KeyToPath item : items) {
            String value = data.get(item.getKey());
            if (value == null) {
                if (optional) {
                    continue;
                }
                throw new ConfigException("MountVolume.SetUp failed: " + kind + " \"" + name + "\" has no key " + item.getKey());
            }
            files.put(item.getPath(), value);
        }
    }

    private static void addDownward(Map<String, String> files, Pod pod, List<DownwardAPIVolumeFile> items, String podIp,
                                    String hostIp, Map<String, Quantity> allocatable) throws ConfigException {
        for (DownwardAPIVolumeFile item : ContainerEnv.list(items)) {
            if (item.getFieldRef() != null) {
                files.put(item.getPath(), DownwardApi.field(pod, item.getFieldRef().getFieldPath(), podIp, hostIp));
            } else if (item.getResourceFieldRef() != null) {
                String containerName = item.getResourceFieldRef().getContainerName();
                Container container = ContainerEnv.list(pod.getSpec().getContainers()).stream()
                        .filter(c -> containerName == null || containerName.equals(c.getName())).findFirst()
                        .orElseThrow(() -> new ConfigException("downwardAPI: no container " + containerName));
                files.put(item.getPath(), DownwardApi.resource(container, item.getResourceFieldRef(), allocatable));
            }
        }
    }

    private void hostPath(Path path, String type) {
        if (!write || type == null) {
            return;
        }
        try {
            if (type.equals("DirectoryOrCreate")) {
                Files.createDirectories(path);
            } else if (type.equals("FileOrCreate") && !Files.exists(path)) {
                Files.createDirectories(path.getParent());
                Files.createFile(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("hostPath " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes each file through a temporary name, so that a container never reads half a file. */
    private void writeFiles(Path dir, Map<String, String> files) {
        if (!write) {
            return;
        }
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = dir.resolve(file.getKey()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("volume file path " + file.getKey() + " leaves the volume");
                }
                Files.createDirectories(target.getParent());
                Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
                Files.writeString(temporary, file.getValue(), StandardCharsets.UTF_8);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing volume files in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The container's mounts: each volumeMount's node path (with its subPath) at its mountPath. */
    static List<ContainerConfig.Mount> mounts(Container container, Map<String, Path> volumes) throws ConfigException {
        List<ContainerConfig.Mount> mounts = new ArrayList<>();
        for (VolumeMount mount : ContainerEnv.list(container.getVolumeMounts())) {
            Path path = volumes.get(mount.getName());
            if (path == null) {
                throw new ConfigException("volumeMount " + mount.getName() + " refers to no volume of the pod");
            }
            if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
                path = path.resolve(mount.getSubPath());
            }
            mounts.add(new ContainerConfig.Mount(mount.getMountPath(), path.toString(), Boolean.TRUE.equals(mount.getReadOnly())));
        }
        return mounts;
    }

    /** Deletes the pod's folder (volumes of a pod that is gone). */
    void remove(String uid) {
        Path dir = podDir(uid);
        if (!write || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("removing " + dir + ": " + e.getMessage(), e);
        }
    }
}
