package io.mlctl.logger;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Request ids: generated ones, and the sampling decision every logger derives from an id alone. */
final class RequestIds {
    static final String HEADER = "x-request-id";

    private RequestIds() {
    }

    /**
     * A random UUID (version 4 layout). ThreadLocalRandom rather than SecureRandom: the id only has to be unique, not
     * unguessable, and SecureRandom would be the most expensive step of a forwarded request.
     */
    static String generate() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /**
     * Whether the request with this id is logged at this rate. A pure function of the id (FNV-1a over its UTF-8
     * bytes, then a 64-bit finalizer so similar ids spread evenly), so the two loggers of a shadowed request (the
     * baseline's and the candidate's, same x-request-id) log the same requests and every logged request can pair.
     */
    static boolean sampled(String id, double rate) {
        if (rate >= 1.0) {
            return true;
        }
        if (rate <= 0.0) {
            return false;
        }
        return unit(id) < rate;
    }

    /** The id mapped to [0, 1). */
    static double unit(String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        // murmur3's fmix64
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53;
    }
}
