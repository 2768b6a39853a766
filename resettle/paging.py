"""Page numbers for the GOV.UK pagination component (services/includes/pagination.html)."""


def page_links(page) -> list[int | None]:
    """The first, last, current and its neighbours, with None for a gap (an ellipsis)."""
    if page.paginator.num_pages <= 1:
        return []
    last = page.paginator.num_pages
    wanted = sorted(
        {1, last, page.number - 1, page.number, page.number + 1} & set(range(1, last + 1))
    )
    links = []
    for number in wanted:
        if links and number - links[-1] > 1:
            links.append(None)
        links.append(number)
    return links
