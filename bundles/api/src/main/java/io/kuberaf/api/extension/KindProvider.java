package io.kuberaf.api.extension;

import java.net.URL;
import java.util.List;

/**
 * Kinds a vendor bundle adds to the Kubernetes API, published as an OSGi service (for example a
 * Declarative Services component).
 * <p>
 * Each definition is a {@code CustomResourceDefinition} document ({@code apiextensions.k8s.io/v1},
 * YAML or JSON): group, names, scope, versions with their OpenAPI v3 schema, subresources and
 * additionalPrinterColumns, exactly as a vendor writes one for Kubernetes. The apiserver serves the
 * kinds as it serves a CRD (discovery, OpenAPI, validation, defaulting, Table columns) for as long as
 * the service is registered.
 * <p>
 * Unlike a CRD object, a published definition is not stored in the cluster: when the service goes
 * away (the bundle stops or is uninstalled) the kinds disappear from discovery but their stored
 * objects are kept, and they are served again when the bundle comes back. A definition whose group
 * and plural are already served by a built-in type or a CRD object is refused, and the refusal is
 * logged by the apiserver.
 */
public interface KindProvider {

    /**
     * The definitions, usually resources inside the bundle, e.g.
     * {@code List.of(getClass().getResource("/kinds/routes.acme.io.yaml"))}; a YAML resource may hold several
     * documents separated by {@code ---}. Read once when the service is registered; a document that cannot be
     * read or is not a valid CustomResourceDefinition is logged and skipped.
     */
    List<URL> definitions();
}
