<?xml version="1.0" encoding="UTF-8"?>
<!-- The core: what each TEI element IS (the behaviour table and its parameters), the prepare pass that writes them
     onto every element, the wording of the edition (one map) and the shared functions. html.xsl, text.xsl and
     typst.xsl import this file and define how each behaviour LOOKS, as a named template of the behaviour's name
     that reads the parameters prepare wrote; site.xsl draws the corpus pages from the documents' summaries. No
     output syntax here. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:e="urn:x-edition:functions"
  xmlns:eg="http://www.tei-c.org/ns/Examples"
  xmlns:fn="http://www.w3.org/2005/xpath-functions"
  xmlns:mml="http://www.w3.org/1998/Math/MathML"
  xmlns:xi="http://www.w3.org/2001/XInclude"
  exclude-result-prefixes="#all" expand-text="yes">

  <!-- ===== Parameters (the only ones; set by Python) ===== -->
  <xsl:param name="registers" as="document-node()*" select="()"/>
  <xsl:param name="view" as="xs:string" select="'reading'"/>
  <xsl:param name="source-file" as="xs:string" select="''"/>
  <xsl:param name="text-width" as="xs:integer" select="78"/>
  <!-- the document's output name without suffix, relative to each format folder ('editions/L00001'; '' for the
       site pages): see e:document-path and e:to-root -->
  <xsl:param name="document-path" as="xs:string" select="''"/>
  <!-- the build's document index (pipeline/links.py): the other documents a link may name, by source file, root
       xml:id and the ids links name as fragments; see e:link-parameters -->
  <xsl:param name="document-index" as="map(xs:string, xs:string)" select="map{}"/>
  <!-- the language of the edition's own words (e:word) -->
  <xsl:param name="interface-language" as="xs:string" select="'en'"/>
  <!-- the edition as configured ('' where it is not), each before what the headers say: its title (else the
       series, seriesStmt: e:edition-title), the address its output folder is served at (http(s), ending in '/': a
       page is then {base-url}html/{document-path}.html; else the header's publicationStmt/idno: e:pages-address),
       its version (else the header's editionStmt: e:meta) -->
  <xsl:param name="edition-title" as="xs:string" select="''"/>
  <xsl:param name="base-url" as="xs:string" select="''"/>
  <xsl:param name="edition-version" as="xs:string" select="''"/>

  <!-- the medium an output stylesheet draws for ('web', 'plain', 'print'): each sets it; rows may name a medium -->
  <xsl:variable name="e:medium" as="xs:string" select="''"/>

  <!-- ===== Modes ===== -->
  <!-- element -> its row of the behaviour table (a model element); every element is matched by the defaults -->
  <xsl:mode name="model" on-no-match="fail"/>
  <!-- the annotating pass every output reads (e:prepare) -->
  <xsl:mode name="prepare" on-no-match="shallow-copy"/>
  <!-- the main rendering mode: text is never dropped; elements go to the output's template of their behaviour -->
  <xsl:mode name="render" on-no-match="text-only-copy"/>

  <xsl:key name="e:id" match="*[@xml:id]" use="@xml:id"/>
  <!-- statements of certainty by the id of each element they qualify -->
  <xsl:key name="e:certainty" match="tei:certainty[@target]" use="tokenize(normalize-space(@target), ' ')[starts-with(., '#')] ! substring(., 2)"/>
  <!-- every element pointing at an entry, by the entry's id (for occurrence lists) -->
  <xsl:key name="e:ref" match="tei:text//*[@ref]" use="tokenize(normalize-space(@ref), ' ')[starts-with(., '#')] ! substring(., 2)"/>
  <!-- every ref or ptr of the text with one target in the document, by the target's id (references to notes) -->
  <xsl:key name="e:targets" match="tei:text//tei:ref | tei:text//tei:ptr" use="tokenize(normalize-space(@target))[last() = 1][starts-with(., '#')] ! substring(., 2)"/>

  <!-- ===== The prepared tree: what the outputs read =====
       e:prepare copies the document (whitespace runs made one space, hyphens of a break moved onto the lb, comments
       and processing instructions dropped, egXML made its markup as text) and writes onto each element, once, its
       row of the behaviour table and the facts the outputs would otherwise ask again and again. Attributes in the
       e: namespace that a source brings are dropped: only prepare writes them.
       On every element   e:behaviour; and the table's parameters (e:views e:print-views e:style e:class e:title
                          e:label e:before e:after e:flag e:content e:align e:edge e:continues e:legend ...) where
                          not empty
       generic            e:class (type-, rend-, resp-, later-hand, place- tokens and the row's class), e:rend (the
                          rend- classes of @rend and @style), e:resp-role (author translator editor edition),
                          e:title (the row's, or the hand of an element with @hand), e:legend (+ later-hand)
       blocks             e:path (the element's path() in the source, for messages and the // tei: lines of the
                          Typst output), e:anchor (an id for blocks of the text without xml:id), e:space="preserve"
       paragraphs         e:deleted (its whole text is deleted: the reading view leaves it out), e:lined (it holds
                          the source's line breaks)
       lists and items    e:numbered, e:plain (no bullets), e:depth (lists around it), e:number (an item's number
                          or @n), e:continues (an item after another)
       notes              e:kind (authorial translator gloss editorial), e:n, e:mark (1, T1, E1, 3.1: e:note-marks),
                          e:id, e:inline (in the line, in brackets), e:apart (between blocks: drawn where it
                          stands too), e:referenced (drawn by the refs pointing at it), e:endnote (of a division of
                          notes), e:resp-name, e:only-in (diplomatic: inside a deletion, forme work or a mark);
                          a ref or ptr pointing at a note: behaviour note with e:refers (the note's id), e:mark,
                          e:kind, e:first (the first reference to it)
       names              e:entry (the register entry's id), e:page (persons places organizations), e:occ (the
                          occurrence's id)
       alternates         e:show-reading e:show-diplomatic (the position of the child each view shows),
                          e:letter e:letter-reading (its letter in the diplomatic and reading apparatus)
       deletions          e:struck, e:marker (the reading view puts a deleted-passage marker), e:nested (inside
                          another)
       line breaks        e:hyphen (the hyphen the source has before it), e:leading (it starts its block)
       forme work, heads  e:joins (the number of forme work elements on its line, or of heads in a row, itself
                          included), e:joined (it is written with the one before it)
       tables             e:header (a row of headers, a header cell), e:colspan, e:rowspan (whole numbers above 1)
       flags              e:in-word (the flag stands within a word: no space before it)
       spacing            e:space-before, e:space-after (a space the output adds around a marker or label)
       the views          e:by-view (the element's own drawing depends on the view: its row shows it in one view
                          only, or it is an addition, a deletion, a line of the page, a paragraph deleted whole, or
                          an alternate whose views show different children or letters; an output writing both views
                          in one source, typst.xsl, switches there)
       the root           e:controls (the document holds control characters or bidi overrides: see the
                          accumulator e:controls); e:views (the views the document has: 'reading diplomatic' where
                          an element of its text is drawn by view, else 'reading': a born-digital text, or TEI
                          without transcriptional markup, has one text, and no diplomatic view is made) -->

  <!-- ===== Wording: every word the edition itself says, by key (one map per interface language) =====
       {1} {2} ... stand for the values e:word is given. -->
  <xsl:variable name="e:wording" as="map(xs:string, map(xs:string, xs:string))" select="map{'en': map{
    'flag.sic': 'sic', 'flag.unclear': '?',
    'unclear.title': 'Uncertain reading', 'unclear.cert': 'certainty: {1}',
    'surplus.title': 'Superfluous in the editors’ view',
    'hand-shift.label': 'hand: {1}', 'hand-shift.title': 'Another hand takes over',
    'graphic.object': 'binary object ({1})',
    'graphic.image': 'image: {1}', 'graphic.image-unnamed': 'image',
    'link.document': 'Another document of this edition: {1}',
    'link.outside': 'not in this edition: {1}',
    'link.unsafe': 'not linked: {1}',
    'page.start': 'Start of page {1} of the source',
    'page.label': 'p. {1}',
    'page.break': 'page break',
    'add.title': 'Added',
    'del.title': 'Deleted', 'del.title.by': 'Deleted (the deletion is {1})',
    'del.unstruck': 'deleted',
    'del.marker.paragraph': 'deleted passage — see the diplomatic text',
    'del.marker.words': '⌫',
    'del.paragraph': 'Deleted paragraph', 'del.paragraph.by': '{1} — {2}',
    'del.hand': 'deletion: {1}',
    'certainty.inferred': '{1} (inferred)', 'certainty.title': '{1}: this edition’s inference (certainty: {2}). {3}',
    'certainty.hand': 'the hand', 'certainty.place': 'the place',
    'mark.title': 'Mark',
    'mark.not-transcribed': 'mark, not transcribed',
    'mark.not-transcribed.title': ', not transcribed',
    'mark.paraphrased': 'note on the page ({1}), its words not transcribed: their sense is given by {2}, in {3}',
    'mark.paraphrased.title': 'A note on the page whose words are not transcribed: {1} gives their sense in note {2}',
    'section.break': 'section break',
    'section.break.title': 'A break between sections; the source does not show how it was marked',
    'supplied.title': 'Supplied by {1}',
    'sic.title': 'So in the source',
    'sic.flagged': ' (flagged by {1})',
    'correction.title': 'Corrected by {1} from “{2}”',
    'correction.certainty': ' (certainty: {1})',
    'regularised.title': 'Regularised from “{1}”',
    'abbreviation.title': 'Abbreviation: “{1}”',
    'gap.title': 'Not transcribed: {1}',
    'gap.units': 'units',
    'gap.description': '{1}: {2}',
    'unit.chars': 'characters', 'unit.char': 'character', 'unit.letters': 'letters', 'unit.words': 'words',
    'unit.lines': 'lines', 'unit.pages': 'pages', 'unit.leaves': 'leaves', 'unit.toc': 'table of contents',
    'include.label': 'not included: {1}',
    'hand.title': 'In the hand: {1}',
    'the-editors': 'the editors',
    'quoted.title': 'Quoted: {1}',
    'role.translator': 'the translator', 'role.author': 'the author', 'role.editor': 'the editors',
    'role.edition': 'this edition''s editors',
    'correction.note': 'Read “{1}” for “{2}” ({3}).', 'correction.label': 'Correction {1}',
    'correction.by': 'corrected by {1}', 'correction.plain': 'correction', 'correction.cert': 'certainty: {1}',
    'note.authorial': 'Author’s note', 'note.translator': 'Translator’s note', 'note.gloss': 'Gloss',
    'note.editorial': 'Editor’s note of the source', 'note.edition': 'Note of this edition', 'note.other': 'Note',
    'notes.authorial': 'Author’s notes', 'notes.translator': 'Translator’s notes', 'notes.gloss': 'Glosses',
    'notes.editorial': 'Editor’s notes of the source', 'notes.edition': 'Notes of this edition', 'notes.other': 'Notes',
    'fw.classification': 'Classification marking', 'fw.pageNum': 'Page number', 'fw.stamp': 'Stamp',
    'fw.header': 'Running head', 'fw.footer': 'Running foot', 'fw.catch': 'Catchword', 'fw.sig': 'Signature',
    'fw.other': 'Forme work',
    'place.top': 'top', 'place.margin': 'margin', 'place.above': 'above the line', 'place.below': 'below the line',
    'place.inline': 'in the line', 'place.bottom': 'bottom', 'place.foot': 'foot', 'place.left': 'left margin',
    'place.right': 'right margin', 'place.overstrike': 'over the text', 'place.end': 'end',
    'place.at': 'at {1}', 'place.in': 'in the {1}',
    'cut.start': 'The paragraph begins on an earlier page.',
    'cut.end': 'The paragraph continues on a later page.',
    'end-of-page': 'end of {1}',
    'end-of-page.continues': 'The last paragraph continues on a later page, which this edition does not include.',
    'end-of-page.ends': 'The transcription ends with this page; its last paragraph is not marked as continuing, so nothing in the encoding shows whether the text goes on on a later page.',
    'untitled': 'Untitled',
    'date.between': ', between {1} and {2}', 'date.after': ', after {1}', 'date.before': ', before {1}',
    'date.after-year': 'after {1}', 'date.before-year': 'before {1}',
    'months': 'January February March April May June July August September October November December',
    'date.day': '{1} {2} {3}', 'date.month': '{1} {2}', 'date.range': '{1}–{2}',
    'date.not-before': 'not before {1}', 'date.not-after': 'not after {1}', 'date.within': 'between {1} and {2}',
    'citation.translated-by': 'translated by {1}', 'citation.and': ' and ', 'citation.et-al': ' et al.',
    'citation.edition': 'Digital edition', 'citation.published-in': 'Published in {1}.', 'citation.in': 'In: {1}',
    'citation.edited-by': 'edited by {1}', 'citation.version': 'Version {1}', 'citation.page': 'web page {1}',
    'citation.at': 'at {1}', 'citation.no-address': ' (the edition’s public address is not recorded)',
    'place.note': 'note {1}', 'place.paragraph': '¶{1}', 'place.item': 'item {1}', 'place.heading': 'heading',
    'place.verse': 'verse line', 'place.title-page': 'title page', 'place.back': 'back matter', 'place.deleted': ' (deleted; diplomatic text)',
    'place.diplomatic': ' (diplomatic text)',
    'entry.born': 'born {1}', 'entry.died': 'died {1}',
    'register.intro': '{1} entries, each with every place it occurs in the documents.', 'register.also': 'Also: ',
    'register.none': 'Not named in the documents.', 'register.occurrence': '{1} – {2}', 'register.mentions': ' (mentions ',
    'register.mention': '{1}, mention {2}',
    'encoding.title': 'Encoding and editorial principles', 'encoding.legend': 'Legend of the conventions',
    'encoding.read': 'Read the text',
    'archive.file': 'file', 'archive.box': 'box', 'archive.folder': 'folder', 'archive.volume': 'volume',
    'archive.item': 'item', 'archive.dossier': 'dossier', 'archive.fonds': 'fonds', 'archive.series': 'series',
    'and': 'and',
    'bracket.supplied': 'words supplied by {1}', 'bracket.gloss': 'glosses (explanations) by {1}',
    'bracket.both': 'words supplied and glosses (explanations) by {1}',
    'bracket.sentence': 'Square brackets hold {1}.', 'bracket.sentence.and': ', and ',
    'sic.legend': 'so in the source, flagged by {1}',
    'quote.open': '“', 'quote.close': '”', 'quote.open.single': '‘', 'quote.close.single': '’',
    'bibl.source': '— ',
    'hand.handwritten': 'handwritten', 'hand.stamp': 'stamp', 'hand.typescript': 'typescript',
    'role.editor.notes': 'the source’s editors', 'role.edition.notes': 'this edition’s editors',
    'resp.author': 'The author', 'resp.translator': 'The translator', 'resp.editor': 'The source’s editors',
    'resp.edition': 'This edition’s editors',

    'view.reading': 'Reading text', 'view.diplomatic': 'Diplomatic text', 'view.one': 'Text',
    'view.print.reading': 'Reading text', 'view.print.diplomatic': 'Diplomatic transcription',
    'nav.views': 'Views of the text', 'nav.notes': 'Notes', 'nav.legend': 'Legend',
    'site.skip': 'Skip to the content', 'site.nav': 'Site',
    'site.footer': '{1}. Texts and licences as stated on each page; see {2} for the editorial principles.',
    'page.index': 'Documents', 'page.persons': 'Persons', 'page.places': 'Places',
    'page.organizations': 'Organizations', 'page.encoding': 'Encoding', 'page.search': 'Search',
    'views.show': 'Show the text as', 'views.reading': 'Reading', 'views.both': 'Side by side',
    'views.diplomatic': 'Diplomatic',
    'names.toggle': 'Name links',
    'names.toggle.title': 'Persons, places and organisations as links to the registers, or as plain text',
    'card.close': 'Close', 'card.to-note': 'In the list of notes', 'card.to-entry': 'Entry in the register',
    'cite.copied': 'Link copied: {1}',
    'search.label': 'Search the texts', 'search.placeholder': 'Search', 'search.button': 'Search',
    'search.intro': 'Searches the reading texts and their notes. Filter by document, person, place or organisation.',
    'search.filter.document': 'Document', 'search.filter.persons': 'Person', 'search.filter.places': 'Place',
    'search.filter.organizations': 'Organisation', 'search.filter.any': 'Any',
    'search.found.none': 'Nothing found.', 'search.found.one': 'Found in 1 document.',
    'search.found.many': 'Found in {1} documents.', 'search.more': 'and {1} more passages in this document',
    'search.searching': 'Searching…',
    'search.needs-http': 'Search needs the edition served over HTTP: opened from a folder, a browser does not let the page read its search index. Run “edition serve” (or any web server) and open the address it prints.',
    'search.unavailable': 'The search index could not be loaded: the build may have been made without it, or the server does not send its files.',
    'search.needs-script': 'Search needs JavaScript.',

    'field.author': 'Author', 'field.authors': 'Authors', 'field.translator': 'Translator',
    'field.translators': 'Translators', 'field.date': 'Date', 'field.dating': 'Dating', 'field.archive': 'Archive',
    'field.archival-title': 'Archival title', 'field.source': 'Source', 'field.summary': 'Summary',
    'field.edition': 'Edition', 'field.licence': 'Licence', 'field.licences': 'Licences', 'field.cite': 'How to cite',
    'field.text': 'Text', 'field.document': 'Document', 'field.this-pdf': 'This PDF',
    'licence.of': 'Licence of {1}',

    'downloads': 'Downloads', 'download': 'Download', 'download.tei': 'TEI source',
    'download.registers': 'Registers (TEI)',
    'download.registers.title': 'The persons, places and organisations the TEI source’s @ref attributes point at',
    'download.csl': 'Citation (CSL-JSON)',
    'download.reading.txt': 'Reading text (plain text)', 'download.diplomatic.txt': 'Diplomatic text (plain text)',
    'download.reading.pdf': 'PDF (reading text)', 'download.diplomatic.pdf': 'PDF (diplomatic transcription)',

    'notes': 'Notes', 'notes.none': 'This text has no notes.', 'corrections': 'Corrections',
    'index': 'Index', 'index.intro': '{1} entries of the source’s index, each with the sections it occurs in.',
    'index.intro.one': 'One entry of the source’s index, with the section it occurs in.',
    'note.label': '{1} {2}',
    'note.back.reading': 'Back to note {1} in the reading text', 'note.back.reading.link': '↩ reading',
    'note.back.diplomatic': 'Back to note {1} in the diplomatic text', 'note.back.diplomatic.link': '↩ diplomatic',
    'note.prefix.editor': 'Editor’s note:', 'note.prefix.edition': 'This edition:',
    'notes.of.authorial': '{1} the author’s', 'notes.of.translator': '{1} the translator’s',
    'notes.of.editorial': '{1} the source’s editor’s', 'notes.of.edition': '{1} this edition’s',
    'cite.title': 'Link to this {1} (#{2}); click to copy', 'cite.label': 'Link to {1} {2}',
    'cite.item': 'list item', 'cite.paragraph': 'paragraph',
    'correction.diplomatic': 'As in the source; corrected in the reading text to “{1}”',
    'del.unstruck.title': '{1} (not struck through)',
    'graphic.alt': 'Image',
    'apparatus.omitted': 'omitted',
    'mark.in.margin': 'margin', 'mark.in.line': 'mark',
    'pdf.description': '{1} of {2}.', 'pdf.translated': 'Translated by {1}.', 'pdf.edition': 'Edition: {1}.',
    'pdf.keyword.translator': 'translator: {1}', 'pdf.keyword.tei': 'TEI', 'pdf.keyword.edition': 'digital edition',

    'intro.web.one': 'One text, as published: nothing in it is corrected, added or deleted, and its encoding records no lines or marks of the page, so a diplomatic transcription would be the same text and none is given',
    'intro.web.reading': 'The text as finally revised', 'intro.web.reading.join': ': ',
    'intro.web.reading.choice': 'corrections applied (a letter after the word leads to the list of corrections)',
    'intro.web.reading.del': 'deletions left out (⌫ marks where; hover or focus it to read)',
    'intro.web.reading.hyphen': 'hyphenated words joined',
    'intro.web.diplomatic': 'The text as written', 'intro.web.diplomatic.join': ': ',
    'intro.web.diplomatic.del': 'deletions struck through where the source crosses them out, otherwise labelled “deleted”',
    'intro.web.diplomatic.add': 'additions marked with their hand and, where known, their place',
    'intro.web.diplomatic.metamark': 'marks on the page, as written or described where they are not transcribed',
    'intro.web.diplomatic.choice': 'the source’s forms uncorrected',
    'intro.web.diplomatic.lb': 'its line breaks',
    'intro.web.diplomatic.fw': 'running heads, stamps and page numbers',
    'intro.plain.reading': 'reading view: the text as finally revised, with {1} (see the legend at the end)',
    'intro.plain.reading.choice': 'corrections applied', 'intro.plain.reading.del': 'deletions left out',
    'intro.plain.reading.hyphen': 'hyphenated words joined', 'intro.plain.reading.add': 'additions in the text',
    'intro.plain.one': 'one view, the text as published: nothing in it is corrected, added or deleted, and its encoding records no lines or marks of the page, so there is no diplomatic view (see the legend at the end)',
    'intro.plain.diplomatic': 'diplomatic view: the page as written, with deletions, additions and uncorrected forms marked (see the legend at the end)',

    'legend': 'Legend', 'legend.caption': 'Conventions used', 'legend.looks': 'Looks like', 'legend.means': 'Means',
    'legend.resp': 'Who is responsible', 'legend.hands': 'Hands',

    'legend.web.supplied': '{2}, to make the text clear; both views.', 'legend.web.supplied.sample': '[words]',
    'legend.web.sic': '{2}.', 'legend.web.sic.sample': 'word | [sic]',
    'legend.web.note-authorial': 'Author’s footnote; the number links to the note and back.', 'legend.web.note-authorial.sample': '1',
    'legend.web.note-translator': 'Translator’s note: the translator’s description of the draft, kept verbatim.', 'legend.web.note-translator.sample': 'T1',
    'legend.web.note-gloss': '{2}, in brackets in the text.', 'legend.web.note-gloss.sample': '[gloss]',
    'legend.web.note-editorial': 'Editor’s note of the source: a note the source labels as its editor’s (the source does not always say whose), in its colour.',
    'legend.web.note-editorial.sample': 'E1',
    'legend.web.note-edition': 'Note of this edition’s editors, numbered apart, in their colour (see Who is responsible).',
    'legend.web.note-edition.sample': 'N1',
    'legend.web.del': 'Deleted (crossed out). Reading text: left out, the marker holds the deleted words. Diplomatic text: struck through, followed by who made the deletion where known (“inferred”: this edition’s inference).',
    'legend.web.del.sample': '⌫ | struck | deletion: handwritten (inferred)',
    'legend.web.add': 'Added in the source, with its hand and, where known, its place (diplomatic text; “inferred”: this edition’s inference, not the source’s statement); in the reading text part of the text, in the colour of its hand.',
    'legend.web.add.sample': 'added | handwritten, top (inferred)',
    'legend.web.subst': 'A line crossed out and replaced by another.', 'legend.web.subst.sample': 'old | new',
    'legend.web.metamark-text': 'A mark written on the page, as written (a query, “delete”), with its place where the source gives it; diplomatic text only.',
    'legend.web.metamark-text.sample': '?',
    'legend.web.metamark-empty': 'A mark on the page that is not transcribed, described by the editors with its function; diplomatic text only.',
    'legend.web.metamark-empty.sample': '[mark, not transcribed: deletion]',
    'legend.web.metamark-paraphrased': 'A note written on the page whose words are not transcribed: the source gives only their sense, in the note named; diplomatic text only.',
    'legend.web.metamark-paraphrased.sample': '[note on the page (deletion), its words not transcribed: …]',
    'legend.web.del-unstruck': 'Deleted in the source but not struck through (dropped by a note): labelled, not struck; diplomatic text only.',
    'legend.web.del-unstruck.sample': '[deleted:  | words | ]',
    'legend.web.gap': 'A passage not transcribed, with its extent and the reason.', 'legend.web.gap.sample': '[… 1 line illegible]',
    'legend.web.choice': 'An error of the page or the OCR: corrected in the reading text (hover or focus it for the source’s form), as in the source in the diplomatic text; the letter after it leads to the list of corrections.',
    'legend.web.choice.sample': 'Europe | Burope | a',
    'legend.web.lb': 'Diplomatic text: the source’s line breaks, every fifth line numbered.', 'legend.web.lb.sample': '5',
    'legend.web.hyphen': 'A word hyphenated at a line end: joined in the reading text, as on the page in the diplomatic text.',
    'legend.web.hyphen.sample': 'Viet-/namese',
    'legend.web.pb': 'Start of a page of the source.', 'legend.web.pb.sample': 'p. 28',
    'legend.web.fw': 'Running heads, stamps and page numbers, where they stand on the page: diplomatic text only, in every format.',
    'legend.web.fw.sample': 'TOP SECRET',
    'legend.web.later-hand': 'Text in a later hand than the main one (see Hands).', 'legend.web.later-hand.sample': 'later hand',
    'legend.web.unclear': 'An uncertain reading, with why and how certain where the encoding says (hover or focus it).',
    'legend.web.unclear.sample': 'word [?]',
    'legend.web.surplus': 'Words the editors hold superfluous; both views.', 'legend.web.surplus.sample': '{word}',
    'legend.web.hand-shift': 'Diplomatic text: another hand takes over here, named as the header describes it (see Hands).',
    'legend.web.hand-shift.sample': '[hand: …]',
    'legend.web.name': 'A person, place or organisation: the link leads to its entry in the registers.',
    'legend.web.name.sample': 'Hanoi',
    'legend.web.section-break': 'A break between sections of the text; the source does not show how it was marked.',
    'legend.web.section-break.sample': '[section break]',

    'legend.plain.supplied': '{1}', 'legend.plain.supplied.sample': '[words]',
    'legend.plain.sic': '{1}', 'legend.plain.sic.sample': '[sic]',
    'legend.plain.gap': 'a passage not transcribed', 'legend.plain.gap.sample': '[… reason]',
    'legend.plain.note-authorial': 'author’s note, given under Notes', 'legend.plain.note-authorial.sample': '[1]',
    'legend.plain.note-translator': 'translator’s note (the translator’s description of the draft)', 'legend.plain.note-translator.sample': '[T1]',
    'legend.plain.note-gloss': '{1}, in the text in brackets', 'legend.plain.note-gloss.sample': '[gloss]',
    'legend.plain.note-editorial': 'editor’s note of the source (the source does not always say whose)', 'legend.plain.note-editorial.sample': '[E1]',
    'legend.plain.note-edition': 'note of this edition’s editors', 'legend.plain.note-edition.sample': '[N1]',
    'legend.plain.section-break': 'a break between sections; the source does not show how it was marked', 'legend.plain.section-break.sample': '[section break]',
    'legend.plain.pb': 'start of a page of the source', 'legend.plain.pb.sample': '[p. 28]',
    'legend.plain.unclear': 'an uncertain reading, with why and how certain where the encoding says', 'legend.plain.unclear.sample': '[?]',
    'legend.plain.surplus': 'words the editors hold superfluous', 'legend.plain.surplus.sample': '{words}',
    'legend.plain.diplomatic.hand-shift': 'another hand takes over here', 'legend.plain.diplomatic.hand-shift.sample': '[hand: …]',
    'legend.plain.diplomatic.del-struck': 'struck through (crossed out) in the source, with who made the deletion where known; “inferred”: this edition’s inference',
    'legend.plain.diplomatic.del-struck.sample': '[-text-](deletion: hand)',
    'legend.plain.diplomatic.del-unstruck': 'deleted in the source but not struck through (dropped by a note)',
    'legend.plain.diplomatic.del-unstruck.sample': '[deleted: text](deletion: hand)',
    'legend.plain.diplomatic.add': 'added in the source, with the hand and, where known, the place; “inferred”: this edition’s inference',
    'legend.plain.diplomatic.add.sample': '[+text+](hand, place)',
    'legend.plain.diplomatic.metamark-text': 'a mark on the page, as written (a query, “delete”), with its place where the source gives it',
    'legend.plain.diplomatic.metamark-text.sample': '[margin: ?]',
    'legend.plain.diplomatic.metamark-paraphrased': 'a note on the page whose words are not transcribed; the note named gives their sense',
    'legend.plain.diplomatic.metamark-paraphrased.sample': '[note on the page …]',
    'legend.plain.diplomatic.metamark-empty': 'a mark on the page whose form is not transcribed, described by the editors with its function',
    'legend.plain.diplomatic.metamark-empty.sample': '[mark, not transcribed: deletion]',
    'legend.plain.diplomatic.choice': 'forms as in the source: errors of the page or the OCR are not corrected; the letter leads to the list of corrections',
    'legend.plain.diplomatic.choice.sample': 'Burope[a]',
    'legend.plain.diplomatic.lb': 'each line of the page is a line here; a hyphen at a line end is the source’s',
    'legend.plain.diplomatic.lb.sample': 'line breaks',
    'legend.plain.diplomatic.fw': 'headers, stamps and page numbers stand where they are on the page (the reading view leaves them out)',
    'legend.plain.diplomatic.fw.sample': 'running heads',
    'legend.plain.reading.deleted-paragraph': 'a paragraph deleted in the source is left out; this marker stands in its place',
    'legend.plain.reading.deleted-paragraph.sample': '[{1}]',
    'legend.plain.reading.deleted-words': 'words deleted within a paragraph are left out; this sign stands where they were',
    'legend.plain.reading.deleted-words.sample': '[⌫]',
    'legend.plain.reading.add': 'added in the source: part of the text; see the diplomatic text for where and by whom',
    'legend.plain.reading.add.sample': '˹words˺',
    'legend.plain.reading.choice': 'errors of the page or the OCR are corrected; the letter leads to the list of corrections, which gives the source’s forms',
    'legend.plain.reading.choice.sample': 'Europe[a]',
    'legend.plain.reading.hyphen': 'words hyphenated at a line end are joined', 'legend.plain.reading.hyphen.sample': '(hyphenation)',

    'legend.print.reading.view': 'Reading text: the text as finally revised.',
    'legend.print.reading.view.one': 'The text as published, its one view: nothing in it is corrected, added or deleted, and its encoding records no lines or marks of the page, so there is no diplomatic transcription.',
    'legend.print.diplomatic.view': 'Diplomatic transcription: the text as it stands in the source, with its interventions marked.',
    'legend.print.notes': 'Notes: {1}.',
    'legend.print.brackets': '{1}',
    'legend.print.sic': '“[sic]”: {1}.',
    'legend.print.reading.deleted': 'Deleted passages are left out: {1}.',
    'legend.print.reading.deleted.paragraph': '“[{1}]” stands in place of a deleted paragraph',
    'legend.print.reading.deleted.words': '“[⌫]” where words were deleted',
    'legend.print.reading.add': '˹Half brackets˺ in brown, the colour of the later hand, enclose words added in the source (see the diplomatic transcription for where and by whom).',
    'legend.print.reading.choice': 'Notes a, b, c (italic letters) after a corrected word give the source’s form and who corrected it.',
    'legend.print.diplomatic.choice': 'Notes a, b, c (italic letters) give the editors’ corrections.',
    'legend.print.diplomatic.del-struck': 'Struck-through text is crossed out in the source; who made the deletion, where known, in superscript (“inferred”: this edition’s inference).',
    'legend.print.diplomatic.del-unstruck': 'Text deleted in the source without being struck through (dropped by a note) is in grey after “deleted:”.',
    'legend.print.diplomatic.add': '˹Half brackets˺ in brown, the colour of the later hand, enclose additions, their hand and, where known, their place in superscript after them (“inferred”: this edition’s inference).',
    'legend.print.diplomatic.metamark-text': '⟨Angle brackets⟩ in brown enclose marks as written, with their place where the source gives it.',
    'legend.print.diplomatic.metamark-empty': '[Italic words in grey square brackets] describe a mark on the page that is not transcribed (“mark, not transcribed: deletion”).',
    'legend.print.diplomatic.metamark-paraphrased': '[Italic words in grey square brackets] stand for a note on the page whose words are not transcribed, and name the note that gives their sense.',
    'legend.print.section-break': '“[section break]” marks a break between sections whose form the source does not show.',
    'legend.print.diplomatic.lb': 'Lines break as in the source, with their hyphens.',
    'legend.print.unclear': '“[?]” follows an uncertain reading, with why and how certain where the encoding says.',
    'legend.print.surplus': '{Braces} enclose words the editors hold superfluous.',
    'legend.print.diplomatic.hand-shift': '“[hand: …]” marks where another hand takes over.'
  }}"/>

  <!-- the edition's words for a key, in the interface language (English where it has none) -->
  <xsl:function name="e:word" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="($e:wording($interface-language)($key), $e:wording('en')($key),
      error(xs:QName('e:wording'), 'no wording for the key ' || $key))[1]"/>
  </xsl:function>

  <!-- ... with the values for {1}, {2} ... The words of each key are cut once at their {n} (a page asks for some
       words with values for every paragraph): strings, and the integer n where the nth value goes. -->
  <xsl:function name="e:word" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="values" as="xs:string*"/>
    <xsl:sequence select="string-join(for $part in e:word-parts($key) return if ($part instance of xs:integer) then $values[$part] else $part)"/>
  </xsl:function>

  <!-- the words of a key cut at their {n} (for an output that fills them for every paragraph) -->
  <xsl:function name="e:word-parts" as="xs:anyAtomicType*">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="let $parts := $e:word-parts($interface-language)($key), $en := $e:word-parts('en')($key)
      return if (exists($parts)) then $parts else if (exists($en)) then $en else e:word($key)"/>
  </xsl:function>

  <xsl:variable name="e:word-parts" as="map(xs:string, map(xs:string, xs:anyAtomicType*))" select="map:merge(
    map:keys($e:wording) ! map{.: map:merge(for $key in map:keys($e:wording(.)) return map{$key:
      analyze-string($e:wording(.)($key), '\{(\d)\}')/* ! (if (self::fn:match) then xs:integer(fn:group) else string(.))})})"/>


  <!-- the edition's words for a key with items in place of {1}, {2} ... (nodes an output has drawn: a link) -->
  <xsl:function name="e:phrase" as="node()*">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="items" as="node()*"/>
    <xsl:for-each select="analyze-string(e:word($key), '\{(\d)\}')/*">
      <xsl:choose>
        <xsl:when test="self::fn:match"><xsl:sequence select="$items[xs:integer(current()/fn:group)]"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:function>

  <!-- a field's label, plural where there are several -->
  <xsl:function name="e:field-label" as="xs:string">
    <xsl:param name="field" as="xs:string"/>
    <xsl:param name="count" as="xs:integer"/>
    <xsl:sequence select="e:word('field.' || $field || 's'[$count gt 1])"/>
  </xsl:function>

  <!-- ===== The behaviour table: what each TEI element IS ===== 
       One row per element (alphabetical; variants next to each other; the defaults last): its behaviour and the
       parameters that behaviour reads. Every output draws each behaviour once, from these parameters alone.
       Behaviours: document block paragraph heading inline note list item table row cell break alternate
       addition deletion mark link figure graphic math index omit unknown.
       Parameters (each optional; an empty one is not written):
         views         the views it shows in, when not both ('diplomatic'); print-views: the same for the printed
                       page, where that differs
         style         a semantic style: for blocks quotation indented example verse line forme-work title-page
                       back-matter stage; for inlines emphasis highlight foreign mentioned term title-of-work label
                       code address gap; for headings section title subtitle series caption label; for breaks
                       line page space section; for alternates choice readings; for graphics object
         class         class names added to the element's own (semantic names)
         title         what the element is, said to the reader (a tooltip, a description)
         label         a short label drawn with it: a hand and place, a page number, the extent of a gap
         before after  text drawn around its content (brackets, quotation marks)
         flag          a word drawn in brackets after it ("sic")
         content       text drawn instead of its content
         align edge    where a block stands: left center right; top bottom of the page
         legend        the conventions it uses, for legends (see $e:legends)
         reading diplomatic  (alternates) the children to show in each view, by name in order of preference
         and, for a few rows: datetime (dates), level (headings), numbered plain (lists), cite (list items),
         continues (a line or forme work after its like), keep (a line break the reading view keeps: title pages),
         url alt words (links, images), place described (marks), correction correction-role (corrections),
         shows-target (ptr), space-after (labels), focus (the reader may focus it to read its title), header colspan
         rowspan (table rows and cells), sort-key place (index entries: see e:index-entries), and those of notes
         and names (see "The prepared tree").
       Styles beyond those above: unprocessed (a break: an XInclude not processed), annotation (an inline: a
       bibliographic entry's own note), display (math: a display formula). -->
  <xsl:template match="tei:ab" mode="model"><model behaviour="paragraph"/></xsl:template>
  <xsl:template match="tei:abbr" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:actor" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:add" mode="model"><model behaviour="addition" class="{e:place-class(.)}" title="{e:addition-title(.)}" label="{e:addition-label(.)}" legend="add"/></xsl:template>
  <xsl:template match="tei:addName" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:addrLine" mode="model"><model behaviour="block" style="line" continues="{e:after-sibling(.)}"/></xsl:template>
  <xsl:template match="tei:address" mode="model"><model behaviour="block"/></xsl:template>
  <xsl:template match="tei:affiliation" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:age" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:alt | tei:altGrp" mode="model"><model behaviour="omit"/></xsl:template>
  <xsl:template match="tei:am" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:analytic" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:anchor" mode="model"><model behaviour="break"/></xsl:template>
  <xsl:template match="tei:app" mode="model"><model behaviour="alternate" style="readings" reading="lem rdg rdgGrp" diplomatic="lem rdg rdgGrp"/></xsl:template>
  <xsl:template match="tei:argument" mode="model"><model behaviour="block" style="indented"/></xsl:template>
  <xsl:template match="tei:att" mode="model"><model behaviour="inline" style="code" before="@"/></xsl:template>
  <xsl:template match="tei:author" mode="model"><model behaviour="inline" after="{e:entry-after(.)}"/></xsl:template>
  <xsl:template match="tei:back" mode="model"><model behaviour="block" style="back-matter"/></xsl:template>
  <xsl:template match="tei:listBibl/tei:bibl" mode="model"><model behaviour="item"/></xsl:template>
  <!-- the source of an epigraph or a quotation: a line of its own after the words it is the source of -->
  <xsl:template match="tei:epigraph/tei:bibl | tei:cit/tei:bibl" mode="model"><model behaviour="block" style="line" before="{e:word('bibl.source')}"/></xsl:template>
  <xsl:template match="tei:bibl" mode="model"><model behaviour="inline" after="{e:entry-after(.)}"/></xsl:template>
  <xsl:template match="tei:biblScope" mode="model"><model behaviour="inline" after="{e:entry-after(.)}"/></xsl:template>
  <xsl:template match="tei:listBibl/tei:biblStruct" mode="model"><model behaviour="item"/></xsl:template>
  <xsl:template match="tei:biblStruct" mode="model"><model behaviour="block"/></xsl:template>
  <xsl:template match="tei:binaryObject" mode="model"><model behaviour="graphic" style="object" label="{e:word('graphic.object', normalize-space(@mimeType))}"/></xsl:template>
  <xsl:template match="tei:birth" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:body" mode="model"><model behaviour="block"/></xsl:template>
  <xsl:template match="tei:byline" mode="model"><model behaviour="block" style="line" align="center"/></xsl:template>
  <xsl:template match="tei:c" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:caesura" mode="model"><model behaviour="break" style="space"/></xsl:template>
  <xsl:template match="tei:castGroup" mode="model"><model behaviour="list" plain="yes" numbered="{'yes'[e:is-numbered(current())]}"/></xsl:template>
  <xsl:template match="tei:castItem" mode="model"><model behaviour="item"/></xsl:template>
  <xsl:template match="tei:castList" mode="model"><model behaviour="list" plain="yes" numbered="{'yes'[e:is-numbered(current())]}"/></xsl:template>
  <xsl:template match="tei:cb" mode="model"><model behaviour="break" style="space"/></xsl:template>
  <xsl:template match="tei:cell" mode="model"><model behaviour="cell" header="{'yes'[current()/@role = 'label' or e:is-header-row(current()/..)]}" colspan="{e:span(@cols)}" rowspan="{e:span(@rows)}"/></xsl:template>
  <!-- a statement of certainty is data: the element it qualifies says it (e:inferred) -->
  <xsl:template match="tei:certainty" mode="model"><model behaviour="omit"/></xsl:template>
  <xsl:template match="tei:choice[tei:sic and tei:corr]" mode="model"><model behaviour="alternate" style="choice" reading="corr reg expan ex *" diplomatic="sic orig abbr am *" title="{e:correction-title(.)}" correction="{e:correction-note(.)}" correction-role="{e:resp-role(tei:corr[1])}" legend="choice"/></xsl:template>
  <xsl:template match="tei:choice" mode="model"><model behaviour="alternate" style="choice" reading="corr reg expan ex *" diplomatic="sic orig abbr am *" title="{e:choice-title(.)}" legend="choice"/></xsl:template>
  <xsl:template match="tei:cit" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:closer" mode="model"><model behaviour="block"/></xsl:template>
  <xsl:template match="tei:code" mode="model"><model behaviour="inline" style="code"/></xsl:template>
  <xsl:template match="tei:corr" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:country" mode="model"><model behaviour="inline" after="{e:entry-after(.)}"/></xsl:template>
  <xsl:template match="tei:damage" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:date" mode="model"><model behaviour="inline" datetime="{e:datetime(.)}" content="{e:attribute-value(.)}" after="{e:entry-after(.)}"/></xsl:template>
  <xsl:template match="tei:dateline" mode="model"><model behaviour="block" style="line" align="right" continues="{e:after-sibling(.)}"/></xsl:template>
  <xsl:template match="tei:death" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:del" mode="model"><model behaviour="deletion" title="{e:deletion-title(.)}" label="{e:deletion-label(.)}" legend="{e:deletion-legend(.)}"/></xsl:template>
  <xsl:template match="tei:desc" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:distinct" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7" mode="model"><model behaviour="block"/></xsl:template>
  <xsl:template match="tei:divGen" mode="model"><model behaviour="omit"/></xsl:template>
  <xsl:template match="tei:docAuthor" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:titlePage/tei:docDate" mode="model"><model behaviour="block" align="center"/></xsl:template>
  <xsl:template match="tei:front/tei:docDate" mode="model"><model behaviour="block"/></xsl:template>
  <xsl:template match="tei:docDate" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:docEdition | tei:docImprint | tei:docTitle" mode="model"><model behaviour="block" align="center"/></xsl:template>
  <xsl:template match="tei:edition | tei:editor" mode="model"><model behaviour="inline" after="{e:entry-after(.)}"/></xsl:template>
  <xsl:template match="tei:eg | eg:egXML" mode="model"><model behaviour="block" style="example"/></xsl:template>
  <xsl:template match="tei:email" mode="model"><model behaviour="inline" style="address"/></xsl:template>
  <xsl:template match="tei:emph" mode="model"><model behaviour="inline" style="emphasis"/></xsl:template>
  <xsl:template match="tei:epigraph" mode="model"><model behaviour="block" style="quotation"/></xsl:template>
  <xsl:template match="tei:event" mode="model"><model behaviour="item"/></xsl:template>
  <xsl:template match="tei:ex | tei:expan" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:facsimile" mode="model"><model behaviour="omit"/></xsl:template>
  <xsl:template match="tei:figure[tei:graphic | tei:media][tei:head]/tei:figDesc" mode="model" priority="1"><model behaviour="omit"/></xsl:template>
  <xsl:template match="tei:figure[tei:graphic | tei:media]/tei:figDesc" mode="model"><model behaviour="heading" style="caption" level="{e:heading-depth(.)}"/></xsl:template>
  <xsl:template match="tei:figDesc" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:figure" mode="model"><model behaviour="figure"/></xsl:template>
  <xsl:template match="tei:floatingText" mode="model"><model behaviour="block"/></xsl:template>
  <xsl:template match="tei:foreign" mode="model"><model behaviour="inline" style="foreign"/></xsl:template>
  <xsl:template match="tei:formula" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:forename" mode="model"><model behaviour="inline" after="{e:name-part-after(.)}"/></xsl:template>
  <xsl:template match="tei:front" mode="model"><model behaviour="block"/></xsl:template>
  <!-- forme work (running heads, page numbers, stamps): the page as written, not its text, so in the diplomatic
       view only, in every output -->
  <xsl:template match="tei:fw" mode="model"><model behaviour="block" style="forme-work" views="diplomatic" class="{e:place-class(.)}" title="{e:fw-title(.)}" align="{e:fw-align(.)}" edge="{if (matches(@place, 'bot|foot')) then 'bottom' else 'top'}" continues="{'yes'[current()/preceding-sibling::*[1][self::tei:fw | self::tei:pb]]}" legend="fw"/></xsl:template>
  <xsl:template match="tei:gap" mode="model"><model behaviour="inline" style="gap" before="[" after="]" content="{e:gap-label(.)}" title="{e:gap-title(.)}" legend="gap"/></xsl:template>
  <xsl:template match="tei:gb" mode="model"><model behaviour="break" style="space"/></xsl:template>
  <xsl:template match="tei:genName | tei:geogName" mode="model"><model behaviour="inline" legend="{'name'[current()/@ref]}"/></xsl:template>
  <xsl:template match="tei:gi" mode="model"><model behaviour="inline" style="code" before="&lt;" after="&gt;"/></xsl:template>
  <xsl:template match="tei:gloss" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:graphic" mode="model"><model behaviour="graphic" url="{e:safe-url(@url)}" alt="{e:text(../tei:figDesc | tei:desc)}" words="{e:image-words(.)}" label="{e:image-label(.)}"/></xsl:template>
  <xsl:template match="tei:group" mode="model"><model behaviour="block"/></xsl:template>
  <!-- where another hand takes over: marked in the diplomatic view, named by the header's handNote (@new): its
       description when short, else its label -->
  <xsl:template match="tei:handShift" mode="model"><model behaviour="break" views="diplomatic" label="{e:word('hand-shift.label', (e:lookup(tokenize(normalize-space(@new))[1], .)[self::tei:handNote] ! (e:hand-description(.), e:hand-note-label(.))[1], replace(normalize-space(@new), '^#', ''))[1])}" title="{e:word('hand-shift.title')}" legend="hand-shift"/></xsl:template>
  <xsl:template match="tei:figure/tei:head" mode="model"><model behaviour="heading" style="caption" level="{e:heading-depth(.)}"/></xsl:template>
  <xsl:template match="tei:table/tei:head" mode="model"><model behaviour="heading" style="caption" level="{e:heading-depth(.)}"/></xsl:template>
  <xsl:template match="tei:head[@type = ('running', 'short', 'abbrev', 'shortTitle')]" mode="model" priority="1"><model behaviour="omit"/></xsl:template>
  <xsl:template match="tei:head[parent::*[e:is-division(.)]]" mode="model"><model behaviour="heading" style="section" level="{e:heading-depth(.)}"/></xsl:template>
  <xsl:template match="tei:head" mode="model"><model behaviour="heading" style="label" level="{e:heading-depth(.)}"/></xsl:template>
  <xsl:template match="tei:hi" mode="model"><model behaviour="inline" style="highlight"/></xsl:template>
  <xsl:template match="tei:ident" mode="model"><model behaviour="inline" style="code"/></xsl:template>
  <xsl:template match="tei:idno" mode="model"><model behaviour="inline" before="{e:idno-label(.)}" after="{e:entry-after(.)}"/></xsl:template>
  <xsl:template match="tei:imprint" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:imprimatur" mode="model"><model behaviour="block"/></xsl:template>
  <!-- an entry of the source's index: kept out of the text's flow (hidden and searchable on the web page), listed
       in an index at the end -->
  <xsl:template match="tei:index" mode="model"><model behaviour="index" content="{e:text(tei:term)}" sort-key="{lower-case((tei:term[1]/@sortKey, e:text(tei:term))[1])}" place="{e:index-place(.)}"/></xsl:template>
  <xsl:template match="tei:interp | tei:interpGrp" mode="model"><model behaviour="omit"/></xsl:template>
  <xsl:template match="tei:item" mode="model"><model behaviour="item" cite="item"/></xsl:template>
  <xsl:template match="tei:join | tei:joinGrp" mode="model"><model behaviour="omit"/></xsl:template>
  <xsl:template match="tei:l" mode="model"><model behaviour="block" style="verse" continues="{e:after-sibling(.)}"/></xsl:template>
  <xsl:template match="tei:list/tei:label" mode="model"><model behaviour="item" style="label"/></xsl:template>
  <xsl:template match="tei:label" mode="model"><model behaviour="inline" style="label" space-after="{'yes'[e:label-space(current())]}"/></xsl:template>
  <xsl:template match="tei:lang" mode="model"><model behaviour="inline"/></xsl:template>
  <!-- a line break; within a word (break="no", or the other encodings of it); kept in the reading view too on a
       title page, whose lines are its layout -->
  <!-- (a break the source says is not to be shown, rend="hidden": drawn in no view) -->
  <xsl:template match="tei:lb[tokenize(@rend) = 'hidden']" mode="model"><model behaviour="break" style="{'space'[not(e:in-word(current()))]}"/></xsl:template>
  <xsl:template match="tei:lb" mode="model"><model behaviour="break" style="line" keep="{'yes'[current()/ancestor::tei:titlePage]}" legend="lb{' hyphen'[e:in-word(current())]}"/></xsl:template>
  <xsl:template match="tei:lem" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:lg" mode="model"><model behaviour="block"/></xsl:template>
  <xsl:template match="tei:link | tei:linkGrp" mode="model"><model behaviour="omit"/></xsl:template>
  <xsl:template match="tei:list" mode="model"><model behaviour="list" numbered="{'yes'[e:is-numbered(current())]}" plain="{'yes'[current()/@rend = ('simple', 'inline', 'none')]}"/></xsl:template>
  <!-- a bibliography: its entries set apart as the items of a list -->
  <xsl:template match="tei:listBibl[tei:bibl | tei:biblStruct | tei:biblFull]" mode="model"><model behaviour="list" numbered="{'yes'[e:is-numbered(current())]}"/></xsl:template>
  <!-- (a list of manuscript descriptions, no entries: a block of them) -->
  <xsl:template match="tei:listBibl" mode="model"><model behaviour="block"/></xsl:template>
  <xsl:template match="tei:listEvent | tei:listOrg | tei:listPerson | tei:listPlace | tei:listWit" mode="model"><model behaviour="list" plain="yes" numbered="{'yes'[e:is-numbered(current())]}"/></xsl:template>
  <xsl:template match="tei:listRelation | tei:relation" mode="model"><model behaviour="omit"/></xsl:template>
  <xsl:template match="tei:measure" mode="model"><model behaviour="inline" content="{e:attribute-value(.)}"/></xsl:template>
  <xsl:template match="tei:measureGrp | tei:meeting" mode="model"><model behaviour="inline"/></xsl:template>
  <!-- manuscript descriptions (msDesc) in a text: containers are blocks, the rest inline -->
  <xsl:template match="tei:msDesc | tei:msPart | tei:msFrag | tei:msContents | tei:msItem | tei:msItemStruct | tei:physDesc | tei:objectDesc | tei:supportDesc | tei:layoutDesc | tei:handDesc | tei:decoDesc | tei:bindingDesc | tei:sealDesc | tei:scriptDesc | tei:typeDesc | tei:musicNotation | tei:accMat | tei:additional | tei:adminInfo | tei:custodialHist | tei:recordHist | tei:surrogates | tei:history | tei:origin | tei:provenance | tei:acquisition | tei:additions | tei:collation | tei:foliation | tei:condition | tei:support | tei:layout | tei:handNote | tei:decoNote | tei:binding | tei:seal | tei:scriptNote | tei:typeNote | tei:custEvent | tei:summary | tei:colophon | tei:incipit | tei:explicit | tei:rubric | tei:finalRubric | tei:filiation | tei:msIdentifier | tei:altIdentifier" mode="model"><model behaviour="block"/></xsl:template>
  <xsl:template match="tei:msName | tei:repository | tei:collection | tei:institution | tei:dimensions | tei:height | tei:width | tei:depth | tei:dim | tei:locus | tei:locusGrp | tei:textLang | tei:origDate | tei:origPlace | tei:source | tei:extent | tei:material | tei:objectType | tei:watermark | tei:stamp | tei:secFol | tei:signatures | tei:catchwords | tei:heraldry" mode="model"><model behaviour="inline" after="{e:entry-after(.)}"/></xsl:template>
  <!-- trees (nets module) -->
  <xsl:template match="tei:forest | tei:eTree | tei:tree | tei:listForest" mode="model"><model behaviour="list" plain="yes" numbered="{'yes'[e:is-numbered(current())]}"/></xsl:template>
  <xsl:template match="tei:eLeaf | tei:leaf | tei:iNode | tei:root | tei:triangle" mode="model"><model behaviour="item"/></xsl:template>
  <xsl:template match="tei:media" mode="model"><model behaviour="graphic" url="{e:safe-url(@url)}" alt="{e:text(../tei:figDesc | tei:desc)}" words="{e:image-words(.)}" label="{e:image-label(.)}"/></xsl:template>
  <xsl:template match="tei:mentioned" mode="model"><model behaviour="inline" style="mentioned"/></xsl:template>
  <!-- a mark on the page (a query, a deletion sign): the page as written, so in the diplomatic view only -->
  <!-- a mark whose words the source only paraphrases (a gap in it, a note that gives their sense): named with that
       note's mark -->
  <xsl:template match="tei:metamark[e:is-paraphrased-mark(.)]" mode="model" priority="1">
    <xsl:param name="marks" as="map(*)" tunnel="yes" select="map{}"/>
    <xsl:variable name="note" select="e:lookup(tokenize(normalize-space(@corresp))[1], .)[self::tei:note]"/>
    <xsl:variable name="by" select="$note ! (e:resp-phrase(.)[.], e:word('the-editors'))[1]"/>
    <xsl:variable name="mark" select="$note ! $marks(generate-id(.))"/>
    <model behaviour="mark" views="diplomatic" class="{e:place-class(.)}" title="{e:word('mark.paraphrased.title', ($by, $mark))}"
      label="{e:word('mark.paraphrased', (replace(normalize-space(@function), '[-_]', ' '), $by, $mark))}" place="{e:place-label(.)}" described="yes" legend="metamark metamark-paraphrased"/>
  </xsl:template>
  <xsl:template match="tei:metamark" mode="model"><model behaviour="mark" views="diplomatic" class="{e:place-class(.)}" title="{e:mark-title(.)}" label="{e:mark-label(.)}" place="{e:place-label(.)}" described="{'yes'[e:is-empty-mark(current())]}" legend="metamark {if (e:is-empty-mark(.)) then 'metamark-empty' else 'metamark-text'}"/></xsl:template>
  <!-- a section break: the ornament as printed (@n), or where @rend says it is drawn (asterisks, a line, dots)
       a row of stars, else a marker that says what it is without drawing an ornament the source does not show -->
  <xsl:template match="tei:milestone[@unit = 'section' or tokenize(@rend) = map:keys($e:section-ornaments)]" mode="model">
    <xsl:variable name="ornament" select="(normalize-space(@n)[.], tokenize(@rend)[. = map:keys($e:section-ornaments)][1] ! $e:section-ornaments(.))[1]"/>
    <model behaviour="break" style="section" content="{$ornament}" label="{e:word('section.break')[empty($ornament)]}" title="{e:word('section.break.title')}" legend="{'section-break'[empty($ornament)]}"/>
  </xsl:template>
  <xsl:variable name="e:section-ornaments" as="map(xs:string, xs:string)" select="map{'asterisks': '* * *', 'asterisk': '* * *', 'stars': '* * *', 'dots': '* * *', 'line': '* * *'}"/>
  <xsl:template match="tei:milestone | tei:move" mode="model"><model behaviour="break"/></xsl:template>
  <xsl:template match="tei:monogr" mode="model"><model behaviour="inline"/></xsl:template>
  <!-- MathML: drawn as mathematics where an output can, else as its text in one line (content) -->
  <xsl:template match="mml:math" mode="model"><model behaviour="math" style="{if (@display = 'block' or @mode = 'display') then 'display' else ''}" content="{e:math-text(.)}"/></xsl:template>
  <!-- a name pointing at a register entry links to it -->
  <xsl:template match="tei:name | tei:orgName | tei:persName | tei:placeName | tei:rs" mode="model"><xsl:sequence select="e:name-model(.)"/></xsl:template>
  <!-- an entry's own note is its annotation, drawn with it; a note of the text is numbered -->
  <xsl:template match="tei:bibl/tei:note" mode="model" priority="1"><model behaviour="inline" style="annotation" class="annotation" before=" (" after=")"/></xsl:template>
  <xsl:template match="tei:biblStruct/tei:note | tei:biblFull/tei:note" mode="model" priority="1"><model behaviour="inline" style="annotation" class="annotation"/></xsl:template>
  <xsl:template match="tei:text//tei:note" mode="model"><xsl:param name="numbers" as="map(*)" tunnel="yes" select="map{}"/><xsl:param name="marks" as="map(*)" tunnel="yes" select="map{}"/><xsl:sequence select="e:note-model(., $numbers, $marks)"/></xsl:template>
  <xsl:template match="tei:note" mode="model"><model behaviour="note" kind="{e:note-kind(.)}" inline="{'yes'[e:note-inline(current())]}" class="{e:place-class(.)}" title="{e:note-title(.)}" before="{'['[e:note-inline(current())]}" after="{']'[e:note-inline(current())]}"/></xsl:template>
  <xsl:template match="tei:num" mode="model"><model behaviour="inline" content="{e:attribute-value(.)}"/></xsl:template>
  <xsl:template match="tei:occupation | tei:residence | tei:sex | tei:state | tei:trait | tei:floruit | tei:education | tei:faith | tei:nationality | tei:langKnowledge | tei:socecStatus" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:location | tei:geo | tei:offset | tei:geogFeat | tei:population | tei:climate | tei:terrain | tei:postCode | tei:postBox" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:opener" mode="model"><model behaviour="block"/></xsl:template>
  <xsl:template match="tei:org | tei:person | tei:personGrp | tei:place" mode="model"><model behaviour="item"/></xsl:template>
  <xsl:template match="tei:orig" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:p" mode="model"><model behaviour="paragraph"/></xsl:template>
  <xsl:template match="tei:pb" mode="model"><model behaviour="break" style="page" label="{e:page-label(.)}" title="{e:word('page.start', normalize-space(@n))}" legend="pb"/></xsl:template>
  <xsl:template match="tei:pc | tei:phr" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:postscript" mode="model"><model behaviour="block"/></xsl:template>
  <xsl:template match="tei:ptr[e:note-target(.)] | tei:ref[e:note-target(.)]" mode="model"><xsl:param name="numbers" as="map(*)" tunnel="yes" select="map{}"/><xsl:param name="marks" as="map(*)" tunnel="yes" select="map{}"/><xsl:sequence select="e:note-ref-model(., $numbers, $marks)"/></xsl:template>
  <!-- a pointer shows the heading (else the id) of what it points at in the document, else its target -->
  <xsl:template match="tei:ptr" mode="model"><model behaviour="link" shows-target="{'yes'[not(e:pointer-words(current()))]}" content="{e:pointer-words(.)}" after="{e:entry-after(.)}"><xsl:sequence select="e:link-parameters(.)"/></model></xsl:template>
  <xsl:template match="tei:pubPlace | tei:publisher" mode="model"><model behaviour="inline" after="{e:entry-after(.)}"/></xsl:template>
  <xsl:template match="tei:q" mode="model"><model behaviour="inline" before="{e:quote-marks(.)[1]}" after="{e:quote-marks(.)[2]}"/></xsl:template>
  <xsl:template match="tei:quote[tei:p | tei:lg | tei:l | tei:list | tei:ab]" mode="model"><model behaviour="block" style="quotation"/></xsl:template>
  <!-- (a block quotation of bare words: in quotation marks where the source has none) -->
  <xsl:template match="tei:quote[e:rend-classes-of(.) = 'rend-block'][not(tei:p | tei:lg | tei:l | tei:list | tei:ab)]" mode="model"><model behaviour="block" style="quotation" before="{e:quote-marks(.)[1]}" after="{e:quote-marks(.)[2]}"/></xsl:template>
  <xsl:template match="tei:quote" mode="model"><model behaviour="inline" before="{e:quote-marks(.)[1]}" after="{e:quote-marks(.)[2]}"/></xsl:template>
  <xsl:template match="tei:rdg | tei:rdgGrp" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:ref" mode="model"><model behaviour="link" after="{e:entry-after(.)}"><xsl:sequence select="e:link-parameters(.)"/></model></xsl:template>
  <xsl:template match="tei:reg" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:region | tei:settlement | tei:street | tei:district | tei:bloc" mode="model"><model behaviour="inline" after="{e:entry-after(.)}"/></xsl:template>
  <xsl:template match="tei:resp | tei:respStmt | tei:restore" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:role | tei:roleDesc | tei:roleName" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:row" mode="model"><model behaviour="row" header="{'yes'[e:is-header-row(current())]}" continues="{e:after-sibling(.)}"/></xsl:template>
  <xsl:template match="tei:s | tei:said" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:salute" mode="model"><model behaviour="block" style="line" continues="{e:after-sibling(.)}"/></xsl:template>
  <xsl:template match="tei:seg | tei:series" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:choice/tei:sic" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:sic" mode="model"><model behaviour="inline" flag="{e:word('flag.sic')}" title="{e:sic-title(.)}" legend="sic"/></xsl:template>
  <xsl:template match="tei:signed" mode="model"><model behaviour="block" style="line" align="right" continues="{e:after-sibling(.)}"/></xsl:template>
  <xsl:template match="tei:soCalled" mode="model"><model behaviour="inline" before="{e:word('quote.open')}" after="{e:word('quote.close')}"/></xsl:template>
  <xsl:template match="tei:sp | tei:spGroup" mode="model"><model behaviour="block"/></xsl:template>
  <xsl:template match="tei:space" mode="model"><model behaviour="inline" content=" "/></xsl:template>
  <xsl:template match="tei:speaker" mode="model"><model behaviour="block" style="label"/></xsl:template>
  <xsl:template match="tei:p//tei:stage | tei:l//tei:stage" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:stage" mode="model"><model behaviour="block" style="stage"/></xsl:template>
  <xsl:template match="tei:standOff" mode="model"><model behaviour="omit"/></xsl:template>
  <xsl:template match="tei:subst" mode="model"><model behaviour="inline" legend="subst"/></xsl:template>
  <xsl:template match="tei:supplied" mode="model"><model behaviour="inline" before="[" after="]" title="{e:supplied-title(.)}" legend="supplied"/></xsl:template>
  <xsl:template match="tei:sourceDoc | tei:surface | tei:surfaceGrp | tei:zone" mode="model"><model behaviour="block"/></xsl:template>
  <xsl:template match="tei:line" mode="model"><model behaviour="block" style="line" continues="{e:after-sibling(.)}"/></xsl:template>
  <!-- words the editors hold superfluous: in braces, in both views (nothing of the source is left out) -->
  <xsl:template match="tei:surplus" mode="model"><model behaviour="inline" before="{{" after="}}" title="{e:word('surplus.title') || (' (' || normalize-space(@reason) || ')')[normalize-space(current()/@reason)]}" legend="surplus"/></xsl:template>
  <xsl:template match="tei:surname" mode="model"><model behaviour="inline" after="{e:name-part-after(.)}"/></xsl:template>
  <xsl:template match="tei:table" mode="model"><model behaviour="table"/></xsl:template>
  <xsl:template match="tei:tag | tei:val" mode="model"><model behaviour="inline" style="code"/></xsl:template>
  <xsl:template match="tei:TEI" mode="model"><model behaviour="document"/></xsl:template>
  <xsl:template match="tei:teiCorpus" mode="model"><model behaviour="block"/></xsl:template>
  <xsl:template match="tei:teiHeader" mode="model"><model behaviour="omit"/></xsl:template>
  <xsl:template match="tei:term" mode="model"><model behaviour="inline" style="term"/></xsl:template>
  <xsl:template match="tei:text" mode="model"><model behaviour="block"/></xsl:template>
  <xsl:template match="tei:time" mode="model"><model behaviour="inline"/></xsl:template>
  <!-- titles: of a work in italics; of an article or chapter in quotation marks where an entry does not give them -->
  <xsl:template match="tei:title[@level = ('m', 'j', 's')] | tei:monogr/tei:title[not(@level)] | tei:series/tei:title[not(@level)]" mode="model"><model behaviour="inline" style="title-of-work" class="{@level ! ('level-' || e:token(.))}" after="{e:entry-after(.)}"/></xsl:template>
  <xsl:template match="tei:title[@level = 'a'] | tei:analytic/tei:title" mode="model"><model behaviour="inline" class="level-a" before="{e:entry-quote(.)[1]}" after="{e:entry-quote(.)[2] || e:entry-after(.)}"/></xsl:template>
  <xsl:template match="tei:title" mode="model"><model behaviour="inline" class="{@level ! ('level-' || e:token(.))}" after="{e:entry-after(.)}"/></xsl:template>
  <xsl:template match="tei:titlePage" mode="model"><model behaviour="block" style="title-page" align="center"/></xsl:template>
  <xsl:template match="tei:titlePart" mode="model"><model behaviour="heading" style="{e:title-part-style(.)}" level="{e:heading-depth(.)}"/></xsl:template>
  <xsl:template match="tei:trailer" mode="model"><model behaviour="block"/></xsl:template>
  <!-- an uncertain reading: flagged, with why and how certain -->
  <xsl:template match="tei:unclear" mode="model"><model behaviour="inline" flag="{string-join((e:word('flag.unclear'), string-join((normalize-space(@reason)[.], normalize-space(@cert)[.] ! e:word('unclear.cert', .)), ', ')[.]), ' ')}" title="{e:word('unclear.title') || (' (' || string-join((normalize-space(@reason)[.], normalize-space(@cert)[.] ! e:word('unclear.cert', .)), '; ') || ')')[normalize-space(current()/@reason) or normalize-space(current()/@cert)]}" focus="yes" legend="unclear"/></xsl:template>
  <xsl:template match="tei:w" mode="model"><model behaviour="inline"/></xsl:template>
  <xsl:template match="tei:witness" mode="model"><model behaviour="item"/></xsl:template>
  <xsl:template match="xi:include" mode="model"><model behaviour="break" style="unprocessed" label="{e:word('include.label', normalize-space(@href))}"/></xsl:template>
  <xsl:template match="xi:fallback" mode="model"><model behaviour="block"/></xsl:template>
  <xsl:template match="tei:*" mode="model" priority="-1"><model behaviour="unknown"/></xsl:template>
  <!-- other vocabularies embedded in TEI (MathML, SVG, example markup): their text, inline -->
  <xsl:template match="*" mode="model" priority="-2"><model behaviour="inline"/></xsl:template>

  <!-- ===== Rows that compute their parameters ===== -->

  <!-- Bibliographic entries (bibl, biblStruct, biblFull). An entry that punctuates itself (words between its parts:
       "Gaiduk, The Soviet Union (Chicago: Dee, 1996)") is kept as written, with a space where two parts touch; an
       entry of bare parts gets the separators a reader expects: "Author, Author. Title. Place: Publisher, Date." -->
  <xsl:function name="e:bibl-entry" as="element()?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="$el/ancestor::*[self::tei:bibl or self::tei:biblStruct or self::tei:biblFull][1]"/>
  </xsl:function>

  <!-- the parts of an entry that are fields (what a reader sees apart), and the groups they come in -->
  <xsl:function name="e:is-entry-field" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el[self::tei:author or self::tei:editor or self::tei:respStmt or self::tei:title or self::tei:meeting
      or self::tei:edition or self::tei:extent or self::tei:pubPlace or self::tei:publisher or self::tei:distributor or self::tei:date
      or self::tei:biblScope or self::tei:citedRange or self::tei:idno or self::tei:ref or self::tei:ptr or self::tei:note
      or self::tei:textLang or self::tei:orgName or self::tei:persName or self::tei:name or self::tei:bibl])"/>
  </xsl:function>

  <xsl:function name="e:is-entry-group" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el[self::tei:analytic or self::tei:monogr or self::tei:imprint or self::tei:series or self::tei:relatedItem])"/>
  </xsl:function>

  <!-- the fields of an entry in order: its children and its groups' children that are fields -->
  <xsl:function name="e:entry-fields" as="element()*">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="$entry/*[e:is-entry-field(.)] | $entry/*[e:is-entry-group(.)] ! e:entry-fields(.)"/>
  </xsl:function>

  <!-- does an entry punctuate itself: words of its own between its fields? -->
  <xsl:function name="e:entry-punctuated" as="xs:boolean">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="exists($entry/text()[normalize-space()]) or (some $group in $entry//*[e:is-entry-group(.)] satisfies exists($group/text()[normalize-space()]))"/>
  </xsl:function>

  <!-- the separator after a field of an entry: from the field and the next; a field the source's whitespace
       follows gets its mark only, one that touches the next also the space -->
  <xsl:function name="e:entry-after" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="entry" select="e:bibl-entry($el)"/>
    <xsl:variable name="fields" select="if ($entry and e:is-entry-field($el)) then e:entry-fields($entry) else ()"/>
    <!-- (the parts of a manuscript's identifier: country, settlement, repository, shelfmark, with commas) -->
    <xsl:if test="$el/parent::tei:msIdentifier and $el/following-sibling::*[1][not(self::tei:altIdentifier or self::tei:msName)]
      and not($el/following-sibling::node()[1][self::text()[normalize-space()]])">
      <xsl:sequence select="',' || ' '[not($el/following-sibling::node()[1][self::text()])]"/>
    </xsl:if>
    <xsl:if test="$fields[. is $el]">
      <xsl:variable name="next" select="$fields[. >> $el][1]"/>
      <xsl:variable name="between" select="string-join($el/following::text()[empty($next) or . &lt;&lt; $next][. &lt;&lt; ($next, $entry/following::node()[1])[1]])"/>
      <xsl:variable name="spaced" select="matches($between, '^\s') or empty($next)"/>
      <xsl:variable name="name" select="local-name($el)"/>
      <xsl:variable name="next-name" select="string($next ! local-name(.))"/>
      <!-- (a structured entry is sentences: names. title. imprint, date.; a bibl one run: title, volume, page) -->
      <xsl:variable name="structured" select="exists($entry[self::tei:biblStruct or self::tei:biblFull])"/>
      <xsl:variable name="full-stop" select="'.'[not(matches(e:text($el), '[.!?]$'))]"/>
      <xsl:variable name="mark" select="
        if (e:entry-punctuated($entry)) then ''
        else if (normalize-space($between)) then ''
        else if (empty($next) or $next-name = 'note') then $full-stop[$structured]
        else if ($name = ('author', 'editor') and $next-name = ('author', 'editor'))
          then (if ($el//tei:surname[following-sibling::*[1][self::tei:forename]]) then ';' else ',')
        else if ($name = ('author', 'editor', 'respStmt')) then $full-stop
        else if ($name = 'pubPlace' and $next-name = ('publisher', 'distributor')) then ':'
        else if ($name = 'title' and $next-name = 'biblScope') then ''
        else if ($structured and ($name = ('title', 'idno', 'edition', 'meeting', 'ref', 'ptr')
          or $next-name = ('title', 'author', 'editor', 'idno', 'edition'))) then $full-stop
        else ','"/>
      <xsl:sequence select="$mark || ' '[not($spaced) and ($mark or not(e:entry-punctuated($entry)) or $between = '')]"/>
    </xsl:if>
  </xsl:function>

  <!-- quotation marks round the title of an article or chapter in an entry of bare parts -->
  <xsl:function name="e:entry-quote" as="xs:string+">
    <xsl:param name="title" as="element()"/>
    <xsl:variable name="entry" select="e:bibl-entry($title)"/>
    <xsl:sequence select="if ($entry and not(e:entry-punctuated($entry))) then e:quote-marks($title) else ('', '')"/>
  </xsl:function>

  <!-- the space after a part of a name (forename, surname) that the next part touches: "Nancy Ide"; a surname
       before a forename takes a comma, "Knuth, Donald E." -->
  <xsl:function name="e:name-part-after" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="next" select="$el/following-sibling::node()[not(self::comment() or self::processing-instruction())][1]"/>
    <xsl:sequence select="if ($el/self::tei:surname and $next/self::text()[not(normalize-space())] and $el/following-sibling::*[1][self::tei:forename]) then ','
      else if ($next/self::tei:surname or $next/self::tei:forename or $next/self::tei:addName or $next/self::tei:roleName or $next/self::tei:nameLink or $next/self::tei:genName)
      then (if ($el/self::tei:surname and $next/self::tei:forename) then ', ' else ' ') else ()"/>
  </xsl:function>

  <!-- an identifier's kind before it, in an entry of bare parts: "ISBN 0-937073-80-6" -->
  <xsl:function name="e:idno-label" as="xs:string?">
    <xsl:param name="idno" as="element()"/>
    <xsl:variable name="entry" select="e:bibl-entry($idno)"/>
    <xsl:sequence select="(upper-case(normalize-space($idno/@type)) || ' ')[. = ('ISBN ', 'ISSN ')][$entry and not(e:entry-punctuated($entry))]"/>
  </xsl:function>

  <!-- Tables: a row of headers (role="label", or all its cells labels), the span of a cell (a whole number above 1) -->
  <xsl:function name="e:is-header-row" as="xs:boolean">
    <xsl:param name="row" as="element()?"/>
    <xsl:sequence select="$row/@role = 'label' or exists($row/tei:cell) and empty($row/tei:cell[not(@role = 'label')])"/>
  </xsl:function>

  <xsl:function name="e:span" as="xs:string?">
    <xsl:param name="value" as="attribute()?"/>
    <xsl:sequence select="normalize-space($value)[. castable as xs:integer][xs:integer(.) gt 1][xs:integer(.) le 1000]"/>
  </xsl:function>

  <!-- What an element with no words of its own holds in its attributes, in words: a date's normalised date
       (@when, @from-@to, @notBefore/@notAfter), a measure's quantity and unit, a number's value; '' where it has
       words -->
  <xsl:function name="e:attribute-value" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:if test="not(normalize-space($el)) and empty($el/*)">
      <xsl:variable name="a" select="function($name) { normalize-space($el/@*[local-name() = $name]) }"/>
      <xsl:sequence select="
        if ($el/self::tei:date or $el/self::tei:time) then
          if ($a('when')) then e:readable-date($a('when'))
          else if ($a('from') and $a('to')) then e:readable-range($a('from'), $a('to'))
          else if ($a('notBefore') and $a('notAfter')) then e:word('date.within', (e:readable-date($a('notBefore')), e:readable-date($a('notAfter'))))
          else if ($a('from') or $a('notBefore')) then e:word('date.not-before', e:readable-date(($a('from')[.], $a('notBefore'))[1]))
          else if ($a('to') or $a('notAfter')) then e:word('date.not-after', e:readable-date(($a('to')[.], $a('notAfter'))[1]))
          else ()
        else if ($el/self::tei:measure) then string-join(($a('quantity'), $a('unit'))[.], ' ')
        else if ($el/self::tei:num) then $a('value')
        else ()"/>
    </xsl:if>
  </xsl:function>

  <!-- an ISO date as a reader reads it: '26 April 1954', 'April 1954', '1954'; other values as they are -->
  <xsl:function name="e:readable-date" as="xs:string">
    <xsl:param name="iso" as="xs:string"/>
    <xsl:variable name="months" select="tokenize(e:word('months'))"/>
    <xsl:sequence select="if (matches($iso, '^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])')) then e:word('date.day', (string(xs:integer(substring($iso, 9, 2))), $months[xs:integer(substring($iso, 6, 2))], substring($iso, 1, 4)))
      else if (matches($iso, '^\d{4}-(0[1-9]|1[0-2])$')) then e:word('date.month', ($months[xs:integer(substring($iso, 6, 2))], substring($iso, 1, 4)))
      else $iso"/>
  </xsl:function>

  <!-- a range of dates, the year said once where both ends share it: 'January–March 1955' -->
  <xsl:function name="e:readable-range" as="xs:string">
    <xsl:param name="from" as="xs:string"/>
    <xsl:param name="to" as="xs:string"/>
    <xsl:variable name="year" select="substring($from, 1, 4)"/>
    <xsl:sequence select="if ($year = substring($to, 1, 4) and matches($from, '^\d{4}-') and matches($to, '^\d{4}-'))
      then e:word('date.range', (replace(e:readable-date($from), '\s*' || $year || '$', ''), e:readable-date($to)))
      else e:word('date.range', (e:readable-date($from), e:readable-date($to)))"/>
  </xsl:function>

  <!-- where an index entry stands: the heading of its division -->
  <xsl:function name="e:index-place" as="xs:string?">
    <xsl:param name="index" as="element()"/>
    <xsl:sequence select="$index/ancestor::*[e:is-division(.)][tei:head][1] ! e:shortened(normalize-space(string-join(tei:head[1]//text()[not(ancestor::tei:note or ancestor::tei:index)])), 60)"/>
  </xsl:function>

  <!-- a line break within a word: break="no", or as other projects write it (type="hyphenInWord", rend="hyphenated") -->
  <xsl:function name="e:in-word" as="xs:boolean">
    <xsl:param name="lb" as="element()"/>
    <xsl:sequence select="$lb/@break = 'no' or $lb/@type = 'hyphenInWord' or contains($lb/@rend, 'hyphenated')"/>
  </xsl:function>

  <!-- what a pointer into the document shows: the heading of what it points at, else its id (never "#id") -->
  <xsl:function name="e:pointer-words" as="xs:string?">
    <xsl:param name="ptr" as="element()"/>
    <xsl:variable name="target" select="e:first-target($ptr)"/>
    <xsl:variable name="local" select="if (starts-with($target, '#')) then key('e:id', substring($target, 2), root($ptr))[1] else ()"/>
    <xsl:sequence select="($local/tei:head[1] ! e:text(.), $local ! substring($target, 2))[.][1]"/>
  </xsl:function>

  <!-- MathML as one line of text, as plain-text mathematics writes it: "x = (−b ± √(b^2 − 4 a c)) / (2 a)". Each
       token apart (an invisible operator is a space), scripts after ^ and _, a group of several tokens in brackets. -->
  <xsl:function name="e:math-text" as="xs:string">
    <xsl:param name="math" as="element()"/>
    <xsl:sequence select="e:math-row($math/*)"/>
  </xsl:function>

  <!-- the invisible operators of MathML (function application, times, separator, plus) -->
  <xsl:variable name="e:invisible-operators" select="'&#x2061;&#x2062;&#x2063;&#x2064;'"/>

  <!-- tokens in a row: apart, except after a prefix operator or an opening bracket, before a closing one or a comma -->
  <xsl:function name="e:math-row" as="xs:string">
    <xsl:param name="els" as="element()*"/>
    <xsl:variable name="parts" select="$els[not(local-name() = 'mo' and not(normalize-space(translate(., $e:invisible-operators, ''))))]"/>
    <xsl:sequence select="normalize-space(string-join(for $i in 1 to count($parts) return
      (let $part := $parts[$i], $before := $parts[$i - 1]
       return (if ($i = 1 or $before[local-name() = 'mo'][@form = 'prefix' or normalize-space() = ('(', '[', '{') or empty(preceding-sibling::*)]
         or $part[local-name() = 'mo'][normalize-space() = (')', ']', '}', ',', ';')]) then '' else ' ') || e:math-part($part))))"/>
  </xsl:function>

  <xsl:function name="e:math-part" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="name" select="local-name($el)"/>
    <xsl:variable name="args" select="$el/*"/>
    <xsl:sequence select="
      if ($name = ('mi', 'mn', 'mtext', 'ms', 'mo')) then normalize-space(translate($el, $e:invisible-operators, '    '))
      else if ($name = 'mfrac') then e:math-group($args[1]) || ' / ' || e:math-group($args[2])
      else if ($name = 'msqrt') then '√' || e:math-group($el)
      else if ($name = 'mroot') then '√[' || e:math-part($args[2]) || ']' || e:math-group($args[1])
      else if ($name = 'msup') then e:math-group($args[1]) || '^' || e:math-group($args[2])
      else if ($name = 'msub') then e:math-group($args[1]) || '_' || e:math-group($args[2])
      else if ($name = 'msubsup') then e:math-group($args[1]) || '_' || e:math-group($args[2]) || '^' || e:math-group($args[3])
      else if ($name = ('munder', 'mover', 'munderover')) then string-join($args ! e:math-part(.), ' ')
      else if ($name = 'mfenced') then string(($el/@open, '(')[1]) || string-join($args ! e:math-part(.), (normalize-space($el/@separators)[.], ',')[1] || ' ') || string(($el/@close, ')')[1])
      else if ($name = 'mtable') then '[' || string-join($args ! string-join(* ! e:math-row(*), ', '), '; ') || ']'
      else if ($name = ('annotation', 'annotation-xml', 'mphantom', 'none', 'mprescripts')) then ''
      else if ($name = 'semantics') then string(($args[1] ! e:math-part(.), '')[1])
      else normalize-space(string-join((e:math-row($args), $el/text()[normalize-space()]), ' '))"/>
  </xsl:function>

  <!-- a part of a formula in brackets where it is more than one token: the children of a row (or a root's), or one
       element -->
  <xsl:function name="e:math-group" as="xs:string">
    <xsl:param name="el" as="element()?"/>
    <xsl:variable name="parts" select="if ($el/local-name() = ('mrow', 'msqrt', 'mstyle', 'math')) then $el/*[not(local-name() = 'mo' and
      not(normalize-space(translate(., $e:invisible-operators, ''))))] else $el"/>
    <xsl:sequence select="if (count($parts) = 1 and $parts/local-name() = ('mrow', 'mstyle')) then e:math-group($parts)
      else if (count($parts) = 1 and $parts/local-name() = ('mi', 'mn', 'mtext', 'ms', 'msqrt', 'mroot', 'mfenced', 'msup', 'msub', 'msubsup'))
      then e:math-part($parts)
      else '(' || e:math-row($parts) || ')'"/>
  </xsl:function>

  <!-- a name: a link to its register entry where it points at one (in the text) -->
  <xsl:function name="e:name-model" as="element()">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="entry" select="if ($el/@ref and $el/ancestor::tei:text) then e:entry($el) else ()"/>
    <model behaviour="{if ($entry) then 'link' else 'inline'}" entry="{$entry/@xml:id}" page="{$entry ! e:entry-page(local-name(.))}"
      occ="{if ($el/@ref and $el/ancestor::tei:text) then e:occurrence-id($el) else ()}"
      title="{$entry ! string-join((e:entry-name(.), e:entry-identification(.)[.]), ' — ')}" legend="{'name'[$el/@ref]}"/>
  </xsl:function>

  <!-- a note of the text: numbered by kind (1, T1, E1; see e:note-marks), or in the line in brackets (a gloss,
       @place="inline"). A numbered note standing between blocks is drawn where it stands as well as listed (apart);
       a note that a ref or ptr of the text points at is drawn by that reference's marker (referenced); a note of a
       division of notes (the book's own endnotes) that nothing points at is in the apparatus only, which on the
       printed page is the foot of the page where the division stands (endnote). -->
  <xsl:function name="e:note-model" as="element()">
    <xsl:param name="note" as="element()"/>
    <xsl:param name="numbers" as="map(*)"/>
    <xsl:param name="marks" as="map(*)"/>
    <xsl:variable name="kind" select="e:note-kind($note)"/>
    <xsl:variable name="n" select="$numbers(generate-id($note))"/>
    <xsl:variable name="prefix" select="$e:note-prefixes($kind)"/>
    <xsl:variable name="inline" select="e:note-inline($note)"/>
    <model behaviour="note" kind="{$kind}" n="{$n}" inline="{'yes'[$inline]}" before="{'['[$inline]}" after="{']'[$inline]}"
      mark="{$marks(generate-id($note))}"
      id="{($note/@xml:id, ($note/ancestor::tei:TEI[parent::tei:teiCorpus][1] ! (e:doc-id(.) || '-')) || 'note-' || lower-case($prefix) || $n)[1]}"
      referenced="{'yes'[not($inline) and $note/@xml:id and exists(key('e:targets', $note/@xml:id, root($note)))]}"
      apart="{'yes'[not($inline) and e:note-apart($note) and not(e:in-notes-division($note))]}"
      endnote="{'yes'[not($inline) and e:in-notes-division($note)]}"
      class="{e:place-class($note)}" title="{e:note-title($note)}" resp-name="{e:responsibility($note)}"
      only-in="{'diplomatic'[$note/ancestor::*[self::tei:del or self::tei:fw or self::tei:metamark]]}" legend="note-{$kind}"/>
  </xsl:function>

  <!-- the letters before the numbers of each kind of note: the author's 1, 2 ...; the translator's T1; the source's
       editor's E1; this edition's N1 (numbered apart from the source's editor's); glosses G1 -->
  <xsl:variable name="e:note-prefixes" as="map(xs:string, xs:string)" select="map{'authorial': '', 'translator': 'T', 'editorial': 'E', 'edition': 'N', 'gloss': 'G'}"/>

  <!-- a ref or ptr pointing at a note: that note's marker (refers: the note's id; first: the first reference to it,
       where the printed page puts its footnote) -->
  <xsl:function name="e:note-ref-model" as="element()">
    <xsl:param name="ref" as="element()"/>
    <xsl:param name="numbers" as="map(*)"/>
    <xsl:param name="marks" as="map(*)"/>
    <xsl:variable name="note" select="e:note-target($ref)"/>
    <xsl:variable name="model" select="e:note-model($note, $numbers, $marks)"/>
    <model behaviour="note" kind="{$model/@kind}" mark="{$model/@mark}" refers="{$model/@id}"
      first="{'yes'[key('e:targets', $note/@xml:id, root($ref))[1] is $ref]}" class="{$model/@class}" title="{$model/@title}"/>
  </xsl:function>

  <!-- the note of the text a ref or ptr points at, with its one target (a numbered note: not in the line, not an
       entry's annotation) -->
  <xsl:function name="e:note-target" as="element()?">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="target" select="tokenize(normalize-space($el/@target))"/>
    <xsl:sequence select="if (count($target) ne 1 or not(starts-with($target, '#')) or empty($el/ancestor::tei:text)) then ()
      else key('e:id', substring($target, 2), root($el))[self::tei:note][ancestor::tei:text][not(e:note-inline(.) or e:is-annotation(.))]"/>
  </xsl:function>

  <!-- an entry's own note (bibl, biblStruct): its annotation, not a numbered note -->
  <xsl:function name="e:is-annotation" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="exists($note/parent::*[self::tei:bibl or self::tei:biblStruct or self::tei:biblFull])"/>
  </xsl:function>

  <!-- a note of a division that holds notes only (and its heading) -->
  <xsl:function name="e:in-notes-division" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="exists($note/parent::*[e:is-division(.)][empty(* except (tei:note | tei:head))])"/>
  </xsl:function>

  <!-- a note standing between blocks (in a division, a list item of blocks ...), not in running text -->
  <xsl:function name="e:note-apart" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:variable name="parent" select="$note/.."/>
    <xsl:sequence select="exists($parent) and not($parent/text()[normalize-space()])
      and e:model($parent)/@behaviour = ('block', 'document', 'item', 'list', 'table', 'row', 'figure')
      and (every $s in ($note/preceding-sibling::*[1], $note/following-sibling::*[1]) satisfies
        ($s/self::tei:note or e:model($s)/@behaviour = ('block', 'paragraph', 'heading', 'list', 'item', 'table', 'figure', 'row', 'document', 'break', 'omit', 'index')))"/>
  </xsl:function>

  <!-- Note marks, per TEI and kind, unique within the document: the translator's T1, T2 ..., the editors' E1 ...;
       the author's notes keep the source's numbers (@n) where they are unique in the document; where they repeat
       (numbered per chapter), each gets its division's label ("3.1": note 1 of the division numbered 3, or the
       third division), or, where that repeats too, the labels of all the divisions around it ("2.3.1"); where even
       these repeat, or numbered and unnumbered notes would share a mark, one sequence through the document (1, 2 ...).
       So a marker always says which note it means, and citations of the source's numbering still find their note. -->
  <xsl:function name="e:note-marks" as="map(xs:string, xs:string)">
    <xsl:param name="doc" as="node()"/>
    <xsl:map>
      <xsl:for-each-group select="$doc//tei:text//tei:note[not(e:is-annotation(.))]" group-by="generate-id(ancestor::tei:TEI[1]) || '|' || e:note-kind(.)">
        <xsl:variable name="notes" select="current-group()"/>
        <xsl:variable name="prefix" select="$e:note-prefixes(e:note-kind(.))"/>
        <xsl:variable name="numbered" select="for $note in $notes return normalize-space($note/@n)[. and $prefix = '']"/>
        <xsl:variable name="sequence" select="for $i in 1 to count($notes) return $prefix || $i"/>
        <xsl:variable name="candidates" as="array(xs:string)*" select="
          array {for $i in 1 to count($notes) return (normalize-space($notes[$i]/@n)[. and $prefix = ''], $sequence[$i])[1]},
          array {for $i in 1 to count($notes) return (normalize-space($notes[$i]/@n)[. and $prefix = ''] ! string-join((e:division-labels($notes[$i])[last()], .), '.'), $sequence[$i])[1]},
          array {for $i in 1 to count($notes) return (normalize-space($notes[$i]/@n)[. and $prefix = ''] ! string-join((e:division-labels($notes[$i]), .), '.'), $sequence[$i])[1]}"/>
        <xsl:variable name="shown" select="for $i in 1 to count($notes) return $i[not(e:note-inline($notes[$i]))]"/>
        <xsl:variable name="marks" as="array(xs:string)" select="(if (exists($numbered)) then $candidates[let $m := . return
          count(distinct-values(for $i in $shown return $m($i))) = count($shown)] else (), array {$sequence})[1]"/>
        <xsl:for-each select="$notes">
          <xsl:variable name="i" select="position()"/>
          <xsl:map-entry key="generate-id(.)" select="$marks($i)"/>
        </xsl:for-each>
      </xsl:for-each-group>
    </xsl:map>
  </xsl:function>

  <!-- the labels of the divisions around an element, outermost first: each its @n, else its number among the
       divisions beside it (the division held in a variable: a function has no current(), and Saxon, once it has
       compiled the function for speed, evaluates the count where it did not before) -->
  <xsl:function name="e:division-labels" as="xs:string*">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="$el/ancestor::*[self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3 or self::tei:div4 or self::tei:div5 or self::tei:div6 or self::tei:div7][ancestor::tei:text]
      ! (let $division := . return (normalize-space(@n)[.],
          string(count(preceding-sibling::*[node-name() = node-name($division)]) + 1))[1])"/>
  </xsl:function>

  <!-- ===== The render dispatch: behaviour -> the output's named template, element as context =====
       An element shows only in the views its row names (e:views; e:print-views for the printed page). -->
  <xsl:template match="*" mode="render">
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:variable name="views" select="if ($e:medium = 'print' and @e:print-views) then @e:print-views else @e:views"/>
    <xsl:variable name="behaviour" select="string(@e:behaviour)"/>
    <xsl:choose>
      <xsl:when test="exists($views) and not(contains-token($views, $view))"/>
      <xsl:when test="$behaviour = 'inline'"><xsl:call-template name="inline"/></xsl:when>
      <xsl:when test="$behaviour = 'block'"><xsl:call-template name="block"/></xsl:when>
      <xsl:when test="$behaviour = 'paragraph'"><xsl:call-template name="paragraph"/></xsl:when>
      <xsl:when test="$behaviour = 'link'"><xsl:call-template name="link"/></xsl:when>
      <xsl:when test="$behaviour = 'break'"><xsl:call-template name="break"/></xsl:when>
      <xsl:when test="$behaviour = 'heading'"><xsl:call-template name="heading"/></xsl:when>
      <xsl:when test="$behaviour = 'note'"><xsl:call-template name="note"/></xsl:when>
      <xsl:when test="$behaviour = 'list'"><xsl:call-template name="list"/></xsl:when>
      <xsl:when test="$behaviour = 'item'"><xsl:call-template name="item"/></xsl:when>
      <xsl:when test="$behaviour = 'alternate'"><xsl:call-template name="alternate"/></xsl:when>
      <xsl:when test="$behaviour = 'addition'"><xsl:call-template name="addition"/></xsl:when>
      <xsl:when test="$behaviour = 'deletion'"><xsl:call-template name="deletion"/></xsl:when>
      <xsl:when test="$behaviour = 'mark'"><xsl:call-template name="mark"/></xsl:when>
      <xsl:when test="$behaviour = 'table'"><xsl:call-template name="table"/></xsl:when>
      <xsl:when test="$behaviour = 'row'"><xsl:call-template name="row"/></xsl:when>
      <xsl:when test="$behaviour = 'cell'"><xsl:call-template name="cell"/></xsl:when>
      <xsl:when test="$behaviour = 'figure'"><xsl:call-template name="figure"/></xsl:when>
      <xsl:when test="$behaviour = 'graphic'"><xsl:call-template name="graphic"/></xsl:when>
      <xsl:when test="$behaviour = 'document'"><xsl:call-template name="document"/></xsl:when>
      <xsl:when test="$behaviour = 'math'"><xsl:call-template name="math"/></xsl:when>
      <xsl:when test="$behaviour = 'index'"><xsl:call-template name="index"/></xsl:when>
      <xsl:when test="$behaviour = 'omit'"/>
      <xsl:otherwise><xsl:call-template name="unknown"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== The prepare pass (see "The prepared tree" above) ===== -->
  <!-- Does a document hold, in its text or an attribute, a control character XML allows (DEL, U+0080 to U+009F)
       or a bidirectional embedding, override or isolate (U+202A to U+202E, U+2066 to U+2069)? Its root says so
       (e:controls), so that an output that must show them (the plain text) looks for them only then. -->
  <xsl:variable name="e:controls" as="xs:string" select="codepoints-to-string((127 to 159, 8234 to 8238, 8294 to 8297))"/>
  <xsl:accumulator name="e:controls" as="xs:boolean" initial-value="false()">
    <xsl:accumulator-rule match="text()" select="$value or string-length(translate(., $e:controls, '')) ne string-length(.)"/>
    <xsl:accumulator-rule match="*[@*]" select="$value or (some $a in @* satisfies string-length(translate($a, $e:controls, '')) ne string-length($a))"/>
  </xsl:accumulator>

  <xsl:function name="e:prepare" as="document-node()">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="prepared" as="document-node()">
      <xsl:document>
        <xsl:apply-templates select="$doc/*" mode="prepare">
          <xsl:with-param name="numbers" select="e:numbers($doc)" tunnel="yes"/>
          <xsl:with-param name="marks" select="e:note-marks($doc)" tunnel="yes"/>
          <xsl:with-param name="model" select="e:model($doc/*)"/>
        </xsl:apply-templates>
      </xsl:document>
    </xsl:variable>
    <!-- the root says which views the document has, known once its elements are prepared (a copy of the tree:
         a few per cent of the pass) -->
    <xsl:document>
      <xsl:for-each select="$prepared/*">
        <xsl:copy>
          <xsl:sequence select="@*"/>
          <xsl:attribute name="e:views" select="if (.//*[@e:by-view]) then 'reading diplomatic' else 'reading'"/>
          <xsl:sequence select="node()"/>
        </xsl:copy>
      </xsl:for-each>
    </xsl:document>
  </xsl:function>

  <!-- the views a prepared document has (its root's e:views) -->
  <xsl:function name="e:document-views" as="xs:string+">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="tokenize((root($node)/*/@e:views, 'reading')[1])"/>
  </xsl:function>

  <!-- an element's row of the table -->
  <xsl:function name="e:model" as="element()">
    <xsl:param name="el" as="element()"/>
    <xsl:apply-templates select="$el" mode="model"/>
  </xsl:function>

  <!-- note numbers per TEI and kind; anchors for blocks without xml:id; apparatus letters per TEI and view (reading:
       the apps with other readings; diplomatic: those and the corrections), keyed by generate-id (internal only) -->
  <xsl:function name="e:numbers" as="map(xs:string, xs:integer)">
    <xsl:param name="doc" as="node()"/>
    <xsl:map>
      <xsl:for-each-group select="$doc//tei:text//tei:note[not(e:is-annotation(.))]" group-by="generate-id(ancestor::tei:TEI[1]) || '|' || e:note-kind(.)">
        <xsl:for-each select="current-group()">
          <xsl:map-entry key="generate-id(.)" select="position()"/>
        </xsl:for-each>
      </xsl:for-each-group>
      <xsl:for-each select="$doc//tei:text//(tei:p | tei:ab | tei:head | tei:item | tei:div | tei:l | tei:lg)[not(@xml:id)]">
        <xsl:map-entry key="generate-id(.)" select="position()"/>
      </xsl:for-each>
      <xsl:for-each-group select="$doc//tei:text//(tei:app | tei:choice)" group-by="generate-id(ancestor::tei:TEI[1])">
        <xsl:for-each select="current-group()[e:in-apparatus(., 'diplomatic')]">
          <xsl:map-entry key="'d' || generate-id(.)" select="position()"/>
        </xsl:for-each>
        <xsl:for-each select="current-group()[e:in-apparatus(., 'reading')]">
          <xsl:map-entry key="'r' || generate-id(.)" select="position()"/>
        </xsl:for-each>
      </xsl:for-each-group>
    </xsl:map>
  </xsl:function>

  <!-- Context comes down the tree rather than being looked up from every node: $space and $in-eg (the nearest
       xml:space above, whether an eg is), $path (the parent's path), $in-text, $block (the nearest block around),
       $lists (the lists around); the parent gives each child its row ($model) and its position among siblings of
       the same name ($index), and says whether an item came before it ($after-item). -->
  <xsl:template match="*" mode="prepare">
    <xsl:param name="model" as="element()"/>
    <xsl:param name="index" as="xs:integer" select="1"/>
    <xsl:param name="after-item" as="xs:boolean" select="false()"/>
    <xsl:param name="items-before" as="xs:integer" select="0"/>
    <xsl:param name="parent-model" as="element()?" select="()"/>
    <xsl:param name="silent" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="space" as="xs:string" tunnel="yes" select="''"/>
    <xsl:param name="in-eg" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="path" as="xs:string" tunnel="yes" select="''"/>
    <xsl:param name="in-text" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="block" as="element()?" tunnel="yes" select="()"/>
    <xsl:param name="lists" as="xs:integer" tunnel="yes" select="0"/>
    <xsl:param name="in-entry" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="numbers" as="map(xs:string, xs:integer)" tunnel="yes"/>
    <xsl:variable name="behaviour" select="string($model/@behaviour)"/>
    <xsl:variable name="own-path" select="$path || '/Q{' || namespace-uri() || '}' || local-name() || '[' || $index || ']'"/>
    <xsl:if test="$behaviour = 'unknown' and not($silent)">
      <xsl:message>unknown-element|{name()}|{$own-path}</xsl:message>
    </xsl:if>
    <xsl:if test="$model/@style = 'unprocessed'">
      <xsl:message>unprocessed-include|{normalize-space(@href)}|{$own-path}</xsl:message>
    </xsl:if>
    <xsl:variable name="blockish" select="$behaviour = ('document', 'block', 'paragraph', 'heading', 'list', 'item', 'figure', 'note', 'table', 'row')"/>
    <xsl:variable name="rend" select="if (@rend or @style) then e:rend-classes-of(.) else ()"/>
    <xsl:variable name="resp-role" select="if (@resp and not($behaviour = ('block', 'document')) or self::tei:note[not(e:is-annotation(.))]) then e:resp-role(.) else ()"/>
    <xsl:variable name="later-hand" select="exists(@hand) and e:later-hand(.)"/>
    <xsl:variable name="inner-space" select="(@xml:space/string(), $space)[1]"/>
    <xsl:variable name="inner-eg" select="$in-eg or exists(self::tei:eg | self::eg:egXML)"/>
    <xsl:copy>
      <xsl:apply-templates select="@*" mode="prepare"/>
      <!-- the row's parameters -->
      <xsl:for-each select="$model/(@* except (@class, @title, @legend, @align, @reading, @diplomatic))[string()]">
        <xsl:attribute name="e:{local-name()}" namespace="urn:x-edition:functions" select="."/>
      </xsl:for-each>
      <xsl:variable name="class" select="(normalize-space(@type)[.] ! ('type-' || e:token(.)), $rend, $resp-role[.] ! ('resp-' || .),
        'later-hand'[$later-hand], tokenize($model/@class))"/>
      <xsl:if test="exists($class)"><xsl:attribute name="e:class" select="$class"/></xsl:if>
      <xsl:if test="exists($rend)"><xsl:attribute name="e:rend" select="$rend"/></xsl:if>
      <xsl:if test="exists($resp-role)"><xsl:attribute name="e:resp-role" select="$resp-role"/></xsl:if>
      <!-- what an element is: its row's title, else its hand; an inline element with @who, who speaks -->
      <xsl:variable name="title" select="(string($model/@title)[.], (if (@hand) then e:hand-label(.) else ()) ! e:word('hand.title', .),
        (if (@who and $behaviour = 'inline') then e:speaker(.) else ()))[1]"/>
      <xsl:if test="$title"><xsl:attribute name="e:title" select="$title"/></xsl:if>
      <xsl:variable name="deleted" select="$behaviour = 'paragraph' and e:is-deleted(.)"/>
      <xsl:variable name="legend" select="tokenize($model/@legend), 'later-hand'[$later-hand], 'deleted-paragraph'[$deleted]"/>
      <xsl:if test="$in-text and exists($legend)"><xsl:attribute name="e:legend" select="$legend"/></xsl:if>
      <!-- where a block stands: its row's place, or its @rend's -->
      <xsl:variable name="align" select="if ($model/@align = 'center' or $rend = 'rend-center') then 'center'
        else if ($rend = 'rend-right' or $model/@align = 'right') then 'right' else string($model/@align)"/>
      <xsl:if test="$align"><xsl:attribute name="e:align" select="$align"/></xsl:if>
      <xsl:if test="$blockish or $behaviour = 'graphic'"><xsl:attribute name="e:path" select="$own-path"/></xsl:if>
      <xsl:if test="not(parent::*) and accumulator-after('e:controls')"><xsl:attribute name="e:controls" select="'yes'"/></xsl:if>
      <xsl:if test="$behaviour = 'block' and ($inner-space = 'preserve' or $inner-eg)"><xsl:attribute name="e:space" select="'preserve'"/></xsl:if>
      <xsl:if test="$in-text and not(@xml:id) and (self::tei:p | self::tei:ab | self::tei:head | self::tei:item | self::tei:div | self::tei:l | self::tei:lg)">
        <xsl:attribute name="e:anchor" select="local-name() || '-' || $numbers(generate-id(.))"/>
      </xsl:if>
      <xsl:if test="$behaviour = 'paragraph'">
        <xsl:if test="$deleted"><xsl:attribute name="e:deleted" select="'yes'"/></xsl:if>
        <xsl:if test=".//tei:lb[not(ancestor::tei:note)]"><xsl:attribute name="e:lined" select="'yes'"/></xsl:if>
      </xsl:if>
      <xsl:if test="$behaviour = ('list', 'item') and $lists gt 0"><xsl:attribute name="e:depth" select="$lists"/></xsl:if>
      <xsl:if test="$behaviour = 'item'">
        <xsl:variable name="numbered" select="$parent-model/@numbered = 'yes'"/>
        <xsl:variable name="number" select="if (normalize-space(@n)) then normalize-space(@n)
          else if ($numbered) then (if ($model/@style = 'label') then $items-before + 1 else $index) || '.' else ''"/>
        <xsl:if test="$number"><xsl:attribute name="e:number" select="$number"/></xsl:if>
        <xsl:if test="not($parent-model/@behaviour = 'list') or $parent-model/@plain = 'yes' or $model/@style = 'label'">
          <xsl:attribute name="e:plain" select="'yes'"/>
        </xsl:if>
        <xsl:if test="$after-item"><xsl:attribute name="e:continues" select="'yes'"/></xsl:if>
      </xsl:if>
      <xsl:if test="$behaviour = 'alternate'">
        <xsl:attribute name="e:show-reading" select="e:child-position(., tokenize($model/@reading))"/>
        <xsl:attribute name="e:show-diplomatic" select="e:child-position(., tokenize($model/@diplomatic))"/>
        <xsl:if test="$in-text">
          <xsl:for-each select="$numbers('d' || generate-id(.))"><xsl:attribute name="e:letter" select="format-integer(., 'a')"/></xsl:for-each>
          <xsl:for-each select="$numbers('r' || generate-id(.))"><xsl:attribute name="e:letter-reading" select="format-integer(., 'a')"/></xsl:for-each>
        </xsl:if>
      </xsl:if>
      <xsl:if test="$in-text and ($model/@views or $model/@print-views or $behaviour = ('addition', 'deletion') or $deleted
        or $behaviour = 'break' and $model/@style = 'line'
        or $behaviour = 'alternate' and (not(deep-equal(e:child-position(., tokenize($model/@reading)), e:child-position(., tokenize($model/@diplomatic))))
          or not(deep-equal($numbers('d' || generate-id(.)), $numbers('r' || generate-id(.)))) or $model/@correction != ''))">
        <xsl:attribute name="e:by-view" select="'yes'"/>
      </xsl:if>
      <xsl:if test="$behaviour = 'deletion'">
        <xsl:if test="$rend = 'rend-strikethrough'"><xsl:attribute name="e:struck" select="'yes'"/></xsl:if>
        <xsl:if test="e:has-deleted-marker(.)"><xsl:attribute name="e:marker" select="'yes'"/></xsl:if>
        <xsl:if test="ancestor::tei:del"><xsl:attribute name="e:nested" select="'yes'"/></xsl:if>
      </xsl:if>
      <xsl:if test="self::tei:lb">
        <xsl:variable name="before" select="preceding::text()[normalize-space()][1]"/>
        <xsl:if test="not(exists($block) and exists($before) and $before >> $block)"><xsl:attribute name="e:leading" select="'yes'"/></xsl:if>
        <!-- a break within a word, however the source says it, is written break="no" -->
        <xsl:if test="e:in-word(.)"><xsl:attribute name="break" select="'no'"/></xsl:if>
        <xsl:if test="e:in-word(.)">
          <xsl:variable name="text-before" select="string(preceding-sibling::node()[1][self::text()])"/>
          <xsl:if test="matches($text-before, '[\-‐­¬]\s*$')">
            <xsl:attribute name="e:hyphen" select="replace($text-before, '^.*([\-‐­¬])\s*$', '$1', 's')"/>
          </xsl:if>
        </xsl:if>
      </xsl:if>
      <xsl:if test="$model/@style = 'forme-work'">
        <xsl:variable name="line" select="e:fw-line(.)"/>
        <xsl:if test="count($line) gt 1"><xsl:attribute name="e:joins" select="count($line)"/></xsl:if>
        <xsl:if test="e:fw-continues-line(.)"><xsl:attribute name="e:joined" select="'yes'"/></xsl:if>
      </xsl:if>
      <!-- heads in a row (a chapter's number and its title) are one heading, drawn by the first -->
      <xsl:if test="$behaviour = 'heading' and $model/@style = ('section', 'label')">
        <xsl:variable name="run" select="e:heading-run(.)"/>
        <xsl:if test="count($run) gt 1"><xsl:attribute name="e:joins" select="count($run)"/></xsl:if>
        <xsl:if test="e:continues-heading(.)"><xsl:attribute name="e:joined" select="'yes'"/></xsl:if>
      </xsl:if>
      <!-- spaces an output adds: after an addition or a mark that another addition or a word follows (two
           interventions side by side are two), after a mark described in brackets that an element follows (a
           note's marker aside), around the marker of a deletion the reading view leaves out, and after a
           labelled break (a change of hand) that a word follows -->
      <xsl:variable name="next" select="following-sibling::node()[1]"/>
      <!-- (a deletion within a word, "Sonntag<del>t</del>sgruß", keeps the word whole: no space around its marker) -->
      <xsl:variable name="in-word" select="$behaviour = 'deletion' and following::text()[1][matches(., '^\w')] and preceding::text()[1][matches(., '\w$')]
        and not($next/self::text()[matches(., '^\s')] or preceding-sibling::node()[1][self::text()][matches(., '\s$')])"/>
      <xsl:if test="$behaviour = ('addition', 'mark') and $next/self::tei:add
        or $behaviour = 'mark' and ($next/self::text()[matches(., '^\w')] or $model/@described = 'yes' and $next/self::*[not(self::tei:note)])
        or $behaviour = 'deletion' and not($in-word) and ($next/self::*[not(self::tei:note)] or $next/self::text()[matches(., '^\w')])
        or $behaviour = 'break' and $model/@label != '' and $next/self::text()[matches(., '^\w')]">
        <xsl:attribute name="e:space-after" select="'yes'"/>
      </xsl:if>
      <!-- a flag ("[?]") within a word stands where the uncertain letters end, without a space: "Ma[?]chen" -->
      <xsl:if test="$model/@flag != '' and following::text()[1][matches(., '^[\w“”„‚‘’«»‹›&quot;]')] and matches(normalize-space(.), '\w$')">
        <xsl:attribute name="e:in-word" select="'yes'"/>
      </xsl:if>
      <xsl:if test="$behaviour = 'deletion' and not($in-word) and preceding-sibling::node()[1][self::* or matches(., '\S$')]">
        <xsl:attribute name="e:space-before" select="'yes'"/>
      </xsl:if>
      <xsl:variable name="inner-silent" select="$silent or $behaviour = 'omit'"/>
      <xsl:variable name="inner-block" select="if ($blockish) then . else $block"/>
      <xsl:variable name="inner-lists" select="$lists + (if ($behaviour = 'list') then 1 else 0)"/>
      <xsl:variable name="inner-text" select="$in-text or exists(self::tei:text)"/>
      <xsl:variable name="inner-entry" select="$in-entry or exists(self::tei:bibl | self::tei:biblStruct | self::tei:biblFull)"/>
      <xsl:iterate select="node()">
        <xsl:param name="counts" as="map(xs:QName, xs:integer)" select="map{}"/>
        <xsl:param name="item-seen" as="xs:boolean" select="false()"/>
        <xsl:choose>
          <xsl:when test="self::*">
            <xsl:variable name="child-model" as="element()"><xsl:apply-templates select="." mode="model"/></xsl:variable>
            <xsl:variable name="n" select="($counts(node-name(.)), 0)[1] + 1"/>
            <xsl:apply-templates select="." mode="prepare">
              <xsl:with-param name="model" select="$child-model"/>
              <xsl:with-param name="index" select="$n"/>
              <xsl:with-param name="after-item" select="$item-seen"/>
              <xsl:with-param name="items-before" select="($counts(QName('http://www.tei-c.org/ns/1.0', 'item')), 0)[1]"/>
              <xsl:with-param name="parent-model" select="$model"/>
              <xsl:with-param name="silent" select="$inner-silent" tunnel="yes"/>
              <xsl:with-param name="space" select="$inner-space" tunnel="yes"/>
              <xsl:with-param name="in-eg" select="$inner-eg" tunnel="yes"/>
              <xsl:with-param name="path" select="$own-path" tunnel="yes"/>
              <xsl:with-param name="in-text" select="$inner-text" tunnel="yes"/>
              <xsl:with-param name="block" select="$inner-block" tunnel="yes"/>
              <xsl:with-param name="lists" select="$inner-lists" tunnel="yes"/>
              <xsl:with-param name="in-entry" select="$inner-entry" tunnel="yes"/>
            </xsl:apply-templates>
            <xsl:next-iteration>
              <xsl:with-param name="counts" select="map:put($counts, node-name(.), $n)"/>
              <xsl:with-param name="item-seen" select="$item-seen or $child-model/@behaviour = 'item'"/>
            </xsl:next-iteration>
          </xsl:when>
          <xsl:otherwise>
            <xsl:apply-templates select="." mode="prepare">
              <xsl:with-param name="space" select="$inner-space" tunnel="yes"/>
              <xsl:with-param name="in-eg" select="$inner-eg" tunnel="yes"/>
              <xsl:with-param name="in-entry" select="$inner-entry" tunnel="yes"/>
            </xsl:apply-templates>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:iterate>
    </xsl:copy>
  </xsl:template>

  <!-- only prepare writes attributes in the e: namespace -->
  <xsl:template match="@e:*" mode="prepare"/>

  <!-- the position among its element children of the first child named in $names, in their order ('*': any) -->
  <xsl:function name="e:child-position" as="xs:integer?">
    <xsl:param name="el" as="element()"/>
    <xsl:param name="names" as="xs:string*"/>
    <xsl:variable name="children" select="$el/*"/>
    <xsl:variable name="chosen" select="(for $name in $names return
      $children[if ($name = '*') then true() else self::tei:*[local-name() = $name]][1])[1]"/>
    <xsl:sequence select="for $i in 1 to count($children) return $i[$children[$i] is $chosen]"/>
  </xsl:function>

  <!-- whitespace: one space for each run; around a hyphenation break nothing, and the hyphen moves to the lb -->
  <xsl:template match="text()" mode="prepare">
    <xsl:param name="space" as="xs:string" tunnel="yes" select="''"/>
    <xsl:param name="in-entry" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="in-eg" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$space = 'preserve' or $in-eg"><xsl:copy/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="t" select="e:single-spaced(.)"/>
        <xsl:variable name="t" select="if (following-sibling::node()[1][self::tei:lb[e:in-word(.)]])
          then replace($t, '[\-‐­¬]?\s+$|[\-‐­¬]$', '') else $t"/>
        <xsl:variable name="t" select="if (preceding-sibling::node()[1][self::tei:lb[e:in-word(.)]])
          then replace($t, '^\s+', '') else $t"/>
        <xsl:variable name="t" select="if ($in-entry and ends-with($t, ' ') and e:ends-entry-field(.)) then replace($t, '\s+$', '')
          else if ($in-entry and matches($t, '[,;:]$') and following-sibling::node()[1][self::*][e:is-entry-field(.)]) then $t || ' ' else $t"/>
        <!-- a note that references point at begins without the label the references print ("(1) Dont ..."): its
             marker stands for it -->
        <xsl:variable name="t" select="if (parent::tei:note[@xml:id] and not(preceding-sibling::node()[normalize-space()]))
          then e:without-printed-label($t, ..) else $t"/>
        <!-- a note shown as a marker ([T9], E2, ¹) attaches to the word before it, as a footnote mark does, whatever
             the spacing of the source: "matter.[T9]", "overthrown[E2] was". Not where the marker is followed by a
             word, which the space keeps apart. -->
        <xsl:variable name="marker" select="following-sibling::node()[1][self::tei:note[not(@type = 'gloss' or @place = 'inline' or e:is-annotation(.))]
          or (self::tei:ref or self::tei:ptr) and exists(e:note-target(.))]"/>
        <xsl:variable name="t" select="if ($marker and ends-with($t, ' ')
          and (empty($marker/following-sibling::node()[1]) or matches(string($marker/following-sibling::node()[1][self::text()]), '^[\s.,;:!?)\]”’]')
            or $t = ' ' and empty(preceding-sibling::node())))
          then substring($t, 1, string-length($t) - 1) else $t"/>
        <xsl:value-of select="$t"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- examples of markup are shown as markup -->
  <xsl:template match="eg:egXML" mode="prepare">
    <xsl:param name="model" as="element()"/>
    <xsl:param name="index" as="xs:integer" select="1"/>
    <xsl:param name="path" as="xs:string" tunnel="yes" select="''"/>
    <xsl:copy>
      <xsl:apply-templates select="@*" mode="prepare"/>
      <xsl:attribute name="xml:space">preserve</xsl:attribute>
      <xsl:attribute name="e:behaviour" select="$model/@behaviour"/>
      <xsl:attribute name="e:style" select="$model/@style"/>
      <xsl:attribute name="e:space" select="'preserve'"/>
      <xsl:attribute name="e:path" select="$path || '/Q{' || namespace-uri() || '}' || local-name() || '[' || $index || ']'"/>
      <xsl:variable name="markup" select="serialize(node(), map{'method': 'xml', 'omit-xml-declaration': true()})"/>
      <xsl:value-of select="if (contains($markup, ' xmlns')) then replace($markup, ' xmlns(:\w+)?=&quot;[^&quot;]*&quot;', '') else $markup"/>
    </xsl:copy>
  </xsl:template>

  <!-- A gap is an editorial insertion in brackets: it never runs into the word before it ("Soviet
       Union[… 1 line illegible]" where the source has the gap straight after a name); nor does a value the edition
       gives in words from an empty element's attributes ("Freitag 1 January 1911"). The space is part of the
       prepared text, so every output and view has it. -->
  <xsl:template match="tei:gap | tei:date[not(node())] | tei:time[not(node())] | tei:measure[not(node())] | tei:num[not(node())]" mode="prepare" priority="1">
    <xsl:param name="model" as="element()"/>
    <xsl:param name="index" as="xs:integer" select="1"/>
    <xsl:param name="after-item" as="xs:boolean" select="false()"/>
    <xsl:param name="items-before" as="xs:integer" select="0"/>
    <xsl:param name="parent-model" as="element()?" select="()"/>
    <xsl:param name="space" as="xs:string" tunnel="yes" select="''"/>
    <xsl:variable name="before" select="preceding-sibling::node()[not(self::comment() or self::processing-instruction())][1]"/>
    <xsl:if test="not($space = 'preserve') and exists($before) and (self::tei:gap or string($model/@content))
      and ($before/self::* or matches(string($before), '[^\s(\[“‘&quot;''«„]$'))">
      <xsl:text> </xsl:text>
    </xsl:if>
    <xsl:next-match>
      <xsl:with-param name="model" select="$model"/>
      <xsl:with-param name="index" select="$index"/>
      <xsl:with-param name="after-item" select="$after-item"/>
      <xsl:with-param name="items-before" select="$items-before"/>
      <xsl:with-param name="parent-model" select="$parent-model"/>
    </xsl:next-match>
  </xsl:template>

  <!-- is a text node the last words of a field of a bibliographic entry that a separator follows? -->
  <xsl:function name="e:ends-entry-field" as="xs:boolean">
    <xsl:param name="text" as="text()"/>
    <xsl:variable name="field" select="$text/ancestor::*[position() le 3][e:is-entry-field(.)][1]"/>
    <xsl:sequence select="exists($field) and empty($field//text()[. >> $text])
      and (matches(string(e:entry-after($field)), '^[.,:;]') or exists($field/self::tei:note[parent::tei:bibl]))"/>
  </xsl:function>

  <!-- a note's first words without the label that the references to it print: "(1) Dont" after a ref "(1)" -->
  <xsl:function name="e:without-printed-label" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="note" as="element()"/>
    <xsl:variable name="label" select="normalize-space(key('e:targets', $note/@xml:id, root($note))[1])"/>
    <xsl:variable name="trimmed" select="replace($text, '^\s+', '')"/>
    <xsl:sequence select="if ($label and starts-with($trimmed, $label)) then replace(substring($trimmed, string-length($label) + 1), '^[\s&#160;]+', '') else $text"/>
  </xsl:function>

  <!-- heads in a row: the run a head starts (itself and the heads right after it), and whether a head continues
       the one before it -->
  <xsl:function name="e:heading-run" as="element()*">
    <xsl:param name="head" as="element()"/>
    <xsl:if test="not(e:continues-heading($head))">
      <xsl:iterate select="$head, $head/following-sibling::*">
        <xsl:choose>
          <xsl:when test="position() gt 1 and not(e:continues-heading(.))"><xsl:break/></xsl:when>
          <xsl:otherwise><xsl:sequence select="."/></xsl:otherwise>
        </xsl:choose>
      </xsl:iterate>
    </xsl:if>
  </xsl:function>

  <xsl:function name="e:continues-heading" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="before" select="$el/preceding-sibling::*[1]"/>
    <xsl:sequence select="exists($el/self::tei:head) and exists($before/self::tei:head)
      and (every $h in ($el, $before) satisfies e:model($h)[@behaviour = 'heading'][@style = ('section', 'label')])
      and not($el/preceding-sibling::node()[. >> $before][self::text()[normalize-space()]])"/>
  </xsl:function>

  <!-- processing instructions and comments are not text -->
  <xsl:template match="processing-instruction() | comment()" mode="prepare"/>

<!-- ===== Shared functions ===== -->

  <!-- replace($s, '\s+', ' ') without the regular expression, which Saxon runs slowly: every text node passes -->
  <xsl:function name="e:single-spaced" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:variable name="words" select="normalize-space($s)"/>
    <xsl:sequence select="' '[substring($s, 1, 1) = (' ', '&#9;', '&#10;', '&#13;')] || $words
      || ' '[$words and substring($s, string-length($s)) = (' ', '&#9;', '&#10;', '&#13;')]"/>
  </xsl:function>


  <!-- The document's id: /TEI/@xml:id, or the source file's name without .xml -->
  <xsl:function name="e:doc-id" as="xs:string">
    <xsl:param name="tei" as="element()?"/>
    <xsl:sequence select="(normalize-space($tei/@xml:id)[.], replace($source-file, '\.xml$', '')[.], 'document')[1]"/>
  </xsl:function>

  <!-- the TEI (or teiCorpus) element a node belongs to -->
  <xsl:function name="e:tei" as="element()?">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="($node/ancestor-or-self::tei:TEI[1], $node/ancestor-or-self::tei:teiCorpus[1], root($node)/*)[1]"/>
  </xsl:function>

  <!-- ===== Metadata of a document from its teiHeader: a map of strings (absent keys are empty) ===== -->
  <xsl:function name="e:meta" as="map(xs:string, item()*)">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="h" select="$tei/tei:teiHeader"/>
    <xsl:variable name="fd" select="$h/tei:fileDesc"/>
    <xsl:variable name="ts" select="$fd/tei:titleStmt"/>
    <xsl:variable name="sd" select="$fd/tei:sourceDesc"/>
    <xsl:variable name="ms" select="($sd//tei:msDesc)[1]"/>
    <xsl:variable name="msid" select="$ms/tei:msIdentifier"/>
    <xsl:variable name="title" select="e:text(($ts/tei:title[@type = 'main'], $ts/tei:title[not(@type = ('sub', 'subordinate', 'alt', 'short', 'desc'))], $ts/tei:title, $tei/tei:text/tei:front//tei:docTitle)[normalize-space()][1])"/>
    <xsl:variable name="translator-ids" select="e:translator-ids($tei)"/>
    <xsl:variable name="translators" select="distinct-values((
        $ts/(tei:editor | tei:author)[@role = ('translator', 'trl')],
        $ts/tei:respStmt[tei:resp[matches(., 'transl', 'i')]]/(tei:persName | tei:name | tei:orgName),
        $sd//tei:respStmt[tei:resp[matches(., 'transl', 'i')]]/(tei:persName | tei:name | tei:orgName)) ! e:text(.))"/>
    <xsl:variable name="date-el" select="($ms/tei:history/tei:origin//tei:origDate, $ms/tei:history/tei:origin//tei:date,
        $h/tei:profileDesc/tei:creation//tei:origDate, $h/tei:profileDesc/tei:creation//tei:date,
        $sd/tei:bibl/tei:date, $sd/tei:biblStruct/tei:monogr/tei:imprint/tei:date, $tei/tei:text/tei:front//tei:docDate)[normalize-space() or @when][1]"/>
    <xsl:variable name="repository" select="e:text($msid/tei:repository)"/>
    <xsl:variable name="settlement" select="e:text($msid/tei:settlement)"/>
    <xsl:variable name="collection" select="e:text($msid/tei:collection)"/>
    <xsl:variable name="idno" select="e:text($msid/tei:idno[1])"/>
    <!-- as the web page draws it (e:archive-parts), in plain words -->
    <xsl:variable name="archive" select="string-join(e:archive-parts($tei) ! normalize-space(?before || e:text(?words) || ?after), ', ')"/>
    <xsl:variable name="licence-el" select="($fd/tei:publicationStmt/tei:availability/tei:licence, $fd/tei:publicationStmt/tei:availability)[1]"/>
    <xsl:variable name="authors" select="$ts/tei:author[not(@role = ('translator', 'trl'))] ! e:text(.)"/>
    <xsl:variable name="series" select="e:text(($fd/tei:seriesStmt/tei:title)[1])"/>
    <xsl:variable name="publisher" select="e:text(($fd/tei:publicationStmt/(tei:publisher | tei:distributor | tei:authority))[1])"/>
    <xsl:variable name="pub-date" select="e:text(($fd/tei:publicationStmt/tei:date)[1])"/>
    <xsl:variable name="source" select="e:bibl-text(($sd/(tei:bibl | tei:biblStruct | tei:biblFull | tei:p))[1])"/>
    <!-- the publication the text comes from (a bibliographic description, not a sentence about the source) -->
    <xsl:variable name="published-in" select="e:bibl-text(($sd/(tei:bibl | tei:biblStruct | tei:biblFull))[1])"/>
    <!-- the edition this file belongs to: its title (as configured, else the header's series), who edits it, its
         version (as configured, else the header's editionStmt) and the address of its web pages (see e:pages-address) -->
    <xsl:variable name="edition-editors" select="$fd/tei:seriesStmt[1]/tei:respStmt/(tei:persName | tei:orgName | tei:name) ! e:text(.)"/>
    <xsl:variable name="edition" select="($fd/tei:editionStmt/tei:edition)[1]"/>
    <xsl:variable name="version" select="if (normalize-space($edition-version)) then e:word('citation.version', normalize-space($edition-version)) else e:text($edition)"/>
    <xsl:variable name="address" select="e:pages-address($tei)"/>
    <xsl:variable name="page" select="e:path-uri(e:document-path($tei)) || '.html'"/>
    <xsl:variable name="m" select="map{
      'id': e:doc-id($tei),
      'title': ($title[.], e:word('untitled'))[1],
      'subtitle': e:text(($ts/tei:title[@type = ('sub', 'subordinate')])[1]),
      'authors': $authors,
      'translators': $translators,
      'translator-ids': $translator-ids,
      'editors': $ts/tei:editor[not(@role = ('translator', 'trl'))] ! e:text(.),
      'date': e:date-phrase($date-el),
      'date-when': string(($date-el/@when, $date-el/@notBefore, $date-el/@from)[1]),
      'date-element': $date-el,
      'repository': $repository, 'settlement': $settlement, 'collection': $collection, 'idno': $idno,
      'archive': $archive,
      'source': $source,
      'licence': e:text($licence-el),
      'licence-url': string(($licence-el/@target)[1]),
      'licences': $fd/tei:publicationStmt/tei:availability/tei:licence ! [e:text(.), string(@target)],
      'publisher': $publisher,
      'pub-date': $pub-date,
      'series': $series,
      'lang': string(($tei/tei:text/@xml:lang, $tei/@xml:lang, $h/tei:profileDesc/tei:langUsage/tei:language[1]/@ident)[1]),
      'published-in': $published-in,
      'edition-title': (normalize-space($edition-title)[.], $series)[1],
      'edition-editors': $edition-editors,
      'version': $version,
      'version-number': (normalize-space($edition-version)[.], normalize-space($edition/@n)[.], e:text($edition))[1],
      'address': $address,
      'url': e:safe-url(e:page-url($address, $page))[matches(., '^https?://', 'i')],
      (: the PDF's address only under a configured base URL: a header's address names the pages alone :)
      'pdf-url': ($base-url || 'pdf/' || e:path-uri(e:document-path($tei)) || '.pdf')[$base-url],
      'iso-dates': e:iso-dates($date-el),
      'pub-iso-dates': e:iso-dates(($fd/tei:publicationStmt/tei:date)[1]),
      'manuscript': exists($ms),
      'dating': e:text(($ms/tei:history/tei:origin)[1])
    }"/>
    <xsl:sequence select="map:put($m, 'citation', string-join(e:citation-parts($m, $page)))"/>
  </xsl:function>

  <!-- the edition a document belongs to, in one line: its title, who edits it and its version; else its publisher
       and date -->
  <xsl:function name="e:edition-line" as="xs:string">
    <xsl:param name="m" as="map(xs:string, item()*)"/>
    <xsl:sequence select="if ($m?edition-title or exists($m?edition-editors) or $m?version)
      then string-join(($m?edition-title[.], e:word('citation.edited-by', e:and-list($m?edition-editors))[exists($m?edition-editors)], e:lower-first($m?version)[.]), ', ')
      else string-join(($m?publisher, $m?pub-date)[.], ', ')"/>
  </xsl:function>

  <!-- How to cite a document, the one wording every output uses: authors, “title,” translator, the source's date
       (as e:date-phrase gives it: "[1965, after 4 July]"), the archive; the publication the text comes from; then
       this edition: its title (as configured, else the header's series), who edits it, its version, and the address
       of the document's web page ($page, its name among the edition's pages: under the public address where there
       is one (e:pages-address), else the page's name and that the public address is not recorded). No identifier
       of the encoding is shown. Three parts, so that an output may draw the archive its own way (the web edition
       keeps its languages): what comes before the archive, the archive with its full stop, and what comes after. -->
  <xsl:function name="e:citation-parts" as="xs:string+">
    <xsl:param name="m" as="map(xs:string, item()*)"/>
    <xsl:param name="page" as="xs:string"/>
    <xsl:variable name="authors" select="$m?authors"/>
    <xsl:variable name="translators" select="$m?translators"/>
    <xsl:variable name="after-title" select="(e:word('citation.translated-by', string-join($translators, e:word('citation.and')))[exists($translators)], $m?date[.])"/>
    <xsl:variable name="edition" select="string-join((($m?edition-title[.], e:word('citation.edition'))[1],
      e:word('citation.edited-by', e:and-list($m?edition-editors))[exists($m?edition-editors)],
      string-join(($m?publisher, $m?pub-date)[.], ', ')[empty($m?edition-editors)][.],
      e:lower-first($m?version)[.]), ', ')"/>
    <xsl:variable name="address" select="if ($m?address) then e:word('citation.at', e:page-url($m?address, $page))
      else e:word('citation.page', $page) || e:word('citation.no-address')"/>
    <xsl:sequence select="string-join((
        string-join(($authors[1] || e:word('citation.et-al')[count($authors) gt 2] || (e:word('citation.and') || $authors[2])[count($authors) = 2])[exists($authors)], ''),
        '“' || $m?title || (if (exists($after-title)) then ',” ' || string-join($after-title, ', ') || '.'
          else if (matches($m?title, '[.!?]$')) then '”' else '.”'))[.], ', ') || ' ',
      string(($m?archive || '. ')[$m?archive]),
      (e:published-in($m) || ' ')[$m?published-in]
        || e:word('citation.in', $edition) || ', ' || $address || '.'"/>
  </xsl:function>

  <!-- "Published in ...": the publication a document's text comes from, as a sentence -->
  <xsl:function name="e:published-in" as="xs:string?">
    <xsl:param name="m" as="map(xs:string, item()*)"/>
    <xsl:sequence select="$m?published-in[.] ! e:word('citation.published-in', replace(., '\.$', ''))"/>
  </xsl:function>

  <!-- The address of the edition's web pages (its html/ folder), ending in '/', or '' where none is known: the
       configured base URL (the address of the output folder) with 'html/', else the public address the document's
       header records (publicationStmt/idno[@type='URL'], else its ptr). The configuration wins, as its title and
       version do: it says where this build is served. -->
  <xsl:function name="e:pages-address" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="ps" select="$tei/tei:teiHeader/tei:fileDesc/tei:publicationStmt"/>
    <xsl:variable name="recorded" select="normalize-space(($ps/tei:idno[lower-case(@type) = ('url', 'uri')], $ps/tei:ptr/@target)[normalize-space()][1])"/>
    <xsl:sequence select="if ($base-url) then $base-url || 'html/' else if ($recorded) then e:folder-url($recorded) else ''"/>
  </xsl:function>

  <!-- a page's address under the address of the edition's pages (none where that is not known) -->
  <xsl:function name="e:page-url" as="xs:string?">
    <xsl:param name="address" as="xs:string?"/>
    <xsl:param name="page" as="xs:string"/>
    <xsl:sequence select="$address[normalize-space()] ! (e:folder-url(.) || $page)"/>
  </xsl:function>

  <!-- an address as a folder's: ending in '/' -->
  <xsl:function name="e:folder-url" as="xs:string">
    <xsl:param name="address" as="xs:string"/>
    <xsl:sequence select="if (ends-with($address, '/')) then $address else $address || '/'"/>
  </xsl:function>

  <!-- a date element as ISO dates (YYYY, YYYY-MM or YYYY-MM-DD): its @when, or the first and last of its range
       (@notBefore/@from and @notAfter/@to); none where the encoding gives no such date -->
  <xsl:function name="e:iso-dates" as="xs:string*">
    <xsl:param name="date" as="element()?"/>
    <xsl:variable name="iso" select="'^\d{4}(-\d\d(-\d\d)?)?$'"/>
    <xsl:variable name="when" select="normalize-space($date/@when)[matches(., $iso)]"/>
    <xsl:sequence select="if ($when) then $when else (($date/@notBefore, $date/@from)[1], ($date/@notAfter, $date/@to)[1]) ! normalize-space(.)[matches(., $iso)]"/>
  </xsl:function>

  <!-- a bibliographic description as one line: as written when it has its own punctuation, else its parts
       joined by commas -->
  <xsl:function name="e:bibl-text" as="xs:string">
    <xsl:param name="bibl" as="element()?"/>
    <xsl:sequence select="if (empty($bibl)) then ''
      else if ($bibl/text()[normalize-space()] or not($bibl/*)) then e:text($bibl)
      else string-join($bibl/* ! (if (self::tei:biblScope[@unit = ('page', 'pages', 'pp')]) then 'p. ' || e:text(.)
        else if (self::tei:series or self::tei:monogr or self::tei:analytic or self::tei:imprint) then e:bibl-text(.) else e:text(.))[normalize-space()], ', ')"/>
  </xsl:function>

  <xsl:function name="e:text" as="xs:string">
    <xsl:param name="el" as="node()*"/>
    <xsl:sequence select="normalize-space(string-join($el ! string(.), ' '))"/>
  </xsl:function>

  <!-- the words of an element of a source as its prepared text reads (e:text of the prepared element): a word
       broken by <lb break="no"/> joined, for descriptions that quote the source -->
  <xsl:function name="e:words" as="xs:string">
    <xsl:param name="el" as="element()?"/>
    <xsl:sequence select="normalize-space(string-join($el//text() ! (
      let $t := if (following-sibling::node()[1][self::tei:lb[e:in-word(.)]]) then replace(., '[\-‐­¬]?\s+$|[\-‐­¬]$', '') else string(.)
      return if (preceding-sibling::node()[1][self::tei:lb[e:in-word(.)]]) then replace($t, '^\s+', '') else $t)))"/>
  </xsl:function>

  <!-- register ids of the document's translators (to tell the translator's interventions from the editors') -->
  <xsl:function name="e:translator-ids" as="xs:string*">
    <xsl:param name="tei" as="element()?"/>
    <xsl:variable name="h" select="$tei/tei:teiHeader"/>
    <xsl:sequence select="distinct-values((
        e:refs($h/tei:fileDesc/tei:titleStmt/(tei:editor | tei:author)[@role = ('translator', 'trl')]),
        e:refs($h/tei:fileDesc//tei:respStmt[tei:resp[matches(., 'transl', 'i')]])))"/>
  </xsl:function>

  <!-- ===== Registers ===== -->
  <xsl:function name="e:is-name" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el[self::tei:persName | self::tei:placeName | self::tei:orgName | self::tei:name | self::tei:rs | self::tei:geogName])"/>
  </xsl:function>

  <!-- an element by id: in the same document first, then in the registers -->
  <xsl:function name="e:lookup" as="element()?">
    <xsl:param name="pointer" as="xs:string?"/>
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="id" select="replace(normalize-space($pointer), '^#', '')"/>
    <xsl:variable name="root" select="root($context)"/>
    <xsl:sequence select="if (not(starts-with(normalize-space($pointer), '#'))) then ()
      else (if ($root instance of document-node()) then key('e:id', $id, $root) else (),
            $registers ! key('e:id', $id, .))[1]"/>
  </xsl:function>

  <!-- the register entry (person, place, org ...) a name points at -->
  <xsl:function name="e:entry" as="element()?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="(tokenize(normalize-space($el/@ref), ' ') ! e:lookup(., $el))
      [self::tei:person | self::tei:personGrp | self::tei:place | self::tei:org | self::tei:event | self::tei:object][1]"/>
  </xsl:function>

  <!-- the main name of an entry: its first name form (persName, placeName, orgName ...) -->
  <xsl:function name="e:entry-name" as="xs:string">
    <xsl:param name="entry" as="element()?"/>
    <xsl:sequence select="(e:text(($entry/(tei:persName | tei:placeName | tei:orgName | tei:name)[not(@type = 'variant')])[1])[.],
      e:text(($entry/(tei:persName | tei:placeName | tei:orgName | tei:name))[1])[.], string($entry/@xml:id))[1]"/>
  </xsl:function>

  <xsl:function name="e:entry-identification" as="xs:string">
    <xsl:param name="entry" as="element()?"/>
    <xsl:sequence select="e:text(($entry/tei:note[@type = 'identification'], $entry/tei:note)[1])"/>
  </xsl:function>

  <!-- which register page an entry belongs to: persons, places or organizations -->
  <xsl:function name="e:entry-page" as="xs:string">
    <xsl:param name="entry-type" as="xs:string?"/>
    <xsl:sequence select="if ($entry-type = ('place')) then 'places' else if ($entry-type = 'org') then 'organizations' else 'persons'"/>
  </xsl:function>

  <!-- a name's occurrence id: the id of the nearest ancestor with an xml:id plus its position among the names
       with @ref there (deterministic: the same source always gives the same ids) -->
  <xsl:function name="e:occurrence-id" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="anc" select="$el/ancestor::*[@xml:id][1]"/>
    <!-- the names before it inside $anc (or the document) are the names up to it less those up to $anc: what
         comes between an element and its descendant in document order is inside the element -->
    <xsl:sequence select="if ($el/@xml:id) then string($el/@xml:id)
      else (if ($anc) then string($anc/@xml:id) else 'name') || '-n'
        || ($el/accumulator-before('e:names') - count($el[@ref][e:is-name(.)]) - ($anc/accumulator-before('e:names'), 0)[1] + 1)"/>
  </xsl:function>

  <!-- the number of names with @ref up to and including each element in document order (one pass over a tree,
       rather than a count of the names before each one) -->
  <xsl:accumulator name="e:names" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="*[@ref][e:is-name(.)]" select="$value + 1"/>
  </xsl:accumulator>


  <!-- the nearest citable block (with an xml:id) around an element -->
  <xsl:function name="e:citable" as="element()?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="$el/ancestor-or-self::*[@xml:id][self::tei:p | self::tei:ab | self::tei:item | self::tei:head | self::tei:div | self::tei:note | self::tei:l][1]"/>
  </xsl:function>



  <!-- the anchor of a block: its xml:id, or the e:anchor that prepare gave it -->
  <xsl:function name="e:anchor" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="($el/@xml:id, $el/@e:anchor)[1] ! string(.)"/>
  </xsl:function>

  <!-- ===== Hands and responsibility ===== -->
  <xsl:function name="e:hand-note" as="element()?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="e:lookup(tokenize(normalize-space($el/@hand), ' ')[1], $el)[self::tei:handNote | self::tei:handDesc]"/>
  </xsl:function>

  <!-- a short label for a hand, e.g. 'handwritten', 'typescript', 'stamp' -->
  <xsl:function name="e:hand-label" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="if ($el/self::tei:handNote) then e:hand-note-label($el)
      else if ($el/@hand) then (e:hand-note($el) ! e:hand-note-label(.), replace($el/@hand, '^#(hand-?)?', ''))[1]
      else ()"/>
  </xsl:function>

  <xsl:function name="e:hand-note-label" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:variable name="text" select="lower-case(replace(e:text($note), '^(.*?[.;:])\s.*$', '$1'))"/>
    <xsl:sequence select="(normalize-space($note/@n)[.],
      e:text(($note//tei:term, $note//tei:label)[1])[.],
      normalize-space($note/@medium)[.],
      (e:word('hand.handwritten')[matches($text, 'hand-?written|manuscript|by hand')],
       e:word('hand.stamp')[matches($text, 'stamp')],
       e:word('hand.typescript')[matches($text, 'type-?script|typed|typewrit')])[1],
      replace($note/@xml:id, '^hand-?', ''))[1]"/>
  </xsl:function>

  <!-- a hand as its description in the header says it, when that is short: the first sentence of the handNote
       ('a second writer, his sister, in ink') -->
  <xsl:function name="e:hand-description" as="xs:string?">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="replace(normalize-space(replace(e:text($note), '^(.*?)[.;:](\s.*)?$', '$1')), '[.;:,]$', '')[string-length(.) = 4 to 60]"/>
  </xsl:function>

  <!-- is the element by a later (minor) hand than the document's main one? -->
  <xsl:function name="e:later-hand" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="note" select="e:hand-note($el)"/>
    <xsl:sequence select="exists($note) and ($note/@scope = 'minor'
      or (not($note/@scope = 'major') and exists($note/preceding-sibling::tei:handNote)))"/>
  </xsl:function>

  <!-- who is responsible for an intervention: the register entry its @resp points at -->
  <xsl:function name="e:resp-entry" as="element()?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="e:lookup(tokenize(normalize-space($el/@resp), ' ')[1], $el)"/>
  </xsl:function>

  <!-- the responsible party's name, e.g. 'Merle Pribbenow' -->
  <xsl:function name="e:responsibility" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="entry" select="e:resp-entry($el)"/>
    <xsl:sequence select="if ($entry) then e:entry-name($entry)
      else if (normalize-space($el/@resp)) then replace(normalize-space($el/@resp), '^#', '') else ()"/>
  </xsl:function>

  <!-- the role of whoever is responsible: author, translator, editor (the publisher's editors), edition (this
       edition's encoders), or '' when nobody is named -->
  <xsl:function name="e:resp-role" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="id" select="replace(tokenize(normalize-space($el/@resp), ' ')[1], '^#', '')"/>
    <xsl:variable name="tei" select="e:tei($el)"/>
    <xsl:variable name="h" select="$tei/tei:teiHeader"/>
    <xsl:variable name="kind" select="if ($el/self::tei:note) then e:note-kind($el) else ''"/>
    <xsl:sequence select="
      if ($id and $id = e:translator-ids($tei)) then 'translator'
      else if ($id and e:refs($h/tei:fileDesc/tei:titleStmt/tei:author) = $id) then 'author'
      else if ($id and e:refs($h/tei:fileDesc//tei:respStmt[tei:resp[matches(., 'encod|mark-?up|correct|transcri|this edition', 'i')]]) = $id) then 'edition'
      else if ($id and matches($id, '^edition|encoder')) then 'edition'
      else if ($kind = ('translator', 'gloss')) then 'translator'
      else if ($kind = 'edition') then 'edition'
      else if ($kind = 'authorial') then 'author'
      else if ($id or $kind = 'editorial') then 'editor'
      else ''"/>
  </xsl:function>

  <!-- the ids pointed at by @ref in and under some elements -->
  <xsl:function name="e:refs" as="xs:string*">
    <xsl:param name="els" as="element()*"/>
    <xsl:sequence select="$els/descendant-or-self::*/@ref ! tokenize(normalize-space(.), ' ') ! replace(., '^#', '')"/>
  </xsl:function>

  <!-- a phrase naming the role and the person, for tooltips and legends: 'the translator, Merle Pribbenow' -->
  <xsl:function name="e:resp-phrase" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="role" select="e:resp-role($el)"/>
    <xsl:variable name="who" select="e:responsibility($el)"/>
    <xsl:variable name="role-name" select="if ($role) then e:word('role.' || $role) else ''"/>
    <xsl:sequence select="string-join(($role-name[.], $who[. and not($role = 'edition')]), ', ')"/>
  </xsl:function>

  <!-- a block whose whole text is deleted (labels, marks and notes aside): the reading view leaves it out -->
  <!-- A paragraph cut by the page (TEI @part): what the reader is told at its start and at its end. -->
  <xsl:function name="e:cut" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:param name="end" as="xs:string"/>
    <xsl:sequence select="if ($end = 'start' and $el/@part = ('F', 'M')) then e:word('cut.start')
                          else if ($end = 'end' and $el/@part = ('I', 'M')) then e:word('cut.end')
                          else ()"/>
  </xsl:function>

  <!-- ===== Cross-format policy: what every output shows the same way (wording here, syntax in the outputs) ===== -->

  <!-- Where a transcription of pages of a source stops: the end of its last page (pb/@n), 'end of p. 28', shown
       after the text in every output and view (without brackets); () for a text without page breaks. -->
  <xsl:function name="e:end-of-page" as="xs:string?">
    <xsl:param name="tei" as="element()?"/>
    <xsl:variable name="text" select="$tei/tei:text"/>
    <xsl:sequence select="($text//tei:pb)[last()] ! e:word('end-of-page', e:page-label(.))"/>
  </xsl:function>

  <!-- ... and what that means, from whether its last paragraph is marked as going on (@part I or M) or not (then
       nothing shows that the text continues) -->
  <xsl:function name="e:end-of-page-note" as="xs:string?">
    <xsl:param name="tei" as="element()?"/>
    <xsl:variable name="text" select="$tei/tei:text"/>
    <xsl:variable name="last-p" select="($text//(tei:p | tei:ab)[not(ancestor::tei:note)])[last()]"/>
    <xsl:sequence select="if (empty($text//tei:pb)) then ()
      else if ($last-p/@part = ('I', 'M')) then e:word('end-of-page.continues')
      else e:word('end-of-page.ends')"/>
  </xsl:function>

  <!-- an empty metamark: the mark is on the page but nothing of it is transcribed (the translator only describes it) -->
  <xsl:function name="e:is-empty-mark" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el/self::tei:metamark) and not(normalize-space($el)) and empty($el/*)"/>
  </xsl:function>

  <!-- a mark whose words are left out of the transcription (only gaps in it) and whose sense a note gives (@corresp):
       a note on the page that the source paraphrases -->
  <xsl:function name="e:is-paraphrased-mark" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el/self::tei:metamark[@corresp]/tei:gap) and empty($el/(* except tei:gap)) and not(normalize-space($el))"/>
  </xsl:function>

  <!-- the editorial description shown (diplomatic view only) for an empty metamark, without its brackets:
       'mark, not transcribed: deletion' -->
  <xsl:function name="e:untranscribed-mark" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="function" select="normalize-space($el/@function)"/>
    <xsl:sequence select="e:word('mark.not-transcribed') || (': ' || replace($function, '[-_]', ' '))[$function]"/>
  </xsl:function>


  <!-- the words of a deletion that is not struck through, before its text: 'deleted' -->
  <xsl:function name="e:unstruck-label" as="xs:string">
    <xsl:param name="del" as="element()"/>
    <xsl:sequence select="e:word('del.unstruck')"/>
  </xsl:function>

  <!-- what the reading text shows where it leaves a deleted passage out (every output, without brackets): for a
       paragraph deleted whole, words; for words deleted within a paragraph, the sign the web edition has (⌫),
       which does not break the sentence around it -->
  <xsl:function name="e:deleted-marker" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="e:word(if ($el/@e:behaviour = 'deletion') then 'del.marker.words' else 'del.marker.paragraph')"/>
  </xsl:function>

  <!-- what a paragraph deleted whole is, with who made its deletions as the diplomatic view labels them:
       'Deleted paragraph — deletion: handwritten (inferred)' -->
  <xsl:function name="e:deleted-paragraph-label" as="xs:string">
    <xsl:param name="p" as="element()"/>
    <xsl:variable name="hands" select="distinct-values($p//tei:del ! e:deletion-label(.))"/>
    <xsl:sequence select="if (exists($hands)) then e:word('del.paragraph.by', (e:word('del.paragraph'), string-join($hands, '; '))) else e:word('del.paragraph')"/>
  </xsl:function>

  <!-- does the reading text put a deleted-passage marker for this deletion? Yes for a deletion that is not inside
       another one nor inside a paragraph left out whole (which has its own marker) -->
  <xsl:function name="e:has-deleted-marker" as="xs:boolean">
    <xsl:param name="del" as="element()"/>
    <xsl:sequence select="exists($del/self::tei:del) and empty($del/ancestor::tei:del)
      and not($del/ancestor::*[self::tei:p or self::tei:ab][1][e:is-deleted(.)])"/>
  </xsl:function>


  <!-- Does a space follow a label (a numbered point's "1/-")? The text is as in the source ("1/-Vietnam’s": nothing
       is normalised), so only where the label and the next word would otherwise run into one word. -->
  <xsl:function name="e:label-space" as="xs:boolean">
    <xsl:param name="label" as="element()"/>
    <xsl:variable name="next" select="$label/following-sibling::node()[1]"/>
    <xsl:sequence select="exists($label/self::tei:label) and matches(string($label), '[\p{L}\p{N}]$')
      and exists($next) and matches(string($next), '^[\p{L}\p{N}]')"/>
  </xsl:function>



  <!-- who is responsible for the words in square brackets (supplied words, glosses): 'the translator, Merle
       Pribbenow'; the editors where nobody is named -->
  <xsl:function name="e:bracket-parties" as="xs:string*">
    <xsl:param name="els" as="element()*"/>
    <xsl:sequence select="distinct-values($els ! (e:resp-phrase(.)[.], e:word('the-editors'))[1])"/>
  </xsl:function>

  <xsl:function name="e:and-list" as="xs:string">
    <xsl:param name="items" as="xs:string*"/>
    <!-- (items that hold commas, 'the translator, Merle Pribbenow', are kept apart by semicolons) -->
    <xsl:variable name="sep" select="if (some $i in $items satisfies contains($i, ',')) then '; ' else ', '"/>
    <xsl:sequence select="if (count($items) le 1) then string($items)
      else if (count($items) = 2 and $sep = ', ') then string-join($items, ' ' || e:word('and') || ' ')
      else string-join($items[position() lt last()], $sep) || $sep || e:word('and') || ' ' || $items[last()]"/>
  </xsl:function>

  <!-- legend wording for square brackets: ('supplied', 'words supplied by ...') and ('gloss', 'glosses by ...') for
       what the documents use -->
  <xsl:function name="e:bracket-legend" as="map(xs:string, xs:string)">
    <xsl:param name="facts" as="element(e:facts)"/>
    <xsl:variable name="supplied" select="$facts/e:parties[@of = 'supplied']/e:party ! string(.)"/>
    <xsl:variable name="glosses" select="$facts/e:parties[@of = 'gloss']/e:party ! string(.)"/>
    <xsl:map>
      <xsl:if test="exists($supplied)"><xsl:map-entry key="'supplied'" select="e:word('bracket.supplied', e:and-list($supplied))"/></xsl:if>
      <xsl:if test="exists($glosses)"><xsl:map-entry key="'gloss'" select="e:word('bracket.gloss', e:and-list($glosses))"/></xsl:if>
    </xsl:map>
  </xsl:function>

  <!-- legend wording for "[sic]", from who flags the words (@resp of the sic, as for the brackets): 'so in the
       source, flagged by this edition's editors' -->
  <xsl:function name="e:sic-legend" as="xs:string?">
    <xsl:param name="facts" as="element(e:facts)"/>
    <xsl:variable name="parties" select="$facts/e:parties[@of = 'sic']/e:party ! string(.)"/>
    <xsl:sequence select="e:word('sic.legend', e:and-list($parties))[exists($parties)]"/>
  </xsl:function>

  <!-- one sentence for a view's introduction: 'Square brackets hold words supplied by ... and glosses by ....' -->
  <xsl:function name="e:bracket-sentence" as="xs:string?">
    <xsl:param name="facts" as="element(e:facts)"/>
    <xsl:variable name="legend" select="e:bracket-legend($facts)"/>
    <xsl:variable name="supplied" select="$facts/e:parties[@of = 'supplied']/e:party ! string(.)"/>
    <xsl:variable name="glosses" select="$facts/e:parties[@of = 'gloss']/e:party ! string(.)"/>
    <!-- the same parties for both: named once -->
    <xsl:variable name="parts" select="if (exists($supplied) and exists($glosses) and deep-equal($supplied, $glosses))
      then e:word('bracket.both', e:and-list($supplied)) else ($legend?supplied, $legend?gloss)"/>
    <xsl:sequence select="e:word('bracket.sentence', string-join($parts, e:word('bracket.sentence.and')))[exists($parts)]"/>
  </xsl:function>

  <!-- the date of the source as a phrase: as written, or, when the editors infer it from @notBefore/@notAfter
       (@from/@to), in brackets: "[1965, after 4 July]", "[1967–1969]" -->
  <xsl:function name="e:date-phrase" as="xs:string">
    <xsl:param name="date" as="element()?"/>
    <xsl:variable name="nb" select="normalize-space(($date/@notBefore, $date/@from)[1])"/>
    <xsl:variable name="na" select="normalize-space(($date/@notAfter, $date/@to)[1])"/>
    <xsl:variable name="y1" select="substring($nb, 1, 4)"/>
    <xsl:variable name="y2" select="substring($na, 1, 4)"/>
    <xsl:variable name="after" select="e:day-month($nb)[not(matches($nb, '^\d{4}-01(-01)?$'))]"/>
    <xsl:variable name="before" select="e:day-month($na)[not(matches($na, '^\d{4}-12(-31)?$'))]"/>
    <xsl:variable name="inferred" select="if (empty($date) or $date/@when or not($nb or $na)) then ''
      else if ($nb and $na and $y1 = $y2) then $y1 || (if ($after and $before) then e:word('date.between', ($after, $before))
        else if ($after) then e:word('date.after', $after) else if ($before) then e:word('date.before', $before) else '')
      else if ($nb and $na) then $y1 || '–' || $y2
      else if ($nb) then e:word('date.after-year', string-join(($after, $y1)[.], ' '))
      else e:word('date.before-year', string-join(($before, $y2)[.], ' '))"/>
    <xsl:sequence select="if ($inferred) then '[' || $inferred || ']' else (e:text($date)[.], string($date/@when))[1]"/>
  </xsl:function>

  <!-- '4 July' from 1965-07-04, 'July' from 1965-07, '' from a year -->
  <xsl:function name="e:day-month" as="xs:string?">
    <xsl:param name="iso" as="xs:string"/>
    <xsl:variable name="months" select="tokenize(e:word('months'))"/>
    <xsl:sequence select="if (matches($iso, '^\d{4}-\d\d-\d\d$')) then xs:integer(substring($iso, 9, 2)) || ' ' || $months[xs:integer(substring($iso, 6, 2))]
      else if (matches($iso, '^\d{4}-\d\d$')) then $months[xs:integer(substring($iso, 6, 2))] else ()"/>
  </xsl:function>

  <xsl:function name="e:is-deleted" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el//tei:del) and not($el//text()[normalize-space()]
      [not(ancestor::tei:del | ancestor::tei:label | ancestor::tei:metamark | ancestor::tei:note | ancestor::tei:fw)])"/>
  </xsl:function>

  <!-- ===== Notes ===== -->
  <!-- authorial | translator | gloss | editorial -->
  <xsl:function name="e:note-kind" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="if ($note/@e:kind) then string($note/@e:kind)
      else if ($note/@type = ('translator', 'trans', 'translation')) then 'translator'
      else if ($note/@type = 'gloss') then 'gloss'
      else if ($note/@type = ('editorial', 'editor', 'ed')) then (if (e:is-edition-resp($note)) then 'edition' else 'editorial')
      else if ($note/@type = ('authorial', 'author')) then 'authorial'
      else if (normalize-space($note/@resp)) then (if (e:is-edition-resp($note)) then 'edition' else 'editorial')
      else 'authorial'"/>
  </xsl:function>

  <!-- is an element's @resp this edition's editors (the encoders the header names, or an id that says so)? -->
  <xsl:function name="e:is-edition-resp" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="id" select="replace(tokenize(normalize-space($el/@resp), ' ')[1], '^#', '')"/>
    <xsl:variable name="h" select="e:tei($el)/tei:teiHeader"/>
    <xsl:sequence select="$id != '' and (matches($id, '^edition|encoder')
      or e:refs($h/tei:fileDesc//tei:respStmt[tei:resp[matches(., 'encod|mark-?up|correct|transcri|this edition', 'i')]]) = $id)
      and not($id = e:translator-ids(e:tei($el)) or e:refs($h/tei:fileDesc/tei:titleStmt/tei:author) = $id)"/>
  </xsl:function>

  <xsl:variable name="e:note-kinds" as="xs:string+" select="('authorial', 'translator', 'gloss', 'editorial', 'edition')"/>

  <!-- one note of a kind: 'Translator’s note', 'Gloss' -->
  <xsl:function name="e:note-kind-name" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="e:word('note.' || (if ($kind = $e:note-kinds) then $kind else 'other'))"/>
  </xsl:function>

  <xsl:function name="e:note-kind-label" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="e:word('notes.' || (if ($kind = $e:note-kinds) then $kind else 'other'))"/>
  </xsl:function>

  <!-- is the note shown in the running text (in brackets) rather than as a numbered note? -->
  <xsl:function name="e:note-inline" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="$note/@place = 'inline' or e:note-kind($note) = 'gloss'"/>
  </xsl:function>


  <xsl:function name="e:place-label" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="p" select="normalize-space($el/@place)"/>
    <xsl:sequence select="if (not($p) or $p = 'unspecified') then ()
      else if ($p = ('top', 'margin', 'above', 'below', 'inline', 'bottom', 'foot', 'left', 'right', 'overstrike', 'end')) then e:word('place.' || $p)
      else replace($p, '[-_]', ' ')"/>
  </xsl:function>


<xsl:function name="e:gap-label" as="xs:string">
    <xsl:param name="gap" as="element()"/>
    <xsl:variable name="number" select="normalize-space(($gap/@quantity, $gap/@extent)[1])"/>
    <xsl:variable name="unit" select="normalize-space($gap/@unit)"/>
    <!-- the unit in words ('characters', 'table of contents'), one of it where the number is 1, several else -->
    <xsl:variable name="word" select="(map:get(($e:wording($interface-language), map{})[1], 'unit.' || $unit), $e:wording('en')('unit.' || $unit), $unit)[1]"/>
    <xsl:variable name="word" select="if ($number = '1') then replace($word, 's$', '') else if ($number and $unit and not(ends-with($word, 's'))) then $word || 's' else $word"/>
    <xsl:variable name="extent" select="if ($number castable as xs:decimal) then $number || ' ' || ($word[.], e:word('gap.units'))[1]
      else ($number[.], $word)[1]"/>
    <xsl:variable name="label" select="string-join(('…', $extent[.], normalize-space($gap/@reason)[.]), ' ')"/>
    <xsl:sequence select="if ($gap/tei:desc[normalize-space()]) then e:word('gap.description', ($label, e:text($gap/tei:desc))) else $label"/>
  </xsl:function>



  <!-- a correction of this edition (or of another party) as a note, for the lists of corrections every output
       gives: 'Read “Europe” for “Burope” (corrected by this edition's editors; certainty: high).' -->
  <xsl:function name="e:correction-note" as="xs:string">
    <xsl:param name="choice" as="element()"/>
    <xsl:variable name="corr" select="$choice/tei:corr[1]"/>
    <xsl:sequence select="e:word('correction.note', (e:words($corr), e:words($choice/tei:sic[1]),
      string-join((e:resp-phrase($corr)[.] ! e:word('correction.by', .), e:word('correction.plain')[not(e:resp-phrase($corr))],
        normalize-space($corr/@cert)[.] ! e:word('correction.cert', .)), '; ')))"/>
  </xsl:function>


  <!-- is an element an entry of a view's apparatus (a lettered note)? In both views the other readings of an app and
       the corrections (the reading view shows the corrected form, the diplomatic the source's: in both a letter
       leads to what was corrected, and by whom) -->
  <xsl:function name="e:in-apparatus" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:param name="view" as="xs:string"/>
    <xsl:sequence select="exists($el[self::tei:app][exists(e:alternate-others(., $view))]
      | $el[self::tei:choice[tei:sic and tei:corr]])"/>
  </xsl:function>

  <!-- quotation marks for an inline q or quote whose source has none (our sources keep them as characters) -->
  <xsl:function name="e:quote-marks" as="xs:string+">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="before" select="string($el/preceding-sibling::node()[1][self::text()])"/>
    <xsl:variable name="text" select="normalize-space($el)"/>
    <xsl:variable name="kind" select="'.single'[tokenize($el/@rend) = 'single']"/>
    <xsl:sequence select="if ($text and not(matches($before, '[“&quot;‘''«„]\s*$')) and not(matches($text, '^[“&quot;‘''«„]')))
      then (e:word('quote.open' || $kind), e:word('quote.close' || $kind)) else ('', '')"/>
  </xsl:function>

  <!-- the child of an alternate to show in a view: corrected, regularised, expanded forms for reading; the
       source's forms for diplomatic; the lemma of an apparatus entry in both -->
  <xsl:function name="e:alternate-choice" as="element()?">
    <xsl:param name="el" as="element()"/>
    <xsl:param name="view" as="xs:string"/>
    <xsl:sequence select="if ($el/self::tei:app) then ($el/tei:lem, $el/tei:rdg, $el/tei:rdgGrp)[1]
      else if ($view = 'diplomatic') then ($el/tei:sic, $el/tei:orig, $el/tei:abbr, $el/tei:am, $el/*)[1]
      else ($el/tei:corr, $el/tei:reg, $el/tei:expan, $el/tei:ex, $el/*)[1]"/>
  </xsl:function>

  <!-- the other children of an alternate that a view still shows (an apparatus' readings; nothing for choice) -->
  <xsl:function name="e:alternate-others" as="element()*">
    <xsl:param name="el" as="element()"/>
    <xsl:param name="view" as="xs:string"/>
    <xsl:sequence select="if ($el/self::tei:app) then $el/* except e:alternate-choice($el, $view) else ()"/>
  </xsl:function>

  <!-- ===== Classes: fixed tokens, never raw style ===== -->
  <xsl:variable name="e:rend-map" as="map(xs:string, xs:string)" select="map{
    'italic': 'italic', 'italics': 'italic', 'it': 'italic', 'i': 'italic', 'ital': 'italic', 'slanted': 'italic',
    'bold': 'bold', 'b': 'bold', 'strong': 'bold',
    'underline': 'underline', 'ul': 'underline', 'u': 'underline', 'underlined': 'underline',
    'strikethrough': 'strikethrough', 'strike': 'strikethrough', 's': 'strikethrough', 'overstrike': 'strikethrough', 'line-through': 'strikethrough', 'struck': 'strikethrough',
    'superscript': 'superscript', 'sup': 'superscript', 'super': 'superscript', 'sc-super': 'superscript',
    'subscript': 'subscript', 'sub': 'subscript',
    'smallcaps': 'smallcaps', 'sc': 'smallcaps', 'small-caps': 'smallcaps', 'caps': 'smallcaps', 'smcap': 'smallcaps', 'smcaps': 'smallcaps',
    'uppercase': 'uppercase', 'allcaps': 'uppercase', 'capsall': 'uppercase', 'capitals': 'uppercase', 'upper': 'uppercase',
    'strikedoublethrough': 'strikethrough', 'doublestrike': 'strikethrough',
    'underdoubleline': 'underline', 'doubleunderline': 'underline', 'wavyunderline': 'underline', 'underwavyline': 'underline', 'uu': 'underline',
    'recte': 'upright', 'upright': 'upright', 'roman': 'upright', 'normalstyle': 'upright',
    'block': 'block', 'display': 'block', 'blockquote': 'block',
    'bulleted': 'bulleted', 'bullets': 'bulleted', 'bullet': 'bulleted', 'unordered': 'bulleted', 'simple': 'plain', 'inline': 'inline-list',
    'numbered': 'numbered', 'ordered': 'numbered', 'arabic': 'numbered',
    'center': 'center', 'centre': 'center', 'centered': 'center', 'centred': 'center',
    'right': 'right', 'align-right': 'right', 'left': 'left',
    'large': 'large', 'larger': 'large', 'small': 'small', 'smaller': 'small',
    'code': 'monospace', 'monospace': 'monospace', 'typewriter': 'monospace', 'tt': 'monospace',
    'quoted': 'quoted', 'quotes': 'quoted', 'asterisks': 'asterisks', 'spaced': 'spaced', 'letterspaced': 'spaced', 'gesperrt': 'spaced',
    'g': 'spaced' (: gesperrt, as German editions write it :),
    'gothic': 'blackletter', 'blackletter': 'blackletter'}"/>

  <!-- known @rend tokens (and a few @style properties) mapped to the fixed class list: 'rend-italic' ... In a
       prepared tree, as prepare wrote them down (e:rend): every output asks, and in some documents most elements
       have a @rend. -->
  <xsl:function name="e:rend-classes" as="xs:string*">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="tokenize($el/@e:rend)"/>
  </xsl:function>

  <xsl:function name="e:rend-classes-of" as="xs:string*">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="style" select="lower-case(normalize-space($el/@style))"/>
    <xsl:sequence select="distinct-values((
      tokenize(translate(lower-case($el/@rend), ',;()', '    ')) ! $e:rend-map(.),
      if (not($style)) then () else (
        'italic'[contains($style, 'italic')], 'bold'[matches($style, 'font-weight:\s*(bold|[6-9]00)')],
        'underline'[contains($style, 'underline')], 'strikethrough'[contains($style, 'line-through')],
        'smallcaps'[contains($style, 'small-caps')], 'superscript'[matches($style, 'vertical-align:\s*super')],
        'subscript'[matches($style, 'vertical-align:\s*sub')], 'center'[matches($style, 'text-align:\s*center')]))
      ! ('rend-' || .))"/>
  </xsl:function>

  <xsl:function name="e:token" as="xs:string">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="replace(lower-case(normalize-space($value)), '[^a-z0-9]+', '-')"/>
  </xsl:function>


  <!-- ===== Links ===== -->
  <!-- a URL that may become a link: http(s), mailto, #fragments and relative paths that stay inside the
       edition; anything else (javascript:, data:, vbscript:, file:, unknown schemes, /absolute or //host paths,
       ../ climbing out, backslashes) gives () and is shown as text -->
  <xsl:function name="e:safe-url" as="xs:string?">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="u" select="normalize-space($url)"/>
    <xsl:variable name="l" select="lower-case(replace($u, '[\s\p{Cc}]', ''))"/>
    <!-- whitespace or controls inside a URL (which browsers drop), or an HTML character reference written as
         text ("&amp;#106;avascript:", "javascript&amp;colon;"), are disguises, never addresses -->
    <xsl:sequence select="if (not($u)) then ()
      else if (matches($u, '[\s\p{Cc}]') or matches($u, '&amp;(#|[a-zA-Z]+;)')) then ()
      else if (matches($l, '^(javascript|data|vbscript|file):')) then ()
      else if (matches($l, '^(https?|mailto):')) then $u
      else if (matches($l, '^[a-z][a-z0-9+.\-]*:')) then ()
      else if (contains($l, '\') or starts-with($l, '/')) then ()
      else if (matches(replace($l, '[?#].*$', ''), '(^|/)(\.|%2e){2}(/|$)')) then ()
      else $u"/>
  </xsl:function>

  <!-- Where a link's @target (its first address) leads, as the parameters of its row:
         target     the address as written (shown where the link shows its target, or where it leads nowhere)
         url        an address outside the edition (http, https, mailto), or '#id' of an element of this document
         document   a document of this build (its document path): named by its source file relative to this one
                    (other.xml, ../letters/x.xml) or by an xml:id, its root's or an element's (#L00001), with or
                    without a fragment; fragment: the element's id in it, where the index knows it is there
         label      for an address that leads nowhere here (a file or id not in this build, an address refused as
                    unsafe): the words said in its place, with the address; class link-outside
       The other documents are known by the document index Python hands over ($document-index). -->
  <xsl:function name="e:link-parameters" as="attribute()*">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="target" select="e:first-target($el)"/>
    <xsl:variable name="address" select="if (contains($target, '#')) then substring-before($target, '#') else $target"/>
    <xsl:variable name="fragment" select="substring-after($target, '#')"/>
    <xsl:variable name="local" select="if ($address or not($fragment)) then () else key('e:id', $fragment, root($el))[1]"/>
    <xsl:variable name="document" select="if (not($target) or matches($address, '^[a-zA-Z][a-zA-Z0-9+.\-]*:')) then ()
      else if ($address) then $document-index('file ' || e:resolve-path($document-index('source ' || $document-path), $address))
      else if ($local) then ()
      else ($document-index('id ' || $fragment), tokenize($document-index('element ' || $fragment))[1])[1]"/>
    <xsl:variable name="url" select="if (exists($local) and $local/parent::*) then '#' || $fragment
      else if ($local) then '#'
      else if (matches($address, '^[a-zA-Z][a-zA-Z0-9+.\-]*:')) then e:safe-url($target) else ()"/>
    <xsl:if test="$target">
      <xsl:attribute name="target" select="$target"/>
      <xsl:choose>
        <xsl:when test="$url"><xsl:attribute name="url" select="$url"/></xsl:when>
        <xsl:when test="$document">
          <xsl:attribute name="document" select="$document"/>
          <xsl:if test="$fragment and tokenize($document-index('element ' || $fragment)) = $document">
            <xsl:attribute name="fragment" select="$fragment"/>
          </xsl:if>
          <xsl:attribute name="title" select="e:word('link.document', $document)"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:attribute name="label" select="e:word(if (matches($address, '^[a-zA-Z][a-zA-Z0-9+.\-]*:')) then 'link.unsafe' else 'link.outside', $target)"/>
          <xsl:attribute name="class" select="'link-outside'"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:function>

  <!-- a relative path resolved against the file it is written in (both '/'-separated, relative to the build's
       folder): '' where it climbs out of that folder, is absolute, or there is no file to start from -->
  <xsl:function name="e:resolve-path" as="xs:string">
    <xsl:param name="file" as="xs:string?"/>
    <xsl:param name="path" as="xs:string"/>
    <xsl:variable name="segments" select="fold-left((tokenize($file, '/')[position() lt last()], tokenize($path, '/')), (),
      function ($done, $segment) {
        if ($segment = ('', '.')) then $done
        else if ($segment = '..') then (if (empty($done) or $done[last()] = '..') then ($done, '..') else $done[position() lt last()])
        else ($done, $segment)})"/>
    <xsl:sequence select="if (not($file) or starts-with($path, '/') or contains($path, '\') or $segments = '..') then ''
      else string-join($segments, '/')"/>
  </xsl:function>

  <!-- ===== Headings ===== -->
  <!-- 1 for a top-level division's head, deeper for nested divisions -->
  <xsl:function name="e:heading-depth" as="xs:integer">
    <xsl:param name="head" as="element()"/>
    <xsl:sequence select="max((1, count($head/ancestor::*[self::tei:div or matches(local-name(), '^div[1-7]$') or self::tei:floatingText or self::tei:group[ancestor::tei:text]])))"/>
  </xsl:function>

  <!-- ===== Parameters of rows (see the behaviour table) ===== -->

  <!-- the class of where an intervention or a note stands: 'place-margin' -->
  <xsl:function name="e:place-class" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="normalize-space($el/@place)[.] ! ('place-' || e:token(.))"/>
  </xsl:function>

  <!-- 'yes' for an element with an element before it among its siblings (a line after a line) -->
  <xsl:function name="e:after-sibling" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="'yes'[$el/preceding-sibling::*]"/>
  </xsl:function>

  <!-- the elements whose heads are section headings -->
  <xsl:function name="e:is-division" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el[self::tei:div or self::tei:body or self::tei:front or self::tei:back or self::tei:group
      or self::tei:msDesc or self::tei:msPart or self::tei:div1 or self::tei:div2 or self::tei:div3 or self::tei:div4 or self::tei:div5 or self::tei:div6 or self::tei:div7])"/>
  </xsl:function>

  <!-- a list numbered by its @rend or @type -->
  <xsl:function name="e:is-numbered" as="xs:boolean">
    <xsl:param name="list" as="element()"/>
    <xsl:sequence select="e:rend-classes-of($list) = 'rend-numbered' or $list/@type = ('ordered', 'numbered')"/>
  </xsl:function>

  <!-- a title page's part: the title, a subtitle (sub, desc, alt or another type) or the series -->
  <!-- (the title is the part typed main, else the first untyped one; the others are subtitles) -->
  <xsl:function name="e:title-part-style" as="xs:string">
    <xsl:param name="part" as="element()"/>
    <xsl:variable name="parts" select="$part/ancestor::tei:titlePage[1]//tei:titlePart"/>
    <xsl:sequence select="if ($part/@type = 'main' or not($part/@type) and empty($parts[@type = 'main']) and $parts[not(@type)][1] is $part) then 'title'
      else if ($part/@type = 'series') then 'series' else 'subtitle'"/>
  </xsl:function>

  <!-- the first address of a link's @target -->
  <xsl:function name="e:first-target" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="tokenize(normalize-space($el/@target), ' ')[1]"/>
  </xsl:function>

  <!-- who speaks a quotation (q/@who resolved) -->
  <xsl:function name="e:speaker" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="$el/@who ! e:lookup(tokenize(normalize-space(.), ' ')[1], $el) ! e:word('quoted.title', e:entry-name(.))"/>
  </xsl:function>

  <!-- a page break's label: 'p. 28' -->
  <xsl:function name="e:page-label" as="xs:string">
    <xsl:param name="pb" as="element()"/>
    <xsl:sequence select="(normalize-space($pb/@n)[.] ! e:word('page.label', .), e:word('page.break'))[1]"/>
  </xsl:function>

  <!-- The statement of certainty about an attribute of an element (certainty[@match='@hand'] pointing at it): the
       edition's inference where the source does not say. () where there is none. -->
  <xsl:function name="e:inferred" as="element()?">
    <xsl:param name="el" as="element()"/>
    <xsl:param name="attribute" as="xs:string"/>
    <xsl:sequence select="if ($el/@xml:id and root($el) instance of document-node())
      then key('e:certainty', string($el/@xml:id), root($el))[normalize-space(@match) = '@' || $attribute][1] else ()"/>
  </xsl:function>

  <!-- a value said with its certainty: 'top (inferred)' where the edition infers it -->
  <xsl:function name="e:with-certainty" as="xs:string?">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:param name="el" as="element()"/>
    <xsl:param name="attribute" as="xs:string"/>
    <xsl:sequence select="$value[.] ! (if (e:inferred($el, $attribute)) then e:word('certainty.inferred', .) else .)"/>
  </xsl:function>

  <!-- what a tooltip adds for the inferred values of an element: ' — the place: this edition's inference (certainty:
       medium). Why.' -->
  <xsl:function name="e:certainty-title" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="string-join(for $attribute in ('hand', 'place'), $c in e:inferred($el, $attribute)
      return ' — ' || normalize-space(e:word('certainty.title', (e:word('certainty.' || $attribute), (normalize-space($c/@cert)[.], '?')[1], e:text($c/tei:desc)))))"/>
  </xsl:function>

  <!-- an addition's hand and place: 'handwritten, top (inferred)' -->
  <xsl:function name="e:addition-label" as="xs:string">
    <xsl:param name="add" as="element()"/>
    <xsl:sequence select="string-join((e:with-certainty(e:hand-label($add), $add, 'hand'), e:with-certainty(e:place-label($add), $add, 'place')), ', ')"/>
  </xsl:function>

  <xsl:function name="e:addition-title" as="xs:string">
    <xsl:param name="add" as="element()"/>
    <xsl:variable name="hand" select="e:hand-label($add)"/>
    <xsl:variable name="place" select="e:place-label($add)"/>
    <xsl:variable name="p" select="normalize-space($add/@place)"/>
    <xsl:sequence select="string-join((e:word('add.title'), ('(' || $hand || ')')[$hand],
      $place ! (if ($p = ('top', 'bottom', 'foot', 'end')) then e:word('place.at', .) else if ($p = 'margin') then e:word('place.in', .) else .)), ' ')
      || e:certainty-title($add)"/>
  </xsl:function>

  <!-- who made a deletion, where known: 'deletion: handwritten (inferred)' (the words are not the hand's: the
       deletion is) -->
  <xsl:function name="e:deletion-label" as="xs:string?">
    <xsl:param name="del" as="element()"/>
    <xsl:sequence select="e:with-certainty(e:hand-label($del), $del, 'hand') ! e:word('del.hand', .)"/>
  </xsl:function>

  <xsl:function name="e:deletion-title" as="xs:string">
    <xsl:param name="del" as="element()"/>
    <xsl:variable name="hand" select="e:hand-label($del)"/>
    <xsl:sequence select="(if ($hand) then e:word('del.title.by', $hand) else e:word('del.title')) || e:certainty-title($del)"/>
  </xsl:function>

  <xsl:function name="e:deletion-legend" as="xs:string+">
    <xsl:param name="del" as="element()"/>
    <xsl:sequence select="'del', if (e:rend-classes-of($del) = 'rend-strikethrough') then 'del-struck' else 'del-unstruck',
      'deleted-words'[e:has-deleted-marker($del)]"/>
  </xsl:function>

  <!-- a mark's label: its text, or the editors' description of a mark not transcribed -->
  <xsl:function name="e:mark-label" as="xs:string">
    <xsl:param name="mark" as="element()"/>
    <xsl:sequence select="(e:text($mark)[.], e:untranscribed-mark($mark))[1]"/>
  </xsl:function>

  <xsl:function name="e:mark-title" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="hand" select="e:hand-label($el)"/>
    <xsl:variable name="place" select="e:place-label($el)"/>
    <xsl:variable name="mark" select="string-join((e:word('mark.title'), ('(' || $hand || ')')[$hand],
      $place ! (if (normalize-space($el/@place) = 'margin') then e:word('place.in', .) else .)), ' ')"/>
    <xsl:sequence select="if (e:is-empty-mark($el)) then $mark || e:word('mark.not-transcribed.title') || (': ' || normalize-space($el/@function))[normalize-space($el/@function)]
      else $mark || ': ' || e:mark-label($el) || (' (' || normalize-space($el/@function) || ')')[$el/@function]"/>
  </xsl:function>

  <xsl:function name="e:supplied-title" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="e:word('supplied.title', (e:resp-phrase($el)[.], e:word('the-editors'))[1])"/>
  </xsl:function>

  <xsl:function name="e:sic-title" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="e:word('sic.title') || (e:resp-phrase($el)[.] ! e:word('sic.flagged', .))"/>
  </xsl:function>

  <!-- a correction (choice of sic and corr): who corrected what, and how certain -->
  <xsl:function name="e:correction-title" as="xs:string">
    <xsl:param name="choice" as="element()"/>
    <xsl:variable name="corr" select="$choice/tei:corr[1]"/>
    <xsl:sequence select="e:word('correction.title', ((e:resp-phrase($corr)[.], e:word('the-editors'))[1], e:words($choice/tei:sic[1])))
      || (normalize-space($corr/@cert)[$corr/@cert] ! e:word('correction.certainty', .))"/>
  </xsl:function>

  <!-- another choice: a regularisation, an abbreviation -->
  <xsl:function name="e:choice-title" as="xs:string?">
    <xsl:param name="choice" as="element()"/>
    <xsl:sequence select="if ($choice[tei:orig and tei:reg]) then e:word('regularised.title', e:words($choice/tei:orig[1]))
      else if ($choice[tei:abbr and tei:expan]) then e:word('abbreviation.title', e:words($choice/tei:abbr[1])) else ()"/>
  </xsl:function>

  <xsl:function name="e:gap-title" as="xs:string">
    <xsl:param name="gap" as="element()"/>
    <xsl:sequence select="e:word('gap.title', replace(e:gap-label($gap), '^…\s*', ''))"/>
  </xsl:function>

  <xsl:function name="e:note-title" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="e:note-kind-name(e:note-kind($note)) || (' (' || e:responsibility($note) || ')')[e:responsibility($note)]"/>
  </xsl:function>

  <xsl:function name="e:fw-title" as="xs:string">
    <xsl:param name="fw" as="element()"/>
    <xsl:variable name="type" select="string($fw/@type)"/>
    <xsl:sequence select="e:word(if ($type = ('classification', 'pageNum', 'stamp', 'header', 'footer', 'catch', 'sig')) then 'fw.' || $type else 'fw.other')
      || (', ' || e:place-label($fw))[e:place-label($fw)]"/>
  </xsl:function>

  <!-- where forme work stands on its line, from its place and type -->
  <xsl:function name="e:fw-align" as="xs:string">
    <xsl:param name="fw" as="element()"/>
    <xsl:variable name="place" select="string($fw/@place)"/>
    <xsl:sequence select="if (matches($place, 'right')) then 'right' else if (matches($place, 'left')) then 'left'
      else if (matches($place, 'cent') or $fw/@type = ('classification', 'pageNum', 'header', 'footer')) then 'center'
      else if ($fw/@type = 'stamp') then 'right' else 'left'"/>
  </xsl:function>

  <!-- the child an alternate shows in a view, and the other children it shows (an apparatus' readings), in a
       prepared tree -->
  <xsl:function name="e:shown-child" as="element()?">
    <xsl:param name="el" as="element()"/>
    <xsl:param name="view" as="xs:string"/>
    <xsl:sequence select="$el/*[position() = xs:integer(if ($view = 'diplomatic') then $el/@e:show-diplomatic else $el/@e:show-reading)]"/>
  </xsl:function>

  <xsl:function name="e:other-readings" as="element()*">
    <xsl:param name="el" as="element()"/>
    <xsl:param name="view" as="xs:string"/>
    <xsl:sequence select="if ($el/@e:style = 'readings') then $el/* except e:shown-child($el, $view) else ()"/>
  </xsl:function>

  <!-- the words of some nodes as the reading text shows them, for tooltips: brackets drawn round supplied words,
       gaps as their extent, corrected forms, numbered notes, marks and forme work left out (in a prepared tree) -->
  <xsl:function name="e:shown-text" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:sequence select="normalize-space(string-join($nodes ! e:shown-text-of(.)))"/>
  </xsl:function>

  <xsl:function name="e:shown-text-of" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="el" select="$node[self::element()]"/>
    <xsl:sequence select="
      if (empty($el)) then (if ($node instance of text()) then string($node) else '')
      else if ($el/@e:behaviour = ('note', 'index') and not($el/@e:inline) or $el/@e:views) then ''
      else if ($el/@e:content) then string($el/@e:before) || $el/@e:content || string($el/@e:after)
      else if ($el/@e:style = 'line') then (' '[not($el/@break = 'no')], '')[1]
      else if ($el/@e:behaviour = 'alternate') then string-join(e:shown-child($el, 'reading')/node() ! e:shown-text-of(.))
      else string($el/@e:before) || string($el/@e:label[../@e:behaviour = 'inline']) || string-join($el/node() ! e:shown-text-of(.)) || string($el/@e:after)"/>
  </xsl:function>

  <!-- ===== A document's summary, for the site pages ===== 
       The worker that builds a document makes its summary from the prepared tree (Python runs the mode e:summary
       on it and keeps the serialised result in the build manifest), so that the site pages (site.xsl) are drawn
       from the summaries alone and no source is read again: what the index card shows, the project description
       and editorial principles (prepared, for the web edition's behaviours), the legend's facts, and every name
       that points at an entry (@ref), with where it stands. -->
  <xsl:mode name="e:summary" on-no-match="shallow-skip"/>
  <xsl:template match="/" mode="e:summary"><xsl:sequence select="e:summary(.)"/></xsl:template>
  <!-- prepared elements the site pages draw, without what only the document's own outputs read -->
  <xsl:mode name="e:summary-copy" on-no-match="shallow-copy"/>
  <xsl:template match="@e:path | @e:anchor" mode="e:summary-copy"/>

  <xsl:function name="e:summary" as="element(e:summary)">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="root" select="$doc/*"/>
    <xsl:variable name="m" select="e:meta($root)"/>
    <!-- the paragraphs that number a name's place (¶3): those with an xml:id, not in a note -->
    <xsl:variable name="paragraphs" as="map(xs:string, xs:integer)">
      <xsl:map>
        <xsl:for-each select="$root//tei:text">
          <xsl:for-each select=".//*[self::tei:p or self::tei:ab][@xml:id][not(ancestor::tei:note)][ancestor::tei:text[1] is current()]">
            <xsl:map-entry key="generate-id(.)" select="position()"/>
          </xsl:for-each>
        </xsl:for-each>
      </xsl:map>
    </xsl:variable>
    <e:summary id="{$m?id}" path="{e:document-path($root)}" views="{e:document-views($root)}" text="{if ($root/tei:text or $root/self::tei:teiCorpus) then 'yes' else 'no'}"
      principles="{if ($root//tei:editorialDecl) then 'yes' else 'no'}">
      <e:title>{$m?title}</e:title>
      <xsl:if test="$m?subtitle"><e:subtitle>{$m?subtitle}</e:subtitle></xsl:if>
      <xsl:if test="$m?date"><e:date>{$m?date}</e:date></xsl:if>
      <xsl:for-each select="$m?authors"><e:author>{.}</e:author></xsl:for-each>
      <xsl:for-each select="$m?translators"><e:translator>{.}</e:translator></xsl:for-each>
      <xsl:for-each select="e:archive-parts($root)">
        <e:archive-part before="{?before}" after="{?after}"><xsl:sequence select="e:header-words(?words)"/></e:archive-part>
      </xsl:for-each>
      <xsl:if test="$m?source"><e:source>{$m?source}</e:source></xsl:if>
      <xsl:for-each select="e:project-description($doc)"><e:project><xsl:apply-templates select="." mode="e:summary-copy"/></e:project></xsl:for-each>
      <xsl:for-each select="$root//tei:editorialDecl/*">
        <e:principle>
          <xsl:if test="not(self::tei:p)"><xsl:attribute name="heading" select="upper-case(substring(local-name(), 1, 1)) || substring(local-name(), 2)"/></xsl:if>
          <xsl:apply-templates select="if (self::tei:p) then . else tei:p" mode="e:summary-copy"/>
        </e:principle>
      </xsl:for-each>
      <xsl:sequence select="e:legend-facts($doc)"/>
      <xsl:for-each select="($root/descendant-or-self::tei:TEI, $root[not(descendant-or-self::tei:TEI)])">
        <xsl:variable name="names" select=".//tei:text//*[@ref][e:is-name(.)][some $ref in tokenize(normalize-space(@ref), ' ') satisfies starts-with($ref, '#')]"/>
        <xsl:if test="$names">
          <e:text id="{e:doc-id(e:tei(.))}" title="{e:meta(e:tei(.))?title}" short-title="{e:short-title(e:tei(.))}">
            <xsl:for-each select="$names">
              <e:name refs="{tokenize(normalize-space(@ref), ' ')[starts-with(., '#')] ! substring(., 2)}" anchor="{e:occurrence-anchor(.)}"
                place="{e:occurrence-place(., $paragraphs)}" words="{e:text(.)}"/>
            </xsl:for-each>
          </e:text>
        </xsl:if>
      </xsl:for-each>
    </e:summary>
  </xsl:function>

  <!-- a document's title in a word or two, for lists of places in it: its short title, a short subtitle
       ("Introduction"), or the main title up to its first " on ", comma, colon or bracket -->
  <xsl:function name="e:short-title" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="ts" select="$tei/tei:teiHeader/tei:fileDesc/tei:titleStmt"/>
    <xsl:variable name="subtitle" select="e:text(($ts/tei:title[@type = ('sub', 'subordinate')])[1])"/>
    <xsl:sequence select="(e:text(($ts/tei:title[@type = 'short'])[1])[.],
      $subtitle[. and count(tokenize(.)) le 3],
      replace(e:meta($tei)?title, '^(.+?)(\s+on\s|,\s|:\s|\s\().*$', '$1', 's'))[1]"/>
  </xsl:function>

  <!-- where in its document a name occurs, in words a reader can follow: the headings of the (at most two)
       sections around it, then the note, paragraph (¶, counted over the paragraphs with an xml:id), list item or
       heading; and whether only the diplomatic text shows it -->
  <xsl:function name="e:occurrence-place" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:param name="paragraphs" as="map(xs:string, xs:integer)"/>
    <xsl:variable name="citable" select="e:citable($el)"/>
    <xsl:variable name="note" select="$el/ancestor::tei:note[not(e:note-inline(.))][1]"/>
    <xsl:variable name="sections" select="$el/ancestor::*[self::tei:div or matches(local-name(), '^div[1-7]$')][tei:head][position() le 2]
      ! e:shortened(replace(normalize-space(string-join(tei:head[1]//text()[not(ancestor::tei:note)])), '[\s:.]+$', ''), 48)"/>
    <xsl:variable name="where" select="
      if ($note) then e:word('place.note', string($note/@e:mark))
      else if ($citable/self::tei:p or $citable/self::tei:ab) then e:word('place.paragraph', e:paragraph-number($citable, ($paragraphs(generate-id($citable)),
        count($el/ancestor::tei:text[1]//*[self::tei:p or self::tei:ab][@xml:id][not(ancestor::tei:note)][. &lt;&lt; $citable]) + 1)[1]))
      else if ($citable/self::tei:item) then e:word('place.item', string(count($citable/preceding-sibling::tei:item) + 1))
      else if ($el/ancestor::tei:head) then e:word('place.heading')
      else if ($citable/self::tei:l) then e:word('place.verse')
      else if ($el/ancestor::tei:front) then e:word('place.title-page')
      else ()"/>
    <xsl:variable name="diplomatic-only" select="$el/ancestor::*[self::tei:del or self::tei:fw or self::tei:metamark or self::tei:note[not(e:note-inline(.))]][1][not(self::tei:note)]"/>
    <!-- back matter (an author's note) is not a paragraph of the text: said so -->
    <xsl:variable name="back" select="e:word('place.back')[$el/ancestor::tei:back and empty($sections)]"/>
    <xsl:sequence select="string-join((string-join(($back, $sections), ': ')[.], $where), ', ') || e:word('place.deleted')[$diplomatic-only/self::tei:del]
      || e:word('place.diplomatic')[$diplomatic-only[not(self::tei:del)]]"/>
  </xsl:function>

  <!-- The number a paragraph is known by, the same as its citation key says: its @n; else the number its xml:id ends
       with after a "p" ("rep-p039": 39, "rep-p002a": 2a, "int-author-p1": 1), since the id is its reference in the
       edition (refsDecl); else its place among the paragraphs with an id ($count). -->
  <xsl:function name="e:paragraph-number" as="xs:string">
    <xsl:param name="p" as="element()"/>
    <xsl:param name="count" as="xs:integer"/>
    <xsl:variable name="id" select="string($p/@xml:id)"/>
    <xsl:sequence select="(normalize-space($p/@n)[.],
      (if (matches($id, '(^|[-_.])p\d+[a-z]?$')) then replace(replace($id, '^.*?p(\d+[a-z]?)$', '$1'), '^0+(\d)', '$1') else ()),
      string($count))[1]"/>
  </xsl:function>

  <!-- the id a name's occurrence has on its document's page: names only the diplomatic text shows (in a
       deletion, a forme work line or a marginal mark) carry that view's prefix; those in a numbered note are in
       the notes list, where the reading view's ids are -->
  <xsl:function name="e:occurrence-anchor" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="outside" select="$el/ancestor::*[self::tei:del or self::tei:fw or self::tei:metamark or self::tei:note[not(e:note-inline(.))]][1]"/>
    <xsl:sequence select="'dip-'[$outside[not(self::tei:note)]] || ($el/@e:occ, e:occurrence-id($el))[1]"/>
  </xsl:function>

  <xsl:function name="e:shortened" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:param name="max" as="xs:integer"/>
    <xsl:sequence select="if (string-length($s) le $max) then $s else replace(substring($s, 1, $max), '\s+\S*$', '') || '…'"/>
  </xsl:function>

  <!-- ===== The registers, for their pages ===== -->

  <!-- the TEI whose header speaks for the registers (their licences, how to cite them) -->
  <xsl:function name="e:register-header" as="element()?">
    <xsl:param name="registers" as="document-node()*"/>
    <xsl:sequence select="$registers/tei:TEI[tei:teiHeader][1]"/>
  </xsl:function>

  <!-- the entries of one register page (persons, places, organizations) with what the page says of each: its
       name (and the language of the entry), its other names, its identification (with the languages it marks)
       and its dates, occupations, places -->
  <xsl:function name="e:register-entries" as="element(e:entry)*">
    <xsl:param name="registers" as="document-node()*"/>
    <xsl:param name="page" as="xs:string"/>
    <xsl:for-each select="$registers//(tei:person | tei:personGrp | tei:place | tei:org)[e:entry-page(local-name()) = $page]">
      <e:entry id="{@xml:id}" kind="{local-name()}" sort-key="{@sortKey}" name="{e:entry-name(.)}">
        <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
        <xsl:for-each select="(tei:persName | tei:placeName | tei:orgName | tei:name)[@type = 'variant']">
          <e:variant>
            <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>{e:text(.)}</e:variant>
        </xsl:for-each>
        <xsl:if test="e:entry-identification(.)">
          <e:identification><xsl:sequence select="e:header-words((tei:note[@type = 'identification'], tei:note)[1])"/></e:identification>
        </xsl:if>
        <xsl:variable name="dates" select="string-join((tei:birth ! e:word('entry.born', e:date-text(.)), tei:death ! e:word('entry.died', e:date-text(.)),
          tei:occupation ! e:text(.), tei:location ! e:text(.))[normalize-space()], '; ')"/>
        <xsl:if test="$dates"><e:dates>{$dates}</e:dates></xsl:if>
      </e:entry>
    </xsl:for-each>
  </xsl:function>

  <!-- the register entries the names of a document's text point at (each once, in order of first mention), with
       the register page they are on and their names: for the search index's filters -->
  <xsl:function name="e:entries-named" as="element(e:entry)*">
    <xsl:param name="tei" as="element()"/>
    <xsl:for-each-group select="$tei//tei:text//*[@e:entry][@e:page]" group-by="string(@e:entry)">
      <xsl:variable name="entry" select="($registers ! key('e:id', current-grouping-key(), .))[1]"/>
      <xsl:if test="$entry"><e:entry id="{current-grouping-key()}" page="{@e:page}" name="{e:entry-name($entry)}"/></xsl:if>
    </xsl:for-each-group>
  </xsl:function>

  <xsl:function name="e:date-text" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="(e:text($el)[.], string(($el/@when, $el/@notBefore, $el/@from)[1]))[1]"/>
  </xsl:function>


  <!-- ===== Pages and their addresses ===== -->

  <!-- a document's path (its output name without suffix, '/'-separated): as Python gives it, else its id -->
  <xsl:function name="e:document-path" as="xs:string">
    <xsl:param name="tei" as="element()?"/>
    <xsl:sequence select="($document-path[.], e:doc-id($tei))[1]"/>
  </xsl:function>

  <!-- a path as a URI reference: each segment percent-encoded -->
  <xsl:function name="e:path-uri" as="xs:string">
    <xsl:param name="path" as="xs:string"/>
    <xsl:sequence select="string-join(tokenize($path, '/') ! encode-for-uri(.), '/')"/>
  </xsl:function>

  <!-- from the page of the document being made to the site's top folder (where index.html is): '../' for each
       folder of its path -->
  <xsl:function name="e:to-root" as="xs:string">
    <xsl:sequence select="string-join(tokenize($document-path, '/')[position() gt 1] ! '../')"/>
  </xsl:function>

  <!-- ===== The edition, from the headers ===== -->

  <!-- the first project description among some trees (registers first, as callers order them) -->
  <xsl:function name="e:project-description" as="element()?">
    <xsl:param name="trees" as="node()*"/>
    <xsl:sequence select="($trees ! (.//tei:encodingDesc/tei:projectDesc))[1]"/>
  </xsl:function>

  <!-- the edition's title: as configured, else the series the first of some trees that names one belongs to
       (seriesStmt), else the name of its project description -->
  <xsl:function name="e:edition-title" as="xs:string">
    <xsl:param name="trees" as="node()*"/>
    <xsl:variable name="series" select="($trees ! (.//tei:fileDesc/tei:seriesStmt/tei:title)[normalize-space()])[1]"/>
    <xsl:sequence select="if (normalize-space($edition-title)) then normalize-space($edition-title)
      else if ($series) then e:text($series) else e:edition-name(e:text(e:project-description($trees)))"/>
  </xsl:function>

  <!-- the site's title: as configured, else the registers' series, else the name of the registers' or the first
       summary's project -->
  <xsl:function name="e:site-edition-title" as="xs:string">
    <xsl:param name="registers" as="document-node()*"/>
    <xsl:param name="projects" as="element()*"/>
    <xsl:sequence select="if (normalize-space($edition-title) or $registers//tei:seriesStmt/tei:title[normalize-space()]) then e:edition-title($registers)
      else e:edition-name(e:text((e:project-description($registers), $projects)[1]))"/>
  </xsl:function>

  <!-- the edition's name: the first clause of its project description, or a plain default -->
  <xsl:function name="e:edition-name" as="xs:string">
    <xsl:param name="description" as="xs:string"/>
    <xsl:variable name="first" select="replace(replace($description, '^(.*?)(:\s|;\s|,\s|\.\s+\p{Lu}|\.$).*$', '$1', 's'), '^(A|An)\s+', '')"/>
    <xsl:sequence select="if ($first) then upper-case(substring($first, 1, 1)) || substring($first, 2) else e:word('citation.edition')"/>
  </xsl:function>

  <!-- ===== A document's header, for its metadata block ===== -->

  <!-- the header's description of the document: msContents/summary, else profileDesc/abstract -->
  <xsl:function name="e:header-summary" as="element()?">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="h" select="$tei/tei:teiHeader"/>
    <xsl:sequence select="(($h/tei:fileDesc/tei:sourceDesc//tei:msDesc)[1]/tei:msContents/tei:summary, $h/tei:profileDesc/tei:abstract)[normalize-space()][1]"/>
  </xsl:function>

  <!-- the manuscript's name in its archive (msName) -->
  <xsl:function name="e:archival-title" as="element()?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="(e:ms-identifier($tei)/tei:msName[normalize-space()])[1]"/>
  </xsl:function>

  <xsl:function name="e:ms-identifier" as="element()?">
    <xsl:param name="tei" as="element()?"/>
    <xsl:sequence select="($tei/tei:teiHeader/tei:fileDesc/tei:sourceDesc//tei:msDesc)[1]/tei:msIdentifier"/>
  </xsl:function>

  <!-- the archive that holds a manuscript source, in parts (maps of 'before', 'words': a header element, 'after'):
       repository (place), collection, and the identifiers by type ('file 8058'; an identifier of another kind
       says which) -->
  <xsl:function name="e:archive-parts" as="map(*)*">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="msid" select="e:ms-identifier($tei)"/>
    <xsl:sequence select="
      $msid/tei:repository[normalize-space()] ! map{'before': '', 'words': ., 'after': string(../tei:settlement[normalize-space()][1] ! (' (' || e:text(.) || ')'))},
      $msid/tei:collection[normalize-space()] ! map{'before': '', 'words': ., 'after': ''},
      $msid/tei:idno[normalize-space()] ! map{'words': ., 'after': '', 'before': (let $type := normalize-space(@type) return
        if (not($type) or $type = ('shelfmark', 'callNumber', 'callnumber')) then ''
        else if ($type = ('file', 'box', 'folder', 'volume', 'item', 'dossier', 'fonds', 'series')) then e:word('archive.' || $type) || ' '
        else replace($type, '[-_]', ' ') || ': ')}"/>
  </xsl:function>

  <!-- the licences of a document (or of the registers), each with its own words -->
  <xsl:function name="e:licences" as="element()*">
    <xsl:param name="tei" as="element()?"/>
    <xsl:sequence select="$tei/tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence[normalize-space() or @target]"/>
  </xsl:function>

  <!-- The words of a header element or a register note, with the languages it marks: an e:words element holding
       its text (each run of whitespace one space) and, for each part in another language (foreign xml:lang="vi"),
       an e:words element with @lang; the element itself in one, where it has an xml:lang. -->
  <xsl:function name="e:header-words" as="element()*">
    <xsl:param name="el" as="element()*"/>
    <xsl:for-each select="$el">
      <e:words>
        <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
        <xsl:sequence select="e:header-words-of(.)"/>
      </e:words>
    </xsl:for-each>
  </xsl:function>

  <xsl:function name="e:header-words-of" as="node()*">
    <xsl:param name="el" as="element()"/>
    <xsl:for-each select="$el/node()">
      <xsl:choose>
        <xsl:when test="self::text()"><xsl:value-of select="e:single-spaced(.)"/></xsl:when>
        <xsl:when test="self::*[@xml:lang]"><e:words lang="{@xml:lang}">{e:text(.)}</e:words></xsl:when>
        <xsl:when test="self::*"><xsl:sequence select="e:header-words-of(.)"/></xsl:when>
      </xsl:choose>
    </xsl:for-each>
  </xsl:function>

  <!-- a date's @when where it is a year, month or day (the web page's datetime) -->
  <xsl:function name="e:datetime" as="xs:string?">
    <xsl:param name="date" as="element()"/>
    <xsl:sequence select="normalize-space($date/@when)[matches(., '^-?\d{4}(-\d\d(-\d\d)?)?$')]"/>
  </xsl:function>

  <!-- an image's label where it is not shown: 'image: ' and its words (e:image-words), or 'image' -->
  <xsl:function name="e:image-label" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="(e:image-words($el)[.] ! e:word('graphic.image', .), e:word('graphic.image-unnamed'))[1]"/>
  </xsl:function>

  <!-- the words that stand for an image not shown: its figure's description where a head is the caption (without
       one, the description is the caption), else its address -->
  <xsl:function name="e:image-words" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="figure" select="$el/parent::tei:figure"/>
    <xsl:sequence select="(e:text(($figure[tei:head]/tei:figDesc, $el/tei:desc)[1])[.], normalize-space($el/@url))[1]"/>
  </xsl:function>

  <!-- The index of a document (a prepared TEI): its entries (maps of 'term' and 'places', the headings of the
       sections it occurs in), by their sort key; and what its introduction says -->
  <xsl:function name="e:index-entries" as="map(*)*">
    <xsl:param name="tei" as="element()"/>
    <xsl:for-each-group select="$tei//*[@e:behaviour = 'index'][normalize-space(@e:content)]" group-by="string(@e:content)">
      <xsl:sort select="string(@e:sort-key)"/>
      <xsl:sort select="current-grouping-key()"/>
      <xsl:sequence select="map{'term': current-grouping-key(), 'places': distinct-values(current-group()/@e:place[normalize-space()][. ne current-grouping-key()] ! string(.))}"/>
    </xsl:for-each-group>
  </xsl:function>

  <xsl:function name="e:index-intro" as="xs:string">
    <xsl:param name="count" as="xs:integer"/>
    <xsl:sequence select="if ($count = 1) then e:word('index.intro.one') else e:word('index.intro', string($count))"/>
  </xsl:function>

  <!-- the title page a document's title block draws (its front's first), and whether an element is it -->
  <xsl:function name="e:title-page" as="element()?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="($tei/tei:text/tei:front/tei:titlePage)[1]"/>
  </xsl:function>

  <xsl:function name="e:is-title-page" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el/ancestor::tei:TEI[1] ! e:title-page(.)[. is $el])"/>
  </xsl:function>

  <!-- a typescript (physDesc/objectDesc/@form), whose diplomatic view keeps its typewriter face -->
  <xsl:function name="e:is-typescript" as="xs:boolean">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="exists($tei/tei:teiHeader//tei:objectDesc[@form = 'typescript'])"/>
  </xsl:function>

  <!-- The date of a document's PDF as year, month and day: a whole date the header gives for this version of the
       file (its edition's date, else the publication date, else the latest change), or () where the header gives
       none. Only what is known: a year or a month alone is not made a day. -->
  <xsl:function name="e:publication-date" as="xs:integer*">
    <xsl:param name="tei" as="element()?"/>
    <xsl:variable name="fd" select="$tei/tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="whens" select="($fd/tei:editionStmt/tei:edition//tei:date/@when, $fd/tei:publicationStmt//tei:date/@when,
      reverse(sort($tei/tei:teiHeader/tei:revisionDesc//tei:change/@when ! string(.))))"/>
    <xsl:variable name="when" select="($whens ! substring(normalize-space(.), 1, 10))[. castable as xs:date][1]"/>
    <xsl:sequence select="tokenize($when, '-') ! xs:integer(.)"/>
  </xsl:function>

  <!-- ===== Legends: what a set of prepared documents uses, and how each medium says it =====
       The facts a legend needs are gathered once (e:legend-facts) into an element that the summary of a document
       keeps too, so that the encoding page's legend over all documents comes from their summaries
       (e:merge-facts): the conventions used (e:legend tokens), who supplies words in brackets, glosses and flags
       "[sic]", who writes the editors' notes, who is responsible for what, the hands, the first marks of each kind
       of note. -->
  <xsl:function name="e:legend-facts" as="element(e:facts)">
    <xsl:param name="roots" as="node()*"/>
    <xsl:variable name="t" select="$roots//tei:text"/>
    <xsl:variable name="resp" select="$t//*[@resp]"/>
    <e:facts conventions="{e:conventions($roots)}" views="{distinct-values($roots ! e:document-views(.))}">
      <xsl:sequence select="e:facts-list('parties', 'party', e:bracket-parties($t//tei:supplied), 'supplied'),
        e:facts-list('parties', 'party', e:bracket-parties($t//tei:note[e:note-kind(.) = 'gloss']), 'gloss'),
        e:facts-list('parties', 'party', e:bracket-parties($t//tei:sic[not(parent::tei:choice)]), 'sic'),
        e:facts-list('sic-roles', 'role', distinct-values($t//tei:sic[@e:flag] ! string(@e:resp-role)), ()),
        e:facts-list('editorial-roles', 'role', ('editor', 'edition')[. = ($roots//*[@e:kind = 'editorial'][@e:id] ! string(@e:resp-role))], ())"/>
      <xsl:for-each select="('author', 'translator', 'editor', 'edition')[. = $resp/@e:resp-role]">
        <xsl:variable name="role" select="."/>
        <e:responsible role="{$role}">
          <xsl:for-each select="distinct-values($resp[@e:resp-role = $role] ! e:responsibility(.))"><e:name>{.}</e:name></xsl:for-each>
        </e:responsible>
      </xsl:for-each>
      <xsl:for-each select="$roots//(tei:handDesc | tei:handNotes)/tei:handNote">
        <e:hand label="{e:hand-label(.)}" later="{if (e:later-hand-note(.)) then 'yes' else 'no'}">{e:text(.)}</e:hand>
      </xsl:for-each>
      <xsl:for-each-group select="$roots//*[@e:id][not(@e:inline)]" group-by="string(@e:kind)">
        <e:marks kind="{current-grouping-key()}">{(current-group()/@e:mark)[position() le 3]}</e:marks>
      </xsl:for-each-group>
    </e:facts>
  </xsl:function>

  <!-- an element of facts holding a list of values -->
  <xsl:function name="e:facts-list" as="element()">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="item" as="xs:string"/>
    <xsl:param name="values" as="xs:string*"/>
    <xsl:param name="of" as="xs:string?"/>
    <xsl:element name="e:{$name}" namespace="urn:x-edition:functions">
      <xsl:if test="$of"><xsl:attribute name="of" select="$of"/></xsl:if>
      <xsl:for-each select="$values"><xsl:element name="e:{$item}" namespace="urn:x-edition:functions">{.}</xsl:element></xsl:for-each>
    </xsl:element>
  </xsl:function>

  <!-- the facts of several documents as one: what any uses, each party and name once, in order -->
  <xsl:function name="e:merge-facts" as="element(e:facts)">
    <xsl:param name="facts" as="element(e:facts)*"/>
    <e:facts conventions="{distinct-values($facts/@conventions ! tokenize(.))}" views="{distinct-values($facts/@views ! tokenize(.))}">
      <xsl:sequence select="('supplied', 'gloss', 'sic') ! (let $of := . return
          e:facts-list('parties', 'party', distinct-values($facts/e:parties[@of = $of]/e:party), $of)),
        e:facts-list('sic-roles', 'role', distinct-values($facts/e:sic-roles/e:role), ()),
        e:facts-list('editorial-roles', 'role', ('editor', 'edition')[. = $facts/e:editorial-roles/e:role], ())"/>
      <xsl:for-each select="('author', 'translator', 'editor', 'edition')[. = $facts/e:responsible/@role]">
        <xsl:variable name="role" select="."/>
        <e:responsible role="{$role}">
          <xsl:for-each select="distinct-values($facts/e:responsible[@role = $role]/e:name)"><e:name>{.}</e:name></xsl:for-each>
        </e:responsible>
      </xsl:for-each>
      <xsl:sequence select="$facts/e:hand"/>
    </e:facts>
  </xsl:function>

  <!-- Which conventions each medium's legend explains, in its order; "VIEW:KEY" only in that view. A key names a
       convention (e:legend tokens) or a group of them ($e:legend-groups); its words are the wording's
       legend.MEDIUM[.VIEW].KEY (what it means) and, for a web page or a plain text, legend.MEDIUM[.VIEW].KEY.sample
       (what it looks like), with the values e:legend-values gives. -->
  <xsl:variable name="e:legends" as="map(xs:string, xs:string)" select="map{
    'web': 'supplied sic note-authorial note-translator note-gloss note-editorial note-edition del add subst metamark-text metamark-empty metamark-paraphrased del-unstruck gap unclear surplus choice lb hyphen pb fw hand-shift later-hand section-break name',
    'plain': 'supplied sic gap unclear surplus note-authorial note-translator note-gloss note-editorial note-edition pb section-break diplomatic:del-struck diplomatic:del-unstruck diplomatic:add diplomatic:metamark-text diplomatic:metamark-empty diplomatic:metamark-paraphrased diplomatic:choice diplomatic:lb diplomatic:fw diplomatic:hand-shift reading:deleted-paragraph reading:deleted-words reading:add reading:choice reading:hyphen',
    'print': 'reading:view diplomatic:view notes brackets sic unclear surplus section-break reading:deleted reading:add reading:choice diplomatic:choice diplomatic:del-struck diplomatic:del-unstruck diplomatic:add diplomatic:metamark-text diplomatic:metamark-empty diplomatic:metamark-paraphrased diplomatic:lb diplomatic:hand-shift'}"/>

  <!-- keys that stand for several conventions (and 'view', which every printed legend has) -->
  <xsl:variable name="e:legend-groups" as="map(xs:string, xs:string*)" select="map{
    'notes': ('note-authorial', 'note-translator', 'note-editorial', 'note-edition'), 'brackets': ('supplied', 'note-gloss'),
    'deleted': ('deleted-paragraph', 'deleted-words')}"/>

  <!-- the keys of a medium's legend for a view, in order: those whose conventions the facts name -->
  <xsl:function name="e:legend-keys" as="xs:string*">
    <xsl:param name="medium" as="xs:string"/>
    <xsl:param name="view" as="xs:string"/>
    <xsl:param name="facts" as="element(e:facts)"/>
    <xsl:variable name="used" select="tokenize($facts/@conventions), 'view'"/>
    <xsl:sequence select="for $entry in tokenize($e:legends($medium))
      return (let $key := replace($entry, '^.*:', ''), $in := substring-before($entry, ':')
        return $key[not($in) or $in = $view][($e:legend-groups($key), $key) = $used])"/>
  </xsl:function>

  <!-- the wording key of a legend entry: legend.MEDIUM.KEY, or legend.MEDIUM.VIEW.KEY where the entry is the view's -->
  <xsl:function name="e:legend-word-key" as="xs:string">
    <xsl:param name="medium" as="xs:string"/>
    <xsl:param name="view" as="xs:string"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="'legend.' || $medium || ('.' || $view)[tokenize($e:legends($medium)) = $view || ':' || $key] || '.' || $key"/>
  </xsl:function>

  <!-- what a legend entry means, and what it looks like -->
  <xsl:function name="e:legend-meaning" as="xs:string">
    <xsl:param name="medium" as="xs:string"/>
    <xsl:param name="view" as="xs:string"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="facts" as="element(e:facts)"/>
    <!-- a view's own words where the document has one view (nothing corrected, added or deleted, no lines or marks) -->
    <xsl:variable name="variant" select="'.one'[$key = 'view' and not(e:views-differ($facts))]"/>
    <xsl:sequence select="e:word(e:legend-word-key($medium, $view, $key) || $variant, e:legend-values($key, $facts))"/>
  </xsl:function>

  <xsl:function name="e:legend-sample" as="xs:string">
    <xsl:param name="medium" as="xs:string"/>
    <xsl:param name="view" as="xs:string"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="facts" as="element(e:facts)"/>
    <xsl:sequence select="e:word(e:legend-word-key($medium, $view, $key) || '.sample', e:legend-values($key, $facts))"/>
  </xsl:function>

  <!-- the values a legend entry's words take ({1}, {2} ...): who supplies the words in brackets, flags "[sic]",
       writes the editors' notes; the marker of a deleted paragraph -->
  <xsl:function name="e:legend-values" as="xs:string*">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="facts" as="element(e:facts)"/>
    <xsl:variable name="legend" select="e:bracket-legend($facts)"/>
    <xsl:sequence select="
      if ($key = 'supplied') then ($legend?supplied, e:upper-first($legend?supplied))
      else if ($key = 'note-gloss') then ($legend?gloss, e:upper-first($legend?gloss))
      else if ($key = 'sic') then (e:sic-legend($facts), e:upper-first(e:sic-legend($facts)))
      else if ($key = 'note-editorial') then $facts/e:editorial-roles/e:role ! e:word('role.' || . || '.notes')
      else if ($key = 'deleted') then string-join((
        e:word('legend.print.reading.deleted.paragraph', e:word('del.marker.paragraph'))[tokenize($facts/@conventions) = 'deleted-paragraph'],
        e:word('legend.print.reading.deleted.words')[tokenize($facts/@conventions) = 'deleted-words']), ', ')
      else if ($key = 'deleted-paragraph') then e:word('del.marker.paragraph')
      else if ($key = 'notes') then string-join(('authorial', 'translator', 'editorial', 'edition')[$facts/e:marks/@kind = .]
        ! (let $kind := . return e:word('notes.of.' || $kind, string-join($facts/e:marks[@kind = $kind]/tokenize(.), ', '))), '; ')
      else if ($key = 'brackets') then string(e:bracket-sentence($facts))
      else ()"/>
  </xsl:function>

  <!-- 'version of 6 December 2026' from 'Version of ...', for the middle of a sentence (not 'TEI' or 'CWIHP') -->
  <xsl:function name="e:lower-first" as="xs:string?">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:sequence select="$s ! (if (matches(., '^\p{Lu}\p{Ll}')) then lower-case(substring(., 1, 1)) || substring(., 2) else .)"/>
  </xsl:function>

  <xsl:function name="e:upper-first" as="xs:string?">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:sequence select="$s ! (upper-case(substring(., 1, 1)) || substring(., 2))"/>
  </xsl:function>

  <!-- what a view shows, said before it (a web page's view, a plain text's header): the view's own words, then a
       part for each convention of $e:intros it uses, then who supplies the words in square brackets -->
  <xsl:variable name="e:intros" as="map(xs:string, xs:string)" select="map{
    'web.reading': 'choice del hyphen', 'web.diplomatic': 'del add metamark choice lb fw',
    'plain.reading': 'choice del add hyphen'}"/>

  <!-- does the document have two views? A text whose encoding gives the views nothing different to show (a
       born-digital essay) has one (the prepare pass decides: e:views, kept with the facts) -->
  <xsl:function name="e:views-differ" as="xs:boolean">
    <xsl:param name="facts" as="element(e:facts)"/>
    <xsl:sequence select="tokenize($facts/@views) = 'diplomatic'"/>
  </xsl:function>

  <xsl:function name="e:view-intro" as="xs:string">
    <xsl:param name="medium" as="xs:string"/>
    <xsl:param name="view" as="xs:string"/>
    <xsl:param name="facts" as="element(e:facts)"/>
    <xsl:variable name="key" select="'intro.' || $medium || '.' || $view"/>
    <xsl:variable name="parts" select="tokenize($e:intros($medium || '.' || $view))[. = tokenize($facts/@conventions)] ! e:word($key || '.' || .)"/>
    <xsl:sequence select="(if (not(e:views-differ($facts))) then e:word('intro.' || $medium || '.one')
      else e:word($key) || (e:word($key || '.join') || string-join($parts, ', '))[exists($parts)]) || '.'
      || (' ' || e:bracket-sentence($facts))[e:bracket-sentence($facts)]"/>
  </xsl:function>

  <!-- what a plain text's header says its view is -->
  <xsl:function name="e:plain-view-intro" as="xs:string">
    <xsl:param name="view" as="xs:string"/>
    <xsl:param name="facts" as="element(e:facts)"/>
    <xsl:variable name="key" select="'intro.plain.' || $view"/>
    <xsl:variable name="parts" select="tokenize($e:intros('plain.' || $view))[. = tokenize($facts/@conventions)] ! e:word($key || '.' || .)"/>
    <xsl:sequence select="if (not(e:views-differ($facts))) then e:word('intro.plain.one')
      else e:word($key, e:and-list($parts))"/>
  </xsl:function>

  <!-- a hand after the main one (or declared minor) -->
  <xsl:function name="e:later-hand-note" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="$note/@scope = 'minor' or (not($note/@scope = 'major') and exists($note/preceding-sibling::tei:handNote))"/>
  </xsl:function>

  <!-- ===== Conventions used (for legends) ===== -->
  <!-- the conventions a set of prepared trees uses, as their rows name them (e:legend): add del del-struck
       del-unstruck deleted-paragraph deleted-words subst supplied sic choice gap metamark metamark-text
       metamark-empty note-authorial note-translator note-gloss note-editorial lb hyphen pb fw later-hand name -->
  <xsl:function name="e:conventions" as="xs:string*">
    <xsl:param name="roots" as="node()*"/>
    <xsl:sequence select="distinct-values($roots//@e:legend ! tokenize(.))"/>
  </xsl:function>

  <!-- Forme work on one line of the page: fw elements of the same place with nothing but whitespace between them
       (no lb) stand for one line ("28 TOP SECRET - Sensitive"); a stamp is an object of its own and stands apart.
       e:fw-line gives the run of fw an fw starts (empty for an fw that continues the line of the one before). -->
  <xsl:function name="e:fw-continues-line" as="xs:boolean">
    <xsl:param name="fw" as="element()"/>
    <xsl:variable name="before" select="$fw/preceding-sibling::*[1][self::tei:fw]"/>
    <xsl:sequence select="exists($before) and not($fw/@type = 'stamp' or $before/@type = 'stamp')
      and string($before/@place) = string($fw/@place)
      and not($fw/preceding-sibling::node()[. >> $before][not(self::text()[not(normalize-space())])])"/>
  </xsl:function>

  <xsl:function name="e:fw-line" as="element()*">
    <xsl:param name="fw" as="element()"/>
    <xsl:if test="not(e:fw-continues-line($fw))">
      <xsl:iterate select="$fw, $fw/following-sibling::tei:fw">
        <xsl:choose>
          <xsl:when test="position() gt 1 and not(e:fw-continues-line(.))"><xsl:break/></xsl:when>
          <xsl:otherwise><xsl:sequence select="."/></xsl:otherwise>
        </xsl:choose>
      </xsl:iterate>
    </xsl:if>
  </xsl:function>

</xsl:stylesheet>
