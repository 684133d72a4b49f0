package io.kuberaf.shell.kubectl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a command's arguments name, the kubectl way: {@code TYPE[,TYPE...] [NAME...]} or
 * {@code TYPE/NAME...}; {@code all} expands to the "all" category. Types keep the order given;
 * an empty name list means every object of the type.
 */
public record ObjectRef(ResourceType type, List<String> names) {

    public static List<ObjectRef> parse(List<String> args, ResourceTypes types) {
        Map<ResourceType, List<String>> refs = new LinkedHashMap<>();
        if (args.stream().anyMatch(arg -> arg.contains("/"))) {
            for (String arg : args) {
                int slash = arg.indexOf('/');
                if (slash <= 0 || slash == arg.length() - 1) {
                    throw KubectlException.error("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'");
                }
                refs.computeIfAbsent(types.resolve(arg.substring(0, slash)), type -> new ArrayList<>()).add(arg.substring(slash + 1));
            }
        } else {
            List<String> names = args.subList(1, args.size());
            for (String text : args.get(0).split(",")) {
                List<ResourceType> resolved = text.equals("all") ? types.category("all") : List.of(types.resolve(text));
                for (ResourceType type : resolved) {
                    refs.computeIfAbsent(type, t -> new ArrayList<>()).addAll(names);
                }
            }
        }
        List<ObjectRef> parsed = new ArrayList<>();
        refs.forEach((type, names) -> parsed.add(new ObjectRef(type, List.copyOf(names))));
        return parsed;
    }

    /** kubectl prefixes names with their kind when the arguments ask for several kinds or "all". */
    public static boolean severalKinds(List<String> args, List<ObjectRef> refs) {
        return refs.size() > 1 || (!args.isEmpty() && args.get(0).equals("all"));
    }
}
