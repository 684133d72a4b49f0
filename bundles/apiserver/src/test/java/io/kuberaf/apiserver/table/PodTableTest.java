package io.kuberaf.apiserver.table;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kuberaf.apiserver.table.TableFixtures.NOW;
import static io.kuberaf.apiserver.table.TableFixtures.ago;
import static io.kuberaf.apiserver.table.TableFixtures.assertColumns;
import static io.kuberaf.apiserver.table.TableFixtures.column;
import static io.kuberaf.apiserver.table.TableFixtures.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PodTableTest {

    private final PodTable pods = new PodTable();

    private List<Object> cells(String json) {
        return pods.cells(object(json), NOW);
    }

    /** NAME READY STATUS RESTARTS AGE only. */
    private List<Object> narrow(String json) {
        return cells(json).subList(0, 5);
    }

    @Test
    void columns() {
        assertColumns(pods, "Name:0", "Ready:0", "Status:0", "Restarts:0", "Age:0", "IP:1", "Node:1", "Nominated Node:1",
                "Readiness Gates:1");
        assertEquals("name", column(pods, "Name").format());
        assertEquals("string", column(pods, "Restarts").type());
    }

    @Test
    void pending() {
        assertEquals(List.of("mysql-x7k2p", "0/1", "Pending", "0", "5s", "<none>", "<none>", "<none>", "<none>"), cells("""
                {"metadata":{"name":"mysql-x7k2p","creationTimestamp":"%s"},
                 "spec":{"containers":[{"name":"mysql","image":"mysql:5.6"}]},
                 "status":{"phase":"Pending"}}""".formatted(ago(5))));
    }

    @Test
    void pendingWithoutStatus() {
        assertEquals(List.of("p", "0/2", "", "0", "10s"), narrow("""
                {"metadata":{"name":"p","creationTimestamp":"%s"},
                 "spec":{"containers":[{"name":"a"},{"name":"b"}]}}""".formatted(ago(10))));
    }

    @Test
    void containerCreating() {
        assertEquals(List.of("p", "0/1", "ContainerCreating", "0", "20s"), narrow("""
                {"metadata":{"name":"p","creationTimestamp":"%s"},
                 "spec":{"containers":[{"name":"a"}],"nodeName":"node-1"},
                 "status":{"phase":"Pending","containerStatuses":[
                   {"name":"a","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ContainerCreating"}}}]}}"""
                .formatted(ago(20))));
    }

    @Test
    void runningWide() {
        assertEquals(List.of("myweb-1", "1/1", "Running", "0", "3m20s", "10.1.0.7", "node-1", "<none>", "<none>"), cells("""
                {"metadata":{"name":"myweb-1","creationTimestamp":"%s"},
                 "spec":{"containers":[{"name":"myweb"}],"nodeName":"node-1"},
                 "status":{"phase":"Running","podIP":"10.1.0.7","podIPs":[{"ip":"10.1.0.7"}],
                   "conditions":[{"type":"Ready","status":"True"}],
                   "containerStatuses":[{"name":"myweb","ready":true,"restartCount":0,
                     "state":{"running":{"startedAt":"%s"}}}]}}""".formatted(ago(200), ago(190))));
    }

    @Test
    void podIpFallsBackToStatusPodIp() {
        assertEquals("10.1.0.8", cells("""
                {"metadata":{"name":"p"},"spec":{"containers":[]},"status":{"podIP":"10.1.0.8"}}""").get(5));
    }

    @Test
    void crashLoopBackOffWithRestarts() {
        assertEquals(List.of("web", "0/1", "CrashLoopBackOff", "5 (2m5s ago)", "10m"), narrow("""
                {"metadata":{"name":"web","creationTimestamp":"%s"},
                 "spec":{"containers":[{"name":"web"}]},
                 "status":{"phase":"Running","containerStatuses":[{"name":"web","ready":false,"restartCount":5,
                   "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 2m40s"}},
                   "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"%s"}}}]}}"""
                .formatted(ago(600), ago(125))));
    }

    @Test
    void restartsWithoutTerminationTimeHaveNoSuffix() {
        assertEquals("3", narrow("""
                {"metadata":{"name":"web"},"spec":{"containers":[{"name":"web"}]},
                 "status":{"phase":"Running","containerStatuses":[{"name":"web","ready":true,"restartCount":3,
                   "state":{"running":{}}}]}}""").get(3));
    }

    @Test
    void completed() {
        assertEquals(List.of("job-abc", "0/1", "Completed", "0", "5h"), narrow("""
                {"metadata":{"name":"job-abc","creationTimestamp":"%s"},
                 "spec":{"containers":[{"name":"main"}]},
                 "status":{"phase":"Succeeded","containerStatuses":[{"name":"main","ready":false,"restartCount":0,
                   "state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}}""".formatted(ago(18000))));
    }

    @Test
    void completedButAnotherContainerStillRuns() {
        String pod = """
                {"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"},{"name":"b"}]},
                 "status":{"phase":"Running","conditions":[{"type":"Ready","status":"%s"}],"containerStatuses":[
                   {"name":"a","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
                   {"name":"b","ready":true,"restartCount":0,"state":{"running":{}}}]}}""";
        assertEquals(List.of("p", "1/2", "Running", "0", "<unknown>"), narrow(pod.formatted("True")));
        assertEquals("NotReady", narrow(pod.formatted("False")).get(2));
    }

    @Test
    void terminatedWithoutReason() {
        assertEquals("ExitCode:137", narrow("""
                {"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]},
                 "status":{"phase":"Running","containerStatuses":[{"name":"a","state":{"terminated":{"exitCode":137}}}]}}""")
                .get(2));
        assertEquals("Signal:9", narrow("""
                {"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]},
                 "status":{"phase":"Running","containerStatuses":[{"name":"a","state":{"terminated":{"exitCode":0,"signal":9}}}]}}""")
                .get(2));
    }

    @Test
    void terminating() {
        assertEquals(List.of("p", "1/1", "Terminating", "0", "3m"), narrow("""
                {"metadata":{"name":"p","creationTimestamp":"%s","deletionTimestamp":"%s"},
                 "spec":{"containers":[{"name":"a"}]},
                 "status":{"phase":"Running","containerStatuses":[{"name":"a","ready":true,"state":{"running":{}}}]}}"""
                .formatted(ago(180), ago(1))));
    }

    @Test
    void deletedTerminalPodKeepsItsPhaseAndLostNodeIsUnknown() {
        assertEquals("Completed", narrow("""
                {"metadata":{"name":"p","deletionTimestamp":"%s"},"spec":{"containers":[{"name":"a"}]},
                 "status":{"phase":"Succeeded","containerStatuses":[{"name":"a","state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}}"""
                .formatted(ago(1))).get(2));
        assertEquals("Unknown", narrow("""
                {"metadata":{"name":"p","deletionTimestamp":"%s"},"spec":{"containers":[{"name":"a"}]},
                 "status":{"phase":"Running","reason":"NodeLost"}}""".formatted(ago(1))).get(2));
    }

    @Test
    void evictedUsesStatusReason() {
        assertEquals("Evicted", narrow("""
                {"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]},
                 "status":{"phase":"Failed","reason":"Evicted"}}""").get(2));
    }

    @Test
    void initializing() {
        assertEquals(List.of("p", "0/1", "Init:0/1", "0", "30s"), narrow("""
                {"metadata":{"name":"p","creationTimestamp":"%s"},
                 "spec":{"initContainers":[{"name":"init"}],"containers":[{"name":"a"}]},
                 "status":{"phase":"Pending","conditions":[{"type":"Initialized","status":"False"}],
                   "initContainerStatuses":[{"name":"init","ready":false,"restartCount":0,"state":{"running":{}}}],
                   "containerStatuses":[{"name":"a","ready":false,"restartCount":0,
                     "state":{"waiting":{"reason":"PodInitializing"}}}]}}""".formatted(ago(30))));
    }

    @Test
    void secondInitContainerAndInitFailures() {
        assertEquals("Init:1/2", narrow("""
                {"metadata":{"name":"p"},"spec":{"initContainers":[{"name":"i1"},{"name":"i2"}],"containers":[{"name":"a"}]},
                 "status":{"phase":"Pending","initContainerStatuses":[
                   {"name":"i1","state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
                   {"name":"i2","state":{"waiting":{"reason":"PodInitializing"}}}]}}""").get(2));
        assertEquals(List.of("p", "0/1", "Init:CrashLoopBackOff", "4 (30s ago)", "<unknown>"), narrow("""
                {"metadata":{"name":"p"},"spec":{"initContainers":[{"name":"i1"}],"containers":[{"name":"a"}]},
                 "status":{"phase":"Pending","initContainerStatuses":[{"name":"i1","restartCount":4,
                   "state":{"waiting":{"reason":"CrashLoopBackOff"}},
                   "lastState":{"terminated":{"exitCode":1,"finishedAt":"%s"}}}]}}""".formatted(ago(30))));
        assertEquals("Init:Error", narrow("""
                {"metadata":{"name":"p"},"spec":{"initContainers":[{"name":"i1"}],"containers":[{"name":"a"}]},
                 "status":{"phase":"Failed","initContainerStatuses":[
                   {"name":"i1","state":{"terminated":{"exitCode":1,"reason":"Error"}}}]}}""").get(2));
        assertEquals("Init:ExitCode:2", narrow("""
                {"metadata":{"name":"p"},"spec":{"initContainers":[{"name":"i1"}],"containers":[{"name":"a"}]},
                 "status":{"phase":"Pending","initContainerStatuses":[
                   {"name":"i1","state":{"terminated":{"exitCode":2}}}]}}""").get(2));
    }

    @Test
    void sidecarInitContainersCountAsContainers() {
        assertEquals(List.of("p", "2/2", "Running", "1 (3m ago)", "<unknown>"), narrow("""
                {"metadata":{"name":"p"},
                 "spec":{"initContainers":[{"name":"proxy","restartPolicy":"Always"}],"containers":[{"name":"a"}]},
                 "status":{"phase":"Running","conditions":[{"type":"Initialized","status":"True"},{"type":"Ready","status":"True"}],
                   "initContainerStatuses":[{"name":"proxy","ready":true,"started":true,"restartCount":1,
                     "state":{"running":{}},"lastState":{"terminated":{"exitCode":1,"finishedAt":"%s"}}}],
                   "containerStatuses":[{"name":"a","ready":true,"restartCount":0,"state":{"running":{}}}]}}"""
                .formatted(ago(180))));
    }

    @Test
    void schedulingGatedAndReadinessGatesAndNominatedNode() {
        List<Object> cells = cells("""
                {"metadata":{"name":"p"},
                 "spec":{"containers":[{"name":"a"}],"readinessGates":[{"conditionType":"www.example.com/one"},
                   {"conditionType":"www.example.com/two"}]},
                 "status":{"phase":"Pending","nominatedNodeName":"node-2",
                   "conditions":[{"type":"PodScheduled","status":"False","reason":"SchedulingGated"},
                                 {"type":"www.example.com/one","status":"True"},
                                 {"type":"www.example.com/two","status":"False"}]}}""");
        assertEquals("SchedulingGated", cells.get(2));
        assertEquals(List.of("<none>", "<none>", "node-2", "1/2"), cells.subList(5, 9));
    }
}
