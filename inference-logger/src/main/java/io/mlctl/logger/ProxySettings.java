package io.mlctl.logger;

import java.net.InetSocketAddress;
import java.util.function.BiPredicate;

/**
 * What the proxy needs to know per request: where the model server is, how much of a body to copy, at what rate to
 * log, and where finished pairs go.
 *
 * @param upstream       the model server
 * @param maxBodyBytes   largest body copied for decoding; larger ones are forwarded untouched and counted too_large
 * @param sampleRate     share of request ids logged, 0..1
 * @param connectTimeoutMillis how long a connection to the model server may take before the client gets a 502
 * @param inference     whether (method, path) is an inference call worth copying (health, metadata and metrics
 *                      calls are forwarded without a copy)
 * @param budget        the CPU budget of the logging work: its share says how many sampled requests are logged now
 */
record ProxySettings(InetSocketAddress upstream, int maxBodyBytes, double sampleRate, int connectTimeoutMillis,
                     BiPredicate<String, String> inference, CpuBudget budget) {
}
