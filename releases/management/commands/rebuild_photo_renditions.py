from django.core.management.base import BaseCommand

from releases import images
from releases.models import Release


class Command(BaseCommand):
    help = (
        "Make the renditions of every release photo again and measure it anew, e.g. after the renditions' widths "
        "changed. Safe to run again."
    )

    def handle(self, *args, **options):
        with_photo = Release.objects.exclude(photo="")
        sources = with_photo.order_by().values_list("photo", flat=True).distinct()
        rebuilt = 0
        for source in sources:
            shown_by = with_photo.filter(photo=source)
            previous = shown_by.values_list("photo_renditions", flat=True).first()
            try:
                stored = images.process(source)
            except OSError as error:
                self.stderr.write(f"{source}: {error}")
                continue
            old_widths = {width for width, _height in previous.get("sizes", [])}
            images.delete_renditions(source, old_widths - {width for width, _height in stored.renditions["sizes"]})
            shown_by.update(
                photo_renditions=stored.renditions, photo_width=stored.width, photo_height=stored.height,
                photo_size=stored.size,
            )
            rebuilt += 1
        self.stdout.write(f"Renditions made for {rebuilt} photos.")
