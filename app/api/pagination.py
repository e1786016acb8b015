"""The page query parameters (``page``, ``pageSize``) as a FastAPI dependency."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from app.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageParams


async def page_params(
    page: Annotated[int, Query(ge=1, le=1_000_000, description="1-based page number.")] = 1,
    page_size: Annotated[
        int,
        Query(alias="pageSize", ge=1, le=MAX_PAGE_SIZE, description="Items per page (max 100)."),
    ] = DEFAULT_PAGE_SIZE,
) -> PageParams:
    return PageParams(page=page, page_size=page_size)


Pagination = Annotated[PageParams, Depends(page_params)]
