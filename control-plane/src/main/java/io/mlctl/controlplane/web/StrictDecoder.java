package io.mlctl.controlplane.web;

import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.Decoder;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A decoder that takes each scalar only in its own JSON shape: a string field wants a JSON string (not a number,
 * boolean or array), a boolean a JSON boolean (so {@code "enabled": "yes"} is an error, not false), an integer an
 * integral number within range (so {@code 1.5} is not read as 1), a floating point number a finite number (so
 * {@code 1e400} is not stored as Infinity). Objects, arrays, keys and arbitrary values go to the wrapped decoder;
 * nested decoders are wrapped again so the rule holds at every depth.
 */
final class StrictDecoder implements Decoder {
    private final Decoder d;
    /** Where this decoder is in the document, for error messages: {@code serving.gpu}, {@code arms[1]}. */
    private final String path;
    private final boolean array;
    private String key;
    private int index = -1;

    StrictDecoder(Decoder d) {
        this(d, "", false);
    }

    private StrictDecoder(Decoder d, String path, boolean array) {
        this.d = d;
        this.path = path;
        this.array = array;
    }

    /** The path of the value about to be decoded. */
    private String here() {
        if (array) {
            return path + "[" + Math.max(index, 0) + "]";
        }
        if (key == null) {
            return path;
        }
        return path.isEmpty() ? key : path + "." + key;
    }

    private IOException wrongShape(String wanted, JsonNode got) {
        return error("expected " + wanted + ", got " + shape(got));
    }

    private IOException error(String message) {
        return new BodyFieldException(here(), message);
    }

    private static String shape(JsonNode node) {
        if (node.isString()) {
            return "a string";
        } else if (node.isBoolean()) {
            return "a boolean";
        } else if (node.isNumber()) {
            return "the number " + node.getNumberValue();
        } else if (node.isArray()) {
            return "an array";
        } else if (node.isObject()) {
            return "an object";
        }
        return "null";
    }

    @Override
    public Decoder decodeArray(Argument<?> type) throws IOException {
        return new StrictDecoder(d.decodeArray(type), here(), true);
    }

    @Override
    public boolean hasNextArrayValue() throws IOException {
        index++;
        return d.hasNextArrayValue();
    }

    @Override
    public Decoder decodeObject(Argument<?> type) throws IOException {
        return new StrictDecoder(d.decodeObject(type), here(), false);
    }

    @Override
    public String decodeKey() throws IOException {
        key = d.decodeKey();
        if (key != null && key.indexOf('\0') >= 0) {
            throw error("a member name holds U+0000 (NUL), which text may not contain");
        }
        return key;
    }

    /**
     * Text may not hold U+0000: PostgreSQL's text types cannot store it (the insert would fail as a 500), and no
     * name, description or value needs it. JSON can still spell it ({@code "\u0000"}), so it is refused here, once.
     */
    private <T> T noNul(T value) throws IOException {
        if (value instanceof CharSequence text) {
            if (text.toString().indexOf('\0') >= 0) {
                throw error("text may not contain U+0000 (NUL)");
            }
        } else if (value instanceof java.util.Map<?, ?> map) {
            for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                noNul(e.getKey());
                noNul(e.getValue());
            }
        } else if (value instanceof Iterable<?> list) {
            for (Object o : list) {
                noNul(o);
            }
        } else if (value instanceof JsonNode node) {
            if (node.isString()) {
                noNul(node.getStringValue());
            } else if (node.isObject()) {
                for (java.util.Map.Entry<String, JsonNode> e : node.entries()) {
                    noNul(e.getKey());
                    noNul(e.getValue());
                }
            } else if (node.isArray()) {
                for (JsonNode v : node.values()) {
                    noNul(v);
                }
            }
        }
        return value;
    }

    @Override
    public String decodeString() throws IOException {
        JsonNode node = d.decodeNode();
        if (!node.isString()) {
            throw wrongShape("a string", node);
        }
        return noNul(node.getStringValue());
    }

    @Override
    public String decodeStringNullable() throws IOException {
        return d.decodeNull() ? null : decodeString();
    }

    @Override
    public boolean decodeBoolean() throws IOException {
        JsonNode node = d.decodeNode();
        if (!node.isBoolean()) {
            throw wrongShape("true or false", node);
        }
        return node.getBooleanValue();
    }

    @Override
    public Boolean decodeBooleanNullable() throws IOException {
        return d.decodeNull() ? null : decodeBoolean();
    }

    private Number number() throws IOException {
        JsonNode node = d.decodeNode();
        if (!node.isNumber()) {
            throw wrongShape("a number", node);
        }
        return node.getNumberValue();
    }

    private BigInteger integral(String what) throws IOException {
        Number n = number();
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return BigInteger.valueOf(n.longValue());
        }
        if (n instanceof BigInteger b) {
            return b;
        }
        BigDecimal decimal = n instanceof BigDecimal bd ? bd : finite(n.doubleValue());
        try {
            // 2.0 is the integer 2; 2.5 is not an integer and is refused rather than truncated
            return decimal.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw error("expected " + what + ", got the number " + n);
        }
    }

    private BigDecimal finite(double value) throws IOException {
        if (!Double.isFinite(value)) {
            throw error("expected a finite number, got one out of range");
        }
        return BigDecimal.valueOf(value);
    }

    private long inRange(String what, long min, long max) throws IOException {
        BigInteger v = integral(what);
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw error("expected " + what + " between " + min + " and " + max
                    + ", got " + v);
        }
        return v.longValue();
    }

    @Override
    public byte decodeByte() throws IOException {
        return (byte) inRange("an integer", Byte.MIN_VALUE, Byte.MAX_VALUE);
    }

    @Override
    public Byte decodeByteNullable() throws IOException {
        return d.decodeNull() ? null : decodeByte();
    }

    @Override
    public short decodeShort() throws IOException {
        return (short) inRange("an integer", Short.MIN_VALUE, Short.MAX_VALUE);
    }

    @Override
    public Short decodeShortNullable() throws IOException {
        return d.decodeNull() ? null : decodeShort();
    }

    @Override
    public char decodeChar() throws IOException {
        String s = decodeString();
        if (s.length() != 1) {
            throw error("expected a single character");
        }
        return s.charAt(0);
    }

    @Override
    public Character decodeCharNullable() throws IOException {
        return d.decodeNull() ? null : decodeChar();
    }

    @Override
    public Number decodeNumber() throws IOException {
        Number n = number();
        if ((n instanceof Double || n instanceof Float) && !Double.isFinite(n.doubleValue())) {
            finite(n.doubleValue());
        }
        return n;
    }

    @Override
    public Number decodeNumberNullable() throws IOException {
        return d.decodeNull() ? null : decodeNumber();
    }

    @Override
    public int decodeInt() throws IOException {
        return (int) inRange("an integer", Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    @Override
    public Integer decodeIntNullable() throws IOException {
        return d.decodeNull() ? null : decodeInt();
    }

    @Override
    public long decodeLong() throws IOException {
        return inRange("an integer", Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Override
    public Long decodeLongNullable() throws IOException {
        return d.decodeNull() ? null : decodeLong();
    }

    @Override
    public float decodeFloat() throws IOException {
        double v = decodeDouble();
        if (!Float.isFinite((float) v)) {
            finite(Double.POSITIVE_INFINITY);
        }
        return (float) v;
    }

    @Override
    public Float decodeFloatNullable() throws IOException {
        return d.decodeNull() ? null : decodeFloat();
    }

    @Override
    public double decodeDouble() throws IOException {
        double v = number().doubleValue();
        finite(v);
        return v;
    }

    @Override
    public Double decodeDoubleNullable() throws IOException {
        return d.decodeNull() ? null : decodeDouble();
    }

    @Override
    public BigInteger decodeBigInteger() throws IOException {
        return integral("an integer");
    }

    @Override
    public BigInteger decodeBigIntegerNullable() throws IOException {
        return d.decodeNull() ? null : decodeBigInteger();
    }

    @Override
    public BigDecimal decodeBigDecimal() throws IOException {
        Number n = number();
        if (n instanceof BigDecimal bd) {
            return bd;
        }
        if (n instanceof BigInteger bi) {
            return new BigDecimal(bi);
        }
        if (n instanceof Double || n instanceof Float) {
            return finite(n.doubleValue());
        }
        return BigDecimal.valueOf(n.longValue());
    }

    @Override
    public BigDecimal decodeBigDecimalNullable() throws IOException {
        return d.decodeNull() ? null : decodeBigDecimal();
    }

    @Override
    public byte[] decodeBinary() throws IOException {
        return d.decodeBinary();
    }

    @Override
    public boolean decodeNull() throws IOException {
        return d.decodeNull();
    }

    @Override
    public Object decodeArbitrary() throws IOException {
        return noNul(d.decodeArbitrary());
    }

    @Override
    public JsonNode decodeNode() throws IOException {
        return noNul(d.decodeNode());
    }

    @Override
    public Decoder decodeBuffer() throws IOException {
        return new StrictDecoder(d.decodeBuffer(), here(), false);
    }

    @Override
    public void skipValue() throws IOException {
        d.skipValue();
    }

    @Override
    public void finishStructure(boolean consumeLeftElements) throws IOException {
        d.finishStructure(consumeLeftElements);
    }

    @Override
    public void finishStructure() throws IOException {
        d.finishStructure();
    }

    @Override
    public void close() throws IOException {
        d.close();
    }

    @Override
    public IOException createDeserializationException(String message, Object invalidValue) {
        return d.createDeserializationException(message, invalidValue);
    }
}
