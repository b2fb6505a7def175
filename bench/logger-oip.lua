-- wrk script of bench/logger-overhead.sh: POSTs one OIP v2 inference request (32 FP32 features, a [1, 32] tensor)
-- and prints one RESULT line. The body is built here so every run sends the same bytes.
local values = {}
for i = 1, 32 do
  values[i] = string.format("%.3f", (i * 37 % 100) / 7)
end
wrk.method = "POST"
wrk.path = "/v2/models/bench/infer"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"id":"bench","inputs":[{"name":"INPUT0","shape":[1,32],"datatype":"FP32","data":['
  .. table.concat(values, ",") .. ']}]}'

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format("RESULT requests=%d seconds=%.1f rate=%.1f errors=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.2f\n",
    summary.requests, seconds, summary.requests / seconds, errors,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
