package io.kuberaf.shell;

import io.kuberaf.api.runtime.ContainerRuntime;
import io.kuberaf.api.runtime.ImageInfo;
import io.kuberaf.shell.kubectl.print.TabWriter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The images of this machine's container runtimes, by runtime name: listing and importing archives. */
final class NodeImages {

    private final Map<String, ContainerRuntime> runtimes;

    NodeImages(Map<String, ContainerRuntime> runtimes) {
        this.runtimes = new TreeMap<>(runtimes);
    }

    /** One line per tag, like {@code crictl images}, with the runtime in front. */
    String list(String runtimeName) {
        TabWriter table = TabWriter.forTables();
        table.write("RUNTIME\tIMAGE\tTAG\tIMAGE ID\tSIZE\n");
        for (String name : selected(runtimeName)) {
            for (ImageInfo image : runtimes.get(name).listImages()) {
                for (String reference : image.repoTags().isEmpty() ? List.of("<none>:<none>") : image.repoTags()) {
                    int colon = reference.lastIndexOf(':');
                    boolean tagged = colon > reference.lastIndexOf('/');
                    table.write(String.join("\t", name, tagged ? reference.substring(0, colon) : reference,
                            tagged ? reference.substring(colon + 1) : "<none>", shortId(image.id()), size(image.sizeBytes())) + "\n");
                }
            }
        }
        return table.flush();
    }

    /** Loads {@code archive} into one runtime; returns "Loaded image: ..." lines as {@code docker load} prints them. */
    String importArchive(Path archive, String runtimeName) {
        if (!Files.isRegularFile(archive)) {
            throw new IllegalArgumentException("the path \"" + archive + "\" does not exist or is not a file");
        }
        String name = target(runtimeName);
        List<ImageInfo> loaded;
        try (InputStream in = Files.newInputStream(archive)) {
            loaded = runtimes.get(name).importImages(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read \"" + archive + "\": " + e.getMessage(), e);
        }
        StringBuilder out = new StringBuilder();
        for (ImageInfo image : loaded) {
            for (String tag : image.repoTags()) {
                out.append("Loaded image: ").append(tag).append(" (").append(shortId(image.id())).append(") into runtime ")
                        .append(name).append('\n');
            }
        }
        return out.toString();
    }

    private List<String> selected(String runtimeName) {
        if (runtimeName == null) {
            return new ArrayList<>(runtimes.keySet());
        }
        return List.of(known(runtimeName));
    }

    /** The runtime named, or the only real one (hollow nodes' "simulated" runtime aside). */
    private String target(String runtimeName) {
        if (runtimeName != null) {
            return known(runtimeName);
        }
        List<String> real = runtimes.keySet().stream().filter(n -> !n.equals("simulated")).toList();
        if (real.size() == 1) {
            return real.get(0);
        }
        if (real.isEmpty() && runtimes.size() == 1) {
            return runtimes.keySet().iterator().next();
        }
        throw new IllegalArgumentException(runtimes.isEmpty() ? noRuntime()
                : "several container runtimes run here (" + String.join(", ", runtimes.keySet()) + "): choose one with --runtime");
    }

    private String known(String runtimeName) {
        if (!runtimes.containsKey(runtimeName)) {
            throw new IllegalArgumentException(runtimes.isEmpty() ? noRuntime()
                    : "no container runtime named \"" + runtimeName + "\" here (there is " + String.join(", ", runtimes.keySet()) + ")");
        }
        return runtimeName;
    }

    private static String noRuntime() {
        return "no container runtime runs in this Kuberaf (feature:install kuberaf-node)";
    }

    private static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 13 ? hex.substring(0, 13) : hex;
    }

    /** Sizes as crictl prints them: 1.98MB. */
    static String size(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + "B" : String.format(java.util.Locale.ROOT, "%.3g%s", value, units[unit]);
    }
}
