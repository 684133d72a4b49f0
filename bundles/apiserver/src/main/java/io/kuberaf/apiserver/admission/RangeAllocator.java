package io.kuberaf.apiserver.admission;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Values 0..size-1 of a range handed out to owners (a service's uid): a random free value, or a
 * requested one when it is free. Thread-safe; the IP and port allocators map their values onto it.
 */
class RangeAllocator {

    private final long size;
    private final Map<Long, String> owners = new HashMap<>();
    private final Random random = new SecureRandom();

    RangeAllocator(long size) {
        this.size = size;
    }

    /** Takes {@code offset} for {@code owner}; false when another owner holds it. Idempotent for the same owner. */
    synchronized boolean allocate(long offset, String owner) {
        String holder = owners.get(offset);
        if (holder != null) {
            return holder.equals(owner);
        }
        owners.put(offset, owner);
        return true;
    }

    /** A random free offset among those {@code usable} accepts, or -1 when there is none. */
    synchronized long allocateNext(String owner, java.util.function.LongPredicate usable) {
        long start = Math.floorMod(random.nextLong(), size);
        for (long i = 0; i < size; i++) {
            long offset = (start + i) % size;
            if (usable.test(offset) && !owners.containsKey(offset)) {
                owners.put(offset, owner);
                return offset;
            }
        }
        return -1;
    }

    /** Frees {@code offset} if {@code owner} holds it. */
    synchronized void release(long offset, String owner) {
        owners.remove(offset, owner);
    }

    /** Records a holder found in the store at start, whoever held it before. */
    synchronized String restore(long offset, String owner) {
        return owners.putIfAbsent(offset, owner);
    }

    synchronized String owner(long offset) {
        return owners.get(offset);
    }

    synchronized int allocated() {
        return owners.size();
    }
}
