"""Directory data in and out, for administrators: upload HSDS JSON or a data package, download
the whole directory in either form."""

import tempfile
import zipfile
from pathlib import Path

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from resettle.oruk.importer import import_directory

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
ACCEPTED = (".json", ".zip")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a file"),
        error_messages={
            "required": _("Select a .json or .zip file to import"),
            "empty": _("The selected file is empty"),
            "invalid": _("The selected file could not be read; try uploading it again"),
        },
    )
    check_only = forms.BooleanField(
        label=_("Check the file only: do not change the directory"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ACCEPTED):
            raise forms.ValidationError(_("The selected file must be a .json or .zip file"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The selected file must be smaller than 50 MB"))
        return upload


def _require_administrator(request):
    # Other staff are not told the page exists.
    if not request.user.is_administrator:
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request):
    _require_administrator(request)
    report = None
    if request.method == "POST":
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # a malformed header: let Django's own upload limits decide
        if declared > MAX_UPLOAD_BYTES + 64 * 1024:
            # Refuse before reading the body, rather than after a 50 MB+ upload is parsed.
            form = ImportForm()
            form.add_error("file", _("The selected file must be smaller than 50 MB"))
        else:
            form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            report = import_directory(
                form.cleaned_data["file"],
                actor=request.user,
                dry_run=form.cleaned_data["check_only"],
            )
    else:
        form = ImportForm()
    status = 400 if form.errors or (report is not None and not report.ok) else 200
    return render(
        request,
        "interchange/import.html",
        {"form": form, "report": report, "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
        status=status,
    )


def _stamp():
    return timezone.localtime().strftime("%Y-%m-%d")


@login_required
@require_GET
def export_json(request):
    _require_administrator(request)
    from resettle.oruk.export import iter_hsds_json

    # Streamed: the whole directory is never held in memory at once.
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in iter_hsds_json()),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="resettle-directory-{_stamp()}.json"'
    return response


@login_required
@require_GET
def export_package(request):
    _require_administrator(request)
    from resettle.oruk.export import export_datapackage

    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    with tempfile.TemporaryDirectory() as folder:
        export_datapackage(folder)
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(folder).rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(folder).as_posix())
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"resettle-directory-{_stamp()}.zip",
        content_type="application/zip",
    )
