package io.mlctl.protocol;

/** A request/response pair that cannot be turned into sample rows; the message says why in a few words. */
public class UndecodableException extends Exception {
    public UndecodableException(String message) {
        super(message);
    }

    public UndecodableException(String message, Throwable cause) {
        super(message, cause);
    }
}
