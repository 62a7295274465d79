"""What the client supports, read once from its capabilities at `initialize`."""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types
from pygls.capabilities import get_capability


@dataclass(frozen=True)
class ClientFeatures:
    """What the client said it supports, read once at initialize."""

    pull_diagnostics: bool = False
    diagnostic_refresh: bool = False
    resolve_edit: bool = False
    code_action_literals: bool = True
    work_done_progress: bool = False
    configuration: bool = False
    watch_files_dynamic: bool = False
    configuration_dynamic: bool = False
    show_document: bool = False
    document_changes: bool = False
    create_files: bool = False
    markdown_hover: bool = True
    related_information: bool = True

    @classmethod
    def from_capabilities(cls, caps: types.ClientCapabilities) -> ClientFeatures:
        def has(path: str, default=None):
            return get_capability(caps, path, default)

        resolve = has("text_document.code_action.resolve_support")
        hover_formats = has("text_document.hover.content_format") or []
        return cls(
            pull_diagnostics=has("text_document.diagnostic") is not None,
            diagnostic_refresh=bool(has("workspace.diagnostics.refresh_support", False)),
            resolve_edit=resolve is not None and "edit" in (resolve.properties or []),
            code_action_literals=has("text_document.code_action.code_action_literal_support") is not None,
            work_done_progress=bool(has("window.work_done_progress", False)),
            configuration=bool(has("workspace.configuration", False)),
            watch_files_dynamic=bool(has("workspace.did_change_watched_files.dynamic_registration", False)),
            configuration_dynamic=bool(has("workspace.did_change_configuration.dynamic_registration", False)),
            show_document=bool(has("window.show_document.support", False)),
            document_changes=bool(has("workspace.workspace_edit.document_changes", False)),
            create_files="create" in (has("workspace.workspace_edit.resource_operations") or []),
            markdown_hover=not hover_formats or types.MarkupKind.Markdown in hover_formats,
            related_information=bool(has("text_document.publish_diagnostics.related_information", True)),
        )
