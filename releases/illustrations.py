"""A drawn stand-in photo for sample and synthetic releases: a parliament building."""

import io
import random

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1200, 800
SKIES = [((22, 68, 122), (150, 196, 232)), ((60, 52, 110), (236, 180, 140)), ((20, 90, 120), (190, 224, 236))]


def parliament_illustration(seed):
    """JPEG bytes of a stylised parliament building; the seed varies sky and light."""
    rng = random.Random(seed)
    top, bottom = rng.choice(SKIES)
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    for y in range(HEIGHT):
        mix = y / HEIGHT
        draw.line([(0, y), (WIDTH, y)], fill=tuple(int(a + (b - a) * mix) for a, b in zip(top, bottom)))
    stone, shadow = (236, 230, 214), (188, 178, 156)
    left, right, ground = 220, 980, 640
    draw.rectangle([0, ground, WIDTH, HEIGHT], fill=(92, 120, 84))
    for step in range(4):  # steps
        draw.rectangle([left - 40 + step * 12, ground - step * 14, right + 40 - step * 12, ground - step * 14 + 14],
                       fill=stone if step % 2 else shadow)
    base = ground - 56
    draw.rectangle([left, base - 250, right, base], fill=stone)  # hall
    for x in range(left + 30, right - 20, 76):  # columns
        draw.rectangle([x, base - 230, x + 30, base], fill=(250, 247, 238), outline=shadow)
    draw.rectangle([left - 20, base - 280, right + 20, base - 250], fill=shadow)  # entablature
    draw.polygon([(left - 20, base - 280), (600, base - 360), (right + 20, base - 280)], fill=stone)  # pediment
    draw.rectangle([520, base - 430, 680, base - 360], fill=stone)  # drum
    draw.pieslice([500, base - 530, 700, base - 330], 180, 360, fill=(58, 160, 196))  # dome
    draw.line([(600, base - 530), (600, base - 590)], fill=shadow, width=6)
    draw.rectangle([600, base - 590, 650, base - 560], fill=(0, 175, 202))  # flag
    output = io.BytesIO()
    image.save(output, "JPEG", quality=80, optimize=True, progressive=True)
    return output.getvalue()
