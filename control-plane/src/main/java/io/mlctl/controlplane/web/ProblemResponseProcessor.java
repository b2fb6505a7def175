package io.mlctl.controlplane.web;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.http.HttpStatus;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.mlctl.api.common.Problem;
import io.mlctl.api.common.ProblemError;
import io.mlctl.api.common.ProblemException;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Every error answer of the server, whoever produced it (our {@link ProblemException}, bean validation, bad JSON,
 * unknown route, 405, 413, 415, security's 401/403, an unhandled exception), goes through here and leaves as
 * {@code application/problem+json}. A database outage becomes 503 with {@code Retry-After}; any other server error
 * becomes a 500 whose detail names a log reference instead of a stack trace.
 */
@Singleton
@Primary
public final class ProblemResponseProcessor implements ErrorResponseProcessor<Problem> {
    static final int RETRY_AFTER_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponseProcessor.class);
    private final List<ErrorDialect> dialects;

    public ProblemResponseProcessor(List<ErrorDialect> dialects) {
        this.dialects = dialects;
    }

    @Override
    @NonNull
    public MutableHttpResponse<Problem> processResponse(@NonNull ErrorContext context,
                                                        @NonNull MutableHttpResponse<?> response) {
        for (ErrorDialect dialect : dialects) {
            if (dialect.handles(context.getRequest())) {
                @SuppressWarnings("unchecked")
                MutableHttpResponse<Problem> other = (MutableHttpResponse<Problem>) dialect.processResponse(context, response);
                return other;
            }
        }
        String instance = context.getRequest().getPath();
        Throwable cause = context.getRootCause().orElse(null);
        Problem problem;
        if (cause instanceof ProblemException pe) {
            problem = pe.toProblem(instance);
            if (pe.status() == 503) {
                // a feature's "try again shortly" (e.g. a lock held by a window close): same contract as an outage
                response.header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            }
        } else if (cause != null && DatabaseFailures.isUnavailable(cause)) {
            DatabaseFailures.report(context.getRequest().getMethod() + " " + instance, cause);
            problem = new Problem(Problem.ABOUT_BLANK, "Service Unavailable", 503,
                    "the database is unavailable; retry in a few seconds", instance, null, null);
            response.header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        } else if (cause instanceof ConversionErrorException ce) {
            problem = fromConversion(ce, instance);
        } else if (cause instanceof ConstraintViolationException cve) {
            problem = fromViolations(cve, instance);
        } else if (response.code() >= 500) {
            String ref = UUID.randomUUID().toString();
            LOG.error("internal error {} on {} {}", ref, context.getRequest().getMethod(), instance, cause);
            problem = new Problem(Problem.ABOUT_BLANK, reason(response.code()), response.code(),
                    "internal error (log reference " + ref + ")", instance, null, null);
        } else {
            problem = fromErrors(context, response.code(), instance);
        }
        if (problem.status() == 401) {
            // RFC 6750: tell the client which scheme to use
            response.header("WWW-Authenticate", "Bearer realm=\"mlctl\"");
        }
        problem = bounded(problem);
        MutableHttpResponse<Problem> out = response.status(HttpStatus.valueOf(problem.status())).body(problem);
        out.contentType(Problem.MEDIA_TYPE);
        return out;
    }

    private static Problem fromErrors(ErrorContext context, int status, String instance) {
        List<ProblemError> errors = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (Error e : context.getErrors()) {
            messages.add(e.getMessage());
            e.getPath().ifPresent(path -> errors.add(ProblemError.field(path, e.getMessage())));
        }
        String detail = messages.isEmpty() ? reason(status) : String.join("; ", messages);
        if (status == 401) {
            detail = "a valid bearer token is required (header 'Authorization: Bearer <token>'; MLCTL_TOKEN for the "
                    + "CLI); this one is missing, unknown or revoked";
        } else if (status == 403) {
            detail = "the token's role does not allow this request (viewer: reads; editor: writes; admin: tokens "
                    + "and deleting models)";
        }
        return new Problem(Problem.ABOUT_BLANK, reason(status), status, clean(detail), instance,
                errors.isEmpty() ? null : errors, null);
    }

    /** Longest detail, and longest reason per error, an answer carries: errors never repeat a huge input whole. */
    static final int MAX_DETAIL = 1000;
    static final int MAX_REASON = 300;

    private static Problem bounded(Problem p) {
        List<ProblemError> errors = p.errors();
        if (errors != null) {
            errors = errors.stream().map(e -> e.reason() != null && e.reason().length() > MAX_REASON
                    ? new ProblemError(e.line(), e.field() == null ? null : cut(e.field(), 200), cut(e.reason(), MAX_REASON))
                    : e).toList();
        }
        String detail = p.detail() == null ? null : cut(p.detail(), MAX_DETAIL);
        return new Problem(p.type(), p.title(), p.status(), detail, p.instance(), errors, p.extensions());
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "... (" + s.length() + " characters)";
    }

    /** A body or parameter that could not be read into its type: unknown member, wrong type, bad enum value. */
    private static Problem fromConversion(ConversionErrorException e, String instance) {
        Throwable why = e.getConversionError().getCause();
        for (Throwable t = why; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BodyFieldException field && !field.field().isEmpty()) {
                String reason = clean(field.getMessage().substring(field.field().length() + 2));
                return new Problem(Problem.ABOUT_BLANK, "Bad Request", 400, "cannot read the request body: "
                        + field.field() + ": " + reason, instance,
                        List.of(ProblemError.field(field.field(), reason)), null);
            }
        }
        String reason = why == null || why.getMessage() == null ? e.getMessage() : why.getMessage();
        String name = e.getArgument().getName();
        String detail = "cannot read " + ("request".equals(name) || "body".equals(name) ? "the request body" : "'" + name + "'")
                + ": " + clean(reason);
        return new Problem(Problem.ABOUT_BLANK, "Bad Request", 400, detail, instance,
                List.of(ProblemError.field(name, clean(reason))), null);
    }

    private static Problem fromViolations(ConstraintViolationException e, String instance) {
        List<ProblemError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(ProblemError.field(fieldOf(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(java.util.Comparator.comparing(ProblemError::field));
        String detail = errors.stream().map(err -> err.field() + " " + err.reason())
                .collect(java.util.stream.Collectors.joining("; "));
        return new Problem(Problem.ABOUT_BLANK, "Bad Request", 400, detail, instance, errors, null);
    }

    /**
     * The field as the client knows it: {@code create.request.serving.port} (method, body parameter, path in the
     * body) becomes {@code serving.port}; a violated query parameter keeps its own name.
     */
    static String fieldOf(Path path) {
        List<String> names = new ArrayList<>();
        boolean parameterSeen = false;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameterSeen = true;
                names.clear();
            }
            String n = node.getName();
            if (node.getIndex() != null) {
                n = n + "[" + node.getIndex() + "]";
            } else if (node.getKey() != null) {
                n = n + "[" + node.getKey() + "]";
            }
            names.add(n);
        }
        if (parameterSeen && names.size() > 1) {
            names.remove(0);
        }
        return String.join(".", names);
    }

    /** Keeps messages on one line and free of Java class names users cannot act on. */
    private static String clean(String detail) {
        String d = detail.replace('\n', ' ').replace('\r', ' ');
        d = d.replaceAll("\\(through reference chain:[^)]*\\)", "").trim();
        // Jackson's location suffix says the source is redacted; the line and column are all that helps
        d = d.replace("[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ", "[");
        return d.length() > 1000 ? d.substring(0, 1000) + "..." : d;
    }

    static String reason(int status) {
        try {
            return HttpStatus.valueOf(status).getReason();
        } catch (IllegalArgumentException e) {
            return "HTTP " + status;
        }
    }
}
