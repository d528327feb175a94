<?xml version="1.0" encoding="UTF-8"?>
<!-- The core: the parameters, the modes, the prepared tree every output reads (described below), the wording of
     the edition (one map), the render dispatch and the functions the outputs share. What each TEI element IS (the
     behaviour table) and the prepare pass that writes it onto every element are in model.xsl, which imports this
     file and which only the prepare pass compiles. html.xsl, text.xsl and typst.xsl import this file and define
     how each behaviour LOOKS, as a named template of the behaviour's name that reads the parameters prepare wrote;
     site.xsl draws the corpus pages from the documents' summaries. No output syntax here. -->
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
  <!-- the views a prepared document has (its root's e:views) -->
  <xsl:function name="e:document-views" as="xs:string+">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="tokenize((root($node)/*/@e:views, 'reading')[1])"/>
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

  <!-- register ids of the document's translators (to tell the translator's interventions from the editors') -->
  <xsl:function name="e:translator-ids" as="xs:string*">
    <xsl:param name="tei" as="element()?"/>
    <xsl:variable name="h" select="$tei/tei:teiHeader"/>
    <xsl:sequence select="distinct-values((
        e:refs($h/tei:fileDesc/tei:titleStmt/(tei:editor | tei:author)[@role = ('translator', 'trl')]),
        e:refs($h/tei:fileDesc//tei:respStmt[tei:resp[matches(., 'transl', 'i')]])))"/>
  </xsl:function>

  <!-- ===== Registers ===== -->
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

  <!-- ===== Classes: fixed tokens, never raw style ===== -->
  <!-- known @rend tokens (and a few @style properties) mapped to the fixed class list: 'rend-italic' ... In a
       prepared tree, as prepare wrote them down (e:rend): every output asks, and in some documents most elements
       have a @rend. -->
  <xsl:function name="e:rend-classes" as="xs:string*">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="tokenize($el/@e:rend)"/>
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

  <!-- ===== Parameters of rows (see the behaviour table) ===== -->

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

  <!-- who made a deletion, where known: 'deletion: handwritten (inferred)' (the words are not the hand's: the
       deletion is) -->
  <xsl:function name="e:deletion-label" as="xs:string?">
    <xsl:param name="del" as="element()"/>
    <xsl:sequence select="e:with-certainty(e:hand-label($del), $del, 'hand') ! e:word('del.hand', .)"/>
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
  <!-- prepared elements the site pages draw, without what only the document's own outputs read -->
  <xsl:mode name="e:summary-copy" on-no-match="shallow-copy"/>
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

</xsl:stylesheet>
