-- wrk script for "for you": `wrk -tT -s for_you.lua URL -- SESSIONS_FILE T`. Each request is signed in as
-- one of the sampled volunteers (one session cookie per line), cycling from a per-thread offset, so every
-- person's ranking is asked for equally often. `done()` prints one JSON line (microseconds).

local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  local sessions_file, thread_count = args[1], tonumber(args[2]) or 1
  requests_list = {}
  for line in io.lines(sessions_file) do
    if #line > 0 then
      table.insert(requests_list, wrk.format("GET", "/api/v1/me/offers/for-you", {["Cookie"] = "session=" .. line}))
    end
  end
  if #requests_list == 0 then
    error("no sessions in " .. sessions_file)
  end
  position = math.floor(#requests_list * (id or 0) / thread_count) % #requests_list
end

function request()
  position = position % #requests_list + 1
  return requests_list[position]
end

function response(status, headers, body)
  if status ~= 200 then
    error("for-you answered " .. status .. ": " .. body)
  end
end

dofile("bench/wrk_result.lua")
