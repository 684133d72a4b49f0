package io.kuberaf.runtime.docker;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmallPartsTest {

    @Test
    void pullQueryDefaultsToLatestAndKeepsRegistryPorts() {
        assertEquals(Map.of("fromImage", "busybox", "tag", "latest"), DockerImages.pullQuery("busybox"));
        assertEquals(Map.of("fromImage", "localhost:5000/app", "tag", "latest"), DockerImages.pullQuery("localhost:5000/app"));
        assertEquals(Map.of("fromImage", "localhost:5000/app", "tag", "v2"), DockerImages.pullQuery("localhost:5000/app:v2"));
        assertEquals(Map.of("fromImage", "app@sha256:abc"), DockerImages.pullQuery("app@sha256:abc"));
    }

    @Test
    void cidrNormalisesAndKnowsItsAddresses() {
        PodNetwork.Cidr cidr = PodNetwork.Cidr.parse("10.244.250.7/24");
        assertEquals("10.244.250.0/24", cidr.toString());
        assertEquals("10.244.250.1", cidr.firstHost());
        assertTrue(cidr.contains("10.244.250.200"));
        assertFalse(cidr.contains("10.244.251.1"));
        assertThrows(IllegalArgumentException.class, () -> PodNetwork.Cidr.parse("10.244.0.0"));
        assertThrows(IllegalArgumentException.class, () -> PodNetwork.Cidr.parse("10.244.0.300/24"));
    }

    @Test
    void apiVersionsCompareNumerically() {
        assertTrue(DockerRuntime.compareVersions("1.41", "1.41") == 0);
        assertTrue(DockerRuntime.compareVersions("1.9", "1.41") < 0);
        assertTrue(DockerRuntime.compareVersions("1.43", "1.41") > 0);
    }

    @Test
    void statesMapAsTheKubeletExpects() {
        assertEquals(io.kuberaf.api.runtime.ContainerStatus.State.CREATED, Inspections.state("created"));
        assertEquals(io.kuberaf.api.runtime.ContainerStatus.State.RUNNING, Inspections.state("running"));
        assertEquals(io.kuberaf.api.runtime.ContainerStatus.State.EXITED, Inspections.state("exited"));
        assertEquals(io.kuberaf.api.runtime.ContainerStatus.State.EXITED, Inspections.state("dead"));
        assertEquals(io.kuberaf.api.runtime.ContainerStatus.State.UNKNOWN, Inspections.state("something-new"));
        assertEquals(null, Inspections.time("0001-01-01T00:00:00Z"));
        assertEquals(java.time.Instant.parse("2024-05-01T10:00:00.123456789Z"), Inspections.time("2024-05-01T10:00:00.123456789Z"));
    }

    @Test
    void pipeHandsBytesOverAndEndsWhenTheWriterCloses() throws Exception {
        BytePipe pipe = new BytePipe(4);
        Thread writer = new Thread(() -> {
            try {
                pipe.output().write("hello, pipe".getBytes(StandardCharsets.UTF_8));
                pipe.closeWriter();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        InputStream in = pipe.input();
        assertEquals("hello, pipe", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        writer.join();
    }
}
