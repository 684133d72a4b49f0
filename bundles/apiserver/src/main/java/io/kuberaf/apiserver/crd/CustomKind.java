package io.kuberaf.apiserver.crd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;

import java.util.List;

/**
 * One served version of a kind defined by a CustomResourceDefinition (stored, or published by a
 * vendor bundle): what the apiserver needs beyond the {@link ResourceType} to store, validate,
 * default, print and scale its objects.
 *
 * @param crdName        the definition's name, {@code <plural>.<group>}
 * @param storageVersion the version objects are stored in (conversion strategy None: only apiVersion changes)
 * @param schema         the version's openAPIV3Schema, or null when it has none
 * @param columns        additionalPrinterColumns (an Age column when the definition has none)
 * @param scale          the scale subresource's paths, or null when there is none
 */
public record CustomKind(ResourceType type, String crdName, String storageVersion, ObjectNode schema,
                         List<PrinterColumn> columns, ScalePaths scale) {

    /** The apiVersion objects are stored with. */
    public String storageApiVersion() {
        return type.group() + "/" + storageVersion;
    }

    /** An additionalPrinterColumn. */
    public record PrinterColumn(String name, String type, String format, String description, int priority, String jsonPath) {
    }

    /** The scale subresource: where replicas and the selector live in the object (".spec.replicas"). */
    public record ScalePaths(String specReplicasPath, String statusReplicasPath, String labelSelectorPath) {
    }
}
