-- POST a fresh signature each time: a unique e-mail address (run tag, thread, counter) and a client IP
-- of its own in X-Forwarded-For, so no address or IP trips the dedupe or the rate limits.
-- wrk args: a run tag that keeps addresses unique across phases.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local tag = "bench"
local counter = 0
local countries = {"GB", "FR", "DE", "ES", "IT", "NL", "SE", "IR", "EG", "MA", "TR", "AF"}

function init(args)
  tag = args[1] or tag
end

function request()
  counter = counter + 1
  local ip = string.format("10.%d.%d.%d", id % 256, math.floor(counter / 256) % 256, counter % 256)
  local body = string.format(
    "name=Bench+Signer+%d&email=%s-%d-%d%%40example.org&country=%s&postal_code=AB1+2CD" ..
    "&opt_in=on&show_name=on&elapsed=5000&website=",
    counter, tag, id, counter, countries[counter % #countries + 1])
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Forwarded-For"] = ip,
  }, body)
end
