package io.mlctl.api.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one exception type features throw for an error answer: the control plane turns it into an
 * {@code application/problem+json} response with this status, title, detail and extension members. Thrown inside
 * a transaction it also rolls the transaction back, so a rejected request never leaves a partial write.
 */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String title;
    private final List<ProblemError> errors;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, List.of(), Map.of());
    }

    public ProblemException(int status, String title, String detail, List<ProblemError> errors,
                            Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.extensions = Map.copyOf(extensions);
    }

    /** 400: the request cannot be read (bad syntax, malformed document). */
    public static ProblemException badRequest(String detail, ProblemError... errors) {
        return new ProblemException(400, "Bad Request", detail, List.of(errors), Map.of());
    }

    /** 404: the named model, version, alias, schema... does not exist. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    /** 409: duplicate name, or the state does not allow the change. */
    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    /** 422: well-formed but semantically invalid. */
    public static ProblemException unprocessable(String detail, List<ProblemError> errors) {
        return new ProblemException(422, "Unprocessable Content", detail, errors, Map.of());
    }

    /** A copy with one more extension member. */
    public ProblemException with(String member, Object value) {
        Map<String, Object> ext = new LinkedHashMap<>(extensions);
        ext.put(member, value);
        return new ProblemException(status, title, getMessage(), errors, ext);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<ProblemError> errors() {
        return errors;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public Problem toProblem(String instance) {
        return new Problem(Problem.ABOUT_BLANK, title, status, getMessage(), instance,
                errors.isEmpty() ? null : errors, extensions.isEmpty() ? null : extensions);
    }
}
