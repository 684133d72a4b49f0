package io.kuberaf.apiserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The kubeconfig that points kubectl and fabric8 at this apiserver. */
final class Kubeconfig {

    private Kubeconfig() {
    }

    static String render(String serverUrl) {
        return "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: kuberaf\n"
                + "  cluster:\n"
                + "    server: " + serverUrl + "\n"
                + "users:\n"
                + "- name: kuberaf-admin\n"
                + "  user: {}\n"
                + "contexts:\n"
                + "- name: kuberaf\n"
                + "  context:\n"
                + "    cluster: kuberaf\n"
                + "    user: kuberaf-admin\n"
                + "    namespace: default\n"
                + "current-context: kuberaf\n";
    }

    /** Writes atomically so a reader never sees half a file. */
    static void write(Path path, String serverUrl) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(temp, render(serverUrl));
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
