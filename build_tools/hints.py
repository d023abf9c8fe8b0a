"""Reading the content model's type hints (shared by `handbook new` and the editors' forms)."""

from __future__ import annotations

import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel


def base(hint: Any) -> Any:
    """The type under any `Annotated[...]` layers, and under an `X | None` inside one (a
    field whose validator runs before its optional model: `juridisk_gennemgang`)."""
    while get_origin(hint) is Annotated:
        hint = get_args(hint)[0]
        if get_origin(hint) in (Union, types.UnionType):
            args = [arg for arg in get_args(hint) if arg is not type(None)]
            if len(args) == 1:
                hint = args[0]
    return hint


def is_model(hint: Any) -> bool:
    """Whether a hint is a model of its own (a sub-form, a nested YAML group)."""
    return isinstance(hint, type) and issubclass(hint, BaseModel)
