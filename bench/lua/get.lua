-- GET the URL given to wrk, over and over.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
