package io.kuberaf.apiserver.admission;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AllocatorTest {

    @Test
    void ipsNeverCollideUnderConcurrency() throws Exception {
        ClusterIpAllocator ips = new ClusterIpAllocator("10.0.0.0/22"); // 1022 usable, the first one reserved: 1021
        List<String> all = Collections.synchronizedList(new ArrayList<>());
        runConcurrently(8, 127, i -> all.add(ips.allocateNext("owner-" + i)));
        for (int i = 0; i < 5; i++) {
            all.add(ips.allocateNext("last"));
        }
        assertThrows(AllocationException.class, () -> ips.allocateNext("one-too-many"));
        assertEquals(1021, all.size());
        assertEquals(all.size(), new HashSet<>(all).size());
        assertFalse(all.contains("10.0.0.0"));
        assertFalse(all.contains("10.0.0.1"));
        assertFalse(all.contains("10.0.3.255"));
    }

    @Test
    void ipRangeFullAndRelease() {
        ClusterIpAllocator ips = new ClusterIpAllocator("192.168.1.0/29"); // .2 .. .6 dynamic
        Set<String> got = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            got.add(ips.allocateNext("o"));
        }
        assertEquals(Set.of("192.168.1.2", "192.168.1.3", "192.168.1.4", "192.168.1.5", "192.168.1.6"), got);
        AllocationException full = assertThrows(AllocationException.class, () -> ips.allocateNext("o"));
        assertTrue(full.full());
        ips.release("192.168.1.4", "someone-else");
        assertTrue(ips.isAllocated("192.168.1.4"));
        ips.release("192.168.1.4", "o");
        assertEquals("192.168.1.4", ips.allocateNext("p"));
    }

    @Test
    void explicitIps() {
        ClusterIpAllocator ips = new ClusterIpAllocator("10.96.0.0/12");
        ips.allocate("10.100.0.1", "a");
        ips.allocate("10.100.0.1", "a"); // idempotent for its owner
        assertEquals("provided IP is already allocated",
                assertThrows(AllocationException.class, () -> ips.allocate("10.100.0.1", "b")).getMessage());
        assertEquals("the provided IP (10.96.0.0) is not in the valid range. The range of valid IPs is 10.96.0.0/12",
                assertThrows(AllocationException.class, () -> ips.allocate("10.96.0.0", "b")).getMessage());
        assertEquals("the provided IP (10.112.0.0) is not in the valid range. The range of valid IPs is 10.96.0.0/12",
                assertThrows(AllocationException.class, () -> ips.allocate("10.112.0.0", "b")).getMessage());
        assertEquals("10.96.0.0/12", new ClusterIpAllocator("10.100.1.2/12").range());
    }

    @Test
    void nodePortsNeverCollideUnderConcurrency() throws Exception {
        NodePortAllocator ports = new NodePortAllocator("30000-32767");
        List<Integer> all = Collections.synchronizedList(new ArrayList<>());
        runConcurrently(8, 344, i -> all.add(ports.allocateNext("owner-" + i)));
        assertEquals(2752, all.size());
        assertEquals(all.size(), new HashSet<>(all).size());
        assertTrue(all.stream().allMatch(p -> p >= 30000 && p <= 32767));
        assertEquals(16, 2768 - all.size());
    }

    @Test
    void explicitNodePortsRaceOneWinner() throws Exception {
        NodePortAllocator ports = new NodePortAllocator("30000-32767");
        List<String> winners = Collections.synchronizedList(new ArrayList<>());
        runConcurrently(8, 1, i -> {
            try {
                ports.allocate(30001, "owner-" + i);
                winners.add("owner-" + i);
            } catch (AllocationException e) {
                assertEquals("provided port is already allocated", e.getMessage());
            }
        });
        assertEquals(1, winners.size());
        ports.release(30001, winners.get(0));
        assertFalse(ports.isAllocated(30001));
        assertEquals("provided port is not in the valid range. The range of valid ports is 30000-32767",
                assertThrows(AllocationException.class, () -> ports.allocate(29999, "x")).getMessage());
    }

    @Test
    void nodePortRangeFull() {
        NodePortAllocator ports = new NodePortAllocator("30000-30001");
        ports.allocateNext("a");
        ports.allocateNext("b");
        assertTrue(assertThrows(AllocationException.class, () -> ports.allocateNext("c")).full());
    }

    private interface Task {
        void run(int index) throws Exception;
    }

    private static void runConcurrently(int threads, int perThread, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                futures.add(pool.submit((Callable<Object>) () -> {
                    for (int i = 0; i < perThread; i++) {
                        task.run(base + i);
                    }
                    return null;
                }));
            }
            for (Future<Object> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
