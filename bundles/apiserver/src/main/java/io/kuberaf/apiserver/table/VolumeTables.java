package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.kuberaf.apiserver.table.Cells.UNSET;
import static io.kuberaf.apiserver.table.Cells.present;
import static io.kuberaf.apiserver.table.Cells.text;

/** PersistentVolume and PersistentVolumeClaim, with access modes as "RWO,ROX,RWX,RWOP". */
final class VolumeTables {

    private VolumeTables() {
    }

    private static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

    /** v1 PersistentVolume: NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE, wide VOLUMEMODE. */
    static final TableConvertor PERSISTENT_VOLUME = new TableConvertor() {
        private final List<Column> columns = List.of(Columns.NAME,
                Columns.string("Capacity", Docs.PERSISTENT_VOLUME_SPEC_CAPACITY),
                Columns.string("Access Modes", Docs.PERSISTENT_VOLUME_SPEC_ACCESS_MODES),
                Columns.string("Reclaim Policy", Docs.PERSISTENT_VOLUME_SPEC_PERSISTENT_VOLUME_RECLAIM_POLICY),
                Columns.string("Status", Docs.PERSISTENT_VOLUME_STATUS_PHASE),
                Columns.string("Claim", Docs.PERSISTENT_VOLUME_SPEC_CLAIM_REF),
                Columns.string("StorageClass", "StorageClass of the pv"),
                Columns.string("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
                Columns.string("Reason", Docs.PERSISTENT_VOLUME_STATUS_REASON),
                Columns.AGE,
                Columns.wide("VolumeMode", Docs.PERSISTENT_VOLUME_SPEC_VOLUME_MODE));

        @Override
        public List<Column> columns() {
            return columns;
        }

        @Override
        public List<Object> cells(ObjectNode pv, Instant now) {
            JsonNode spec = pv.path("spec");
            String claim = "";
            if (spec.path("claimRef").isObject()) {
                claim = text(spec.path("claimRef").path("namespace")) + "/" + text(spec.path("claimRef").path("name"));
            }
            String phase = present(pv.path("metadata").path("deletionTimestamp")) ? "Terminating"
                    : text(pv.path("status").path("phase"));
            return List.of(Cells.name(pv), text(spec.path("capacity").path("storage")), accessModes(spec.path("accessModes")),
                    text(spec.path("persistentVolumeReclaimPolicy")), phase, claim, storageClass(pv),
                    optional(spec.path("volumeAttributesClassName")), text(pv.path("status").path("reason")),
                    Cells.age(pv, now), optional(spec.path("volumeMode")));
        }
    };

    /** v1 PersistentVolumeClaim: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE, wide VOLUMEMODE. */
    static final TableConvertor PERSISTENT_VOLUME_CLAIM = new TableConvertor() {
        private final List<Column> columns = List.of(Columns.NAME,
                Columns.string("Status", Docs.PERSISTENT_VOLUME_CLAIM_STATUS_PHASE),
                Columns.string("Volume", Docs.PERSISTENT_VOLUME_CLAIM_SPEC_VOLUME_NAME),
                Columns.string("Capacity", Docs.PERSISTENT_VOLUME_CLAIM_STATUS_CAPACITY),
                Columns.string("Access Modes", Docs.PERSISTENT_VOLUME_CLAIM_STATUS_ACCESS_MODES),
                Columns.string("StorageClass", "StorageClass of the pvc"),
                Columns.string("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
                Columns.AGE,
                Columns.wide("VolumeMode", Docs.PERSISTENT_VOLUME_CLAIM_SPEC_VOLUME_MODE));

        @Override
        public List<Column> columns() {
            return columns;
        }

        @Override
        public List<Object> cells(ObjectNode pvc, Instant now) {
            JsonNode spec = pvc.path("spec");
            JsonNode status = pvc.path("status");
            String phase = present(pvc.path("metadata").path("deletionTimestamp")) ? "Terminating" : text(status.path("phase"));
            String capacity = "";
            String accessModes = "";
            if (!text(spec.path("volumeName")).isEmpty()) {
                accessModes = accessModes(status.path("accessModes"));
                capacity = text(status.path("capacity").path("storage"));
            }
            String storageClass = text(pvc.path("metadata").path("annotations").path(BETA_STORAGE_CLASS));
            if (!pvc.path("metadata").path("annotations").has(BETA_STORAGE_CLASS)) {
                storageClass = text(spec.path("storageClassName"));
            }
            return List.of(Cells.name(pvc), phase, text(spec.path("volumeName")), capacity, accessModes, storageClass,
                    optional(spec.path("volumeAttributesClassName")), Cells.age(pvc, now), optional(spec.path("volumeMode")));
        }
    };

    /** The storage class: the beta annotation, else spec.storageClassName. */
    private static String storageClass(JsonNode pv) {
        JsonNode annotations = pv.path("metadata").path("annotations");
        if (annotations.has(BETA_STORAGE_CLASS)) {
            return text(annotations.path(BETA_STORAGE_CLASS));
        }
        return text(pv.path("spec").path("storageClassName"));
    }

    private static String optional(JsonNode value) {
        return present(value) ? text(value) : UNSET;
    }

    /** helper.GetAccessModesAsString: the modes present, in the order RWO, ROX, RWX, RWOP. */
    static String accessModes(JsonNode modes) {
        Set<String> present = new HashSet<>();
        modes.forEach(m -> present.add(text(m)));
        List<String> out = new ArrayList<>();
        if (present.contains("ReadWriteOnce")) {
            out.add("RWO");
        }
        if (present.contains("ReadOnlyMany")) {
            out.add("ROX");
        }
        if (present.contains("ReadWriteMany")) {
            out.add("RWX");
        }
        if (present.contains("ReadWriteOncePod")) {
            out.add("RWOP");
        }
        return String.join(",", out);
    }
}
