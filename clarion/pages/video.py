"""Recognising YouTube and Vimeo addresses offline, so saving and rendering a video never calls out."""

import re
from urllib.parse import parse_qs, urlsplit

_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com",
                  "www.youtube-nocookie.com"}
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^\d{6,12}$")


def parse_video_url(url):
    """Return (provider, video_id) for a YouTube or Vimeo address, or None when it is neither."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    candidate = None
    if host == "youtu.be" and segments:
        candidate = ("youtube", segments[0])
    elif host in _YOUTUBE_HOSTS:
        if segments[:1] == ["watch"]:
            candidate = ("youtube", (parse_qs(parts.query).get("v") or [""])[0])
        elif len(segments) >= 2 and segments[0] in {"embed", "shorts", "live", "v"}:
            candidate = ("youtube", segments[1])
    elif host in {"vimeo.com", "www.vimeo.com", "player.vimeo.com"} and segments:
        candidate = ("vimeo", segments[-1])
    if candidate is None:
        return None
    provider, video_id = candidate
    pattern = _YOUTUBE_ID if provider == "youtube" else _VIMEO_ID
    return candidate if pattern.fullmatch(video_id) else None


def embed_url(provider, video_id):
    """The privacy-preserving player address, loaded only after the visitor presses play."""
    if provider == "youtube":
        return f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1&rel=0"
    return f"https://player.vimeo.com/video/{video_id}?autoplay=1&dnt=1"


def watch_url(provider, video_id):
    if provider == "youtube":
        return f"https://www.youtube.com/watch?v={video_id}"
    return f"https://vimeo.com/{video_id}"
