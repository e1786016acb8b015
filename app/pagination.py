"""Page-number pagination with a hard maximum page size: the page, its metadata and the
query that fetches it (the FastAPI query parameters are in ``app.api.pagination``)."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field
from sqlalchemy import Row, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.schemas import ApiModel

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 25


@dataclass(frozen=True)
class PageParams:
    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


class PageMeta(ApiModel):
    """Where a page of a list stands among all its pages. Ask for another page with the query
    parameters `page` and `pageSize`."""

    page: int
    """The number of this page, from 1 (the `page` asked for)."""
    page_size: int
    """The most items a page holds (the `pageSize` asked for: 25 by default, at most 100); the
    last page may hold fewer."""
    total_items: int = Field(description="The number of items over all pages.")
    total_pages: int
    """The number of pages (0 when the list is empty). A page past the last one is empty."""


def page_meta(params: PageParams, total: int) -> PageMeta:
    return PageMeta(
        page=params.page,
        page_size=params.page_size,
        total_items=total,
        total_pages=(total + params.page_size - 1) // params.page_size,
    )


async def fetch_page(
    session: AsyncSession, query: Select, page: PageParams
) -> tuple[list[Row], int]:
    """The page's rows of the ordered ``query`` and the number of rows over all pages, in one
    statement (a window count, as the last column ``total``); only a page past the end costs
    a second statement, so that its ``totalItems`` is still right."""
    rows = (
        await session.execute(
            query.add_columns(func.count().over().label("total"))
            .offset(page.offset)
            .limit(page.page_size)
        )
    ).all()
    if rows:
        return list(rows), rows[0].total
    if page.page == 1:
        return [], 0
    total = await session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    return [], total or 0
