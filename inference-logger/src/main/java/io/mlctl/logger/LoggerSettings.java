package io.mlctl.logger;

import io.mlctl.protocol.Protocol;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

/** Everything {@code mlctl logger} was told, checked; {@code kafka} is null for {@code --sink http}. */
record LoggerSettings(URI upstream,
                      InetSocketAddress listen,
                      Protocol protocol,
                      String model,
                      int version,
                      double sampleRate,
                      int batchSize,
                      Duration flushInterval,
                      int queueCapacity,
                      long queueMemoryBytes,
                      int maxBodyBytes,
                      InetSocketAddress admin,
                      URI server,
                      String token,
                      int ioThreads,
                      Duration connectTimeout,
                      Duration sendTimeout,
                      Duration retryFor,
                      Duration shutdownTimeout,
                      KafkaShipper.Settings kafka, double loggingCpuBudget) {
}
