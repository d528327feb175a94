"""Saxon, held at arm's length.

Each stylesheet is compiled once per process. Once compiled, Saxon's access to URIs is closed
(allowedProtocols empty), so doc(), document(), unparsed-text(), collection() and external entities fail for
anything a source might name, and result documents are captured in memory, never written. Saxon never parses a
file: documents come in as the serialised root element of a tree the hardened loader produced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from saxonche import PySaxonApiError, PySaxonProcessor

from . import resources
from .xmlload import Source

STYLESHEETS = ("html", "text", "typst")
# the core's prepare pass on its own (xslt/prepare.xsl), compiled with the project's output stylesheets
PREPARE = "prepare"
_ALLOWED_PROTOCOLS = "http://saxon.sf.net/feature/allowedProtocols"


class TransformError(Exception):
    """A stylesheet failed on a document (the message is Saxon's)."""


@dataclass(frozen=True)
class Result:
    text: str
    messages: tuple[str, ...]


@dataclass(frozen=True)
class Prepared:
    """A document after the prepare pass, for every output of it (Stylesheets.apply). The messages are the pass's
    (unknown elements, with their path in the source): once per document, not once per output."""

    node: object
    messages: tuple[str, ...]
    source_file: str
    document_path: str = ""


class Stylesheets:
    """The compiled stylesheets of one process and the parameters shared by every call."""

    def __init__(self, names: tuple[str, ...] = STYLESHEETS, *, prepare: bool = True):
        self.processor = PySaxonProcessor(license=False)
        compiler = self.processor.new_xslt30_processor()
        self.executables = {}
        # compiled now or never: once compiled, no URI (not even an imported stylesheet) can be read
        for name in tuple(names) + ((PREPARE,) if prepare and set(names) & set(STYLESHEETS) else ()):
            try:
                self.executables[name] = compiler.compile_stylesheet(
                    stylesheet_file=str(resources.xslt(f"{name}.xsl")))
            except PySaxonApiError as error:
                raise TransformError(f"xslt/{name}.xsl does not compile: {_tidy(error)}") from None
        self.processor.set_configuration_property(_ALLOWED_PROTOCOLS, "")
        for executable in self.executables.values():
            executable.set_save_xsl_message(True, None)
            executable.set_capture_result_documents(True)

    def document(self, source: Source):
        """The Saxon document node for a parsed source."""
        try:
            return self.processor.parse_xml(xml_text=source.xml_text())
        except PySaxonApiError as error:
            raise TransformError(_tidy(error)) from None

    def set_corpus(self, registers: list, documents: list) -> None:
        """Parameters that stay the same for a whole build: the register and document nodes."""
        # saxonche's sequences do not keep their Python items alive: a collected node is a dangling pointer.
        self._corpus = (list(registers), list(documents), self._sequence(registers), self._sequence(documents))
        for executable in self.executables.values():
            executable.set_parameter("registers", self._corpus[2])
            executable.set_parameter("documents", self._corpus[3])

    def set_site(self, formats: tuple[str, ...], register_files: tuple[str, ...]) -> None:
        """The web edition's parameters for a build: the formats it makes (a page links only the downloads that
        exist) and the file names of the registers copied beside the sources."""
        executable = self.executables.get("html")
        if executable is not None:
            # the items are kept with the sequences, as in set_corpus: a sequence does not keep them alive
            items = [[self.processor.make_string_value(v) for v in values] for values in (formats, register_files)]
            self._site = (items, [self._sequence(i) for i in items])
            executable.set_parameter("formats", self._site[1][0])
            executable.set_parameter("register-files", self._site[1][1])

    def prepare(self, document, *, source_file: str = "", document_path: str = "") -> Prepared:
        """The prepare pass, run once for all the outputs of a document (after set_corpus: it reads the registers).

        Give the result to apply() for each output, with the same source_file. `document_path` is the document's
        output name (pipeline/names.py), the stylesheets' global parameter document-path."""
        executable = self._parameters(PREPARE, "reading", source_file, 78, document_path)
        executable.set_global_context_item(xdm_item=document)
        holder = []

        def run():
            value = executable.apply_templates_returning_value(xdm_value=document)
            holder.append(value.item_at(0) if value is not None and value.size == 1 else None)
            return ""
        result = self._run(executable, run)
        if holder[0] is None:
            raise TransformError("the prepare pass returned no document")
        return Prepared(holder[0], result.messages, source_file, document_path)

    def apply(self, name: str, document, *, view: str = "reading", source_file: str | None = None,
              text_width: int = 78) -> Result:
        """One output of a document: a document node from document() (prepared on the way, its messages in the
        result) or a Prepared one from prepare() (source_file defaults to the one it was prepared with)."""
        document_path = ""
        if isinstance(document, Prepared):
            source_file = document.source_file if source_file is None else source_file
            document_path = document.document_path
            document = document.node
        executable = self._parameters(name, view, source_file or "", text_width, document_path)
        executable.set_global_context_item(xdm_item=document)
        return self._run(executable, lambda: executable.apply_templates_returning_string(xdm_value=document))

    def call(self, name: str, template: str) -> Result:
        executable = self._parameters(name, "reading", "", 78)
        return self._run(executable, lambda: executable.call_template_returning_string(template))

    def _parameters(self, name: str, view: str, source_file: str, text_width: int, document_path: str = ""):
        executable = self.executables[name]
        executable.set_parameter("document-path", self.processor.make_string_value(document_path))
        executable.set_parameter("view", self.processor.make_string_value(view))
        executable.set_parameter("source-file", self.processor.make_string_value(source_file))
        executable.set_parameter("text-width", self.processor.make_integer_value(text_width))
        return executable

    def _run(self, executable, call) -> Result:
        executable.clear_xsl_messages()
        try:
            text = call()
        except PySaxonApiError as error:
            raise TransformError(_tidy(error)) from None
        messages = executable.get_xsl_messages()
        found = tuple(messages.item_at(i).string_value for i in range(messages.size)) if messages else ()
        return Result(text or "", found)

    def _sequence(self, nodes: list):
        sequence = self.processor.empty_sequence()
        for node in nodes:
            sequence.add_xdm_item(node)
        return sequence


def _tidy(error: Exception) -> str:
    return re.sub(r"\s+", " ", str(error)).strip()
