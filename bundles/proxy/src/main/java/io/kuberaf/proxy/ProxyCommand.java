package io.kuberaf.proxy;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code kuberaf:proxy}: the service ports this node's proxy programs, their endpoints and rules count. */
@Service
@Command(scope = "kuberaf", name = "proxy", description = "Shows each service port the proxy programs: cluster IP, node port, endpoints, iptables rules")
public class ProxyCommand implements Action {

    @Reference
    ProxyComponent proxy;

    @Override
    public Object execute() {
        System.out.print(proxy.describe());
        return null;
    }
}
