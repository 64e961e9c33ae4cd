"""The read API's figures (issue 16): petition detail and live count at 16 connections, answered as a busy
site answers them (page cache and all), against the raw reference's small JSON document; and what one
uncached detail costs (p50 at one connection, the page cache bypassed by a cookie)."""

API_FIGURES = {"api_cached": "requests/s", "api_detail_uncached": "ms"}
CACHED_TARGET = 0.7
UNCACHED_TARGET_MS = 20


def api(phases):
    pk = phases.info["petition_pk"]
    paths = {"detail": f"/api/v1/petitions/{pk}/", "count": f"/api/v1/petitions/{pk}/count/"}
    share = max(phases.seconds / 4, 2)
    raw = phases.wrk.run(phases.url("/count.json", raw=True), "get.lua", share)
    for name, path in paths.items():
        load = phases.wrk.run(phases.url(path), "get.lua", share)
        ratio = round(load.rate(200) / raw.rate(200), 3) if raw.rate(200) else None
        phases.emit("api_cached", load.rate(200), endpoint=name, path=path, reference=raw.rate(200), ratio=ratio,
                    **phases.seen(load, 200), connections=16, server=phases.site.server_label,
                    target=f"ratio >= {CACHED_TARGET}", meets_target=ratio is not None and ratio >= CACHED_TARGET,
                    note="reference: the raw WSGI app answering a small JSON document")
    load = phases.probe(paths["detail"])
    phases.emit("api_detail_uncached", load.ms("p50"), path=paths["detail"], **phases.seen(load, 200),
                requests=load.answered(200), target=f"p50 <= {UNCACHED_TARGET_MS} ms",
                meets_target=load.answered(200) > 0 and load.ms("p50") <= UNCACHED_TARGET_MS,
                note="one connection, requests one after another, each computed (a cookie keeps the page cache "
                     "out of the way; the counts still come from the counting rounds' cache)")
