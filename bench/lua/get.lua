-- GET the URL given to wrk, over and over. wrk arg "fresh": send a cookie, so the server renders every
-- request instead of answering from its anonymous page cache.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

function init(args)
  if args[1] == "fresh" then
    wrk.headers["Cookie"] = "bench=fresh"
  end
end
