/**
 * What components read from API objects, in one place: pod state ({@link io.kuberaf.client.objects.Pods}),
 * label selector matching ({@link io.kuberaf.client.objects.LabelSelectors}) and the resources the API
 * serves ({@link io.kuberaf.client.objects.ApiResources}).
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.kuberaf.client.objects;
