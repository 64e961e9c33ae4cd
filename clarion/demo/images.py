"""Slideshow pictures for the demo campaign, drawn at load time so no image files live in the repository."""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1600, 900

# (sky top, sky bottom, ground) colours for each scene: dawn, noon, dusk, night…
PALETTES = [
    ((246, 185, 120), (250, 228, 190), (120, 92, 64)),
    ((120, 170, 215), (205, 225, 240), (150, 120, 80)),
    ((200, 90, 70), (245, 170, 110), (90, 60, 50)),
    ((30, 40, 80), (80, 90, 140), (40, 35, 45)),
    ((160, 190, 200), (225, 230, 225), (130, 130, 110)),
]


def _gradient(top, bottom):
    image = Image.new("RGB", (WIDTH, HEIGHT), top)
    draw = ImageDraw.Draw(image)
    for y in range(HEIGHT):
        t = y / HEIGHT
        colour = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (WIDTH, y)], fill=colour)
    return image


def _tents(draw, rng, ground_y, colour):
    for _ in range(rng.randint(6, 14)):
        x = rng.randint(-100, WIDTH)
        w = rng.randint(120, 320)
        h = int(w * rng.uniform(0.45, 0.7))
        y = ground_y + rng.randint(-20, 160)
        shade = tuple(max(0, min(255, c + rng.randint(-30, 30))) for c in colour)
        draw.polygon([(x, y), (x + w // 2, y - h), (x + w, y)], fill=shade)
        draw.polygon([(x + w // 2 - w // 10, y), (x + w // 2, y - h // 2), (x + w // 2 + w // 10, y)],
                     fill=(40, 30, 25))


def _people(draw, rng, ground_y):
    for _ in range(rng.randint(3, 9)):
        x = rng.randint(0, WIDTH)
        y = ground_y + rng.randint(120, 300)
        scale = rng.uniform(0.7, 1.3)
        draw.ellipse([x - 14 * scale, y - 120 * scale, x + 14 * scale, y - 92 * scale], fill=(35, 30, 30))
        draw.rounded_rectangle([x - 20 * scale, y - 90 * scale, x + 20 * scale, y], radius=int(12 * scale),
                               fill=(35, 30, 30))


def draw_scene(number):
    """A landscape of a camp: sky, hills, tents and people, different for every number."""
    rng = random.Random(number)
    top, bottom, ground = PALETTES[number % len(PALETTES)]
    image = _gradient(top, bottom)
    draw = ImageDraw.Draw(image)
    ground_y = int(HEIGHT * rng.uniform(0.52, 0.62))
    sun_x = rng.randint(200, WIDTH - 200)
    draw.ellipse([sun_x - 70, 120, sun_x + 70, 260], fill=(255, 240, 200))
    hills = [(0, ground_y)] + [(x, ground_y - rng.randint(30, 140)) for x in range(0, WIDTH + 200, 200)]
    draw.polygon(hills + [(WIDTH, HEIGHT), (0, HEIGHT)], fill=tuple(int(c * 0.8) for c in ground))
    draw.rectangle([0, ground_y + 60, WIDTH, HEIGHT], fill=ground)
    _tents(draw, rng, ground_y + 80, (225, 225, 215))
    _people(draw, rng, ground_y)
    image = image.filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()
