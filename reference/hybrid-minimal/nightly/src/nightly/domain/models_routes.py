"""HTTP adapter for the model registry (logic lives in ``models/``).

At start-up the service opens the registry and loads the production model, so a broken or empty
registry fails the start, not the first request. With no ``NIGHTLY_REGISTRY_DIR`` it uses a private
temporary registry and trains the first version itself (bootstrap), which is what a laptop needs;
a deployment points the variable at a shared volume and turns bootstrap off.

Training data: the generated dataset (bootstrap, tests, a system without data); this
system has no IoT component to read readings from.
"""

import logging
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, HTTPException, Request, status
from fastapi import Path as PathParam
from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings
from starlette.convertors import Convertor, register_url_convertor

from ..core.auth import ADMIN
from ..core.config import settings_config
from ..core.errors import problem, unprocessable
from ..core.values import NOT_A_FLAG, Flag, Number
from .models.evaluation import GateRefusedError
from .models.pipeline import DEFAULT_MODEL, train_and_register
from .models.registry import NAME_PATTERN, Registry, RegistryError, Stage
from .models.serving import ModelStore

logger = logging.getLogger(__name__)


class ModelSettings(BaseSettings):
    model_config = settings_config()

    registry_dir: Path | None = None
    model_name: str = Field(default=DEFAULT_MODEL, pattern=NAME_PATTERN)
    # Train a first version when the registry has no production model; off in deployments.
    bootstrap: bool = True


def open_store(settings: ModelSettings, scratch: Path) -> ModelStore:
    store = ModelStore(Registry(settings.registry_dir or scratch))
    if store.registry.at_stage(settings.model_name, "production") is None:
        if not settings.bootstrap:
            # Raised from start-up: the process exits with this message instead of serving 503s.
            store.resolve(settings.model_name)
        result = train_and_register(store.registry, settings.model_name)
        logger.info(
            "bootstrap training registered a first model",
            extra={"model": settings.model_name, "version": result.version.version},
        )
    store.model(store.resolve(settings.model_name))
    return store


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings = ModelSettings()
    with tempfile.TemporaryDirectory(prefix="registry-") as scratch:
        app.state.model_store = open_store(settings, Path(scratch))
        app.state.model_settings = settings
        yield


class ModelNameConvertor(Convertor[str]):
    """``{name:model}`` matches model names only, so ``GET /v1/models/{name}`` never takes
    ``/v1/models/m:predict`` (that path is POST only: 405, not a 422 about the name)."""

    regex = NAME_PATTERN.removeprefix("^").removesuffix("$")

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("model", ModelNameConvertor())
router = APIRouter(prefix="/v1/models", tags=["models"], lifespan=lifespan)
# The pattern again for the OpenAPI document; a path with another name is a 404.
ModelName = Annotated[str, PathParam(pattern=NAME_PATTERN)]


def store_of(request: Request) -> ModelStore:
    return request.app.state.model_store  # type: ignore[no-any-return]


class VersionOut(BaseModel):
    version: int
    format: str
    sha256: str
    data_fingerprint: str
    params: dict[str, Any]
    metrics: dict[str, float]
    source: str


class ModelOut(BaseModel):
    name: str
    production: int | None
    staging: int | None
    versions: list[VersionOut]


class PromoteIn(BaseModel):
    stage: Stage = "production"
    force: Flag = False


class TransitionOut(BaseModel):
    name: str
    production: int | None
    staging: int | None
    detail: str


def _describe(registry: Registry, name: str) -> ModelOut:
    versions = registry.versions(name)
    if not versions:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown model {name!r}")
    stages = registry.stages(name)
    return ModelOut(
        name=name,
        production=stages["production"],
        staging=stages["staging"],
        versions=[VersionOut.model_validate(v, from_attributes=True) for v in versions],
    )


@router.get("")
async def list_models(request: Request) -> list[str]:
    return store_of(request).registry.models()


UNKNOWN_MODEL = {status.HTTP_404_NOT_FOUND: problem("Unknown model")}


@router.get("/{name:model}", responses=UNKNOWN_MODEL)
async def describe(name: ModelName, request: Request) -> ModelOut:
    return _describe(store_of(request).registry, name)


@router.post(
    "/{name:model}/versions/{version}:promote",
    dependencies=ADMIN,
    responses={
        status.HTTP_404_NOT_FOUND: problem("Unknown model or version"),
        status.HTTP_409_CONFLICT: problem("The evaluation gate refused the promotion"),
    },
)
async def promote(
    name: ModelName, version: int, body: PromoteIn, request: Request
) -> TransitionOut:
    """Production promotion passes the evaluation gate (409 with the reason when it refuses)."""
    registry = store_of(request).registry
    try:
        detail = registry.promote(name, version, body.stage, force=body.force)
    except GateRefusedError as refused:
        raise HTTPException(status.HTTP_409_CONFLICT, str(refused)) from refused
    except RegistryError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc
    stages = registry.stages(name)
    return TransitionOut(
        name=name, production=stages["production"], staging=stages["staging"], detail=detail
    )


@router.post(
    "/{name:model}:rollback",
    dependencies=ADMIN,
    responses={
        **UNKNOWN_MODEL,
        status.HTTP_409_CONFLICT: problem("No earlier production version"),
    },
)
async def rollback(name: ModelName, request: Request) -> TransitionOut:
    registry = store_of(request).registry
    try:
        entry = registry.rollback(name)
    except RegistryError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    stages = registry.stages(name)
    return TransitionOut(
        name=name,
        production=stages["production"],
        staging=stages["staging"],
        detail=f"production is v{entry.version}",
    )


class TrainIn(BaseModel):
    params: dict[str, Number] = Field(default_factory=dict, max_length=8)
    # synthetic: the generated dataset (rows, seed).
    source: Literal["synthetic"] = "synthetic"
    rows: Annotated[int, Field(ge=100, le=50_000), NOT_A_FLAG] = 2000
    seed: Annotated[int, Field(ge=0), NOT_A_FLAG] = 7


class TrainOut(BaseModel):
    version: int
    promoted: bool
    reason: str
    metrics: dict[str, float]
    source: str


@router.post(
    "/{name:model}:train",
    status_code=status.HTTP_201_CREATED,
    dependencies=ADMIN,
    responses={404: problem("Not a model name")},
)
def train(name: ModelName, body: TrainIn, request: Request) -> TrainOut:
    """Train, register and gate a new version (sync def: runs in the thread pool, off the loop)."""
    try:
        result = train_and_register(
            store_of(request).registry,
            name,
            dict(body.params),
            body.rows,
            body.seed,
        )
    except (KeyError, ValueError) as exc:
        raise unprocessable(str(exc), body.model_dump()) from exc
    return TrainOut(
        version=result.version.version,
        promoted=result.promoted,
        reason=result.reason,
        metrics=result.version.metrics,
        source=result.version.source,
    )
