"""Release photos: what an upload must be, and the files made from it when it is saved.

An upload is checked whole before anything is written (`validate_photo`). When a
release with a new photo is saved, the original is re-encoded upright, in sRGB and
without its metadata (camera, GPS), and resized copies ("renditions") are made in
WebP and JPEG next to it, once (`process`), and its width, height and size in bytes
are recorded. Pages then only read `Release.photo_renditions` and those fields:
nothing is resized, opened or looked up while a reader waits.
"""

import contextvars
import io
import posixpath
import uuid
import warnings
from contextlib import contextmanager
from pathlib import PurePosixPath
from typing import NamedTuple

from django import forms
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.storage import default_storage
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 50_000_000
# Pillow refuses to open an image beyond twice this and warns beyond it; validate_photo
# turns the warning into a refusal too, so nothing larger is ever decoded.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

# Pillow's format name: the extension the stored original gets.
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ORIGINAL_OPTIONS = {"JPEG": {"quality": 90}, "PNG": {}, "WEBP": {"quality": 90}}
# Widths of the renditions, capped at the original's; each in WebP with a JPEG fallback.
RENDITION_WIDTHS = (480, 800, 1200)
RENDITION_FORMATS = {"webp": ("WEBP", {"quality": 80, "method": 4}),
                     "jpg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True})}
SRGB = ImageCms.createProfile("sRGB")
# The lists of files written so far in each open `discarded_on_error` block, innermost last.
_open_blocks = contextvars.ContextVar("photo_file_blocks", default=())


@contextmanager
def discarded_on_error():
    """Files `save_file` writes inside the block are deleted again if the block fails.

    Wrap it around the transaction that writes the rows naming the files, so a row that
    is rolled back leaves no file behind. Blocks nest: an outer block that fails deletes
    what its inner blocks wrote too.
    """
    written = []
    token = _open_blocks.set((*_open_blocks.get(), written))
    try:
        yield
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    finally:
        _open_blocks.reset(token)


def save_file(name, content, max_length=None):
    """Store a file as `default_storage.save` does, noted for `discarded_on_error`; return its stored name."""
    name = default_storage.save(name, content, max_length=max_length)
    for written in _open_blocks.get():
        written.append(name)
    return name


def validate_photo(file):
    """Refuse anything but a whole JPEG, PNG or WebP within the size limits."""
    if file.size > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; photos can be at most %(limit)s."),
            code="file_too_big", params={"size": filesizeformat(file.size), "limit": filesizeformat(MAX_BYTES)},
        )
    too_many_pixels = ValidationError(
        _("The image has too many pixels: at most %(limit)s megapixels are accepted."),
        code="too_many_pixels", params={"limit": MAX_PIXELS // 1_000_000},
    )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                if image.format not in EXTENSIONS:
                    raise ValidationError(
                        _("Photos must be JPEG, PNG or WebP; this file is %(format)s."),
                        code="unsupported_format", params={"format": image.format},
                    )
                if image.width * image.height > MAX_PIXELS:
                    raise too_many_pixels
                image.load()  # decodes every pixel: a truncated file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("This file is not an image. Upload a JPEG, PNG or WebP photo."), code="not_an_image"
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("The image is damaged or incomplete. Upload the file again or export it anew."), code="damaged_image"
        ) from None
    finally:
        file.seek(0)


# An upload kept for the form's next try after a validation error: in the cache, which
# forgets it by itself, so an abandoned form leaves no file behind.
KEPT_SECONDS = 6 * 60 * 60
KEPT_SALT = "releases.kept-photo"


def keep_upload(upload):
    """A signed key to the upload kept for a while; None if the cache could not take it."""
    key = f"kept-photo:{uuid.uuid4().hex}"
    upload.seek(0)
    kept = cache.add(key, {"name": upload.name, "content_type": upload.content_type, "content": upload.read()},
                     KEPT_SECONDS)
    upload.seek(0)
    return signing.dumps(key, salt=KEPT_SALT) if kept else None


def kept_upload(signed_key):
    """The upload `keep_upload` kept, or None if the key is forged, too old, or forgotten."""
    try:
        kept = cache.get(signing.loads(signed_key, salt=KEPT_SALT, max_age=KEPT_SECONDS))
    except signing.BadSignature:
        return None
    return SimpleUploadedFile(kept["name"], kept["content"], kept["content_type"]) if kept else None


def forget_upload(signed_key):
    try:
        cache.delete(signing.loads(signed_key, salt=KEPT_SALT))
    except signing.BadSignature:
        pass


class PhotoFormField(forms.ImageField):
    """An image upload checked by `validate_photo` first, so each problem gets its own message."""

    def to_python(self, data):
        if data not in self.empty_values:
            validate_photo(data)
        return super().to_python(data)


class PhotoField(models.ImageField):
    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhotoFormField, **kwargs})


def upright_srgb(image):
    """The image turned as its EXIF orientation says, in sRGB, carrying no metadata at all."""
    image = ImageOps.exif_transpose(image)
    mode = "RGBA" if image.has_transparency_data else "RGB"
    converted = None
    if profile := image.info.get("icc_profile"):
        try:
            converted = ImageCms.profileToProfile(image, io.BytesIO(profile), SRGB, outputMode=mode)
        except ImageCms.PyCMSError:
            pass  # an unreadable profile: take the pixels as they are
    if converted is None:
        converted = image.convert(mode)
    converted.info = {}
    return converted


def encode(image, format_name, **options):
    output = io.BytesIO()
    image.save(output, format_name, **options)
    return output.getvalue()


def clean_original(file):
    """The uploaded photo re-encoded upright and without metadata, named for its format."""
    file.seek(0)
    with Image.open(file) as image:
        format_name = image.format
        clean = upright_srgb(image)
    name = PurePosixPath(file.name).with_suffix(f".{EXTENSIONS[format_name]}").name
    return ContentFile(encode(clean, format_name, **ORIGINAL_OPTIONS[format_name]), name=name)


def rendition_name(source, width, extension):
    """Where a rendition of a stored photo lives: `releases/2026/05/renditions/a.jpg.480w.webp`."""
    return renditions_stem(source) + rendition_ending(width, extension)


def renditions_stem(source):
    """A stored photo's rendition names without their endings: `releases/2026/05/renditions/a.jpg`."""
    # String work, not PurePosixPath: a page with a dozen photos asks for a hundred names.
    folder, name = posixpath.split(source)
    return posixpath.join(folder, "renditions", name)


def rendition_ending(width, extension):
    return f".{width}w.{extension}"


def rendition_urls(source):
    """A function of (width, extension) giving the address of a stored photo's rendition.

    The storage is asked once per photo, for the renditions' common stem: the storages we use
    (the file system's, S3's with a custom domain) make an address by quoting the name after a
    fixed prefix, and quoting leaves a rendition's ending (`.480w.webp`) as it is.
    """
    stem = default_storage.url(renditions_stem(source))
    return lambda width, extension: stem + rendition_ending(width, extension)


class StoredPhoto(NamedTuple):
    """A stored photo with everything a page shows of it: `Release.use_photo` records it."""

    name: str
    renditions: dict
    width: int
    height: int
    size: int


def process(source):
    """Make the renditions of a stored photo and measure it: a StoredPhoto."""
    renditions = make_renditions(source)
    with default_storage.open(source) as file, Image.open(file) as image:
        width, height = image.size
    return StoredPhoto(source, renditions, width, height, default_storage.size(source))


def make_renditions(source):
    """Write every rendition of a stored photo, replacing older ones; return what `photo_renditions` records.

    Every rendition is encoded before the first is written, so a photo that cannot be
    resized leaves no half-made set behind.
    """
    with default_storage.open(source) as file, Image.open(file) as image:
        image = upright_srgb(image)
    widths = sorted({min(width, image.width) for width in RENDITION_WIDTHS})
    sizes, encoded = [], {}
    for width in widths:
        # A panorama thinner than its scale factor still keeps a row of pixels.
        height = max(1, round(image.height * width / image.width))
        resized = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for extension, (format_name, options) in RENDITION_FORMATS.items():
            picture = resized if format_name == "WEBP" else flatten(resized)
            encoded[rendition_name(source, width, extension)] = encode(picture, format_name, **options)
        sizes.append([width, height])
    with discarded_on_error():
        for name, content in encoded.items():
            default_storage.delete(name)
            save_file(name, ContentFile(content))
    return {"source": source, "sizes": sizes}


def flatten(image):
    """An RGB copy for JPEG, transparent parts on white."""
    if image.mode != "RGBA":
        return image
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background


def delete_files(renditions):
    """Delete a photo and its renditions, unless another release still shows the same photo."""
    from .models import Release  # the model module imports this one

    source = renditions.get("source")
    if not source or Release.objects.filter(photo=source).exists():
        return
    delete_renditions(source, [width for width, _height in renditions["sizes"]])
    default_storage.delete(source)


def delete_renditions(source, widths):
    for width in widths:
        for extension in RENDITION_FORMATS:
            default_storage.delete(rendition_name(source, width, extension))
