-- wrk script for the radius search: `wrk -tT -s search.lua URL -- POINTS_FILE QUERY T`.
-- Every thread cycles through the same fixed list of query points (one "lat,lon" per line), each from
-- its own offset, so over a run every point is asked about equally often, as in pgbench's
-- `random(0, K-1)`. `done()` prints one JSON line with the latency percentiles (microseconds).

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local points_file, query, thread_count = args[1], args[2] or "", tonumber(args[3]) or 1
  requests_list = {}
  for line in io.lines(points_file) do
    local lat, lon = line:match("^([%d%.%-]+),([%d%.%-]+)$")
    if lat then
      local path = "/api/v1/offers?lat=" .. lat .. "&lon=" .. lon .. query
      table.insert(requests_list, wrk.format("GET", path))
    end
  end
  if #requests_list == 0 then
    error("no query points in " .. points_file)
  end
  -- Spread the threads over the list so they do not ask about the same point at the same moment.
  position = math.floor(#requests_list * (id or 0) / thread_count) % #requests_list
end

function request()
  position = position % #requests_list + 1
  return requests_list[position]
end

dofile("bench/wrk_result.lua")
