/**
 * Extension SPI for vendors: API kinds published by a bundle.
 * <p>
 * A bundle adds kinds to the running apiserver by publishing a {@link io.kuberaf.api.extension.KindProvider}
 * service; the kinds are served while the service is registered.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.kuberaf.api.extension;
