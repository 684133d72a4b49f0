package io.kuberaf.examples.hello;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kuberaf.client.reconciler.Cleaner;
import io.kuberaf.client.reconciler.Context;
import io.kuberaf.client.reconciler.ControllerConfiguration;
import io.kuberaf.client.reconciler.DeleteControl;
import io.kuberaf.client.reconciler.Reconciler;
import io.kuberaf.client.reconciler.UpdateControl;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For each Hello: a ConfigMap {@code <name>-greeting} owned by it holds the greeting, and the status
 * says the greeting, the ConfigMap and which version of this bundle wrote them. Deleting a Hello says
 * goodbye in the log and deletes its ConfigMap (a finalizer keeps the Hello until that is done).
 */
@Component(service = Reconciler.class)
@ControllerConfiguration(name = "hello", owns = ConfigMap.class)
public class HelloReconciler implements Reconciler<Hello>, Cleaner<Hello> {

    private static final Logger LOG = LoggerFactory.getLogger(HelloReconciler.class);

    private String reconciledBy;

    @Activate
    void activate(BundleContext context) {
        reconciledBy = context.getBundle().getSymbolicName() + "/" + context.getBundle().getVersion();
    }

    @Override
    public UpdateControl<Hello> reconcile(Hello hello, Context<Hello> context) {
        String greeting = "Hello, " + hello.getSpec().getMessage() + "!";
        String configMapName = hello.getMetadata().getName() + "-greeting";
        ConfigMap configMap = new ConfigMapBuilder()
                .withNewMetadata().withName(configMapName).withNamespace(hello.getMetadata().getNamespace()).endMetadata()
                .addToData("greeting", greeting)
                .build();
        configMap.addOwnerReference(hello).setController(true);
        context.getClient().resource(configMap).forceConflicts().serverSideApply();

        HelloStatus status = new HelloStatus();
        status.setGreeting(greeting);
        status.setConfigMap(configMapName);
        status.setReconciledBy(reconciledBy);
        hello.setStatus(status);
        return UpdateControl.patchStatus(hello);
    }

    @Override
    public DeleteControl cleanup(Hello hello, Context<Hello> context) {
        LOG.info("Goodbye, {}!", hello.getSpec().getMessage());
        context.getClient().configMaps().inNamespace(hello.getMetadata().getNamespace())
                .withName(hello.getMetadata().getName() + "-greeting").delete();
        return DeleteControl.defaultDelete();
    }
}
