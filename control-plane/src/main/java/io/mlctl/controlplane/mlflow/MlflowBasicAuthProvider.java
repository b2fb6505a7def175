package io.mlctl.controlplane.mlflow;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestExecutorAuthenticationProvider;
import io.mlctl.controlplane.security.ApiTokenValidator;
import io.mlctl.controlplane.security.TokenService;
import jakarta.inject.Singleton;

/**
 * MLflow clients set up for an MLflow server with authentication send {@code MLFLOW_TRACKING_USERNAME} and
 * {@code MLFLOW_TRACKING_PASSWORD} as Basic auth. On the MLflow paths only, an mlctl token given as the password is
 * accepted like a bearer token (the user name is not checked: the token alone names its holder in the audit log).
 * Everywhere else mlctl keeps to bearer tokens. The token lookup is blocking JDBC, so it runs on the blocking pool.
 */
@Singleton
public class MlflowBasicAuthProvider<B> implements HttpRequestExecutorAuthenticationProvider<B> {
    private final TokenService tokens;

    public MlflowBasicAuthProvider(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public AuthenticationResponse authenticate(@Nullable HttpRequest<B> request,
                                               AuthenticationRequest<String, String> authRequest) {
        if (request == null || !MlflowPaths.isMlflow(request.getPath())) {
            return AuthenticationResponse.failure(AuthenticationFailureReason.CUSTOM);
        }
        String secret = authRequest.getSecret();
        if (secret == null || secret.isEmpty()) {
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        return tokens.authenticate(secret)
                .map(ApiTokenValidator::authentication)
                .map(a -> AuthenticationResponse.success(a.getName(), a.getRoles(), a.getAttributes()))
                .orElseGet(() -> AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH));
    }
}
