package io.kuberaf.client.controller;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpectationsTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Expectations expectations = new Expectations(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    });

    @Test
    void aKeyWithoutExpectationsIsSatisfied() {
        assertTrue(expectations.satisfied("ns/rs"));
    }

    @Test
    void creationsMustAllBeObserved() {
        expectations.expectCreations("ns/rs", 2);
        assertFalse(expectations.satisfied("ns/rs"));
        expectations.creationObserved("ns/rs");
        assertFalse(expectations.satisfied("ns/rs"));
        expectations.creationObserved("ns/rs");
        assertTrue(expectations.satisfied("ns/rs"));
    }

    @Test
    void deletionsToo() {
        expectations.expectDeletions("ns/rs", 1);
        assertFalse(expectations.satisfied("ns/rs"));
        expectations.deletionObserved("ns/rs");
        assertTrue(expectations.satisfied("ns/rs"));
    }

    @Test
    void expectationsExpireAfterTheTimeout() {
        expectations.expectCreations("ns/rs", 3);
        now.set(now.get().plus(Expectations.TIMEOUT).plus(Duration.ofSeconds(1)));
        assertTrue(expectations.satisfied("ns/rs"));
    }

    @Test
    void observationsOfUnknownKeysAreIgnoredAndDeleteForgets() {
        expectations.creationObserved("other");
        assertTrue(expectations.satisfied("other"));
        expectations.expectCreations("ns/rs", 1);
        expectations.delete("ns/rs");
        assertTrue(expectations.satisfied("ns/rs"));
    }
}
