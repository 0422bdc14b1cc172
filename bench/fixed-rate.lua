-- wrk script: a fixed request rate. Each connection waits between requests so that all connections together send about
-- RATE requests/s (first script argument: requests/s in all; second: connections). wrk's delay is whole milliseconds, so
-- the wait alternates between the two nearest whole values to hit the mean.
local mean_ms = 0

function init(args)
  local rate = tonumber(args[1]) or 10000
  local connections = tonumber(args[2]) or 1
  mean_ms = 1000 * connections / rate
end

function delay()
  local low = math.floor(mean_ms)
  if math.random() < mean_ms - low then
    return low + 1
  end
  return low
end
