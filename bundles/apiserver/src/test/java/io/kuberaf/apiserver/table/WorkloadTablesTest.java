package io.kuberaf.apiserver.table;

import org.junit.jupiter.api.Test;

import static io.kuberaf.apiserver.table.TableFixtures.ago;
import static io.kuberaf.apiserver.table.TableFixtures.assertCells;
import static io.kuberaf.apiserver.table.TableFixtures.assertColumns;
import static io.kuberaf.apiserver.table.TableFixtures.column;
import static org.junit.jupiter.api.Assertions.assertEquals;

class WorkloadTablesTest {

    private static final String TEMPLATE = """
            "template":{"metadata":{"labels":{"app":"myweb"}},"spec":{"containers":[
              {"name":"myweb","image":"kubeguide/tomcat-app:v1"},{"name":"log","image":"busybox"}]}}""";

    @Test
    void replicationController() {
        ReplicationControllerTable rc = new ReplicationControllerTable();
        assertColumns(rc, "Name:0", "Desired:0", "Current:0", "Ready:0", "Age:0", "Containers:1", "Images:1", "Selector:1");
        assertEquals("integer", column(rc, "Desired").type());
        assertCells(rc, """
                {"metadata":{"name":"myweb","creationTimestamp":"%s"},
                 "spec":{"replicas":2,"selector":{"app":"myweb"},%s},
                 "status":{"replicas":2,"readyReplicas":1}}""".formatted(ago(45), TEMPLATE),
                "myweb", 2L, 2L, 1L, "45s", "myweb,log", "kubeguide/tomcat-app:v1,busybox", "app=myweb");
        // replicas defaults to 1; no status yet; no template
        assertCells(rc, "{\"metadata\":{\"name\":\"mysql\"},\"spec\":{\"selector\":{\"app\":\"mysql\"}}}",
                "mysql", 1L, 0L, 0L, "<unknown>", "", "", "app=mysql");
    }

    @Test
    void replicaSet() {
        ReplicaSetTable rs = new ReplicaSetTable();
        assertColumns(rs, "Name:0", "Desired:0", "Current:0", "Ready:0", "Age:0", "Containers:1", "Images:1", "Selector:1");
        assertCells(rs, """
                {"metadata":{"name":"nginx-5869d7778c","creationTimestamp":"%s"},
                 "spec":{"replicas":3,"selector":{"matchLabels":{"app":"nginx","pod-template-hash":"5869d7778c"}},%s},
                 "status":{"replicas":3,"readyReplicas":3}}""".formatted(ago(3600), TEMPLATE),
                "nginx-5869d7778c", 3L, 3L, 3L, "60m", "myweb,log", "kubeguide/tomcat-app:v1,busybox",
                "app=nginx,pod-template-hash=5869d7778c");
    }

    @Test
    void deployment() {
        DeploymentTable deploy = new DeploymentTable();
        assertColumns(deploy, "Name:0", "Ready:0", "Up-to-date:0", "Available:0", "Age:0", "Containers:1", "Images:1",
                "Selector:1");
        assertCells(deploy, """
                {"metadata":{"name":"nginx","creationTimestamp":"%s"},
                 "spec":{"replicas":3,"selector":{"matchLabels":{"app":"nginx"}},%s},
                 "status":{"replicas":3,"updatedReplicas":3,"readyReplicas":2,"availableReplicas":2}}"""
                        .formatted(ago(90000), TEMPLATE),
                "nginx", "2/3", 3L, 2L, "25h", "myweb,log", "kubeguide/tomcat-app:v1,busybox", "app=nginx");
        assertCells(deploy, "{\"metadata\":{\"name\":\"d\"},\"spec\":{}}", "d", "0/1", 0L, 0L, "<unknown>", "", "", "");
    }

    @Test
    void statefulSet() {
        StatefulSetTable sts = new StatefulSetTable();
        assertColumns(sts, "Name:0", "Ready:0", "Age:0", "Containers:1", "Images:1");
        assertCells(sts, """
                {"metadata":{"name":"web","creationTimestamp":"%s"},"spec":{"replicas":2,%s},
                 "status":{"replicas":2,"readyReplicas":1}}""".formatted(ago(30), TEMPLATE),
                "web", "1/2", "30s", "myweb,log", "kubeguide/tomcat-app:v1,busybox");
    }

    @Test
    void daemonSet() {
        DaemonSetTable ds = new DaemonSetTable();
        assertColumns(ds, "Name:0", "Desired:0", "Current:0", "Ready:0", "Up-to-date:0", "Available:0", "Node Selector:0",
                "Age:0", "Containers:1", "Images:1", "Selector:1");
        assertCells(ds, """
                {"metadata":{"name":"fluentd","creationTimestamp":"%s"},
                 "spec":{"selector":{"matchLabels":{"name":"fluentd"}},
                   "template":{"spec":{"nodeSelector":{"kubernetes.io/os":"linux"},"containers":[{"name":"f","image":"fluentd:v2"}]}}},
                 "status":{"desiredNumberScheduled":3,"currentNumberScheduled":3,"numberReady":2,"updatedNumberScheduled":3,
                   "numberAvailable":2}}""".formatted(ago(400)),
                "fluentd", 3L, 3L, 2L, 3L, 2L, "kubernetes.io/os=linux", "6m40s", "f", "fluentd:v2", "name=fluentd");
        assertCells(ds, "{\"metadata\":{\"name\":\"x\"},\"spec\":{\"template\":{\"spec\":{}}}}",
                "x", 0L, 0L, 0L, 0L, 0L, "<none>", "<unknown>", "", "", "<none>");
    }

    @Test
    void controllerRevision() {
        ControllerRevisionTable cr = new ControllerRevisionTable();
        assertColumns(cr, "Name:0", "Controller:0", "Revision:0", "Age:0");
        assertCells(cr, """
                {"metadata":{"name":"web-7d4b9c","creationTimestamp":"%s","ownerReferences":[
                  {"apiVersion":"apps/v1","kind":"StatefulSet","name":"web","uid":"u","controller":true}]},
                 "revision":2}""".formatted(ago(5)),
                "web-7d4b9c", "statefulset.apps/web", 2L, "5s");
        assertCells(cr, """
                {"metadata":{"name":"r","ownerReferences":[{"apiVersion":"v1","kind":"Pod","name":"p","controller":true}]},
                 "revision":1}""", "r", "pod/p", 1L, "<unknown>");
        assertCells(cr, "{\"metadata\":{\"name\":\"orphan\"},\"revision\":3}", "orphan", "<none>", 3L, "<unknown>");
    }

    @Test
    void job() {
        JobTable job = new JobTable();
        assertColumns(job, "Name:0", "Status:0", "Completions:0", "Duration:0", "Age:0", "Containers:1", "Images:1",
                "Selector:1");
        assertCells(job, """
                {"metadata":{"name":"pi","creationTimestamp":"%s"},
                 "spec":{"completions":1,"parallelism":1,"selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"abc"}},
                   "template":{"spec":{"containers":[{"name":"pi","image":"perl:5.34"}]}}},
                 "status":{"succeeded":1,"startTime":"%s","completionTime":"%s",
                   "conditions":[{"type":"SuccessCriteriaMet","status":"True"},{"type":"Complete","status":"True"}]}}"""
                        .formatted(ago(300), ago(300), ago(261)),
                "pi", "Complete", "1/1", "39s", "5m", "pi", "perl:5.34", "batch.kubernetes.io/controller-uid=abc");
        assertCells(job, """
                {"metadata":{"name":"work"},"spec":{"parallelism":3,"template":{"spec":{"containers":[]}}},
                 "status":{"active":3,"startTime":"%s"}}""".formatted(ago(130)),
                "work", "Running", "0/1 of 3", "2m10s", "<unknown>", "", "", "<none>");
        assertCells(job, """
                {"metadata":{"name":"f"},"spec":{"completions":3,"template":{"spec":{}}},
                 "status":{"succeeded":1,"conditions":[{"type":"Failed","status":"True"}]}}""",
                "f", "Failed", "1/3", "", "<unknown>", "", "", "<none>");
        assertCells(job, """
                {"metadata":{"name":"s"},"spec":{"suspend":true,"template":{"spec":{}}},
                 "status":{"conditions":[{"type":"Suspended","status":"True"}]}}""",
                "s", "Suspended", "0/1", "", "<unknown>", "", "", "<none>");
    }

    @Test
    void cronJob() {
        CronJobTable cj = new CronJobTable();
        assertColumns(cj, "Name:0", "Schedule:0", "Timezone:0", "Suspend:0", "Active:0", "Last Schedule:0", "Age:0",
                "Containers:1", "Images:1", "Selector:1");
        assertEquals("boolean", column(cj, "Suspend").type());
        assertCells(cj, """
                {"metadata":{"name":"hello","creationTimestamp":"%s"},
                 "spec":{"schedule":"*/1 * * * *","suspend":false,"jobTemplate":{"spec":{"template":{"spec":{
                   "containers":[{"name":"hello","image":"busybox:1.28"}]}}}}},
                 "status":{"active":[{"name":"hello-1"}],"lastScheduleTime":"%s"}}""".formatted(ago(600), ago(20)),
                "hello", "*/1 * * * *", "<none>", "False", 1L, "20s", "10m", "hello", "busybox:1.28", "<none>");
        assertCells(cj, """
                {"metadata":{"name":"n"},"spec":{"schedule":"@daily","timeZone":"Etc/UTC","suspend":true}}""",
                "n", "@daily", "Etc/UTC", "True", 0L, "<none>", "<unknown>", "", "", "<none>");
    }
}
