"""The offline provider: real answers written from the rule record, the finding's own (redacted) code
and the deterministic fix, for when there is no model, the model is off, or it failed."""

from __future__ import annotations

from typing import Any

from .payload import Subject
from .provider import Completion, CompletionRequest, ProgressCallback

ENABLE_MODEL = (
    "To ask the backend expert model instead, set `ANTHROPIC_API_KEY` in the environment your editor "
    'starts backlint from, or set `backlint.llm.provider` to `"openai"` and `backlint.llm.baseUrl` to '
    "a local model server (Ollama, llama.cpp, vLLM) to keep the code on this machine."
)

_IN_THIS_CODE = {
    "sql-injection": (
        "Whoever controls a value that is pasted into this query string controls the query: a quote in "
        "the input ends the literal and the rest runs as SQL, with this connection's privileges. Pass "
        "the values as parameters so the driver sends them apart from the SQL text."
    ),
    "error-handling": (
        "When this handler runs in production, the error that explains the outage is dropped here: the "
        "caller carries on with a missing or default value, and the logs and the error tracker show "
        "nothing. Handle the exceptions you expect, and log or re-raise the rest."
    ),
    "secret": (
        "This credential is now in every clone of the repository and in its history; deleting the line "
        "does not revoke it. Rotate it with the provider, then read the new value from the environment "
        "or a secret manager."
    ),
}


class OfflineProvider:
    name = "offline"
    sends_code = False

    def body(self, request: CompletionRequest) -> dict[str, Any]:
        return {}

    async def complete(self, request: CompletionRequest, progress: ProgressCallback | None = None) -> Completion:
        subject = request.subject
        if not isinstance(subject, Subject):
            raise TypeError("the offline provider needs the request's subject")
        # For a fix too, the answer is the explanation: its "Quick fix" part names the verified fix.
        return Completion(text=explanation(subject, request.deterministic_fix), provider="offline", model="rule record")


def explanation(subject: Subject, deterministic_fix: str | None) -> str:
    lang = subject.fence_language
    parts = [
        f"**{subject.rule_id} · {subject.rule_name}**: {subject.message}",
        "",
        " ".join(subject.why.split()) or subject.summary,
        "",
        "### In this code",
        f"Line {subject.finding_line} of `{subject.path}`:",
        f"```{lang}",
        subject.edit_code,
        "```",
    ]
    specific = _IN_THIS_CODE.get(subject.category)
    if specific:
        parts += ["", specific]
    if subject.use_instead:
        parts += ["", "### Instead", f"```{lang}", subject.use_instead, "```"]
    parts += ["", "### Quick fix", deterministic_fix or _no_fix(subject)]
    references = [f"- {cwe}" for cwe in subject.cwe] + [f"- <{url}>" for url in subject.references]
    if references:
        parts += ["", "### References", *references]
    return "\n".join(parts) + "\n"


def _no_fix(subject: Subject) -> str:
    return (
        f"backlint has no automatic fix for this {subject.rule_id} finding that it could prove safe here "
        "(the edited code must re-parse, lose the finding and gain no other), so the change is yours to make."
    )
