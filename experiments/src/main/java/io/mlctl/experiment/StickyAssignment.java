package io.mlctl.experiment;

import org.apache.commons.codec.digest.MurmurHash3;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sticky assignment of a unit (user, session, request key) to an arm, computable by any caller without a lookup.
 *
 * <p>The rule, exactly:
 * <ol>
 * <li>key = the UTF-8 bytes of {@code salt + unitId} (plain concatenation, no separator);</li>
 * <li>h = MurmurHash3 x86 32-bit of key with seed 0, read as an <em>unsigned</em> 32-bit integer (0 .. 2^32-1);</li>
 * <li>W = sum of the arms' integer weights (e.g. 50 + 50, or 90 + 10); bucket = floor(h * W / 2^32), in 0 .. W-1;</li>
 * <li>the arm is the first one, in the experiment's arm order, whose running weight sum exceeds the bucket.</li>
 * </ol>
 * Python: {@code (mmh3.hash(salt + unit, 0, signed=False) * W) >> 32}; Go (github.com/spaolacci/murmur3):
 * {@code uint64(murmur3.Sum32([]byte(salt+unit))) * uint64(W) >> 32}. Multiplying instead of taking {@code h mod W}
 * keeps every bucket the same size up to one part in 2^32 / W.
 */
public final class StickyAssignment {
    /** Keeps h * W below 2^63 with a wide margin. */
    public static final int MAX_TOTAL_WEIGHT = 1_000_000;

    private StickyAssignment() {
    }

    /** An arm and its integer share of the traffic. */
    public record WeightedArm(String name, int weight) {
        public WeightedArm {
            if (name == null || name.isBlank()) {
                throw new ExperimentInputException("arm name must not be empty");
            }
            if (weight <= 0) {
                throw new ExperimentInputException("weight of arm '" + name + "' must be positive, got " + weight);
            }
        }
    }

    /** MurmurHash3_x86_32(UTF-8(salt + unitId), seed 0) as an unsigned value. */
    public static long hash(String salt, String unitId) {
        byte[] key = (salt + unitId).getBytes(StandardCharsets.UTF_8);
        return Integer.toUnsignedLong(MurmurHash3.hash32x86(key, 0, key.length, 0));
    }

    /** The bucket in 0 .. totalWeight-1. */
    public static long bucket(String salt, String unitId, int totalWeight) {
        if (totalWeight <= 0 || totalWeight > MAX_TOTAL_WEIGHT) {
            throw new ExperimentInputException("total weight must be between 1 and " + MAX_TOTAL_WEIGHT + ", got " + totalWeight);
        }
        return (hash(salt, unitId) * totalWeight) >>> 32;
    }

    public static String arm(String salt, String unitId, List<WeightedArm> arms) {
        if (arms.isEmpty()) {
            throw new ExperimentInputException("an experiment needs at least one arm");
        }
        if (unitId == null || unitId.isEmpty()) {
            throw new ExperimentInputException("unit id must not be empty");
        }
        long total = arms.stream().mapToLong(WeightedArm::weight).sum();
        if (total > MAX_TOTAL_WEIGHT) {
            throw new ExperimentInputException("arm weights must add up to at most " + MAX_TOTAL_WEIGHT + ", got " + total);
        }
        long b = bucket(salt == null ? "" : salt, unitId, (int) total);
        long cumulative = 0;
        for (WeightedArm arm : arms) {
            cumulative += arm.weight();
            if (b < cumulative) {
                return arm.name();
            }
        }
        throw new IllegalStateException("bucket " + b + " beyond total weight " + total);
    }
}
