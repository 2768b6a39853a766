"""Optimistic concurrency for records two people may edit at once.

Editable records carry an integer `version`. A form carries the version it was based on; the
action locks the row, and if the version moved on, refuses with StaleEdit holding the record as
saved now, so the page can show it beside what the person typed (which is never lost).
"""

from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Someone else changed this while you were editing. What they saved is shown below; your "
    "changes have not been saved. Check them and save again."
)


class StaleEdit(Exception):
    def __init__(self, current):
        super().__init__(str(STALE_MESSAGE))
        self.current = current


def lock_at_version(queryset, pk, expected_version: int):
    """Lock the row and check the editor saw its latest version. Call inside atomic()."""
    current = queryset.select_for_update(of=("self",)).get(pk=pk)
    if current.version != int(expected_version):
        raise StaleEdit(current)
    return current


def save_new_version(obj, fields=()):
    obj.version += 1
    obj.save(update_fields=[*fields, "version", "updated_at"])
