package io.mlctl.controlplane.cloudevents;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.mlctl.api.common.ProblemException;

import java.time.Instant;
import java.util.Locale;

/**
 * One event of KServe's payload logger, read from an HTTP request in binary content mode by the CloudEvents SDK:
 * {@code ce-id} (shared by the request and the response of one inference), {@code ce-type}
 * ({@value #REQUEST_TYPE} or {@value #RESPONSE_TYPE}), {@code ce-source}, the extension
 * {@code ce-inferenceservicename}, and the inference request or response as the body.
 *
 * @param time the event's {@code ce-time}, or null when it has none
 */
record InferenceEvent(String id, Half half, String source, @Nullable String inferenceService,
                      @Nullable String contentType, @Nullable Instant time, byte[] body) {

    static final String REQUEST_TYPE = "org.kubeflow.serving.inference.request";
    static final String RESPONSE_TYPE = "org.kubeflow.serving.inference.response";
    static final int MAX_ID = 200;

    enum Half {
        request, response
    }

    /**
     * Reads the event; a request that is not a binary-mode KServe inference event gets a 4xx naming what is wrong.
     *
     * @throws ProblemException 415 for structured or batched mode, 400 for missing or invalid attributes or no body,
     *                          422 for an event type other than KServe's inference request or response
     */
    static InferenceEvent read(HttpHeaders headers, byte[] body) {
        String contentType = headers.get(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/cloudevents")) {
            throw new ProblemException(415, "Unsupported Media Type", "structured and batched CloudEvents ("
                    + contentType + ") are not accepted; send binary mode (ce-* headers, the inference payload as "
                    + "the body), as KServe's payload logger does");
        }
        CloudEvent event;
        try {
            MessageReader reader = HttpMessageFactory.createReader(headers::forEachValue, body);
            if (reader.getEncoding() != Encoding.BINARY) {
                throw ProblemException.badRequest("not a CloudEvent: the ce-specversion header is missing (binary "
                        + "mode: ce-specversion, ce-id, ce-source and ce-type headers)");
            }
            event = reader.toEvent();
        } catch (CloudEventRWException | IllegalArgumentException | IllegalStateException e) {
            throw ProblemException.badRequest("not a valid CloudEvent: " + e.getMessage());
        }
        return of(event, contentType);
    }

    /**
     * The KServe inference event in a CloudEvent read elsewhere (an HTTP request above, a Kafka record in binary mode
     * by the Kafka consumer).
     *
     * @param contentType the transport's content type, used when the event has no {@code datacontenttype}
     * @throws ProblemException 400 for a missing body or a too long id, 422 for another event type
     */
    static InferenceEvent of(CloudEvent event, @Nullable String contentType) {
        if (event.getId().length() > MAX_ID) {
            throw ProblemException.badRequest("ce-id is longer than " + MAX_ID + " characters");
        }
        Half half = switch (event.getType()) {
            case REQUEST_TYPE -> Half.request;
            case RESPONSE_TYPE -> Half.response;
            default -> throw ProblemException.unprocessable("ce-type '" + event.getType() + "' is not an inference "
                    + "event of KServe's payload logger (" + REQUEST_TYPE + " or " + RESPONSE_TYPE + ")",
                    java.util.List.of());
        };
        CloudEventData data = event.getData();
        byte[] payload = data == null ? new byte[0] : data.toBytes();
        if (payload.length == 0) {
            throw ProblemException.badRequest("the " + half + " event has no body (the inference " + half
                    + " is the event's data)");
        }
        Object isvc = event.getExtension("inferenceservicename");
        String ct = event.getDataContentType() != null ? event.getDataContentType() : contentType;
        return new InferenceEvent(event.getId(), half, event.getSource().toString(),
                isvc == null ? null : isvc.toString(), ct,
                event.getTime() == null ? null : event.getTime().toInstant(), payload);
    }
}
