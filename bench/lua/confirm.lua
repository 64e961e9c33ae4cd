-- GET a confirmation link per request; thread k of n takes tokens k, k+n, k+2n... from the file.
-- wrk args: the tokens file (one per line) and the number of wrk threads.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local paths = {}
local position = 0
wrapped = 0

function init(args)
  local nthreads = tonumber(args[2]) or 1
  local line_no = 0
  for token in io.lines(args[1]) do
    if line_no % nthreads == id then
      table.insert(paths, "/petitions/confirm/" .. token .. "/")
    end
    line_no = line_no + 1
  end
end

function request()
  position = position + 1
  if position > #paths then
    position = 1
    wrapped = wrapped + 1
  end
  return wrk.format("GET", paths[position])
end
