package io.mlctl.controlplane.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.io.buffer.ByteBuffer;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.mlctl.api.common.Utf8;
import io.micronaut.json.JsonStreamConfig;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import io.micronaut.serde.LimitingStream;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.serde.SerdeRegistry;
import io.micronaut.serde.config.DeserializationConfiguration;
import io.micronaut.serde.config.SerdeConfiguration;
import io.micronaut.serde.config.SerializationConfiguration;
import io.micronaut.serde.exceptions.SerdeException;
import io.micronaut.serde.jackson.JacksonDecoder;
import io.micronaut.serde.jackson.JacksonJsonMapper;
import io.micronaut.serde.jackson.JacksonObjectMapper;
import io.micronaut.serde.jackson.SerdeJacksonConfiguration;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The server's one JSON mapper: Micronaut Serialization's Jackson mapper for writing, and for reading the same
 * mapper with every value decoded strictly ({@link StrictDecoder}: no string/number/boolean coercion, no array
 * unwrapped into a scalar, no fraction truncated into an integer, no non-finite number) and nothing allowed after
 * the document. Serde 2.x has no switch for these (its decoder coerces), so they are enforced here once for every
 * request body instead of in each endpoint. Unknown members are refused by
 * {@code micronaut.serde.deserialization.ignore-unknown: false} (application.yml).
 */
@Singleton
@Primary
@Replaces(JacksonJsonMapper.class)
public final class StrictJsonMapper implements JacksonObjectMapper {
    private final JacksonJsonMapper delegate;
    private final SerdeRegistry registry;
    private final SerdeConfiguration serdeConfiguration;
    private final JsonFactory factory;

    public StrictJsonMapper(SerdeRegistry registry, SerdeConfiguration serdeConfiguration,
                            SerdeJacksonConfiguration jacksonConfiguration) {
        this(new JacksonJsonMapper(registry, serdeConfiguration, jacksonConfiguration), registry, serdeConfiguration);
    }

    private StrictJsonMapper(JacksonJsonMapper delegate, SerdeRegistry registry,
                             SerdeConfiguration serdeConfiguration) {
        this.delegate = delegate;
        this.registry = registry;
        this.serdeConfiguration = serdeConfiguration;
        this.factory = new JsonFactory();
    }

    private <T> T read(JsonParser parser, Argument<T> type) throws IOException {
        try (parser) {
            Deserializer.DecoderContext context = registry.newDecoderContext(null);
            Deserializer<? extends T> deserializer = context.findDeserializer(type).createSpecific(context, type);
            Decoder decoder = new StrictDecoder(JacksonDecoder.create(parser,
                    LimitingStream.limitsFromConfiguration(serdeConfiguration)));
            T value = deserializer.deserializeNullable(decoder, context, type);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                // a parser over bytes knows only the byte offset (its character offset is -1)
                var at = parser.currentTokenLocation();
                long offset = at.getCharOffset() >= 0 ? at.getCharOffset() : at.getByteOffset();
                throw new SerdeException("unexpected content after the JSON document at offset " + offset
                        + ": a body holds exactly one JSON value");
            }
            return value;
        }
    }

    @Override
    public <T> T readValue(InputStream inputStream, Argument<T> type) throws IOException {
        // bodies read this way are held in memory anyway (max-request-buffer-size); checked whole, as below
        return readValue(inputStream.readAllBytes(), type);
    }

    @Override
    public <T> T readValue(byte[] byteArray, Argument<T> type) throws IOException {
        return read(factory.createParser(utf8(byteArray)), type);
    }

    @Override
    public <T> T readValue(ByteBuffer<?> byteBuffer, Argument<T> type) throws IOException {
        return readValue(byteBuffer.toByteArray(), type);
    }

    /**
     * The bytes, if they are UTF-8. Jackson checks the bytes inside strings, but takes an overlong sequence
     * ({@code C0 80} for U+0000) and says only the line and column; the JDK's decoder refuses every malformed
     * sequence and we can name its byte offset.
     */
    private static byte[] utf8(byte[] bytes) throws SerdeException {
        Utf8.Malformed bad = Utf8.check(bytes, 0, bytes.length);
        if (bad != null) {
            throw new SerdeException("the body is not UTF-8: " + bad.describe(bytes, (int) bad.offset()));
        }
        return bytes;
    }

    @Override
    public <T> T readValue(String string, Argument<T> type) throws IOException {
        return read(factory.createParser(string), type);
    }

    @Override
    public <T> T readValueFromTree(JsonNode tree, Argument<T> type) throws IOException {
        // through bytes so that a tree built elsewhere gets the same strict reading as a body
        return readValue(delegate.writeValueAsBytes(tree), type);
    }

    @Override
    public JsonMapper createSpecific(Argument<?> type) {
        return this;
    }

    @Override
    public JsonMapper cloneWithViewClass(Class<?> viewClass) {
        return delegate.cloneWithViewClass(viewClass);
    }

    @Override
    public ObjectMapper cloneWithConfiguration(SerdeConfiguration configuration,
                                               SerializationConfiguration serializationConfiguration,
                                               DeserializationConfiguration deserializationConfiguration) {
        return delegate.cloneWithConfiguration(configuration, serializationConfiguration, deserializationConfiguration);
    }

    @Override
    public JacksonObjectMapper cloneWithConfiguration(SerdeJacksonConfiguration configuration) {
        return delegate.cloneWithConfiguration(configuration);
    }

    @Override
    public SerdeRegistry getSerdeRegistry() {
        return registry;
    }

    @Override
    public JsonNode writeValueToTree(Object value) throws IOException {
        return delegate.writeValueToTree(value);
    }

    @Override
    public <T> JsonNode writeValueToTree(Argument<T> type, T value) throws IOException {
        return delegate.writeValueToTree(type, value);
    }

    @Override
    public void writeValue(OutputStream outputStream, Object object) throws IOException {
        delegate.writeValue(outputStream, object);
    }

    @Override
    public <T> void writeValue(OutputStream outputStream, Argument<T> type, T object) throws IOException {
        delegate.writeValue(outputStream, type, object);
    }

    @Override
    public byte[] writeValueAsBytes(Object object) throws IOException {
        return delegate.writeValueAsBytes(object);
    }

    @Override
    public <T> byte[] writeValueAsBytes(Argument<T> type, T object) throws IOException {
        return delegate.writeValueAsBytes(type, object);
    }

    @Override
    public JsonStreamConfig getStreamConfig() {
        return delegate.getStreamConfig();
    }

    @Override
    public org.reactivestreams.Processor<byte[], JsonNode> createReactiveParser(
            java.util.function.Consumer<org.reactivestreams.Processor<byte[], JsonNode>> onSubscribe,
            boolean streamArray) {
        return delegate.createReactiveParser(onSubscribe, streamArray);
    }

    @Override
    public void updateValueFromTree(Object value, JsonNode tree) throws IOException {
        delegate.updateValueFromTree(value, tree);
    }
}
