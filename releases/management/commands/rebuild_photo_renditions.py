from django.core.management.base import BaseCommand

from releases import images
from releases.models import Release


class Command(BaseCommand):
    help = "Make the renditions of every release photo again, e.g. after their widths changed. Safe to run again."

    def handle(self, *args, **options):
        with_photo = Release.objects.exclude(photo="")
        sources = with_photo.order_by().values_list("photo", flat=True).distinct()
        rebuilt = 0
        for source in sources:
            shown_by = with_photo.filter(photo=source)
            previous = shown_by.values_list("photo_renditions", flat=True).first()
            try:
                renditions = images.make_renditions(source)
            except OSError as error:
                self.stderr.write(f"{source}: {error}")
                continue
            old_widths = {width for width, _height in previous.get("sizes", [])}
            images.delete_renditions(source, old_widths - {width for width, _height in renditions["sizes"]})
            shown_by.update(photo_renditions=renditions)
            rebuilt += 1
        self.stdout.write(f"Renditions made for {rebuilt} photos.")
