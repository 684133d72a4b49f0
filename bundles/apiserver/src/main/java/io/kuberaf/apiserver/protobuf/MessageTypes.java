package io.kuberaf.apiserver.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The protobuf message type of each Kubernetes apiVersion and kind, from the descriptors that
 * client-java-proto generated from k8s.io/api's {@code generated.proto} files. A proto package ends in
 * {@code <group label>.<version>} ({@code k8s.io.api.apps.v1}, {@code k8s.io.api.core.v1},
 * {@code k8s.io.apimachinery.pkg.apis.meta.v1}), and a top-level message is named after its kind.
 */
final class MessageTypes {

    /** The outer classes of client-java-proto's generated files; each holds one file's descriptor. */
    private static final List<String> OUTER_CLASSES = List.of(
            "V1", "V1Apps", "V1Admission", "V1Admissionregistration", "V1Authentication", "V1Authorization",
            "V1Autoscaling", "V1Batch", "V1Certificates", "V1Networking", "V1Policy", "V1Rbac", "V1Scheduling",
            "V1Storage", "V1alpha1Imagepolicy", "V1alpha1Rbac", "V1alpha1Scheduling", "V1beta1Admission",
            "V1beta1Admissionregistration", "V1beta1Apiextensions", "V1beta1Apps", "V1beta1Authentication",
            "V1beta1Authorization", "V1beta1Batch", "V1beta1Certificates", "V1beta1Extensions", "V1beta1Policy",
            "V1beta1Rbac", "V1beta1Storage", "V1beta2Apps", "V2beta1Autoscaling", "V2beta2Autoscaling", "Meta");

    private static final Pattern VERSION = Pattern.compile("v\\d+((alpha|beta)\\d+)?");

    private static final MessageTypes INSTANCE = new MessageTypes();

    private final Map<String, Descriptor> byKey = new HashMap<>();

    private MessageTypes() {
        Set<String> seen = new HashSet<>();
        Deque<FileDescriptor> files = new ArrayDeque<>();
        for (String outer : OUTER_CLASSES) {
            FileDescriptor file = load(outer);
            if (file != null) {
                files.add(file);
            }
        }
        while (!files.isEmpty()) {
            FileDescriptor file = files.poll();
            if (!seen.add(file.getName())) {
                continue;
            }
            files.addAll(file.getDependencies());
            String[] segments = file.getPackage().split("\\.");
            if (segments.length < 2 || !VERSION.matcher(segments[segments.length - 1]).matches()) {
                continue;
            }
            String prefix = segments[segments.length - 2] + "/" + segments[segments.length - 1] + "/";
            for (Descriptor message : file.getMessageTypes()) {
                byKey.putIfAbsent(prefix + message.getName(), message);
            }
        }
    }

    static MessageTypes get() {
        return INSTANCE;
    }

    private static FileDescriptor load(String outer) {
        try {
            Class<?> type = Class.forName("io.kubernetes.client.proto." + outer, true, MessageTypes.class.getClassLoader());
            return (FileDescriptor) type.getMethod("getDescriptor").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /**
     * The message of {@code apiVersion} (e.g. {@code apps/v1}, or {@code v1} for the core group) and
     * {@code kind}, or null. The meta.k8s.io option types (DeleteOptions, ...) belong to every version.
     */
    Descriptor find(String apiVersion, String kind) {
        if (apiVersion == null || kind == null || apiVersion.isEmpty() || kind.isEmpty()) {
            return null;
        }
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "core" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        int dot = group.indexOf('.');
        String label = dot < 0 ? group : group.substring(0, dot);
        Descriptor found = byKey.get(label + "/" + version + "/" + kind);
        if (found == null && kind.endsWith("Options")) {
            found = byKey.get("meta/v1/" + kind);
        }
        return found;
    }
}
