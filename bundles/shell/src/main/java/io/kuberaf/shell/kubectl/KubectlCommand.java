package io.kuberaf.shell.kubectl;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kuberaf.shell.kubectl.completers.NamespaceCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;

import java.io.PrintStream;

/**
 * What every {@code kubectl:} command shares: the fabric8 client (the OSGi service of
 * bundles/client, so the shell can also drive a remote Kuberaf or any Kubernetes), the namespace
 * option, output streams, discovery, and kubectl's way of failing: one line on the error stream
 * ({@code error: ...} or {@code Error from server (Reason): ...}), never a stack trace.
 */
public abstract class KubectlCommand implements Action {

    @Reference
    protected KubernetesClient client;

    @Reference(optional = true)
    private Session session;

    @Option(name = "-n", aliases = "--namespace", description = "The namespace (default: the client's, else default)")
    @Completion(NamespaceCompleter.class)
    protected String namespace;

    protected PrintStream out;
    protected PrintStream err;
    protected Api api;
    private ResourceTypes types;

    @Override
    public Object execute() {
        if (out == null) {
            out = System.out;
        }
        if (err == null) {
            // Through bin/client "command" (an SSH exec channel) Karaf drops what goes to the error
            // stream: errors go to the session's console, where Karaf prints its own.
            err = session != null ? session.getConsole() : System.err;
        }
        api = new Api(client);
        try {
            TrailingOptions.apply(this);
            run();
        } catch (KubectlException e) {
            err.println(e.getMessage());
        } catch (KubernetesClientException e) {
            err.println(message(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            err.println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        out.flush();
        err.flush();
        return null;
    }

    /** The command's work; throw {@link KubectlException} to fail with kubectl's message. */
    protected abstract void run() throws Exception;

    /** Directs output elsewhere than the session's streams (tests, embedding). */
    public KubectlCommand withStreams(KubernetesClient client, PrintStream out, PrintStream err) {
        this.client = client;
        this.out = out;
        this.err = err;
        return this;
    }

    protected String namespace() {
        if (namespace != null && !namespace.isEmpty()) {
            return namespace;
        }
        String configured = client.getNamespace();
        return configured == null || configured.isEmpty() ? "default" : configured;
    }

    protected ResourceTypes types() {
        if (types == null) {
            types = ResourceTypes.discover(api);
        }
        return types;
    }

    /** A fabric8 failure in kubectl's words. */
    static String message(KubernetesClientException e) {
        Status status = e.getStatus();
        if (status != null && status.getMessage() != null) {
            String reason = status.getReason() == null ? "" : status.getReason();
            return reason.isEmpty() ? "Error from server: " + status.getMessage()
                    : "Error from server (" + reason + "): " + status.getMessage();
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return "error: " + (cause.getMessage() == null ? e.getMessage() : cause.getMessage());
    }
}
