/**
 * The controller SDK: a vendor's controller is a {@link io.kuberaf.client.reconciler.Reconciler} published
 * as an OSGi service (a Declarative Services component), shaped like java-operator-sdk's.
 *
 * <pre>{@code
 * @Component(service = Reconciler.class)
 * @ControllerConfiguration(owns = ConfigMap.class)
 * public class HelloReconciler implements Reconciler<Hello>, Cleaner<Hello> {
 *     public UpdateControl<Hello> reconcile(Hello hello, Context<Hello> context) {
 *         hello.setStatus(new HelloStatus("Hello, " + hello.getSpec().getMessage()));
 *         return UpdateControl.patchStatus(hello);
 *     }
 *     public DeleteControl cleanup(Hello hello, Context<Hello> context) {
 *         return DeleteControl.defaultDelete();
 *     }
 * }
 * }</pre>
 *
 * <p>The client bundle picks up every {@code Reconciler} service (whiteboard): it gives it an API client
 * of its own, informers for its resource type and the types it {@linkplain ControllerConfiguration#owns()
 * owns}, and a {@link io.kuberaf.client.controller.Controller} under leader election; when the service
 * goes away (its bundle stops, is updated or uninstalled) all of that is closed, so the vendor's classes
 * are released. What the runtime guarantees:
 * <ul>
 *   <li>one reconcile per object at a time; objects are copies, never the informer's cached ones;</li>
 *   <li>a reconcile that throws is retried with exponential back-off (5 ms doubling, up to 1000 s);
 *       {@link io.kuberaf.client.reconciler.Context#getRetryInfo()} says which attempt it is;</li>
 *   <li>updates that change nothing of the resource or its status are not sent, and updates that do not
 *       change {@code metadata.generation} (status writes) do not trigger another reconcile;</li>
 *   <li>a reconciler that is also a {@link io.kuberaf.client.reconciler.Cleaner} gets a finalizer on
 *       every resource; on deletion {@code cleanup} runs, then the finalizer is removed;</li>
 *   <li>changes of owned objects (controller owner reference to the resource) reconcile their owner.</li>
 * </ul>
 * Custom resource classes are fabric8 {@code CustomResource<Spec, Status>} subclasses with
 * {@code @Group} and {@code @Version}, in the vendor's bundle: the client deserializes into them.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.kuberaf.client.reconciler;
