package io.kuberaf.kubelet;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Mirror pods: the API's read-only copy of a static pod (annotation kubernetes.io/config.mirror = the static
 * pod's hash, owned by the Node). A mirror pod that is deleted, or stale, is replaced; the static pod runs on.
 */
final class MirrorPods {

    private static final Logger LOG = LoggerFactory.getLogger(MirrorPods.class);

    private MirrorPods() {
    }

    static void sync(Kubelet kubelet, Pod staticPod) {
        String namespace = staticPod.getMetadata().getNamespace();
        String name = staticPod.getMetadata().getName();
        String hash = staticPod.getMetadata().getUid();
        Pod mirror = kubelet.mirrorPod(namespace, name);
        if (mirror != null) {
            boolean stale = !hash.equals(Kubelet.annotation(mirror, Kubelet.MIRROR_ANNOTATION));
            if (stale || mirror.getMetadata().getDeletionTimestamp() != null) {
                LOG.info("Node {}: mirror pod {}/{} is {}; replacing it", kubelet.nodeName(), namespace, name,
                        stale ? "stale" : "being deleted");
                delete(kubelet, mirror);  // its deletion event brings us back here to create it again
            }
            return;
        }
        if (kubelet.nodeAgent().nodeUid() == null) {
            return;
        }
        Map<String, String> annotations = new HashMap<>(staticPod.getMetadata().getAnnotations() == null ? Map.of()
                : staticPod.getMetadata().getAnnotations());
        annotations.put(Kubelet.MIRROR_ANNOTATION, hash);
        Pod copy = new PodBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                        .withLabels(staticPod.getMetadata().getLabels()).withAnnotations(annotations)
                        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node")
                                .withName(kubelet.nodeName()).withUid(kubelet.nodeAgent().nodeUid()).withController(true).build())
                        .build())
                .withSpec(staticPod.getSpec())
                .build();
        try {
            kubelet.client().pods().inNamespace(namespace).resource(copy).create();
            LOG.info("Node {}: created mirror pod {}/{} for its static pod", kubelet.nodeName(), namespace, name);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                LOG.warn("Node {}: cannot create mirror pod {}/{}: {}", kubelet.nodeName(), namespace, name, e.getMessage());
            }
        }
    }

    static void delete(Kubelet kubelet, Pod mirror) {
        String body = "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"gracePeriodSeconds\":0,"
                + "\"preconditions\":{\"uid\":\"" + mirror.getMetadata().getUid() + "\"}}";
        ApiCalls.delete(kubelet.client(), "api/v1/namespaces/" + mirror.getMetadata().getNamespace() + "/pods/"
                + mirror.getMetadata().getName(), body);
    }
}
