package io.mlctl.controlplane.ingest;

import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.mlctl.api.common.ProblemException;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Failures while reading a streamed request body, as the client should see them. */
final class Bodies {
    private Bodies() {
    }

    /** 413 when the server's size limit cut the stream; otherwise the I/O failure as it is. */
    static RuntimeException readFailed(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ContentLengthExceededException c) {
                return new ProblemException(413, "Content Too Large", c.getMessage()
                        + " (mlctl server --max-upload-size raises the limit)");
            }
        }
        return new UncheckedIOException("reading the request body failed", e);
    }
}
