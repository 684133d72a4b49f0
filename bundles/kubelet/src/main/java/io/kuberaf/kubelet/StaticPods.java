package io.kuberaf.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Static pods: Pod manifests (YAML or JSON) in a folder, run by this kubelet without the apiserver. A pod's
 * name gets the node's name appended and its uid is a hash of the manifest and the node, so a changed file
 * is a new pod (the old one stops) and a removed file stops the pod.
 */
final class StaticPods {

    private static final Logger LOG = LoggerFactory.getLogger(StaticPods.class);

    private final Kubelet kubelet;
    private final Path dir;
    private final Map<String, Pod> byUid = new ConcurrentHashMap<>();
    private final Map<Path, String> uidByFile = new HashMap<>();
    private final Map<Path, String> badFiles = new HashMap<>();

    StaticPods(Kubelet kubelet, Path dir) {
        this.kubelet = kubelet;
        this.dir = dir;
    }

    Pod get(String uid) {
        return byUid.get(uid);
    }

    Set<String> uids() {
        return Set.copyOf(byUid.keySet());
    }

    Optional<String> uidOf(String namespace, String name) {
        return byUid.values().stream()
                .filter(p -> p.getMetadata().getNamespace().equals(namespace) && p.getMetadata().getName().equals(name))
                .map(p -> p.getMetadata().getUid()).findFirst();
    }

    /** Reads the folder; new, changed and removed manifests start and stop pods. */
    synchronized void scan() {
        Set<Path> seen = new HashSet<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.{yaml,yml,json}")) {
                for (Path file : files) {
                    seen.add(file);
                    read(file);
                }
            } catch (IOException e) {
                LOG.warn("Node {}: cannot read static pod folder {}: {}", kubelet.nodeName(), dir, e.getMessage());
                return;
            }
        }
        for (Path gone : Set.copyOf(uidByFile.keySet())) {
            if (!seen.contains(gone)) {
                String uid = uidByFile.remove(gone);
                byUid.remove(uid);
                LOG.info("Node {}: static pod manifest {} removed; its pod stops", kubelet.nodeName(), gone);
                kubelet.enqueue(uid);
            }
        }
    }

    private void read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("Node {}: cannot read static pod manifest {}: {}", kubelet.nodeName(), file, e.getMessage());
            return;
        }
        String uid = hash(text + "\n" + kubelet.nodeName());
        if (uid.equals(uidByFile.get(file)) || uid.equals(badFiles.get(file))) {
            return;
        }
        Pod pod;
        try {
            pod = kubelet.client().getKubernetesSerialization().unmarshal(text, Pod.class);
        } catch (RuntimeException e) {
            badFiles.put(file, uid);
            LOG.warn("Node {}: static pod manifest {} is not a valid Pod: {}", kubelet.nodeName(), file, e.getMessage());
            return;
        }
        if (pod == null || pod.getMetadata() == null || pod.getMetadata().getName() == null || pod.getSpec() == null) {
            badFiles.put(file, uid);
            LOG.warn("Node {}: static pod manifest {} has no metadata.name or spec", kubelet.nodeName(), file);
            return;
        }
        badFiles.remove(file);
        prepare(pod, uid);
        String previous = uidByFile.put(file, uid);
        if (previous != null) {
            byUid.remove(previous);
            kubelet.enqueue(previous);
        }
        byUid.put(uid, pod);
        LOG.info("Node {}: static pod {}/{} from {}", kubelet.nodeName(), pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(), file);
        kubelet.enqueue(uid);
    }

    /** What the apiserver would have set: name with the node's, uid, node, defaults, a PodScheduled condition. */
    private void prepare(Pod pod, String uid) {
        var meta = pod.getMetadata();
        meta.setName(meta.getName() + "-" + kubelet.nodeName());
        if (meta.getNamespace() == null || meta.getNamespace().isEmpty()) {
            meta.setNamespace("default");
        }
        meta.setUid(uid);
        Map<String, String> annotations = new HashMap<>(meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
        annotations.put("kubernetes.io/config.hash", uid);
        annotations.put("kubernetes.io/config.source", "file");
        annotations.put("kubernetes.io/config.seen", Instant.now().toString());
        meta.setAnnotations(annotations);
        var spec = pod.getSpec();
        spec.setNodeName(kubelet.nodeName());
        if (spec.getRestartPolicy() == null) {
            spec.setRestartPolicy("Always");
        }
        if (spec.getDnsPolicy() == null) {
            spec.setDnsPolicy("ClusterFirst");
        }
        if (spec.getTerminationGracePeriodSeconds() == null) {
            spec.setTerminationGracePeriodSeconds(30L);
        }
        for (Container c : ContainerEnv.list(spec.getContainers())) {
            if (c.getImagePullPolicy() == null) {
                c.setImagePullPolicy(PodSync.defaultPullPolicy(c.getImage()));
            }
        }
        for (Container c : ContainerEnv.list(spec.getInitContainers())) {
            if (c.getImagePullPolicy() == null) {
                c.setImagePullPolicy(PodSync.defaultPullPolicy(c.getImage()));
            }
        }
        PodStatus status = new PodStatus();
        status.setConditions(List.of(new PodConditionBuilder().withType("PodScheduled").withStatus("True")
                .withLastTransitionTime(PodStatusBuilder.time(Instant.now())).build()));
        pod.setStatus(status);
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
