"""Prompt files in `prompts/`: validated with pydantic, rendered for LLM backends, versioned.

The same files feed the offline extractor (definitions, rules and examples), so both backends
share one source of truth about what a finding is.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from .core.backend import ExtractionRequest
from .core.errors import ConfigError
from .core.models import KINDS
from .ingest.timecodes import clock_label

# An installed wheel carries the prompts as analyzer/prompts; a checkout keeps them at the top level.
_PACKAGED = Path(__file__).resolve().parent / "prompts"
PROMPTS_DIR = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parent.parent / "prompts"


class Example(BaseModel):
    text: str
    why: str | None = None
    owner: str | None = None
    due_text: str | None = None
    status: str | None = None
    why_it_matters: str | None = None
    suggested_repair: str | None = None


class KindPrompt(BaseModel):
    """One extractor's definition, its rules (what is NOT a finding) and examples."""

    name: str
    version: str
    definition: str
    rules: list[str]
    positive: list[Example]
    negative: list[Example]


class ExtractPrompt(BaseModel):
    """The shared system/user/re-ask templates; `reground` asks again for ungrounded findings only."""

    name: str
    version: str
    system: str
    user: str
    reask: str
    reground: str


class PromptSet(BaseModel):
    extract: ExtractPrompt
    kinds: dict[str, KindPrompt]

    @property
    def versions(self) -> dict[str, str]:
        out = {"extract": self.extract.version}
        out.update({k: p.version for k, p in self.kinds.items()})
        return out

    @property
    def version_tag(self) -> str:
        """A compact tag of every file's version, part of cache keys."""
        return ",".join(f"{k}@{v}" for k, v in sorted(self.versions.items()))


def _load_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(
            f"prompt file {path} cannot be read ({error})", "fix the YAML or restore it from git"
        ) from error
    if not isinstance(data, dict):
        raise ConfigError(f"prompt file {path} is not a mapping", "restore it from git")
    return data


def _validated(model: type[BaseModel], path: Path) -> BaseModel:
    try:
        return model.model_validate(_load_yaml(path))
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"prompt file {path}: field '{field}': {first['msg']}", "fix the file or restore it from git"
        ) from error


@lru_cache(maxsize=4)
def load_prompts(directory: str | None = None) -> PromptSet:
    """Load and validate every prompt file (cached per directory; env ANALYZER_PROMPTS_DIR overrides)."""
    from .settings import get_settings

    base = Path(directory or get_settings().prompts_dir or PROMPTS_DIR)
    extract = _validated(ExtractPrompt, base / "extract.yaml")
    kinds = {kind: _validated(KindPrompt, base / f"{kind}.yaml") for kind in KINDS}
    return PromptSet(extract=extract, kinds=kinds)


def _definitions(prompts: PromptSet) -> str:
    blocks = []
    for kind, prompt in prompts.kinds.items():
        lines = [f"## {kind}", prompt.definition.strip(), "Not a finding:"]
        lines += [f"- {rule}" for rule in prompt.rules]
        lines.append("Examples that ARE findings:")
        lines += [f'- "{ex.text}"' for ex in prompt.positive]
        lines.append("Examples that are NOT:")
        lines += [f'- "{ex.text}" ({ex.why})' for ex in prompt.negative]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def render_messages(
    prompts: PromptSet, request: ExtractionRequest, chunk_label: str = ""
) -> list[tuple[str, str]]:
    """(role, content) messages for one chunk: instructions in the system message, data delimited in the user one."""
    ctx = request.context
    aliases = ", ".join(f"{k} = {v}" for k, v in ctx.aliases.items()) or "none given"
    system = prompts.extract.system.format(
        definitions=_definitions(prompts),
        meeting_date=ctx.meeting_date.isoformat(),
        meeting_weekday=ctx.meeting_date.strftime("%A"),
        participants=", ".join(ctx.participants) or "not listed",
        aliases=aliases,
    )
    # The transcript is inserted by replacement, not str.format, so braces inside it are harmless.
    user = prompts.extract.user.format(
        title=ctx.title or "untitled",
        partner=ctx.partner or "not given",
        chunk_label=chunk_label,
        transcript="\x00",
    ).replace("\x00", _fence(clean_excerpt(request)))
    return [("system", system), ("human", user)]


def clean_excerpt(request: ExtractionRequest) -> str:
    """The chunk as `Name [mm:ss]: words` lines, one turn per line, without cue numbers, timings or tags.

    Each line's words are the utterance's exact text, so a quote the model copies from one line is
    still a substring of the original transcript and grounds at its original offsets.
    """
    lo, hi = request.offset, request.offset + len(request.text)
    lines = []
    for utt in request.utterances:
        start, end = max(utt.start, lo), min(utt.end, hi)
        if start >= end:
            continue
        words = request.text[start - lo : end - lo]
        label = f"{utt.speaker}{clock_label(utt.ts_start)}: " if utt.speaker else ""
        lines.append(label + words)
    return "\n".join(lines) if lines else request.text


def _fence(text: str) -> str:
    """Neutralise the closing marker inside the data so the transcript cannot end its own section."""
    return text.replace("TRANSCRIPT>>>", "TRANSCRIPT> > >").replace("<<<TRANSCRIPT", "< < <TRANSCRIPT")


def render_reask(prompts: PromptSet, problem: str) -> str:
    return prompts.extract.reask.format(problem=problem)


def render_reground(prompts: PromptSet, missing: list[tuple[str, str, str]]) -> str:
    """The follow-up turn for findings whose quotes were not found: (kind, summary, quote) each."""
    lines = "\n".join(f'- {kind}: {summary} (quoted: "{quote[:200]}")' for kind, summary, quote in missing)
    return prompts.extract.reground.replace("{missing}", lines)
