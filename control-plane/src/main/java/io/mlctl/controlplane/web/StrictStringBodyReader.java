package io.mlctl.controlplane.web;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.io.buffer.ByteBuffer;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.Headers;
import io.micronaut.http.MediaType;
import io.micronaut.http.body.MessageBodyWriter;
import io.micronaut.http.body.StringBodyReader;
import io.micronaut.http.body.TypedMessageBodyReader;
import io.micronaut.http.codec.CodecException;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.common.Utf8;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a body bound as {@code @Body String} (MLflow's JSON bodies, schema documents) strictly: bytes that are not
 * UTF-8 (or not the charset the content type names) are a 400 with the byte offset, where Micronaut's own reader
 * would put U+FFFD in their place and the stored text would not be what was sent.
 */
@Singleton
@Replaces(StringBodyReader.class)
public final class StrictStringBodyReader implements TypedMessageBodyReader<String> {
    @Override
    public Argument<String> getType() {
        return Argument.STRING;
    }

    @Override
    public String read(Argument<String> type, MediaType mediaType, Headers headers, ByteBuffer<?> body)
            throws CodecException {
        return decode(body.toByteArray(), mediaType, headers);
    }

    @Override
    public String read(Argument<String> type, MediaType mediaType, Headers headers, InputStream body)
            throws CodecException {
        try {
            return decode(body.readAllBytes(), mediaType, headers);
        } catch (IOException e) {
            throw new CodecException("cannot read the request body: " + e.getMessage(), e);
        }
    }

    static String decode(byte[] bytes, MediaType mediaType, Headers headers) {
        Charset charset = MessageBodyWriter.findCharset(mediaType, headers).orElse(StandardCharsets.UTF_8);
        if (charset.equals(StandardCharsets.UTF_8)) {
            return Utf8.decode(bytes, "the request body");
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.badRequest("the request body is not " + charset.name() + " as its content type says");
        }
    }
}
