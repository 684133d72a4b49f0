package io.kuberaf.shell;

import io.kuberaf.api.store.ResourceStore;
import io.kuberaf.api.store.StoreStatus;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.io.PrintStream;

/** {@code kuberaf:store}: what the cluster store holds and where. */
@Service
@Command(scope = "kuberaf", name = "store", description = "Shows the cluster store: members, revisions, keys, persistence and size")
public class StoreCommand implements Action {

    @Reference
    ResourceStore store;

    @Override
    public Object execute() {
        print(store.status(), System.out);
        return null;
    }

    static void print(StoreStatus status, PrintStream out) {
        out.printf("Store:              %s%n", status.implementation());
        out.printf("Members:            %d%n", status.members().size());
        for (String member : status.members()) {
            out.printf("  %s%n", member);
        }
        out.printf("Revision:           %d%n", status.revision());
        out.printf("Compacted revision: %d%n", status.compactedRevision());
        out.printf("Keys:               %d%n", status.keys());
        out.printf("Persistence:        %s%n", status.persistence());
        out.printf("Data size:          %s%n", humanBytes(status.dataSizeBytes()));
    }

    static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String units = "KMGTPE";
        int exponent = (int) (Math.log(bytes) / Math.log(1024));
        return String.format("%.1f %siB", bytes / Math.pow(1024, exponent), units.charAt(exponent - 1));
    }
}
