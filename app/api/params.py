"""The path and query parameters shared by the routers, and the responses they document."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Path, Query

from app.schemas import KEY_PATTERN

CycleId = Annotated[uuid.UUID, Path(alias="cycleId")]
TalkId = Annotated[uuid.UUID, Path(alias="talkId")]
AgreementId = Annotated[uuid.UUID, Path(alias="agreementId")]
RequestId = Annotated[uuid.UUID, Path(alias="requestId")]
PersonnelNumber = Annotated[str, Path(alias="personnelNumber", pattern=KEY_PATTERN)]
KeyQuery = Annotated[str | None, Query(pattern=KEY_PATTERN)]

RULE = {422: {"description": "A rule of the regulation forbids it; `rule` names it."}}
