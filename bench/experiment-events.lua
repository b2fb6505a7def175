-- wrk load: POST NDJSON event batches to one experiment, every request a new batch of new units.
--   wrk -t2 -c4 -d30s -s bench/experiment-events.lua http://127.0.0.1:8080
-- env: MLCTL_TOKEN (editor or admin), EXPERIMENT (default bench), BATCH (events' units per request, default 1000)
-- Each unit sends an exposure, a latency value and, for ~10% of units, a conversion: about 2.1 events per unit.
local token = os.getenv("MLCTL_TOKEN")
local experiment = os.getenv("EXPERIMENT") or "bench"
local batch = tonumber(os.getenv("BATCH") or "1000")
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  run = tostring(os.time())
  math.randomseed(os.time() + tid)
end

function request()
  counter = counter + 1
  local lines = {}
  for i = 1, batch do
    local unit = "u" .. run .. "-" .. tid .. "-" .. counter .. "-" .. i
    lines[#lines + 1] = '{"type":"exposure","unit":"' .. unit .. '"}'
    lines[#lines + 1] = '{"type":"metric","unit":"' .. unit .. '","metric":"latency-ms","value":' .. (150 + math.random(100)) .. '}'
    if math.random() < 0.1 then
      lines[#lines + 1] = '{"type":"metric","unit":"' .. unit .. '","metric":"conversion","value":1}'
    end
  end
  local headers = {
    ["Content-Type"] = "application/x-ndjson",
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = run .. "-" .. tid .. "-" .. counter,
  }
  return wrk.format("POST", "/api/v1/experiments/" .. experiment .. "/events", headers, table.concat(lines, "\n") .. "\n")
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("HTTP " .. status .. ": " .. body .. "\n")
  end
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format("batches/s %.1f   units/s %.0f   events/s ~%.0f   errors %d\n",
    summary.requests / secs, summary.requests * batch / secs, summary.requests * batch * 2.1 / secs,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
