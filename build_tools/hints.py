"""Reading the content model's type hints (shared by `handbook new` and the editors' forms)."""

from __future__ import annotations

from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel


def base(hint: Any) -> Any:
    """The type under any `Annotated[...]` layers."""
    while get_origin(hint) is Annotated:
        hint = get_args(hint)[0]
    return hint


def is_model(hint: Any) -> bool:
    """Whether a hint is a model of its own (a sub-form, a nested YAML group)."""
    return isinstance(hint, type) and issubclass(hint, BaseModel)
