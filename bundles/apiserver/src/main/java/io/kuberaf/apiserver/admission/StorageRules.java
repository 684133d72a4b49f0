package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.Json;

import java.util.List;

/** PersistentVolumes and PersistentVolumeClaims: their required fields and defaults. */
final class StorageRules {

    static final List<String> ACCESS_MODES = List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod");
    static final List<String> RECLAIM_POLICIES = List.of("Delete", "Recycle", "Retain");
    static final List<String> PV_SOURCES = List.of("gcePersistentDisk", "awsElasticBlockStore", "hostPath", "glusterfs", "nfs",
            "rbd", "iscsi", "cinder", "cephfs", "fc", "flocker", "flexVolume", "azureFile", "vsphereVolume", "quobyte",
            "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO", "local", "storageos", "csi");

    private StorageRules() {
    }

    static void claimSpecDefaults(ObjectNode spec) {
        PodSpecs.putIfAbsent(spec, "volumeMode", "Filesystem");
    }

    static void accessModes(JsonNode spec, String path, FieldErrors errors, String requiredDetail) {
        JsonNode modes = spec.path("accessModes");
        if (modes.isEmpty()) {
            errors.required(path + ".accessModes", requiredDetail);
        }
        for (JsonNode mode : modes) {
            if (!ACCESS_MODES.contains(mode.asText())) {
                errors.notSupported(path + ".accessModes", mode.asText(), ACCESS_MODES);
            }
        }
    }

    static final class Volumes implements KindRules {

        @Override
        public ObjectMetaRules.NameRule nameRule() {
            return ObjectMetaRules.NameRule.DNS1123_SUBDOMAIN;
        }

        @Override
        public void defaults(ObjectNode pv, ObjectNode old) {
            ObjectNode spec = Json.object(pv, "spec");
            PodSpecs.putIfAbsent(spec, "persistentVolumeReclaimPolicy", "Retain");
            PodSpecs.putIfAbsent(spec, "volumeMode", "Filesystem");
            if (spec.get("hostPath") instanceof ObjectNode hostPath) {
                PodSpecs.putIfAbsent(hostPath, "type", "");
            }
            if (old == null) {
                PodSpecs.putIfAbsent(Json.object(pv, "status"), "phase", "Pending");
            }
        }

        @Override
        public void validate(ObjectNode pv, FieldErrors errors) {
            JsonNode spec = pv.path("spec");
            accessModes(spec, "spec", errors, "");
            if (spec.path("capacity").isEmpty()) {
                errors.required("spec.capacity", "");
            } else if (!spec.path("capacity").has("storage") || spec.path("capacity").size() != 1) {
                errors.notSupported("spec.capacity", String.join(",", iterable(spec.path("capacity"))), List.of("storage"));
            }
            String policy = spec.path("persistentVolumeReclaimPolicy").asText("");
            if (!RECLAIM_POLICIES.contains(policy)) {
                errors.notSupported("spec.persistentVolumeReclaimPolicy", policy, RECLAIM_POLICIES);
            }
            int sources = 0;
            for (String source : PV_SOURCES) {
                if (spec.has(source) && ++sources > 1) {
                    errors.forbidden("spec." + source, "may not specify more than 1 volume type");
                }
            }
            if (sources == 0) {
                errors.required("spec", "must specify a volume type");
            }
        }

        private static List<String> iterable(JsonNode node) {
            List<String> names = new java.util.ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            return names;
        }
    }

    static final class Claims implements KindRules {

        @Override
        public ObjectMetaRules.NameRule nameRule() {
            return ObjectMetaRules.NameRule.DNS1123_SUBDOMAIN;
        }

        @Override
        public void defaults(ObjectNode pvc, ObjectNode old) {
            claimSpecDefaults(Json.object(pvc, "spec"));
            if (old == null) {
                PodSpecs.putIfAbsent(Json.object(pvc, "status"), "phase", "Pending");
            }
        }

        @Override
        public void validate(ObjectNode pvc, FieldErrors errors) {
            JsonNode spec = pvc.path("spec");
            accessModes(spec, "spec", errors, "at least 1 access mode is required");
            if (!spec.path("resources").path("requests").has("storage")) {
                errors.required("spec.resources[storage]", "");
            } else if (Quantities.parse(spec.path("resources").path("requests").path("storage").asText()) == null) {
                errors.invalidString("spec.resources.requests[storage]", spec.path("resources").path("requests").path("storage").asText(),
                        "must be a valid quantity");
            }
            String mode = spec.path("volumeMode").asText("");
            if (!List.of("Block", "Filesystem").contains(mode)) {
                errors.notSupported("spec.volumeMode", mode, List.of("Block", "Filesystem"));
            }
        }

        @Override
        public void validateUpdate(ObjectNode pvc, ObjectNode old, FieldErrors errors) {
            ObjectNode a = pvc.path("spec").deepCopy();
            ObjectNode b = old.path("spec").deepCopy();
            for (ObjectNode spec : List.of(a, b)) {
                spec.remove(List.of("resources", "volumeAttributesClassName"));
            }
            if (b.path("volumeName").asText("").isEmpty()) {
                a.remove("volumeName");
                b.remove("volumeName");
            }
            if (!a.equals(b)) {
                errors.forbidden("spec", "spec is immutable after creation except resources.requests and "
                        + "volumeAttributesClassName for bound claims");
            }
        }
    }
}
