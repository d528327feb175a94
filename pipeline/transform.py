"""Saxon, held at arm's length.

Each stylesheet is compiled once per process. Once compiled, Saxon's access to URIs is closed
(allowedProtocols empty), so doc(), document(), unparsed-text(), collection() and external entities fail for
anything a source might name, and result documents are captured in memory, never written. Saxon never parses a
file: documents come in as the serialised root element of a tree the hardened loader produced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from saxonche import PySaxonApiError, PySaxonProcessor

from . import resources
from .xmlload import Source

STYLESHEETS = ("html", "text", "typst", "csl")
# the site pages (index, registers, encoding), drawn from every document's summary
SITE = "site"
# the core's prepare pass on its own (xslt/prepare.xsl), compiled with the project's output stylesheets; and
# the same stylesheet run in the core's mode e:summary, which summarises a prepared document for the site pages
PREPARE = "prepare"
SUMMARY = "summary"
CSL = "csl"
# outputs drawn by the prepare pass's stylesheet in a mode of their own (compiled once with it): name -> the
# initial mode and serialisation (the summary for the site pages; csl.xsl, a module of prepare.xsl)
_PREPARE_MODES = {SUMMARY: ("{urn:x-edition:functions}summary", {}),
                  CSL: ("{urn:x-edition:functions}csl", {"!method": "json", "!indent": "yes", "!encoding": "UTF-8"})}
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
    document_path: str
    views: tuple[str, ...] = ("reading", "diplomatic")  # the views the document has (its root's e:views)


@dataclass
class Rendered:
    """What render() made of one document: the prepare pass's messages, each output by (stylesheet, view), and
    the document's summary for the site pages (serialised XML) when asked for."""

    messages: tuple[str, ...]
    results: dict[tuple[str, str], Result] = field(default_factory=dict)
    summary: str | None = None
    views: tuple[str, ...] = ("reading", "diplomatic")


def render(stylesheets: "Stylesheets", source: Source, outputs: Iterable[tuple[str, str]], *,
           document_path: str = "", source_file: str | None = None, text_width: int = 78,
           summary: bool = False) -> Rendered:
    """The one route from a parsed source to its outputs, for the build and the tests alike: the prepare pass
    once, then each output (stylesheet, view) and the summary from the prepared tree. `document_path` is the
    document's output name (the stylesheets' document-path; empty: its xml:id), `source_file` the name of its copy
    in the edition's tei/ folder (by default the source's own file name).

    An output of a view the document does not have (the prepare pass decides: a text whose encoding gives the views
    nothing different to show has the reading view alone) is not made. The Typst source holds every view of the
    document: ("typst", "reading") is that source."""
    prepared = stylesheets.prepare(stylesheets.document(source),
                                   source_file=source.path.name if source_file is None else source_file,
                                   document_path=document_path)
    rendered = Rendered(prepared.messages, views=prepared.views)
    for name, view in outputs:
        if view in prepared.views:
            rendered.results[(name, view)] = stylesheets.apply(name, prepared, view=view, text_width=text_width)
    if summary:
        rendered.summary = stylesheets.summary(prepared)
    return rendered


class Stylesheets:
    """The compiled stylesheets of one process and the parameters shared by every call."""

    def __init__(self, names: tuple[str, ...] = STYLESHEETS):
        self.processor = PySaxonProcessor(license=False)
        compiler = self.processor.new_xslt30_processor()
        self.executables = {}
        # compiled now or never: once compiled, no URI (not even an imported stylesheet) can be read
        # (the prepare pass comes with the document stylesheets, and alone for a worker that only summarises)
        for name in tuple(names) + ((PREPARE,) if set(names) & set(STYLESHEETS) or not names else ()):
            if name in _PREPARE_MODES:
                continue
            try:
                self.executables[name] = compiler.compile_stylesheet(
                    stylesheet_file=str(resources.xslt(f"{name}.xsl")))
            except PySaxonApiError as error:
                raise TransformError(f"xslt/{name}.xsl does not compile: {_tidy(error)}") from None
        if PREPARE in self.executables:
            for name, (mode, serialisation) in _PREPARE_MODES.items():
                self.executables[name] = self.executables[PREPARE].clone()
                self.executables[name].set_initial_mode(mode)
                for key, value in serialisation.items():
                    self.executables[name].set_property(key, value)
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

    def set_corpus(self, registers: list, summaries: list = ()) -> None:
        """Parameters that stay the same for a whole build: the register nodes (and, for the site pages, the
        documents' summaries)."""
        # saxonche's sequences do not keep their Python items alive: a collected node is a dangling pointer.
        self._corpus = (list(registers), list(summaries), self._sequence(registers), self._sequence(summaries))
        for name, executable in self.executables.items():
            executable.set_parameter("registers", self._corpus[2])
            if name == SITE:
                executable.set_parameter("summaries", self._corpus[3])

    def set_edition(self, parameters: dict[str, str]) -> None:
        """The edition's configured title, base URL and version (common.xsl's edition-title, base-url,
        edition-version: config.Config.stylesheet_parameters()), the same for every document of a build."""
        for executable in self.executables.values():
            for name, value in parameters.items():
                executable.set_parameter(name, self.processor.make_string_value(value))

    def set_document_index(self, entries: dict[str, str]) -> None:
        """The build's document index (pipeline/links.py), one map for every call: the prepare pass resolves
        links between documents by it."""
        make = self.processor.make_string_value
        # the keys and values are kept with the map, as in set_corpus: a map does not keep its items alive
        items = {make(key): make(value) for key, value in entries.items()}
        self._index = (items, self.processor.make_map(items))
        for executable in self.executables.values():
            executable.set_parameter("document-index", self._index[1])

    def set_site(self, formats: tuple[str, ...], register_files: tuple[str, ...]) -> None:
        """The web edition's parameters for a build: the formats it makes (a page links only the downloads that
        exist) and the file names of the registers copied beside the sources."""
        # the items are kept with the sequences, as in set_corpus: a sequence does not keep them alive
        items = [[self.processor.make_string_value(v) for v in values] for values in (formats, register_files)]
        self._site = (items, [self._sequence(i) for i in items])
        for executable in [self.executables[n] for n in ("html", SITE) if n in self.executables]:
            executable.set_parameter("formats", self._site[1][0])
            executable.set_parameter("register-files", self._site[1][1])

    def prepare(self, document, *, source_file: str = "", document_path: str = "") -> Prepared:
        """The prepare pass, run once for all the outputs of a document (after set_corpus: it reads the registers).

        Give the result to apply() for each output."""
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
        return Prepared(holder[0], result.messages, source_file, document_path, self._views(holder[0]))

    def _views(self, prepared) -> tuple[str, ...]:
        """The views the prepare pass gave a document (its root's e:views), read by XPath: saxonche's node
        properties (node_kind, get_attribute_value) crash the process when called from a thread other than the
        first one to use Saxon (`edition serve --watch` builds in its watcher thread)."""
        xpath = self.processor.new_xpath_processor()
        xpath.declare_namespace("e", "urn:x-edition:functions")
        xpath.set_context(xdm_item=prepared)
        value = xpath.evaluate_single("string(*/@e:views)")
        return tuple((value.string_value if value is not None else "").split()) or ("reading",)

    def apply(self, name: str, prepared: Prepared, *, view: str = "reading", text_width: int = 78) -> Result:
        """One output of a document from its prepared tree (prepare(): the outputs read nothing else)."""
        if not isinstance(prepared, Prepared):
            raise TypeError("the outputs render prepared documents only: run prepare() first")
        executable = self._parameters(name, view, prepared.source_file, text_width, prepared.document_path)
        executable.set_global_context_item(xdm_item=prepared.node)
        return self._run(executable, lambda: executable.apply_templates_returning_string(xdm_value=prepared.node))

    def summary(self, prepared: Prepared) -> str:
        """The summary of a prepared document (common.xsl's mode e:summary), serialised: what the site pages read
        of it."""
        executable = self._parameters(SUMMARY, "reading", prepared.source_file, 78, prepared.document_path)
        executable.set_global_context_item(xdm_item=prepared.node)
        return self._run(executable, lambda: executable.apply_templates_returning_string(xdm_value=prepared.node)).text

    def call(self, name: str, template: str) -> Result:
        executable = self._parameters(name, "reading", "", 78, "")
        return self._run(executable, lambda: executable.call_template_returning_string(template))

    def _parameters(self, name: str, view: str, source_file: str, text_width: int, document_path: str):
        executable = self.executables[name]
        executable.set_parameter("view", self.processor.make_string_value(view))
        executable.set_parameter("source-file", self.processor.make_string_value(source_file))
        executable.set_parameter("text-width", self.processor.make_integer_value(text_width))
        executable.set_parameter("document-path", self.processor.make_string_value(document_path))
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


def edition_name(sources: list[Source]) -> str:
    """The edition's name as the site pages give it (xslt/site.xsl, common.xsl's e:edition-name): the first clause
    of the registers' project description, else of the first document's. For what has the sources and no
    summaries (the exports), so that every output names the edition alike."""
    ordered = [s for s in sources if s.is_register] + [s for s in sources if not s.is_register]
    stylesheets = Stylesheets((SITE,))
    # (the registers' parameter holds every source here, registers first: the same choice, in the same order)
    stylesheets.set_corpus([stylesheets.document(s) for s in ordered])
    return stylesheets.call(SITE, "edition-name").text


def _tidy(error: Exception) -> str:
    return re.sub(r"\s+", " ", str(error)).strip()
