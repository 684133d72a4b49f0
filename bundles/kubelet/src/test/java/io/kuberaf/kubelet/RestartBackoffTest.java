package io.kuberaf.kubelet;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RestartBackoffTest {

    private final RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(10), Duration.ofMinutes(5));
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void firstRestartIsImmediateThenDelaysDouble() {
        assertEquals(Duration.ZERO, backoff.remaining("p/c", t0, t0));
        backoff.restarted("p/c", t0, Duration.ofSeconds(1));
        Instant failed2 = t0.plusSeconds(2);
        assertEquals(Duration.ofSeconds(6), backoff.remaining("p/c", failed2, t0.plusSeconds(6)));
        assertEquals(Duration.ZERO, backoff.remaining("p/c", failed2, failed2.plusSeconds(10)));
        backoff.restarted("p/c", failed2, Duration.ofSeconds(1));
        assertEquals(Duration.ofSeconds(20), backoff.current("p/c"));
        for (int i = 0; i < 10; i++) {
            backoff.restarted("p/c", failed2, Duration.ofSeconds(1));
        }
        assertEquals(Duration.ofMinutes(5), backoff.current("p/c"));
    }

    @Test
    void aLongRunStartsOverFromBase() {
        backoff.restarted("p/c", t0, Duration.ofSeconds(1));
        backoff.restarted("p/c", t0, Duration.ofSeconds(1));
        assertEquals(Duration.ofSeconds(20), backoff.current("p/c"));
        backoff.restarted("p/c", t0, Duration.ofMinutes(11));
        assertEquals(Duration.ofSeconds(10), backoff.current("p/c"));
    }

    @Test
    void keysAreIndependentAndForgettable() {
        backoff.restarted("p/a", t0, Duration.ZERO);
        backoff.restarted("q/b", t0, Duration.ZERO);
        backoff.forgetPrefix("p/");
        assertEquals(Duration.ZERO, backoff.current("p/a"));
        assertEquals(Duration.ofSeconds(10), backoff.current("q/b"));
    }

    @Test
    void formatsLikeKubernetes() {
        assertEquals("10s", RestartBackoff.format(Duration.ofSeconds(10)));
        assertEquals("1m20s", RestartBackoff.format(Duration.ofSeconds(80)));
        assertEquals("5m0s", RestartBackoff.format(Duration.ofMinutes(5)));
    }
}
