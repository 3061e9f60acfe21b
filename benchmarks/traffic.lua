-- wrk script for benchmarks/traffic.py: each thread replays its share of the addresses
-- the benchmark drew (every `step`-th line from `start`), counts the answers the page
-- cache gave (they carry an Age header) and the answers by error status, and the run's latency histogram is written
-- to the file named by TRAFFIC_REPORT, one "microseconds count" line per value.

local threads = {}

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

function init(args)
   paths = {}
   for line in io.lines(args[1]) do
      paths[#paths + 1] = line
   end
   step = tonumber(args[3])
   position = tonumber(args[2]) + id
   answered, from_cache, refused = 0, 0, {}
end

function request()
   local path = paths[position % #paths + 1]
   position = position + step
   return wrk.format("GET", path)
end

function response(status, headers, body)
   answered = answered + 1
   if headers["Age"] or headers["age"] then
      from_cache = from_cache + 1
   end
   if status >= 400 then
      refused[status] = (refused[status] or 0) + 1
   end
end

function done(summary, latency, requests)
   local report = io.open(os.getenv("TRAFFIC_REPORT"), "w")
   local answered, from_cache = 0, 0
   for _, thread in ipairs(threads) do
      answered = answered + thread:get("answered")
      from_cache = from_cache + thread:get("from_cache")
   end
   report:write(string.format("answered %d\nfrom_cache %d\n", answered, from_cache))
   local statuses = {}
   for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("refused")) do
         statuses[status] = (statuses[status] or 0) + count
      end
   end
   local parts = {}
   for status, count in pairs(statuses) do
      parts[#parts + 1] = string.format("%d:%d", status, count)
   end
   report:write("refused " .. table.concat(parts, ",") .. "\n")
   for i = 1, #latency do
      local microseconds, count = latency(i)
      report:write(string.format("%d %d\n", microseconds, count))
   end
   report:close()
end
