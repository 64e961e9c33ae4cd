-- POST what a careless robot or an attacker sends: every request is wrong in one of several ways, and
-- each must get a quick 4xx. wrk args: none.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local counter = 0
local form = "application/x-www-form-urlencoded"
local big = string.rep("x", 1100 * 1024)
local kinds = {
  -- nothing at all
  function() return form, "" end,
  -- no e-mail address
  function() return form, "name=Nobody&country=FR&elapsed=5000" end,
  -- not an e-mail address, an unknown country
  function() return form, "name=Odd&email=not-an-address&country=ZZ&elapsed=5000" end,
  -- header injection in the address
  function() return form, "name=Inject&email=a%40example.org%0d%0aBcc%3a+b%40example.org&country=FR&elapsed=5000" end,
  -- markup and links in the name
  function() return form, "name=%3Cscript%3E+http%3A%2F%2Fspam.example&email=s%40example.org&country=FR&elapsed=5000" end,
  -- JSON where a form is expected
  function() return "application/json", '{"name": "J", "email": "j@example.org"}' end,
  -- bytes that are not UTF-8
  function() return form, "name=%ff%fe%fd&email=u%40example.org&country=FR&elapsed=5000" end,
  -- a body over the size limit
  function() return form, "name=" .. big end,
}

function request()
  counter = counter + 1
  local kind = kinds[counter % #kinds + 1]
  local content_type, body = kind()
  local ip = string.format("10.200.%d.%d", id % 256, counter % 256)
  return wrk.format("POST", nil, {["Content-Type"] = content_type, ["X-Forwarded-For"] = ip}, body)
end
