package io.mlctl.controlplane.web;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * Bounds every wait on the database, whichever URL the operator gives: a statement runs at most
 * {@code mlctl.database.statement-timeout} (server side: PostgreSQL's {@code statement_timeout}, H2's
 * {@code QUERY_TIMEOUT}), and a PostgreSQL socket that stays silent longer than that plus
 * {@code mlctl.database.socket-margin} is given up (pgjdbc {@code socketTimeout}), so a frozen server means a 503 with
 * {@code Retry-After} after at most the pool checkout (3 s) plus the socket timeout, never a request hanging for
 * the whole freeze. Settings already in the URL win (pgjdbc reads URL parameters over these properties; an H2 URL
 * with QUERY_TIMEOUT is left alone).
 */
@Singleton
public final class DatabaseTimeouts implements BeanCreatedEventListener<DatasourceConfiguration> {
    private final long statementTimeoutMs;
    private final long socketTimeoutSeconds;

    public DatabaseTimeouts(@Value("${mlctl.database.statement-timeout:10s}") java.time.Duration statementTimeout,
                            @Value("${mlctl.database.socket-margin:5s}") java.time.Duration socketMargin) {
        this.statementTimeoutMs = statementTimeout.toMillis();
        this.socketTimeoutSeconds = Math.max(1, (statementTimeout.plus(socketMargin).toMillis() + 999) / 1000);
    }

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration config = event.getBean();
        String url = config.getJdbcUrl() != null ? config.getJdbcUrl() : config.getUrl();
        if (url == null) {
            return config;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            config.addDataSourceProperty("socketTimeout", String.valueOf(socketTimeoutSeconds));
            config.addDataSourceProperty("options", "-c statement_timeout=" + statementTimeoutMs);
        } else if (url.startsWith("jdbc:h2:") && !url.toUpperCase(java.util.Locale.ROOT).contains("QUERY_TIMEOUT")) {
            String withTimeout = url + ";QUERY_TIMEOUT=" + statementTimeoutMs;
            config.setUrl(withTimeout);
            config.setJdbcUrl(withTimeout);
        }
        return config;
    }
}
