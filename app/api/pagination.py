"""Page-number pagination with a hard maximum page size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query
from pydantic import Field
from sqlalchemy import Row, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.schemas import ApiModel

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 25


@dataclass(frozen=True)
class PageParams:
    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


async def page_params(
    page: Annotated[int, Query(ge=1, le=1_000_000, description="1-based page number.")] = 1,
    page_size: Annotated[
        int,
        Query(alias="pageSize", ge=1, le=MAX_PAGE_SIZE, description="Items per page (max 100)."),
    ] = DEFAULT_PAGE_SIZE,
) -> PageParams:
    return PageParams(page=page, page_size=page_size)


Pagination = Annotated[PageParams, Depends(page_params)]


class PageMeta(ApiModel):
    page: int
    page_size: int
    total_items: int = Field(description="Items over all pages.")
    total_pages: int


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
