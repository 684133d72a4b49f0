package io.kuberaf.controller.serviceaccount;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.Controller;
import io.kuberaf.client.controller.Keys;
import io.kuberaf.client.controller.Result;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every active namespace has the ServiceAccount {@code default} (created again when deleted) and the
 * ConfigMap {@code kube-root-ca.crt} with the cluster's CA (Kubernetes' serviceaccounts controller and
 * root-ca-cert-publisher). Keys are namespace names.
 */
final class ServiceAccountsController {

    static final String DEFAULT = "default";
    static final String ROOT_CA = "kube-root-ca.crt";

    private final KubernetesClient client;
    private final SharedIndexInformer<Namespace> namespaces;
    private final SharedIndexInformer<ServiceAccount> serviceAccounts;
    private final SharedIndexInformer<ConfigMap> configMaps;
    private final String rootCa;

    ServiceAccountsController(KubernetesClient client, SharedInformers informers, String rootCa) {
        this.client = client;
        this.namespaces = informers.informer(Namespace.class);
        this.serviceAccounts = informers.informer(ServiceAccount.class);
        this.configMaps = informers.informer(ConfigMap.class);
        this.rootCa = rootCa;
    }

    Controller controller(int workers) {
        return Controller.builder("serviceaccount")
                .watch(namespaces)
                .watch(serviceAccounts, sa -> DEFAULT.equals(sa.getMetadata().getName())
                        ? List.of(sa.getMetadata().getNamespace()) : List.of())
                .watch(configMaps, cm -> ROOT_CA.equals(cm.getMetadata().getName())
                        ? List.of(cm.getMetadata().getNamespace()) : List.of())
                .reconciler(this::reconcile)
                .workers(workers)
                .build();
    }

    Result reconcile(String namespace) {
        Namespace ns = namespaces.getStore().getByKey(namespace);
        if (ns == null || ns.getMetadata().getDeletionTimestamp() != null
                || (ns.getStatus() != null && "Terminating".equals(ns.getStatus().getPhase()))) {
            return Result.done();
        }
        if (serviceAccounts.getStore().getByKey(Keys.of(namespace, DEFAULT)) == null) {
            Created.ignoringConflict(() -> client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder()
                    .withNewMetadata().withName(DEFAULT).withNamespace(namespace).endMetadata().build()).create());
        }
        Map<String, String> data = Map.of("ca.crt", rootCa);
        ConfigMap current = configMaps.getStore().getByKey(Keys.of(namespace, ROOT_CA));
        if (current == null) {
            Created.ignoringConflict(() -> client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                    .withNewMetadata().withName(ROOT_CA).withNamespace(namespace).endMetadata().withData(data).build()).create());
        } else if (!Objects.equals(current.getData(), data)) {
            current.setData(data);
            client.configMaps().inNamespace(namespace).resource(current).update();
        }
        return Result.done();
    }
}
