package io.kuberaf.apiserver.openapi;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Duration;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsList;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeList;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceList;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimList;
import io.fabric8.kubernetes.api.model.PersistentVolumeList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerList;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountList;
import io.fabric8.kubernetes.api.model.ServiceList;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionList;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetList;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetList;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobList;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseList;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceList;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingList;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleList;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingList;
import io.fabric8.kubernetes.api.model.rbac.RoleList;

import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The schemas of Kubernetes' built-in kinds, derived once and lazily by reflection over fabric8's
 * kubernetes-model classes (Jackson gives JSON names and types) and completed with
 * {@link FieldTags}. The OpenAPI documents, field validation and the strategic merge patch all
 * read these.
 */
public final class KindSchemas {

    private static final String FABRIC8 = "io.fabric8.kubernetes.api.model";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private static final Set<String> META_TYPES = Set.of("ObjectMeta", "ListMeta", "OwnerReference", "ManagedFieldsEntry",
            "FieldsV1", "LabelSelector", "LabelSelectorRequirement", "Status", "StatusDetails", "StatusCause",
            "DeleteOptions", "Preconditions", "Condition", "MicroTime", "Time", "Patch", "APIResource", "WatchEvent");

    /** "apps/v1 Deployment" to its class (and "apps/v1 DeploymentList" to the list's). */
    private static final Map<String, Class<?>> KINDS = new HashMap<>();

    static {
        kinds("v1", Namespace.class, NamespaceList.class, Pod.class, PodList.class, Service.class, ServiceList.class,
                Endpoints.class, EndpointsList.class, ReplicationController.class, ReplicationControllerList.class,
                Node.class, NodeList.class, Event.class, EventList.class, ConfigMap.class, ConfigMapList.class,
                Secret.class, SecretList.class, ServiceAccount.class, ServiceAccountList.class, PersistentVolume.class,
                PersistentVolumeList.class, PersistentVolumeClaim.class, PersistentVolumeClaimList.class,
                LimitRange.class, LimitRangeList.class, ResourceQuota.class, ResourceQuotaList.class, Binding.class,
                Status.class, DeleteOptions.class);
        kinds("apps/v1", Deployment.class, DeploymentList.class, ReplicaSet.class, ReplicaSetList.class,
                StatefulSet.class, StatefulSetList.class, DaemonSet.class, DaemonSetList.class,
                ControllerRevision.class, ControllerRevisionList.class);
        kinds("batch/v1", Job.class, JobList.class, CronJob.class, CronJobList.class);
        kinds("coordination.k8s.io/v1", Lease.class, LeaseList.class);
        kinds("events.k8s.io/v1", io.fabric8.kubernetes.api.model.events.v1.Event.class,
                io.fabric8.kubernetes.api.model.events.v1.EventList.class);
        kinds("discovery.k8s.io/v1", EndpointSlice.class, EndpointSliceList.class);
        kinds("rbac.authorization.k8s.io/v1", Role.class, RoleList.class, RoleBinding.class, RoleBindingList.class,
                ClusterRole.class, ClusterRoleList.class, ClusterRoleBinding.class, ClusterRoleBindingList.class);
        kinds("autoscaling/v1", Scale.class);
        kinds("policy/v1", Eviction.class);
    }

    private static void kinds(String apiVersion, Class<?>... classes) {
        for (Class<?> type : classes) {
            KINDS.put(apiVersion + " " + type.getSimpleName(), type);
        }
    }

    // ---- the model ----

    /** The JSON shape of a value. */
    public sealed interface Shape permits Scalar, Ref, ArrayOf, MapOf, AnyValue {
    }

    /** string, integer, number or boolean, with an OpenAPI format or null. */
    public record Scalar(String type, String format) implements Shape {
    }

    /** An object (or special string) described by a named schema. */
    public record Ref(Model model) implements Shape {
    }

    public record ArrayOf(Shape items) implements Shape {
    }

    /** An object whose keys are free (labels, resource lists). */
    public record MapOf(Shape values) implements Shape {
    }

    /** Anything (raw extensions, free-form data). */
    public record AnyValue() implements Shape {
    }

    /** One field of a model. */
    public record Property(String name, Shape shape, FieldTags.Tag tag, String description) {
    }

    /** A named schema: an object type with properties, or a special scalar (IntOrString, Quantity, ...). */
    public static final class Model {
        private final String name;
        private final String shortName;
        private final Map<String, Property> properties = new LinkedHashMap<>();
        private final List<String> required = new ArrayList<>();
        private final List<String[]> groupVersionKinds = new ArrayList<>();
        private Scalar scalar;
        private boolean freeForm;

        Model(String name, String shortName) {
            this.name = name;
            this.shortName = shortName;
        }

        /** The Kubernetes schema name, e.g. {@code io.k8s.api.core.v1.Pod}. */
        public String name() {
            return name;
        }

        /** The Go type name, e.g. {@code Pod}. */
        public String shortName() {
            return shortName;
        }

        public Map<String, Property> properties() {
            return properties;
        }

        public Property property(String field) {
            return properties.get(field);
        }

        public List<String> required() {
            return required;
        }

        /** {group, version, kind} triples of the kinds this schema is, empty for inner types. */
        public List<String[]> groupVersionKinds() {
            return groupVersionKinds;
        }

        /** Non-null for special types serialized as a scalar (IntOrString, Quantity, MicroTime). */
        public Scalar scalar() {
            return scalar;
        }

        /** An object whose content the schema does not describe (FieldsV1, Patch). */
        public boolean freeForm() {
            return freeForm;
        }

        /** Whether field validation can look inside: an object with declared properties. */
        public boolean structural() {
            return scalar == null && !freeForm;
        }
    }

    // ---- building ----

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<Class<?>, Model> models = new HashMap<>();

    /** The schema of a kind, e.g. ("apps/v1", "Deployment") or ("v1", "PodList"); empty for kinds without one (CRDs). */
    public Optional<Model> kind(String apiVersion, String kind) {
        Class<?> type = KINDS.get(apiVersion + " " + kind);
        return type == null ? Optional.empty() : Optional.of(model(type));
    }

    /** The patch strategies of a kind's fields, empty for kinds without a schema (custom resources). */
    public Optional<PatchMeta> patchMeta(String apiVersion, String kind) {
        return kind(apiVersion, kind).map(PatchMeta::of);
    }

    /** The schema of a Java model class (built on first use, then cached). */
    public synchronized Model model(Class<?> type) {
        Model model = models.get(type);
        if (model != null) {
            return model;
        }
        model = new Model(schemaName(type), type.getSimpleName());
        models.put(type, model);
        for (Map.Entry<String, Class<?>> kind : KINDS.entrySet()) {
            if (kind.getValue() == type) {
                String apiVersion = kind.getKey().substring(0, kind.getKey().indexOf(' '));
                int slash = apiVersion.indexOf('/');
                model.groupVersionKinds.add(new String[]{slash < 0 ? "" : apiVersion.substring(0, slash),
                        apiVersion.substring(slash + 1), type.getSimpleName()});
            }
        }
        if (type == IntOrString.class) {
            model.scalar = new Scalar("string", "int-or-string");
        } else if (type == Quantity.class) {
            model.scalar = new Scalar("string", "quantity");
        } else if (type == MicroTime.class) {
            model.scalar = new Scalar("string", "date-time");
        } else if (type == Duration.class) {
            model.scalar = new Scalar("string", "duration");
        } else if (type == AnyType.class) {
            model.freeForm = true;
        } else {
            populate(model, type);
            if (model.properties.isEmpty()) {
                model.freeForm = true;
            }
        }
        return model;
    }

    private void populate(Model model, Class<?> type) {
        List<BeanPropertyDefinition> properties = mapper.getSerializationConfig()
                .introspect(mapper.constructType(type)).findProperties();
        for (BeanPropertyDefinition property : properties) {
            String name = property.getName();
            if (name == null || name.isEmpty() || name.equals("additionalProperties")) {
                continue;
            }
            JavaType javaType = property.getPrimaryType();
            if (javaType == null) {
                continue;
            }
            model.properties.put(name, new Property(name, shape(javaType), FieldTags.of(model.shortName, name),
                    Descriptions.field(model.shortName, name, !model.groupVersionKinds.isEmpty())));
        }
        for (String field : FieldTags.required(model.shortName)) {
            if (model.properties.containsKey(field)) {
                model.required.add(field);
            }
        }
    }

    private Shape shape(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == byte[].class) {
            return new Scalar("string", "byte");
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            return new ArrayOf(shape(type.getContentType()));
        }
        if (type.isMapLikeType()) {
            return new MapOf(shape(type.getContentType()));
        }
        if (raw == String.class || raw.isEnum()) {
            return new Scalar("string", null);
        }
        if (raw == Integer.class || raw == int.class || raw == Short.class || raw == short.class) {
            return new Scalar("integer", "int32");
        }
        if (raw == Long.class || raw == long.class || raw == BigInteger.class) {
            return new Scalar("integer", "int64");
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return new Scalar("boolean", null);
        }
        if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class
                || raw == BigDecimal.class || raw == Number.class) {
            return new Scalar("number", "double");
        }
        if (raw == Object.class || JsonNode.class.isAssignableFrom(raw) || raw.isInterface()
                || (Modifier.isAbstract(raw.getModifiers()) && raw != AnyType.class)
                || !raw.getName().startsWith(FABRIC8)) {
            return new AnyValue();
        }
        return new Ref(model(raw));
    }

    /** Kubernetes' schema name of a fabric8 model class. */
    static String schemaName(Class<?> type) {
        String simple = type.getSimpleName();
        String pkg = type.getPackageName();
        if (pkg.equals(FABRIC8)) {
            if (type == IntOrString.class) {
                return "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
            }
            if (type == Quantity.class) {
                return "io.k8s.apimachinery.pkg.api.resource.Quantity";
            }
            if (simple.equals("RawExtension")) {
                return "io.k8s.apimachinery.pkg.runtime.RawExtension";
            }
            return (META_TYPES.contains(simple) ? META : "io.k8s.api.core.v1.") + simple;
        }
        if (pkg.startsWith(FABRIC8 + ".")) {
            String[] parts = pkg.substring(FABRIC8.length() + 1).split("\\.");
            return "io.k8s.api." + parts[0] + "." + (parts.length > 1 ? parts[1] : "v1") + "." + simple;
        }
        return pkg + "." + simple;
    }
}
