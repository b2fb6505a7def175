package io.mlctl.drift.profile;

import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Binary form of profiles. Layout (big-endian), format version 2:
 * <pre>
 * feature profile: int magic "MLFP", byte version, byte type (0 numeric, 1 categorical), byte mode (0 exact,
 *                  1 streaming), long nulls, nans, +inf, -inf, count, then
 *   numeric:       int edge count (-1: no bins), edges, bin counts (edges + 1 doubles), then
 *                  exact: count doubles ascending | streaming: int length + KLL compact bytes, then (version 2)
 *                  double mean, double M2 of the values (version 1 streaming profiles estimate them from the sketch)
 *   categorical:   exact: int categories, (string, long count)* | streaming: int length + frequent-items bytes
 * dataset profile: int magic "MLDP", byte version, int features, (string name, int length, feature profile)*
 * string:          int length + UTF-8 bytes
 * </pre>
 * Readers accept every version up to {@link #VERSION}; a newer one is refused with a clear message.
 */
final class ProfileCodec {
    static final int FEATURE_MAGIC = 0x4D4C4650; // "MLFP"
    static final int DATASET_MAGIC = 0x4D4C4450; // "MLDP"
    static final byte VERSION = 2;
    private static final ArrayOfStringsSerDe STRINGS = new ArrayOfStringsSerDe();

    private ProfileCodec() {
    }

    static byte[] encode(FeatureProfile profile) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(profile, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static FeatureProfile decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            FeatureProfile p = read(in);
            if (in.available() > 0) {
                throw new IllegalArgumentException("not a feature profile: " + in.available() + " trailing bytes");
            }
            return p;
        } catch (EOFException e) {
            throw new IllegalArgumentException("not a feature profile: truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] encode(DatasetProfile dataset) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(DATASET_MAGIC);
            out.writeByte(VERSION);
            out.writeInt(dataset.features().size());
            for (Map.Entry<String, FeatureProfile> e : dataset.features().entrySet()) {
                writeString(out, e.getKey());
                byte[] feature = encode(e.getValue());
                out.writeInt(feature.length);
                out.write(feature);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static DatasetProfile decodeDataset(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != DATASET_MAGIC) {
                throw new IllegalArgumentException("not a dataset profile (bad magic number)");
            }
            checkVersion(in.readByte());
            int n = in.readInt();
            Map<String, FeatureProfile> features = new java.util.LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = readString(in);
                features.put(name, decode(in.readNBytes(length(in))));
            }
            return new DatasetProfile(features);
        } catch (EOFException e) {
            throw new IllegalArgumentException("not a dataset profile: truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(FeatureProfile profile, DataOutputStream out) throws IOException {
        out.writeInt(FEATURE_MAGIC);
        out.writeByte(VERSION);
        out.writeByte(profile.type() == FeatureType.NUMERIC ? 0 : 1);
        out.writeByte(profile.mode() == ProfileMode.EXACT ? 0 : 1);
        MissingCounts m = profile.missing();
        out.writeLong(m.nulls());
        out.writeLong(m.nans());
        out.writeLong(m.positiveInfinities());
        out.writeLong(m.negativeInfinities());
        out.writeLong(profile.count());
        if (profile instanceof NumericProfile n) {
            writeNumeric(n, out);
        } else {
            writeCategorical((CategoricalProfile) profile, out);
        }
    }

    private static void writeNumeric(NumericProfile p, DataOutputStream out) throws IOException {
        if (!p.binned()) {
            out.writeInt(-1);
        } else {
            double[] edges = p.edges();
            out.writeInt(edges.length);
            for (double e : edges) {
                out.writeDouble(e);
            }
            for (double c : p.binCountsOrNull()) {
                out.writeDouble(c);
            }
        }
        if (p.mode() == ProfileMode.EXACT) {
            for (double v : p.sortedValues()) {
                out.writeDouble(v);
            }
        } else {
            byte[] sketch = p.sketch().toByteArray();
            out.writeInt(sketch.length);
            out.write(sketch);
            Moments m = p.moments();
            out.writeDouble(m.mean());
            out.writeDouble(m.m2());
        }
    }

    private static void writeCategorical(CategoricalProfile p, DataOutputStream out) throws IOException {
        if (p.mode() == ProfileMode.EXACT) {
            Map<String, Long> counts = p.exactOrNull();
            out.writeInt(counts.size());
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                writeString(out, e.getKey());
                out.writeLong(e.getValue());
            }
        } else {
            byte[] sketch = p.sketch().toByteArray(STRINGS);
            out.writeInt(sketch.length);
            out.write(sketch);
        }
    }

    private static FeatureProfile read(DataInputStream in) throws IOException {
        if (in.readInt() != FEATURE_MAGIC) {
            throw new IllegalArgumentException("not a feature profile (bad magic number)");
        }
        byte version = in.readByte();
        checkVersion(version);
        byte type = in.readByte();
        byte modeByte = in.readByte();
        if (type > 1 || type < 0 || modeByte > 1 || modeByte < 0) {
            throw new IllegalArgumentException("not a feature profile: unknown type " + type + " or mode " + modeByte);
        }
        ProfileMode mode = modeByte == 0 ? ProfileMode.EXACT : ProfileMode.STREAMING;
        MissingCounts missing = new MissingCounts(in.readLong(), in.readLong(), in.readLong(), in.readLong());
        long count = in.readLong();
        if (count < 0) {
            throw new IllegalArgumentException("not a feature profile: negative count");
        }
        return type == 0 ? readNumeric(in, version, mode, missing, count) : readCategorical(in, mode, missing, count);
    }

    private static NumericProfile readNumeric(DataInputStream in, byte version, ProfileMode mode, MissingCounts missing,
                                              long count) throws IOException {
        int edgeCount = in.readInt();
        double[] edges = null;
        double[] binCounts = null;
        if (edgeCount >= 0) {
            edges = readDoubles(in, edgeCount);
            binCounts = readDoubles(in, edgeCount + 1);
        }
        if (mode == ProfileMode.EXACT) {
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("exact profile too large: " + count);
            }
            return new NumericProfile(mode, missing, count, edges, binCounts, readDoubles(in, (int) count), null,
                    null);
        }
        KllDoublesSketch sketch = KllDoublesSketch.heapify(Memory.wrap(in.readNBytes(length(in))));
        Moments moments = null;
        if (version >= 2) {
            double mean = in.readDouble();
            double m2 = in.readDouble();
            if (m2 < 0) {
                throw new IllegalArgumentException("not a feature profile: bad moments");
            }
            moments = new Moments(count, mean, m2);
        }
        return new NumericProfile(mode, missing, count, edges, binCounts, null, sketch, moments);
    }

    private static CategoricalProfile readCategorical(DataInputStream in, ProfileMode mode, MissingCounts missing,
                                                      long count) throws IOException {
        if (mode == ProfileMode.EXACT) {
            int n = in.readInt();
            Map<String, Long> counts = new HashMap<>(Math.max(16, n * 2));
            for (int i = 0; i < n; i++) {
                counts.put(readString(in), in.readLong());
            }
            return new CategoricalProfile(mode, missing.nulls(), count, counts, null);
        }
        ItemsSketch<String> sketch = ItemsSketch.getInstance(Memory.wrap(in.readNBytes(length(in))), STRINGS);
        return new CategoricalProfile(mode, missing.nulls(), count, null, sketch);
    }

    private static double[] readDoubles(DataInputStream in, int n) throws IOException {
        if (n < 0 || n > in.available() / 8) {
            throw new IllegalArgumentException("not a profile: bad length " + n);
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = in.readDouble();
        }
        return d;
    }

    private static int length(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IllegalArgumentException("not a profile: bad length " + n);
        }
        return n;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(in.readNBytes(length(in)), StandardCharsets.UTF_8);
    }

    private static void checkVersion(byte version) {
        if (version < 1 || version > VERSION) {
            throw new IllegalArgumentException("unsupported profile format version " + version
                    + " (this build reads up to " + VERSION + ")");
        }
    }
}
