package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static io.kuberaf.apiserver.table.TableFixtures.NOW;
import static io.kuberaf.apiserver.table.TableFixtures.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CellsTest {

    @ParameterizedTest(name = "{0}s -> {1}")
    @CsvSource({
            "-5, <invalid>", "-1, 0s", "0, 0s", "5, 5s", "59, 59s", "119, 119s", "120, 2m", "200, 3m20s",
            "599, 9m59s", "600, 10m", "3599, 59m", "10799, 179m", "10800, 3h", "11100, 3h5m", "28799, 7h59m",
            "28800, 8h", "172799, 47h", "172800, 2d", "190800, 2d5h", "691199, 7d23h", "691200, 8d",
            "63071999, 729d", "63072000, 2y", "66960000, 2y45d", "252288000, 8y", "315360000, 10y"})
    void humanDuration(long seconds, String expected) {
        assertEquals(expected, Cells.humanDuration(Duration.ofSeconds(seconds)));
    }

    @Test
    void humanDurationTruncatesFractionsTowardZero() {
        assertEquals("0s", Cells.humanDuration(Duration.ofMillis(-1500)));
        assertEquals("1s", Cells.humanDuration(Duration.ofMillis(1999)));
    }

    @Test
    void age() {
        assertEquals("3m20s", Cells.age(object("{\"metadata\":{\"creationTimestamp\":\"2025-06-01T11:56:40Z\"}}"), NOW));
        assertEquals("2d5h", Cells.age(object("{\"metadata\":{\"creationTimestamp\":\"2025-05-30T07:00:00Z\"}}"), NOW));
        assertEquals("5s", Cells.age(object("{\"metadata\":{\"creationTimestamp\":\"2025-06-01T13:59:55+02:00\"}}"), NOW));
        assertEquals("<unknown>", Cells.age(object("{\"metadata\":{}}"), NOW));
        assertEquals("<unknown>", Cells.age(object("{\"metadata\":{\"creationTimestamp\":null}}"), NOW));
        assertEquals("<unknown>", Cells.age(object("{\"metadata\":{\"creationTimestamp\":\"0001-01-01T00:00:00Z\"}}"), NOW));
    }

    @Test
    void microTime() {
        assertEquals("4s", Cells.since(object("{\"t\":\"2025-06-01T11:59:55.123456Z\"}").path("t"), NOW));
    }

    @Test
    void labels() {
        ObjectNode o = object("{\"m\":{\"b\":\"2\",\"a\":\"1\"},\"e\":{}}");
        assertEquals("a=1,b=2", Cells.formatLabels(o.path("m")));
        assertEquals("<none>", Cells.formatLabels(o.path("e")));
        assertEquals("<none>", Cells.formatLabels(o.path("missing")));
    }

    @Test
    void labelSelectors() {
        ObjectNode o = object("""
                {"s":{"matchLabels":{"tier":"web","app":"x"},
                      "matchExpressions":[{"key":"env","operator":"In","values":["prod","dev"]},
                                          {"key":"zone","operator":"NotIn","values":["b","a"]},
                                          {"key":"canary","operator":"DoesNotExist"},
                                          {"key":"gpu","operator":"Exists"}]},
                 "empty":{}, "bad":{"matchExpressions":[{"key":"k","operator":"Near"}]}}""");
        assertEquals("app=x,!canary,env in (dev,prod),gpu,tier=web,zone notin (a,b)", Cells.formatLabelSelector(o.path("s")));
        assertEquals("<none>", Cells.formatLabelSelector(o.path("empty")));
        assertEquals("<none>", Cells.formatLabelSelector(o.path("missing")));
        assertEquals("", Cells.selectorString(o.path("empty")));
        assertEquals("<error>", Cells.formatLabelSelector(o.path("bad")));
    }

    @Test
    void containers() {
        ObjectNode spec = object("{\"containers\":[{\"name\":\"a\",\"image\":\"nginx\"},{\"name\":\"b\",\"image\":\"busybox:1\"}]}");
        assertEquals("a,b", Cells.containerNames(spec));
        assertEquals("nginx,busybox:1", Cells.containerImages(spec));
        assertEquals("", Cells.containerNames(object("{}")));
    }
}
