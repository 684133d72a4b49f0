package io.kuberaf.apiserver.table;

import org.junit.jupiter.api.Test;

import static io.kuberaf.apiserver.table.TableFixtures.ago;
import static io.kuberaf.apiserver.table.TableFixtures.assertCells;
import static io.kuberaf.apiserver.table.TableFixtures.assertColumns;
import static io.kuberaf.apiserver.table.TableFixtures.column;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CoreTablesTest {

    @Test
    void service() {
        ServiceTable svc = new ServiceTable();
        assertColumns(svc, "Name:0", "Type:0", "Cluster-IP:0", "External-IP:0", "Port(s):0", "Age:0", "Selector:1");
        assertCells(svc, """
                {"metadata":{"name":"myweb","creationTimestamp":"%s"},
                 "spec":{"type":"NodePort","clusterIP":"10.96.0.12","clusterIPs":["10.96.0.12"],
                   "ports":[{"port":8080,"targetPort":8080,"nodePort":30001,"protocol":"TCP"}],"selector":{"app":"myweb"}}}"""
                        .formatted(ago(8)),
                "myweb", "NodePort", "10.96.0.12", "<none>", "8080:30001/TCP", "8s", "app=myweb");
        // as the seed's mysql-svc.yaml is stored before defaulting: type ClusterIP, protocol TCP, no cluster IP yet
        assertCells(svc, """
                {"metadata":{"name":"mysql","creationTimestamp":"%s"},
                 "spec":{"ports":[{"port":3306}],"selector":{"app":"mysql"}}}""".formatted(ago(8)),
                "mysql", "ClusterIP", "<none>", "<none>", "3306/TCP", "8s", "app=mysql");
        assertCells(svc, """
                {"metadata":{"name":"dns"},"spec":{"type":"ClusterIP","clusterIP":"None","externalIPs":["1.2.3.4","5.6.7.8"],
                   "ports":[{"name":"dns","port":53,"protocol":"UDP"},{"name":"dns-tcp","port":53,"protocol":"TCP"}]}}""",
                "dns", "ClusterIP", "None", "1.2.3.4,5.6.7.8", "53/UDP,53/TCP", "<unknown>", "<none>");
    }

    @Test
    void loadBalancerAndExternalNameServices() {
        ServiceTable svc = new ServiceTable();
        assertCells(svc, """
                {"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","clusterIPs":["10.0.0.1"],
                   "ports":[{"port":80,"nodePort":31000,"protocol":"TCP"}]}}""",
                "lb", "LoadBalancer", "10.0.0.1", "<pending>", "80:31000/TCP", "<unknown>", "<none>");
        assertCells(svc, """
                {"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","clusterIPs":["10.0.0.1"],"externalIPs":["9.9.9.9"],
                   "ports":[]},
                 "status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.20"},{"hostname":"a-very-long-load-balancer.example.com"}]}}}""",
                "lb", "LoadBalancer", "10.0.0.1", "203.0.113.20,a-very-long-load-balancer.example.com,9.9.9.9", "<none>",
                "<unknown>", "<none>");
        assertCells(svc, """
                {"metadata":{"name":"ext"},"spec":{"type":"ExternalName","externalName":"db.example.com"}}""",
                "ext", "ExternalName", "<none>", "db.example.com", "<none>", "<unknown>", "<none>");
    }

    @Test
    void endpoints() {
        EndpointsTable ep = new EndpointsTable();
        assertColumns(ep, "Name:0", "Endpoints:0", "Age:0");
        assertCells(ep, """
                {"metadata":{"name":"myweb","creationTimestamp":"%s"},
                 "subsets":[{"addresses":[{"ip":"10.1.0.7"},{"ip":"10.1.0.8"}],"ports":[{"port":8080,"protocol":"TCP"}]}]}"""
                        .formatted(ago(3)),
                "myweb", "10.1.0.7:8080,10.1.0.8:8080", "3s");
        assertCells(ep, """
                {"metadata":{"name":"many"},
                 "subsets":[{"addresses":[{"ip":"10.1.0.1"},{"ip":"10.1.0.2"},{"ip":"fd00::3"}],
                   "ports":[{"name":"http","port":80},{"name":"https","port":443}]}]}""",
                "many", "10.1.0.1:80,10.1.0.2:80,[fd00::3]:80 + 3 more...", "<unknown>");
        assertCells(ep, "{\"metadata\":{\"name\":\"none\"}}", "none", "<none>", "<unknown>");
        assertCells(ep, "{\"metadata\":{\"name\":\"headless\"},\"subsets\":[{\"addresses\":[{\"ip\":\"10.1.0.9\"}]}]}",
                "headless", "10.1.0.9", "<unknown>");
    }

    @Test
    void endpointSlice() {
        EndpointSliceTable slice = new EndpointSliceTable();
        assertColumns(slice, "Name:0", "AddressType:0", "Ports:0", "Endpoints:0", "Age:0");
        assertCells(slice, """
                {"metadata":{"name":"myweb-abcde","creationTimestamp":"%s"},"addressType":"IPv4",
                 "ports":[{"name":"","port":8080,"protocol":"TCP"}],
                 "endpoints":[{"addresses":["10.1.0.7"]},{"addresses":["10.1.0.8"]},{"addresses":["10.1.0.9"]},
                   {"addresses":["10.1.0.10"]}]}""".formatted(ago(50)),
                "myweb-abcde", "IPv4", "8080", "10.1.0.7,10.1.0.8,10.1.0.9 + 1 more...", "50s");
        assertCells(slice, "{\"metadata\":{\"name\":\"e\"},\"addressType\":\"IPv6\",\"ports\":[{}]}",
                "e", "IPv6", "*", "<unset>", "<unknown>");
        assertCells(slice, "{\"metadata\":{\"name\":\"e\"},\"addressType\":\"FQDN\"}",
                "e", "FQDN", "<unset>", "<unset>", "<unknown>");
    }

    @Test
    void node() {
        NodeTable node = new NodeTable();
        assertColumns(node, "Name:0", "Status:0", "Roles:0", "Age:0", "Version:0", "Internal-IP:1", "External-IP:1",
                "OS-Image:1", "Kernel-Version:1", "Container-Runtime:1");
        assertCells(node, """
                {"metadata":{"name":"node-1","creationTimestamp":"%s","labels":{
                   "node-role.kubernetes.io/control-plane":"","node-role.kubernetes.io/worker":"","kubernetes.io/role":"edge"}},
                 "spec":{"unschedulable":true},
                 "status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True"}],
                   "addresses":[{"type":"Hostname","address":"node-1"},{"type":"InternalIP","address":"192.168.1.10"}],
                   "nodeInfo":{"kubeletVersion":"v1.32.4","osImage":"Ubuntu 24.04 LTS","kernelVersion":"6.8.0-45-generic",
                     "containerRuntimeVersion":"containerd://1.7.22"}}}""".formatted(ago(200000)),
                "node-1", "Ready,SchedulingDisabled", "control-plane,edge,worker", "2d7h", "v1.32.4", "192.168.1.10",
                "<none>", "Ubuntu 24.04 LTS", "6.8.0-45-generic", "containerd://1.7.22");
        assertCells(node, """
                {"metadata":{"name":"n2"},"status":{"conditions":[{"type":"Ready","status":"Unknown"}]}}""",
                "n2", "NotReady", "<none>", "<unknown>", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>");
        assertCells(node, "{\"metadata\":{\"name\":\"n3\"}}",
                "n3", "Unknown", "<none>", "<unknown>", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>");
    }

    @Test
    void namespace() {
        NamespaceTable ns = new NamespaceTable();
        assertColumns(ns, "Name:0", "Status:0", "Age:0");
        assertCells(ns, "{\"metadata\":{\"name\":\"default\",\"creationTimestamp\":\"%s\"},\"status\":{\"phase\":\"Active\"}}"
                .formatted(ago(86400 * 3)), "default", "Active", "3d");
        assertCells(ns, "{\"metadata\":{\"name\":\"old\"},\"status\":{\"phase\":\"Terminating\"}}", "old", "Terminating",
                "<unknown>");
        assertCells(ns, "{\"metadata\":{\"name\":\"new\"}}", "new", "Active", "<unknown>");
    }

    @Test
    void v1Event() {
        EventTable ev = EventTable.V1;
        assertColumns(ev, "Last Seen:0", "Type:0", "Reason:0", "Object:0", "Subobject:1", "Source:1", "Message:0",
                "First Seen:1", "Count:1", "Name:1");
        assertEquals("name", column(ev, "Name").format());
        assertCells(ev, """
                {"metadata":{"name":"mysql-x7k2p.17f3a","namespace":"default"},
                 "involvedObject":{"kind":"Pod","namespace":"default","name":"mysql-x7k2p","fieldPath":"spec.containers{mysql}"},
                 "reason":"Pulling","message":"Pulling image \\"mysql:5.6\\"\\n","type":"Normal",
                 "source":{"component":"kubelet","host":"node-1"},
                 "firstTimestamp":"%s","lastTimestamp":"%s","count":3}""".formatted(ago(300), ago(40)),
                "40s", "Normal", "Pulling", "pod/mysql-x7k2p", "spec.containers{mysql}", "kubelet, node-1",
                "Pulling image \"mysql:5.6\"", "5m", 3L, "mysql-x7k2p.17f3a");
        // a new-style event: eventTime only, reporting controller, no count
        assertCells(ev, """
                {"metadata":{"name":"e2"},"involvedObject":{"kind":"Node"},"reason":"Starting","type":"Normal",
                 "eventTime":"%s","reportingComponent":"kube-proxy","reportingController":"kube-proxy","reportingInstance":"kube-proxy-node-1"}"""
                        .formatted(ago(7)),
                "7s", "Normal", "Starting", "node", "", "kube-proxy, kube-proxy-node-1", "", "7s", 1L, "e2");
    }

    @Test
    void eventsV1Event() {
        EventTable ev = EventTable.EVENTS_V1;
        assertColumns(ev, "Last Seen:0", "Type:0", "Reason:0", "Object:0", "Subobject:1", "Source:1", "Message:0",
                "First Seen:1", "Count:1", "Name:1");
        assertCells(ev, """
                {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"web.1"},
                 "eventTime":"%s","series":{"count":4,"lastObservedTime":"%s"},
                 "reportingController":"kubelet","reportingInstance":"node-1","action":"Pulling","reason":"BackOff",
                 "regarding":{"kind":"Pod","name":"web","fieldPath":"spec.containers{web}"},"note":"Back-off restarting",
                 "type":"Warning"}""".formatted(ago(900), ago(12)),
                "12s", "Warning", "BackOff", "pod/web", "spec.containers{web}", "kubelet, node-1", "Back-off restarting",
                "15m", 4L, "web.1");
        assertCells(ev, """
                {"metadata":{"name":"old"},"eventTime":null,"reason":"Scheduled","type":"Normal",
                 "regarding":{"kind":"Pod","name":"p"},"note":"ok","deprecatedSource":{"component":"default-scheduler"},
                 "deprecatedFirstTimestamp":"%s","deprecatedLastTimestamp":"%s","deprecatedCount":2}"""
                        .formatted(ago(100), ago(10)),
                "10s", "Normal", "Scheduled", "pod/p", "", "default-scheduler", "ok", "100s", 2L, "old");
    }

    @Test
    void configMapSecretServiceAccount() {
        assertColumns(CountTables.CONFIG_MAP, "Name:0", "Data:0", "Age:0");
        assertCells(CountTables.CONFIG_MAP, """
                {"metadata":{"name":"kube-root-ca.crt","creationTimestamp":"%s"},"data":{"ca.crt":"x","b":"y"},
                 "binaryData":{"c":"AA=="}}""".formatted(ago(1)), "kube-root-ca.crt", 3L, "1s");
        assertCells(CountTables.CONFIG_MAP, "{\"metadata\":{\"name\":\"e\"}}", "e", 0L, "<unknown>");

        assertColumns(CountTables.SECRET, "Name:0", "Type:0", "Data:0", "Age:0");
        assertCells(CountTables.SECRET, """
                {"metadata":{"name":"tls"},"type":"kubernetes.io/tls","data":{"tls.crt":"eA==","tls.key":"eA=="}}""",
                "tls", "kubernetes.io/tls", 2L, "<unknown>");
        assertCells(CountTables.SECRET, """
                {"metadata":{"name":"s"},"data":{"a":"eA=="},"stringData":{"a":"x","b":"y"}}""", "s", "Opaque", 2L, "<unknown>");

        assertColumns(CountTables.SERVICE_ACCOUNT, "Name:0", "Secrets:0", "Age:0");
        assertCells(CountTables.SERVICE_ACCOUNT, "{\"metadata\":{\"name\":\"default\"}}", "default", 0L, "<unknown>");
        assertCells(CountTables.SERVICE_ACCOUNT, "{\"metadata\":{\"name\":\"ci\"},\"secrets\":[{\"name\":\"ci-token\"}]}",
                "ci", 1L, "<unknown>");
    }

    @Test
    void persistentVolume() {
        TableConvertor pv = VolumeTables.PERSISTENT_VOLUME;
        assertColumns(pv, "Name:0", "Capacity:0", "Access Modes:0", "Reclaim Policy:0", "Status:0", "Claim:0",
                "StorageClass:0", "VolumeAttributesClass:0", "Reason:0", "Age:0", "VolumeMode:1");
        assertCells(pv, """
                {"metadata":{"name":"pv0001","creationTimestamp":"%s"},
                 "spec":{"capacity":{"storage":"5Gi"},"accessModes":["ReadWriteMany","ReadWriteOnce"],
                   "persistentVolumeReclaimPolicy":"Retain","storageClassName":"slow","volumeMode":"Filesystem",
                   "claimRef":{"namespace":"default","name":"data"}},
                 "status":{"phase":"Bound"}}""".formatted(ago(70)),
                "pv0001", "5Gi", "RWO,RWX", "Retain", "Bound", "default/data", "slow", "<unset>", "", "70s", "Filesystem");
        assertCells(pv, """
                {"metadata":{"name":"pv2","deletionTimestamp":"%s","annotations":{"volume.beta.kubernetes.io/storage-class":"gold"}},
                 "spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOncePod","ReadOnlyMany"],"storageClassName":"slow",
                   "persistentVolumeReclaimPolicy":"Delete"},
                 "status":{"phase":"Released","reason":"x"}}""".formatted(ago(1)),
                "pv2", "1Gi", "ROX,RWOP", "Delete", "Terminating", "", "gold", "<unset>", "x", "<unknown>", "<unset>");
    }

    @Test
    void persistentVolumeClaim() {
        TableConvertor pvc = VolumeTables.PERSISTENT_VOLUME_CLAIM;
        assertColumns(pvc, "Name:0", "Status:0", "Volume:0", "Capacity:0", "Access Modes:0", "StorageClass:0",
                "VolumeAttributesClass:0", "Age:0", "VolumeMode:1");
        assertCells(pvc, """
                {"metadata":{"name":"data","creationTimestamp":"%s"},
                 "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"3Gi"}},"volumeName":"pv0001",
                   "storageClassName":"slow","volumeMode":"Filesystem"},
                 "status":{"phase":"Bound","accessModes":["ReadWriteOnce","ReadWriteMany"],"capacity":{"storage":"5Gi"}}}"""
                        .formatted(ago(20)),
                "data", "Bound", "pv0001", "5Gi", "RWO,RWX", "slow", "<unset>", "20s", "Filesystem");
        assertCells(pvc, """
                {"metadata":{"name":"pending"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"3Gi"}}},
                 "status":{"phase":"Pending"}}""",
                "pending", "Pending", "", "", "", "", "<unset>", "<unknown>", "<unset>");
    }

    @Test
    void resourceQuota() {
        ResourceQuotaTable quota = new ResourceQuotaTable();
        assertColumns(quota, "Name:0", "Request:0", "Limit:0", "Age:0");
        assertCells(quota, """
                {"metadata":{"name":"compute","creationTimestamp":"%s"},
                 "spec":{"hard":{"pods":"10","requests.cpu":"2","limits.memory":"2Gi","limits.cpu":"4"}},
                 "status":{"hard":{"pods":"10","requests.cpu":"2","limits.memory":"2Gi","limits.cpu":"4"},
                   "used":{"pods":"1","requests.cpu":"500m","limits.cpu":"1"}}}""".formatted(ago(15)),
                "compute", "pods: 1/10, requests.cpu: 500m/2", "limits.cpu: 1/4, limits.memory: 0/2Gi", "15s");
        assertCells(quota, "{\"metadata\":{\"name\":\"new\"},\"spec\":{\"hard\":{\"pods\":\"1\"}}}", "new", "", "", "<unknown>");
    }

    @Test
    void lease() {
        LeaseTable lease = new LeaseTable();
        assertColumns(lease, "Name:0", "Holder:0", "Age:0");
        assertCells(lease, """
                {"metadata":{"name":"kube-scheduler","creationTimestamp":"%s"},
                 "spec":{"holderIdentity":"node-1_4f2a","leaseDurationSeconds":15}}""".formatted(ago(3600 * 30)),
                "kube-scheduler", "node-1_4f2a", "30h");
        assertCells(lease, "{\"metadata\":{\"name\":\"free\"},\"spec\":{}}", "free", "", "<unknown>");
    }

    @Test
    void roleBindings() {
        RoleBindingTable rb = RoleBindingTable.ROLE_BINDING;
        assertColumns(rb, "Name:0", "Role:0", "Age:0", "Users:1", "Groups:1", "ServiceAccounts:1");
        assertEquals("Users in the roleBinding", column(rb, "Users").description());
        assertCells(rb, """
                {"metadata":{"name":"read-pods","namespace":"default","creationTimestamp":"%s"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"pod-reader"},
                 "subjects":[{"kind":"User","name":"jane"},{"kind":"User","name":"joe"},{"kind":"Group","name":"devs"},
                   {"kind":"ServiceAccount","name":"ci","namespace":"build"}]}""".formatted(ago(4)),
                "read-pods", "Role/pod-reader", "4s", "jane, joe", "devs", "build/ci");
        RoleBindingTable crb = RoleBindingTable.CLUSTER_ROLE_BINDING;
        assertEquals("Groups in the clusterRoleBinding", column(crb, "Groups").description());
        assertCells(crb, """
                {"metadata":{"name":"cluster-admin"},"roleRef":{"kind":"ClusterRole","name":"cluster-admin"},
                 "subjects":[{"kind":"Group","name":"system:masters"}]}""",
                "cluster-admin", "ClusterRole/cluster-admin", "<unknown>", "", "system:masters", "");
    }

    @Test
    void kindsWithoutPrinterShowCreatedAt() {
        Tables tables = BuiltinTables.create();
        for (String[] kind : new String[][]{{"v1", "LimitRange"}, {"rbac.authorization.k8s.io/v1", "Role"},
                {"rbac.authorization.k8s.io/v1", "ClusterRole"}}) {
            TableConvertor convertor = tables.convertor(kind[0], kind[1]);
            assertColumns(convertor, "Name:0", "Created At:0");
            assertEquals("date", column(convertor, "Created At").type());
            assertCells(convertor, "{\"metadata\":{\"name\":\"r\",\"creationTimestamp\":\"2025-06-01T11:00:00Z\"}}",
                    "r", "2025-06-01T11:00:00Z");
        }
    }
}
