-- wrk script: sends each connection's requests in pipelined batches (depth from the first script argument, default 16),
-- the way the TechEmpower plaintext test does.
local depth = 16
local batch

function init(args)
  depth = tonumber(args[1]) or depth
  local request = wrk.format("GET", "/plaintext")
  batch = string.rep(request, depth)
end

function request()
  return batch
end
