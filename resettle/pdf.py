"""PDF documents from templates, with WeasyPrint: render_pdf("app/doc.html", context).

One template serves the screen and the PDF; its print rules (@page, @media print) shape the
PDF. WeasyPrint never fetches anything over the network here: a document may embed data:
URLs and files under the static folders, nothing else, so text in a template can never make
the server request an address (and a missing image cannot stall a render).
"""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# WeasyPrint reports each layout step, and fontTools each font it subsets, at INFO: noise in
# a command's output and the server log. Their warnings still show.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)


class PDFResourceRefused(ValueError):
    pass


def render_pdf(template_name: str, context: dict | None = None, *, request=None) -> bytes:
    """The template rendered to HTML with `context`, then to PDF bytes (starting %PDF)."""
    html = render_to_string(template_name, context or {}, request=request)
    return html_to_pdf(html)


def html_to_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango through cffi, which only PDF work should pay for.
    import weasyprint

    return weasyprint.HTML(
        string=html, base_url=settings.STATIC_URL, url_fetcher=_local_only
    ).write_pdf()


def _local_only(url: str, timeout=10, ssl_context=None):
    """WeasyPrint's url_fetcher: data: URLs as WeasyPrint reads them, and static files by
    their /static/... address; everything else is refused."""
    if url.startswith("data:"):
        import weasyprint

        return weasyprint.default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)
    path = unquote(urlparse(url).path)
    static = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/"
    if path.startswith(static):
        found = finders.find(path[len(static) :])
        if found:
            found = Path(found)
            return {
                "string": found.read_bytes(),
                "mime_type": mimetypes.guess_type(found.name)[0],
                "filename": found.name,
            }
    raise PDFResourceRefused(f"PDFs only embed static files and data: URLs, not {url}")
