package io.kuberaf.controller.node;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CidrAllocatorTest {

    @Test
    void handsOutEverySubnetOnceThenNone() {
        CidrAllocator allocator = new CidrAllocator("10.244.0.0/22", 24);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            seen.add(allocator.allocate("n" + i).orElseThrow());
        }
        assertEquals(Set.of("10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24", "10.244.3.0/24"), seen);
        assertEquals(Optional.empty(), allocator.allocate("n4"));
        assertEquals("10.244.2.0/24", allocator.allocate("n2").orElseThrow(), "a node keeps its subnet");
    }

    @Test
    void releasedSubnetIsReusedAfterTheOthers() {
        CidrAllocator allocator = new CidrAllocator("10.0.0.0/23", 25);
        allocator.allocate("a");
        allocator.allocate("b");
        allocator.release("a");
        assertEquals("10.0.1.0/25", allocator.allocate("c").orElseThrow());
        assertEquals("10.0.1.128/25", allocator.allocate("d").orElseThrow());
        assertEquals("10.0.0.0/25", allocator.allocate("e").orElseThrow());
    }

    @Test
    void occupyRebuildsAndRefusesConflictsAndForeignRanges() {
        CidrAllocator allocator = new CidrAllocator("10.244.0.0/16", 24);
        assertTrue(allocator.occupy("a", "10.244.0.0/24"));
        assertTrue(allocator.occupy("a", "10.244.0.0/24"));
        assertFalse(allocator.occupy("b", "10.244.0.0/24"), "taken by a");
        assertFalse(allocator.occupy("b", "10.245.0.0/24"), "outside the range");
        assertFalse(allocator.occupy("b", "10.244.1.0/25"), "wrong size");
        assertFalse(allocator.occupy("b", "not-a-cidr"));
        assertEquals("10.244.1.0/24", allocator.allocate("b").orElseThrow());
    }

    @Test
    void rejectsMaskSizesThatDoNotFit() {
        assertThrows(IllegalArgumentException.class, () -> new CidrAllocator("10.244.0.0/16", 15));
        assertThrows(IllegalArgumentException.class, () -> new CidrAllocator("10.0.0.0/8", 30));
        assertThrows(IllegalArgumentException.class, () -> new CidrAllocator("fd00::/64", 80));
    }
}
