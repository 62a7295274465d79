"""The backend expert: explain or fix one finding, choosing the provider, guarding what is sent,
caching, limiting spend, and falling back to the offline answer when anything goes wrong.

Front doors (the language server) call `explain`, `fix` and `payload`; nothing here knows LSP.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.fixes import FileAppend, compute_fix
from ..core.model import Finding
from . import offline, prompts
from .cache import AnswerCache, cache_key, cache_root
from .choice import choose_provider
from .denylist import denied
from .limits import LimitReached, RateLimiter, TokenBudget
from .offline import OfflineProvider
from .payload import Subject, build_subject, user_turn
from .proposal import Rejected, check
from .provider import (
    CompletionRequest,
    ProgressCallback,
    ProviderError,
)
from .redact import DetectorUnavailable, Finder, load_detector
from .settings import LlmSettings

log = logging.getLogger(__name__)


class NotSendable(Exception):
    """This finding's code may not leave the machine; `str()` says why."""


class ModelNotInUse(NotSendable):
    """No model is configured (no key, provider "offline", turned off): not a failure to alert on."""


@dataclass
class Answer:
    text: str  # Markdown body
    source: str  # "model" | "cache" | "offline"
    provider: str
    model: str
    notice: str | None = None  # why the model did not answer (a failure, a limit, no model), or None
    subject: Subject | None = None
    alert: bool = False  # the notice is worth a message (a failure or a limit, not "no key")

    def document(self, finding: Finding) -> str:
        """The Markdown document the editor opens."""
        where = f"{self.subject.path}:{self.subject.finding_line}" if self.subject else finding.path
        by = {
            "model": f"answered by {self.model}",
            "cache": f"answered by {self.model} (cached)",
            "offline": "from backlint's rule record, without a model",
        }[self.source]
        head = f"# {finding.rule_id} {finding.rule_name}\n\n_{where} · {by}_\n\n"
        tail = ""
        if self.source == "offline":
            tail = "\n---\n\n" + (f"_{self.notice}._ " if self.notice else "") + f"_{offline.ENABLE_MODEL}_\n"
        return head + self.text.rstrip() + "\n" + tail


@dataclass
class FixAnswer:
    edits: list = field(default_factory=list)  # core Edit, byte offsets into the analysed text
    appends: list[FileAppend] = field(default_factory=list)
    title: str = ""
    source: str = "offline"  # "model" | "cache" | "offline"
    notice: str | None = None
    note: str = ""
    alert: bool = False  # the notice is worth a warning (a failure or a limit, not "no key")

    @property
    def applicable(self) -> bool:
        return bool(self.edits)


class Expert:
    def __init__(
        self,
        *,
        cache_dir: Path | None = None,
        environ: dict[str, str] | None = None,
        detector: Callable[[], Finder] = load_detector,
        offload: Callable[..., Awaitable] | None = None,
    ):
        """`offload(function, *args)` runs CPU work (re-parsing a fix) off the event loop; the
        language server passes its worker; by default it runs inline."""
        self._offload = offload
        self._root = cache_dir
        self._environ = environ
        self._detector = detector
        self._limiter: RateLimiter | None = None
        self.explanations: dict[tuple[str, str], str] = {}  # (document key, fingerprint) -> Markdown

    # -- building blocks -------------------------------------------------------------------

    @property
    def root(self) -> Path:
        return self._root or cache_root()

    def _limiter_for(self, settings: LlmSettings) -> RateLimiter:
        if self._limiter is None or self._limiter.per_minute != settings.requests_per_minute:
            self._limiter = RateLimiter(settings.requests_per_minute)
        return self._limiter

    def subject(self, analysis, finding: Finding, settings: LlmSettings, *, root: str = "") -> Subject:
        """Raises NotSendable for a denied file or a missing secret detector."""
        pattern = denied(analysis.path or "", settings.deny_files)
        if pattern is not None:
            raise NotSendable(f"nothing was sent: the file matches backlint.llm.denyFiles ({pattern})")
        try:
            finder = self._detector()
        except DetectorUnavailable:
            log.warning("secret detector unavailable; the model is not called")
            raise NotSendable("nothing was sent: backlint's secret detector is not available") from None
        return build_subject(analysis, finding, finder=finder, root=root)

    def _offline_subject(self, analysis, finding: Finding, root: str) -> Subject:
        # Still redacted when a detector exists: the offline document is shown and may be saved.
        try:
            finder = self._detector()
        except DetectorUnavailable:
            finder = _finds_nothing
        return build_subject(analysis, finding, finder=finder, root=root)

    def request(self, subject: Subject, settings: LlmSettings, purpose: str, deterministic_fix: str | None = None):
        system = prompts.system_prompt(settings.prompt_file)
        request = CompletionRequest(
            system=system.text,
            user=user_turn(subject, purpose),
            model=settings.model,
            max_tokens=settings.max_tokens,
            purpose=purpose,
            subject=subject,
            deterministic_fix=deterministic_fix,
        )
        return request, system.version

    def payload(
        self, analysis, finding: Finding, settings: LlmSettings, *, purpose: str = "explain", root: str = ""
    ) -> dict:
        """The exact JSON body the chosen provider would send for this finding; sends nothing. With the
        offline provider it is the body the Anthropic provider would send once a key is set."""
        try:
            subject = self.subject(analysis, finding, settings, root=root)
        except NotSendable as reason:
            return {"provider": "none", "sent": False, "reason": str(reason), "payload": None}
        request, _version = self.request(subject, settings, purpose)
        choice = choose_provider(settings, self._environ)
        provider = choice.provider
        if not provider.sends_code:
            from .anthropic_provider import AnthropicProvider

            provider = AnthropicProvider(settings, api_key="", base_url=None)
        return {
            "provider": choice.provider.name,
            "sent": False,
            "reason": choice.reason,
            "payload": provider.body(request),
        }

    def _limits(self, settings: LlmSettings) -> None:
        TokenBudget(self.root / "budget.json", settings.daily_token_budget).check()
        self._limiter_for(settings).acquire()

    async def _ask(self, subject, settings, purpose, progress) -> tuple[str, str, str]:
        """(text, source, model) from the cache or the model; raises NotSendable/ProviderError/LimitReached."""
        choice = choose_provider(settings, self._environ)
        provider = choice.provider
        if not provider.sends_code:
            raise ModelNotInUse(f"the backend expert model is not in use: {choice.reason}")
        request, version = self.request(subject, settings, purpose)
        key = cache_key(
            provider=provider.name,
            model=settings.model,
            prompt_version=version,
            rule_id=subject.rule_id,
            purpose=purpose,
            # The code the model saw (redacted), so the same handler in another function is asked anew.
            snippet=subject.window_code,
        )
        cache = AnswerCache(self.root)
        hit = cache.get(key)
        if hit is not None:
            return _rebase(hit, subject, purpose), "cache", hit.get("model") or settings.model
        self._limits(settings)
        if progress is not None:
            progress(f"Asking the backend expert ({settings.model})")
        completion = await provider.complete(request, progress)
        TokenBudget(self.root / "budget.json", settings.daily_token_budget).spend(completion.total_tokens)
        cache.put(
            key,
            sent=request.user,
            answer=completion.text,
            model=completion.model,
            rule_id=subject.rule_id,
            purpose=purpose,
            extra={"edit_first": subject.edit_first} if purpose == "fix" else None,
        )
        return completion.text, "model", completion.model

    # -- the two actions -------------------------------------------------------------------

    async def explain(
        self,
        analysis,
        finding: Finding,
        settings: LlmSettings,
        *,
        key: str = "",
        root: str = "",
        progress: ProgressCallback | None = None,
    ) -> Answer:
        subject = None
        try:
            subject = self.subject(analysis, finding, settings, root=root)
            text, source, model = await self._ask(subject, settings, "explain", progress)
            answer = Answer(text, source, choose_provider(settings, self._environ).provider.name, model, None, subject)
        except (NotSendable, ProviderError, LimitReached, prompts.PromptFileError) as reason:
            answer = await self._offline_explanation(analysis, finding, subject, root, _notice(reason))
            answer.alert = not isinstance(reason, ModelNotInUse)
        self.explanations[(key or analysis.path, finding.fingerprint)] = answer.document(finding)
        return answer

    async def _offline_explanation(self, analysis, finding, subject, root, notice) -> Answer:
        subject = subject or self._offline_subject(analysis, finding, root)
        deterministic = await self._run(compute_fix, analysis, finding)
        request = CompletionRequest(
            system="",
            user="",
            model="rule record",
            max_tokens=0,
            purpose="explain",
            subject=subject,
            deterministic_fix=_describe_fix(deterministic, analysis) if deterministic else None,
        )
        completion = await OfflineProvider().complete(request)
        return Answer(completion.text, "offline", completion.provider, completion.model, notice, subject)

    async def fix(
        self,
        analysis,
        finding: Finding,
        settings: LlmSettings,
        *,
        root: str = "",
        progress: ProgressCallback | None = None,
    ) -> FixAnswer:
        try:
            subject = self.subject(analysis, finding, settings, root=root)
            reply, source, model = await self._ask(subject, settings, "fix", progress)
        except (NotSendable, ProviderError, LimitReached, prompts.PromptFileError) as reason:
            answer = await self._run(self._deterministic, analysis, finding, _notice(reason))
            answer.alert = not isinstance(reason, ModelNotInUse)
            return answer
        try:
            checked = await self._run(_check, reply, subject, analysis, finding, self._detector())
        except Rejected as reason:
            answer = await self._run(
                self._deterministic, analysis, finding, f"The backend expert's fix was not offered: {reason}"
            )
            answer.alert = True
            return answer
        title = f"Fix {finding.rule_id} ({model})"
        notice = None
        if checked.env_names:
            notice = "Set " + ", ".join(checked.env_names) + " in the environment, and rotate the credential."
        return FixAnswer(edits=checked.edits, title=title, source=source, notice=notice, note=checked.note)

    async def _run(self, function, *args):
        if self._offload is None:
            return function(*args)
        return await self._offload(function, *args)

    def _deterministic(self, analysis, finding: Finding, notice: str) -> FixAnswer:
        fix = compute_fix(analysis, finding)
        if fix is None:
            return FixAnswer(notice=f"{notice}. backlint has no automatic fix it can prove safe for this finding.")
        return FixAnswer(
            edits=list(fix.edits),
            appends=list(fix.appends),
            title=fix.title,
            source="offline",
            notice=f"{notice}. backlint's own fix is offered instead: {fix.title}.",
        )


def _finds_nothing(text: str) -> tuple[()]:
    """The finder for an offline document when no detector is available: the text stays as it is."""
    return ()


def _check(reply, subject, analysis, finding, finder):
    return check(reply, subject=subject, analysis=analysis, finding=finding, finder=finder)


def _notice(reason: Exception) -> str:
    text = str(reason)
    if isinstance(reason, ProviderError):
        return f"The backend expert is unavailable ({text}); the offline answer is shown"
    if isinstance(reason, LimitReached):
        return f"Not sent: {text}; the offline answer is shown"
    return text[:1].upper() + text[1:]


def _describe_fix(fix, analysis) -> str:
    preview = "\n".join(edit.new_text for edit in fix.edits if edit.new_text.strip())
    lang = analysis.language
    body = (
        f"backlint can apply **{fix.title}** from the lightbulb; it was checked: "
        "the edited code re-parses, the finding is gone and no other appears."
    )
    if preview:
        body += f"\n\n```{lang}\n{preview.strip(chr(10))}\n```"
    return body


def _rebase(entry: dict, subject: Subject, purpose: str) -> str:
    """A cached fix names the lines it was written for; the same snippet may now sit elsewhere."""
    text = entry["answer"]
    first = entry.get("edit_first")
    if purpose != "fix" or not isinstance(first, int) or first == subject.edit_first:
        return text
    shift = subject.edit_first - first

    def moved(match) -> str:
        a = int(match.group(2)) + shift
        b = int(match.group(3)) + shift if match.group(3) else None
        return f"{match.group(1)}{a}" + (f"-{b}" if b is not None else "")

    return re.sub(r"(```[^\n]*?lines?\s*[=:]?\s*)(\d+)(?:\s*[-\u2013]\s*(\d+))?", moved, text, count=1)
