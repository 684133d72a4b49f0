/**
 * The cluster store SPI: etcd's semantics (one global revision, compare-and-swap writes, ordered
 * watches, compaction, leases) for any implementation. Only the apiserver uses it.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.kuberaf.api.store;
