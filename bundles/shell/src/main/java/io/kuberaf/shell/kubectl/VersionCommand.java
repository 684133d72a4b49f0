package io.kuberaf.shell.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code kubectl:version}: this shell's client version and the server's. */
@Service
@Command(scope = "kubectl", name = "version", description = "Print the client and server version information")
public class VersionCommand extends KubectlCommand {

    @Override
    protected void run() {
        Package shell = VersionCommand.class.getPackage();
        String clientVersion = shell.getImplementationVersion() == null ? "development" : shell.getImplementationVersion();
        out.println("Client Version: kuberaf-shell " + clientVersion + " (fabric8 kubernetes-client)");
        JsonNode server = api.get("/version");
        out.println("Server Version: " + server.path("gitVersion").asText());
    }
}
