-- wrk script: the registry's read path at a fixed rate.
-- Each connection sends one request, then waits `gap` ms (wrk's delay() hook), so the offered rate is
-- connections * 1000 / (gap + latency) requests/s. Requests alternate between GET of a version and alias
-- resolution. Environment: MLCTL_TOKEN (bearer token), BENCH_GAP_MS, BENCH_VERSIONS.

local token = os.getenv("MLCTL_TOKEN")
local gap = tonumber(os.getenv("BENCH_GAP_MS") or "100")
local versions = tonumber(os.getenv("BENCH_VERSIONS") or "20")
local counter = 0

function init(args)
  math.randomseed(os.time() + counter)
end

function delay()
  return gap
end

function request()
  counter = counter + 1
  local path
  if counter % 2 == 0 then
    path = "/api/v1/models/bench/versions/" .. math.random(1, versions)
  else
    path = "/api/v1/resolve?uri=models:/bench@production"
  end
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json"})
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format("RESULT requests=%d seconds=%.1f rate=%.1f errors=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, seconds, summary.requests / seconds, errors,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
