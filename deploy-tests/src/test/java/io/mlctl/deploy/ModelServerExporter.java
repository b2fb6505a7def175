package io.mlctl.deploy;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for what no machine here runs: Triton and vLLM model servers and the NVIDIA DCGM exporter. It serves
 * their real metric names, label sets and types (Triton's counters without _total and its latency summary, vLLM's
 * histograms with colons in the name and the OpenAI server's status-class counter, DCGM's gauges with the
 * {@code namespace}/{@code pod} attribution of its Kubernetes mode) for the pods the operator's Deployments would run,
 * so Prometheus scrapes them (honor_labels, as for the DCGM exporter) and the operator's guardrail presets and the
 * serving dashboard see what a cluster would show. Counters grow with wall-clock time, so rate() has data.
 */
final class ModelServerExporter implements AutoCloseable {
    /** One model-server pod and how it behaves; runtime is triton or vllm; gpuUtil &lt; 0 means no GPU series. */
    record ServedPod(String namespace, String pod, String model, String runtime, double requestsPerSecond,
                     double p50Ms, double p99Ms, double errorRatio, double ttftP99Ms, double gpuUtil,
                     double fbUsedMiB) {
    }

    private static final double[] LATENCY_BOUNDS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final double[] TTFT_BOUNDS = {0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
    private static final double FB_TOTAL_MIB = 40_960;

    private final HttpServer server;
    private final List<ServedPod> pods = new CopyOnWriteArrayList<>();
    private final long startNanos = System.nanoTime();

    ModelServerExporter() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = text().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    ModelServerExporter serve(ServedPod pod) {
        pods.add(pod);
        return this;
    }

    String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    String text() {
        double t = 10 + (System.nanoTime() - startNanos) / 1e9; // as if the servers had been up for 10 s already
        StringBuilder sb = new StringBuilder();
        header(sb, "nv_inference_request_success", "counter", "Number of successful inference requests, all batch sizes");
        header(sb, "nv_inference_request_failure", "counter", "Number of failed inference requests, all batch sizes");
        header(sb, "nv_inference_request_summary_us", "summary", "Summary of inference request duration in microseconds");
        for (ServedPod p : pods) {
            if (!p.runtime().equals("triton")) {
                continue;
            }
            String l = "model=\"" + p.model() + "\",version=\"1\"," + kube(p);
            double total = p.requestsPerSecond() * t;
            line(sb, "nv_inference_request_success", l, total * (1 - p.errorRatio()));
            line(sb, "nv_inference_request_failure", l, total * p.errorRatio());
            line(sb, "nv_inference_request_summary_us", l + ",quantile=\"0.5\"", p.p50Ms() * 1000);
            line(sb, "nv_inference_request_summary_us", l + ",quantile=\"0.9\"", (p.p50Ms() + p.p99Ms()) / 2 * 1000);
            line(sb, "nv_inference_request_summary_us", l + ",quantile=\"0.99\"", p.p99Ms() * 1000);
            line(sb, "nv_inference_request_summary_us_sum", l, total * p.p50Ms() * 1000);
            line(sb, "nv_inference_request_summary_us_count", l, total);
        }
        header(sb, "vllm:e2e_request_latency_seconds", "histogram", "Histogram of end to end request latency in seconds.");
        for (ServedPod p : pods) {
            if (p.runtime().equals("vllm")) {
                histogram(sb, "vllm:e2e_request_latency_seconds", "model_name=\"" + p.model() + "\"," + kube(p),
                        LATENCY_BOUNDS, p.requestsPerSecond() * t, p.p50Ms() / 1000, p.p99Ms() / 1000);
            }
        }
        header(sb, "vllm:time_to_first_token_seconds", "histogram", "Histogram of time to first token in seconds.");
        for (ServedPod p : pods) {
            if (p.runtime().equals("vllm")) {
                histogram(sb, "vllm:time_to_first_token_seconds", "model_name=\"" + p.model() + "\"," + kube(p),
                        TTFT_BOUNDS, p.requestsPerSecond() * t, p.ttftP99Ms() / 4000, p.ttftP99Ms() / 1000);
            }
        }
        header(sb, "http_requests_total", "counter", "Total number of requests by method, status and handler.");
        for (ServedPod p : pods) {
            if (p.runtime().equals("vllm")) {
                double total = p.requestsPerSecond() * t;
                String l = "handler=\"/v1/completions\",method=\"POST\"," + kube(p);
                line(sb, "http_requests_total", l + ",status=\"2xx\"", total * (1 - p.errorRatio()));
                if (p.errorRatio() > 0) {
                    line(sb, "http_requests_total", l + ",status=\"5xx\"", total * p.errorRatio());
                }
            }
        }
        header(sb, "DCGM_FI_DEV_GPU_UTIL", "gauge", "GPU utilization (in %).");
        header(sb, "DCGM_FI_DEV_FB_USED", "gauge", "Framebuffer memory used (in MiB).");
        header(sb, "DCGM_FI_DEV_FB_FREE", "gauge", "Framebuffer memory free (in MiB).");
        int gpu = 0;
        for (ServedPod p : pods) {
            if (p.gpuUtil() < 0) {
                continue;
            }
            String l = String.format(Locale.ROOT, "gpu=\"%d\",UUID=\"GPU-%08x-1b2c-4d5e-8f90-a1b2c3d4e5f6\",device=\"nvidia%d\","
                    + "modelName=\"NVIDIA A100-SXM4-40GB\",Hostname=\"gpu-node-%d\",container=\"model-server\",%s",
                    gpu % 8, gpu, gpu % 8, gpu / 8, kube(p));
            line(sb, "DCGM_FI_DEV_GPU_UTIL", l, p.gpuUtil());
            line(sb, "DCGM_FI_DEV_FB_USED", l, p.fbUsedMiB());
            line(sb, "DCGM_FI_DEV_FB_FREE", l, FB_TOTAL_MIB - p.fbUsedMiB());
            gpu++;
        }
        return sb.toString();
    }

    private static String kube(ServedPod p) {
        return "namespace=\"" + p.namespace() + "\",pod=\"" + p.pod() + "\"";
    }

    private static void header(StringBuilder sb, String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void line(StringBuilder sb, String name, String labels, double value) {
        sb.append(name).append('{').append(labels).append("} ").append(String.format(Locale.ROOT, "%.3f", value)).append('\n');
    }

    /**
     * Cumulative buckets of a latency distribution whose median is {@code p50} and whose 99th percentile is
     * {@code p99} (log-normal), scaled to {@code count} observations.
     */
    private static void histogram(StringBuilder sb, String name, String labels, double[] bounds, double count,
                                  double p50, double p99) {
        double mu = Math.log(p50);
        double sigma = (Math.log(p99) - mu) / 2.326;
        for (double le : bounds) {
            double share = normalCdf((Math.log(le) - mu) / sigma);
            line(sb, name + "_bucket", labels + ",le=\"" + le + "\"", Math.floor(count * share));
        }
        line(sb, name + "_bucket", labels + ",le=\"+Inf\"", Math.floor(count));
        line(sb, name + "_count", labels, Math.floor(count));
        line(sb, name + "_sum", labels, count * Math.exp(mu + sigma * sigma / 2));
    }

    private static double normalCdf(double z) {
        return 0.5 * org.apache.commons.math3.special.Erf.erfc(-z / Math.sqrt(2));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
