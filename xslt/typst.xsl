<?xml version="1.0" encoding="UTF-8"?>
<!-- Typst output: one .typ per document holding both its views (a line near the top says which one Typst draws:
     the reading text, or compiled with the input view=diplomatic the diplomatic transcription), which Python
     compiles to a PDF/A-2b per view, reading first, so that the diplomatic compile reuses Typst's memoised layout.
     Imports the core (common.xsl: behaviour table, prepare pass, shared functions) and draws each behaviour as a
     named template writing Typst markup from the parameters the prepare pass wrote. Every value from a source
     enters only through t:markup (text), t:string (literals) and t:comment (the // lines). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:e="urn:x-edition:functions"
  xmlns:t="urn:x-edition:typst"
  xmlns:fn="http://www.w3.org/2005/xpath-functions"
  xmlns:mml="http://www.w3.org/1998/Math/MathML"
  exclude-result-prefixes="#all">

  <xsl:import href="common.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:variable name="e:medium" as="xs:string" select="'print'"/>

  <!-- the initial mode: only the document node is matched -->
  <xsl:mode on-no-match="shallow-skip"/>
  <!-- the document shell: preamble, title block, text, metadata -->
  <xsl:mode name="t:document" on-no-match="fail"/>

  <!-- the views of the document (the prepare pass's e:views on the root): both, or the reading text alone -->
  <xsl:variable name="t:views" as="xs:string+" select="e:document-views(/)"/>
  <xsl:variable name="t:two-views" as="xs:boolean" select="count($t:views) gt 1"/>
  <!-- the line that chooses the view; pipeline/pdf.py (VIEW_LINE) compiles the diplomatic view from the same source
       with its default "diplomatic", the one change between the two compiles -->
  <xsl:variable name="t:view-line" as="xs:string" select="'#let ed-view = sys.inputs.at(&quot;view&quot;, default: &quot;reading&quot;)'"/>

  <!-- ===== Escaping: the only ways source text gets into the .typ ===== -->

  <!-- Text as Typst markup. Every markup character is escaped with a backslash; a run of dots cannot become the
       "..." shorthand; a text node cannot start a numbered list ("1965.") or continue the #call before it (".x",
       "(x)"; ";x", whose semicolon would end the call and vanish). Whitespace is one space, so text never starts
       a line (Typst also breaks lines at U+0085, U+2028 and U+2029, which XPath's \s does not match). -->
  <xsl:function name="t:markup" as="xs:string">
    <xsl:param name="text" as="xs:string?"/>
    <xsl:variable name="spaced" select="e:single-spaced(translate(string($text), '&#x85;&#x2028;&#x2029;', '   '))"/>
    <!-- text without private-use characters (nearly all) is one piece: no need to split it -->
    <xsl:sequence select="if ($spaced = '') then ''
      else if (not(matches($spaced, '\p{Co}'))) then t:escape($spaced)
      else string-join(analyze-string($spaced, '\p{Co}')/*
        ! (if (self::fn:match) then '#ed-pua(&quot;' || t:hex(string-to-codepoints(.)) || '&quot;)' else t:escape(.)))"/>
  </xsl:function>

  <!-- a piece of t:markup's text without private-use characters -->
  <!-- (each replacement only where it can change something: Saxon's regular expressions are slow, and every text
       node passes) -->
  <xsl:function name="t:escape" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="escaped" select="if (string-length(translate($text, '\#*_$@&lt;&gt;`[]=-+/~&quot;''', '')) = string-length($text))
      then $text else replace($text, '([\\#*_$@&lt;&gt;`\[\]=\-+/~&quot;''])', '\\$1')"/>
    <xsl:variable name="dots" select="if (contains($escaped, '..')) then replace($escaped, '\.\.', '.\\.') else $escaped"/>
    <xsl:sequence select="if ($dots and contains('0123456789.(;', substring($dots, 1, 1)))
      then replace($dots, '^([0-9]*)([.(;])', '$1\\$2') else $dots"/>
  </xsl:function>

  <!-- a code point in hexadecimal (private-use characters are shown by number: no font has their glyph) -->
  <xsl:function name="t:hex" as="xs:string">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:sequence select="(if ($n ge 16) then t:hex($n idiv 16) else '') || substring('0123456789ABCDEF', $n mod 16 + 1, 1)"/>
  </xsl:function>

  <!-- A Typst string literal, whitespace normalised (metadata, attribute values, labels). -->
  <xsl:function name="t:string" as="xs:string">
    <xsl:param name="text" as="xs:string?"/>
    <xsl:sequence select="t:literal(normalize-space($text))"/>
  </xsl:function>

  <!-- A Typst string literal keeping line breaks and spaces (examples of code). -->
  <xsl:function name="t:literal" as="xs:string">
    <xsl:param name="text" as="xs:string?"/>
    <xsl:variable name="s" select="string($text)"/>
    <xsl:variable name="s" select="if (contains($s, '\')) then replace($s, '\\', '\\\\') else $s"/>
    <xsl:variable name="s" select="if (contains($s, '&quot;')) then replace($s, '&quot;', '\\&quot;') else $s"/>
    <xsl:variable name="s" select="if (contains($s, '&#10;')) then replace($s, '&#13;?&#10;', '\\n') else $s"/>
    <xsl:sequence select="'&quot;' || (if (contains($s, '&#9;')) then replace($s, '&#9;', '\\t') else $s) || '&quot;'"/>
  </xsl:function>

  <!-- The text of a Typst line comment: the characters at which Typst ends a line (line feed, carriage return,
       U+0085, U+2028, U+2029) written as their code points, so that no value (a namespace URI, an id, a file
       name) ends the comment and makes the rest of its line Typst code. -->
  <xsl:function name="t:comment" as="xs:string">
    <xsl:param name="text" as="xs:string?"/>
    <xsl:sequence select="if (not(matches(string($text), '[&#10;&#13;&#x85;&#x2028;&#x2029;]'))) then string($text)
      else string-join(analyze-string($text, '[&#10;&#13;&#x85;&#x2028;&#x2029;]')/*
        ! (if (self::fn:match) then '\u{' || t:hex(string-to-codepoints(.)) || '}' else string(.)))"/>
  </xsl:function>

  <xsl:template match="text()" mode="render">
    <xsl:value-of select="t:markup(if (following-sibling::node()[1][@e:behaviour = 'note'][not(@e:inline)]) then replace(., '\s+$', '') else .)"/>
  </xsl:template>

  <!-- ===== The document ===== -->

  <xsl:template match="/">
    <xsl:apply-templates select="*" mode="t:document"/>
  </xsl:template>

  <!-- a document, or a corpus of them: each after the preamble, with its title block -->
  <xsl:template match="*[descendant-or-self::*/@e:behaviour = 'document']" mode="t:document">
    <xsl:call-template name="t:preamble"/>
    <xsl:for-each select="descendant-or-self::*[@e:behaviour = 'document']">
      <xsl:if test="position() gt 1">&#10;#pagebreak(weak: true)&#10;</xsl:if>
      <xsl:call-template name="t:title-block"/>
      <xsl:if test="$t:two-views and e:is-typescript(.)">
        <xsl:text>// A typescript in the diplomatic view: its text in a typewriter face, lines as typed.
#show: body => if ed-view == "diplomatic" { text(font: "DejaVu Sans Mono", size: 9pt, body) } else { body }
#set par(justify: false) if ed-view == "diplomatic"
</xsl:text>
      </xsl:if>
      <xsl:apply-templates select="*" mode="render"/>
      <!-- where the transcribed pages end (the core's e:end-of-page), as in the other outputs -->
      <xsl:for-each select="e:end-of-page(.)">
        <xsl:text>&#10;#block(above: 1.2em)[#ed-pb(</xsl:text>
        <xsl:value-of select="t:string(.)"/>
        <xsl:text>)]&#10;</xsl:text>
      </xsl:for-each>
      <xsl:call-template name="t:index"/>
    </xsl:for-each>
    <xsl:text>&#10;</xsl:text>
    <xsl:call-template name="t:metadata"/>
  </xsl:template>

  <!-- a fragment: a TEI element other than a document or a corpus at the root -->
  <xsl:template match="*" mode="t:document">
    <xsl:call-template name="t:preamble"/>
    <xsl:apply-templates select="." mode="render"/>
    <xsl:text>&#10;</xsl:text>
    <xsl:call-template name="t:metadata"/>
  </xsl:template>

  <!-- ===== The view switch =====
       An element the prepare pass marks e:by-view is drawn in each view; where the two drawings differ, both stand
       in the source as #ed-views[reading][diplomatic], and Typst takes the one of the view it compiles. All else is
       written once, at the same place in both compiles: the diplomatic compile reuses what Typst laid out for the
       reading one. Inside a switch each view is drawn whole ($t:in-view). -->
  <xsl:template match="*[@e:by-view]" mode="render" priority="1">
    <xsl:param name="t:in-view" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$t:in-view or not($t:two-views)"><xsl:next-match/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="reading" as="xs:string">
          <xsl:value-of><xsl:next-match>
            <xsl:with-param name="view" select="'reading'" tunnel="yes"/>
            <xsl:with-param name="t:in-view" select="true()" tunnel="yes"/>
          </xsl:next-match></xsl:value-of>
        </xsl:variable>
        <xsl:variable name="diplomatic" as="xs:string">
          <xsl:value-of><xsl:next-match>
            <xsl:with-param name="view" select="'diplomatic'" tunnel="yes"/>
            <xsl:with-param name="t:in-view" select="true()" tunnel="yes"/>
          </xsl:next-match></xsl:value-of>
        </xsl:variable>
        <xsl:value-of select="if ($reading eq $diplomatic) then $reading else '#ed-views[' || $reading || '][' || $diplomatic || ']'"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a Typst expression of a value that may differ by view: the value, or ed-views(reading, diplomatic) -->
  <xsl:function name="t:by-view" as="xs:string">
    <xsl:param name="reading" as="xs:string"/>
    <xsl:param name="diplomatic" as="xs:string"/>
    <xsl:sequence select="if (not($t:two-views) or $reading eq $diplomatic) then $reading
      else 'ed-views(' || $reading || ', ' || $diplomatic || ')'"/>
  </xsl:function>

  <!-- the source's index (e:index-entries), each entry with the sections it occurs in -->
  <xsl:template name="t:index">
    <xsl:variable name="entries" select="e:index-entries(.)"/>
    <xsl:if test="exists($entries)">
      <xsl:text>&#10;#heading(level: 1)[</xsl:text>
      <xsl:value-of select="t:markup(e:word('index'))"/>
      <xsl:text>]&#10;#text(size: 9pt)[</xsl:text>
      <xsl:value-of select="t:markup(e:index-intro(count($entries)))"/>
      <xsl:text>]&#10;</xsl:text>
      <xsl:for-each select="$entries">
        <xsl:text>#par(hanging-indent: 1.2em, text(size: 9pt)[</xsl:text>
        <xsl:value-of select="t:markup(?term)"/>
        <xsl:value-of select="(' — ' || t:markup(string-join(?places, '; ')))[exists(current()?places)]"/>
        <xsl:text>])&#10;</xsl:text>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- Before every block: "// tei: PATH #ID", the element's path() in the source (the same form as the core's
       unknown-element message) and its xml:id. A Typst error at line N comes from the nearest such line above. -->
  <xsl:template name="t:origin">
    <xsl:text>&#10;// tei: </xsl:text>
    <xsl:value-of select="t:comment(@e:path)"/>
    <xsl:if test="@xml:id"> #<xsl:value-of select="t:comment(@xml:id)"/></xsl:if>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:function name="t:short-title" as="xs:string">
    <xsl:param name="meta" as="map(*)"/>
    <xsl:variable name="title" select="$meta?title"/>
    <xsl:variable name="short" select="if (contains($title, ': ') and string-length($title) gt 60) then substring-before($title, ': ') else $title"/>
    <xsl:sequence select="$short || (': ' || $meta?subtitle)[string-length($meta?subtitle) = (1 to 30)]"/>
  </xsl:function>

  <!-- The page, text, note and mark styles, and the view switch (two views only). Typst writes no dc:contributor:
       the line "#let ed-contributors" names them (the translators), and pipeline/pdf.py writes them into the XMP
       of each view's PDF. The PDF's other metadata is set at the end (t:metadata). -->
  <xsl:template name="t:preamble">
    <xsl:variable name="tei" select=".[descendant-or-self::*/@e:behaviour = 'document']"/>
    <xsl:variable name="meta" select="if ($tei) then e:meta($tei) else map{'id': e:doc-id(()), 'title': e:doc-id(()), 'authors': ()}"/>
    <xsl:variable name="lang" select="t:lang(($meta?lang, 'en')[.][1], 'en')"/>
    <xsl:text>// </xsl:text>
    <xsl:value-of select="t:comment($meta?id)"/>
    <xsl:text>: Typst written by typst.xsl</xsl:text>
    <xsl:value-of select="(' from ' || t:comment($source-file))[$source-file]"/>
    <xsl:text>; Python compiles it to PDF/A-2b.
// "// tei: PATH #ID" before a block names the TEI element (path() in the source, xml:id) it comes from.
</xsl:text>
    <xsl:if test="$t:two-views">
      <xsl:text>// Both views in one source: the reading text, or with `typst compile --input view=diplomatic` the diplomatic
// transcription. Where they differ, #ed-views[reading][diplomatic] gives each its own; the metadata is set at the end.
</xsl:text>
      <xsl:value-of select="$t:view-line"/>
      <xsl:text>
#let ed-views(reading, diplomatic) = if ed-view == "diplomatic" { diplomatic } else { reading }
</xsl:text>
    </xsl:if>
    <xsl:text>// The PDF's contributors (dc:contributor), written into its XMP metadata by pipeline/pdf.py.
#let ed-contributors = (</xsl:text>
    <xsl:value-of select="($meta?translators ! t:string(.) ! (. || ', ')) => string-join()"/>
    <xsl:text>)
#let ed-running-head = </xsl:text>
    <xsl:value-of select="t:string(t:short-title($meta))"/>
    <xsl:text>
#let ed-running-author = </xsl:text>
    <xsl:value-of select="t:string(string-join($meta?authors, '; '))"/>
    <xsl:text>
#set text(font: "Libertinus Serif", size: 10.5pt, lang: </xsl:text>
    <xsl:value-of select="t:string($lang)"/>
    <xsl:text>)
// Characters Libertinus Serif lacks fall back to the other fonts Python names (DejaVu Sans, Droid Sans Fallback).
// No hyphenation: a hyphenated word would reach the PDF's text as two words.
#set text(hyphenate: false)
#set par(justify: true, leading: 0.62em, spacing: 0.95em)
#set page(paper: "a4", margin: (x: 25mm, top: 27mm, bottom: 27mm),
  header: context if counter(page).get().first() > 1 {
    set text(size: 8pt)
    grid(columns: (auto, 1fr), column-gutter: 2em, smallcaps(ed-running-author),
      align(right, emph(ed-running-head)))
    v(-4pt)
    line(length: 100%, stroke: 0.4pt)
  },
  footer: context align(center, text(size: 9pt, counter(page).display())))
#show heading: set block(above: 1.5em, below: 0.8em)
#show heading: set text(weight: "semibold")
#show heading.where(level: 1): set text(size: 13pt)
#show heading.where(level: 2): set text(size: 11.5pt)
#show heading: set par(justify: false)
#show quote.where(block: true): set block(inset: (left: 1.6em, right: 1em))
#set footnote.entry(separator: line(length: 30%, stroke: 0.5pt), gap: 0.5em, clearance: 1em, indent: 0em)
#show footnote.entry: set text(size: 8.5pt)
#show footnote.entry: set par(leading: 0.5em)
// A note at the foot of the page: its mark in a column of its own, its lines hanging clear of the mark.
#show footnote.entry: it => grid(columns: (1.9em, 1fr), column-gutter: 0.35em,
  align(right, super(numbering(it.note.numbering, ..counter(footnote).at(it.note.location())))), it.note.body)
#set table(stroke: 0.4pt, inset: 4pt)
// A table with a caption is a figure: the caption above it, no number; a long table runs on over pages.
#show figure.where(kind: table): set figure.caption(position: top)
#show figure.where(kind: table): set block(breakable: true)
#show link: set text(fill: rgb("#1a4d80"))
// Notes: 1 2 3 the author's, T1 the translator's, E1 the source's editor's, N1 this edition's; a b c the apparatus
// (in italics). A narrow no-break space before each mark keeps it off the word in the PDF's text ("Vietnam T3",
// not "VietnamT3"); a mark right after another is set apart by a comma ("T3,E3"), and a word right after a mark by
// a space.
// The colours are the web edition's (edition.css): the later hand, the translator, the source's editors, this
// edition's editors.
#let ed-later-hand = rgb("#8a3b00")
#let ed-translator = rgb("#1d4f91")
#let ed-editor = rgb("#6a2c8c")
#let ed-edition = rgb("#0d6b3b")
#let ed-note(mark, fill, body) = footnote(numbering: (..n) => text(font: "Libertinus Serif", fill: fill, "\u{202F}" + mark), body)
#let ed-app(mark, body) = footnote(numbering: (..n) => text(font: "Libertinus Serif", "\u{202F}" + emph(mark)), body)
#let ed-mark-sep = super(text(font: "Libertinus Serif", ","))
// A second reference to a note already given at the foot of a page: its mark only.
#let ed-note-again(mark, fill) = super(text(font: "Libertinus Serif", fill: fill, "\u{202F}" + mark))
// A note standing between paragraphs: set off in place.
#let ed-block-note(mark, body) = block(above: 0.9em, below: 0.9em, inset: (left: 8pt, y: 2pt),
  stroke: (left: 1.2pt + luma(160)), text(size: 9pt)[#text(weight: "semibold", mark)#h(0.6em)#body])
// The hands of a draft: additions in the later hand's colour between half brackets, with their place.
#let ed-hand = ed-later-hand
#let ed-add(label, body) = text(fill: ed-hand)[˹#body˺#if label != none { super(text(size: 0.85em, style: "italic", label)) }]
#let ed-del(label, body) = [#strike(stroke: 0.6pt, body)#if label != none { super(text(fill: ed-hand, size: 0.85em, style: "italic", label)) }]
// A deletion that is not struck through (dropped by a note): in grey after "deleted:", its hand after it.
#let ed-del-unstruck(word, label, body) = [#text(fill: luma(90))[#text(size: 0.85em, style: "italic")[\[#word:] #body#text(size: 0.85em, style: "italic")[\]]]#if label != none { super(text(fill: ed-hand, size: 0.85em, style: "italic", label)) }]
// Reading text: where a deleted passage was; and an addition, flagged lightly (half brackets in the hand's colour).
#let ed-deleted-marker(body) = text(size: 0.85em, style: "italic", fill: luma(90))[\[#body\]]
#let ed-add-light(body) = text(fill: ed-hand)[˹#body˺]
// A mark on the page that is not transcribed: the editors' description, in their style.
#let ed-mark-described(body) = text(size: 0.85em, style: "italic", fill: luma(90))[\[#body\]]
// URLs and identifiers: never broken across lines.
#let ed-url(u) = link(u, box(text(hyphenate: false, u)))
#let ed-id(s) = box(text(hyphenate: false, s))
#let ed-mark(label, body) = text(fill: ed-hand)[⟨#body⟩#if label != none { super(text(size: 0.85em, style: "italic", label)) }#h(0.2em)]
#let ed-gap(body) = text(fill: luma(80), style: "italic", body)
#let ed-pb(label) = text(size: 8pt, fill: luma(80))[\[#label\]]
// A typed line: a line break, and the line's number in the margin every fifth line.
#let ed-lb(n) = {
  linebreak()
  if n != none and n.match(regex("^[0-9]+$")) != none and calc.rem(int(n), 5) == 0 {
    box(width: 0pt, place(dx: -3.4em, dy: -0.72em, text(size: 7pt, fill: luma(100), n)))
  }
}
#let ed-milestone(body) = align(center, block(above: 1.2em, below: 1.2em, body))
// The parts of a typed page that are not its text: a boxed stamp, marks and page numbers in small capitals.
#let ed-fw(type, place, body) = {
  if type == "stamp" {
    align(center, block(above: 1em, below: 1.2em, box(stroke: 0.6pt, inset: (x: 10pt, y: 6pt), radius: 1.5pt,
      align(left, text(size: 8.5pt, font: "DejaVu Sans Mono", body)))))
  } else {
    align(if type == "pageNum" { right } else { center },
      block(above: 1em, below: 1em, text(size: 9pt, tracking: 0.12em, weight: "semibold", body)))
  }
}
#let ed-mono(body) = text(font: "DejaVu Sans Mono", size: 0.88em, body)
#let ed-pua(code) = box(stroke: 0.4pt + luma(120), inset: (x: 1pt), outset: (y: 1pt), text(size: 0.7em, "U+" + code))
#let ed-meta(rows) = block(width: 100%, above: 1.2em, below: 1.8em, inset: (y: 8pt), stroke: (y: 0.5pt),
  grid(columns: (auto, 1fr), column-gutter: 1.2em, row-gutter: 0.65em,
    ..rows.map(r => (text(size: 8pt, smallcaps(r.at(0))), par(justify: false, text(size: 8.5pt, r.at(1))))).flatten()))
</xsl:text>
  </xsl:template>

  <!-- The PDF's metadata, set at the end of the source (set at the top, it would make every element's styles
       differ between the views, and the diplomatic compile could reuse nothing). The date is a whole date the
       header gives for this version of the file (e:publication-date: a year alone is not made a day), else auto:
       the fixed timestamp pipeline/pdf.py gives Typst (PDF/A needs a date). Never the time of the build, nor
       another date of the header (the source's own dates are not the PDF's). The title names the diplomatic view;
       the description names the translator (the contributors: see t:preamble); the keywords are the document's
       and the view's. -->
  <xsl:template name="t:metadata">
    <xsl:variable name="tei" select="/*[descendant-or-self::*/@e:behaviour = 'document']"/>
    <xsl:variable name="meta" select="if ($tei) then e:meta($tei) else map{'id': e:doc-id(()), 'title': e:doc-id(()), 'authors': ()}"/>
    <xsl:variable name="ymd" select="e:publication-date($tei)"/>
    <xsl:variable name="by-view" as="map(xs:string, xs:string)*">
      <xsl:for-each select="'reading', 'diplomatic'">
        <xsl:variable name="v" select="."/>
        <xsl:variable name="keywords" select="distinct-values(($meta?translators ! e:word('pdf.keyword.translator', .), $meta?series[.],
          t:view-name($v), e:word('pdf.keyword.tei'), e:word('pdf.keyword.edition')))"/>
        <xsl:sequence select="map{
          'title': t:string(string-join(($meta?title, $meta?subtitle[string-length(.) = (1 to 30)]), ': ')
            || (' (' || t:view-name($v) || ')')[$v = 'diplomatic']),
          'description': t:string(string-join((
            e:word('pdf.description', (t:view-name($v), $meta?title)),
            e:word('pdf.translated', string-join($meta?translators, e:word('citation.and')))[exists($meta?translators)],
            e:word('pdf.edition', string-join(($meta?publisher, $meta?pub-date)[.], ', '))[$meta?publisher]), ' ')),
          'keywords': '(' || string-join($keywords ! t:string(.) ! (. || ', ')) || ')'}"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:text>#set document(title: </xsl:text>
    <xsl:value-of select="t:by-view($by-view[1]?title, $by-view[2]?title)"/>
    <xsl:text>, author: (</xsl:text>
    <xsl:value-of select="($meta?authors ! t:string(.) ! (. || ', ')) => string-join()"/>
    <xsl:text>), description: </xsl:text>
    <xsl:value-of select="t:by-view($by-view[1]?description, $by-view[2]?description)"/>
    <xsl:text>, keywords: </xsl:text>
    <xsl:value-of select="t:by-view($by-view[1]?keywords, $by-view[2]?keywords)"/>
    <xsl:text>, date: </xsl:text>
    <xsl:value-of select="if (exists($ymd)) then 'datetime(year: ' || $ymd[1] || ', month: ' || $ymd[2] || ', day: ' || $ymd[3] || ')' else 'auto'"/>
    <xsl:text>)&#10;</xsl:text>
  </xsl:template>

  <!-- ===== The title block: the title page, or the header's title and authors; then the metadata ===== -->

  <xsl:template name="t:title-block">
    <xsl:variable name="meta" select="e:meta(.)"/>
    <xsl:variable name="title-page" select="e:title-page(.)"/>
    <xsl:call-template name="t:origin"/>
    <xsl:choose>
      <xsl:when test="$title-page">
        <xsl:apply-templates select="$title-page" mode="render">
          <xsl:with-param name="t:title-page" select="true()" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>#align(center, block(width: 92%)[&#10;</xsl:text>
        <xsl:value-of select="('  #block(text(size: 9pt, tracking: 0.08em, smallcaps(' || t:string($meta?series) || ')))&#10;')[$meta?series]"/>
        <xsl:text>  #block(below: 0.9em, text(size: 17pt, weight: "semibold", </xsl:text>
        <xsl:value-of select="t:string($meta?title)"/>
        <xsl:text>))&#10;</xsl:text>
        <xsl:value-of select="('  #block(below: 0.9em, text(size: 12pt, style: &quot;italic&quot;, ' || t:string($meta?subtitle) || '))&#10;')[$meta?subtitle]"/>
        <xsl:value-of select="('  #block(text(size: 12pt, smallcaps(' || t:string(string-join($meta?authors, ', ')) || ')))&#10;')[exists($meta?authors)]"/>
        <xsl:text>])&#10;</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
    <!-- the diplomatic view says so under the title -->
    <xsl:if test="$t:two-views">
      <xsl:text>#ed-views(none, align(center, block(below: 0.8em, text(size: 12pt, style: "italic", </xsl:text>
      <xsl:value-of select="t:string(t:view-name('diplomatic'))"/>
      <xsl:text>))))&#10;</xsl:text>
    </xsl:if>
    <xsl:variable name="facts" select="e:legend-facts(.)"/>
    <!-- each value a Typst expression: strings, and URLs and identifiers in boxes that no line break enters -->
    <xsl:variable name="id" select="e:doc-id(.)"/>
    <xsl:variable name="rows" as="array(xs:string)*" select="
      [e:word('field.document'), t:string(string-join(($meta?title, $meta?subtitle[.]), ': '))][$title-page],
      [e:field-label('author', count($meta?authors)), t:string(string-join($meta?authors, '; '))][exists($meta?authors)],
      [e:field-label('translator', count($meta?translators)), t:string(string-join($meta?translators, '; '))][exists($meta?translators)],
      [e:word('field.date'), t:string($meta?date)][$meta?date],
      [e:word('field.dating'), t:string($meta?dating)][$meta?dating],
      [e:word('field.archive'), t:string($meta?archive)][$meta?archive],
      [e:word('field.source'), t:string($meta?source)][$meta?source],
      (if (exists($meta?licences)) then $meta?licences ! [e:word('field.licence'), t:string(?1) || (if (?2) then ' + &quot; &quot; + ed-url(' || t:string(?2) || ')' else '')]
       else [e:word('field.licence'), t:string($meta?licence) || (' + &quot; &quot; + ed-url(' || t:string($meta?licence-url) || ')')[$meta?licence-url]][$meta?licence]),
      [e:word('field.cite'), let $page := e:path-uri(e:document-path(.)) || '.html' return if (contains($meta?citation, ' ' || $page))
        then t:string(substring-before($meta?citation, ' ' || $page)) || ' + &quot; &quot; + ed-id(' || t:string($page) || ') + '
          || '&quot; &quot; + '[starts-with(substring-after($meta?citation, ' ' || $page), ' ')] || t:string(substring-after($meta?citation, ' ' || $page))
        else t:string($meta?citation)],
      [e:word('field.this-pdf'), if ($t:two-views) then t:by-view(t:this-pdf('reading', $facts), t:this-pdf('diplomatic', $facts))
        else t:this-pdf('reading', $facts)]"/>
    <xsl:text>#ed-meta((&#10;</xsl:text>
    <xsl:for-each select="$rows">
      <xsl:value-of select="'  (' || t:string(?1) || ', ' || ?2 || '),&#10;'"/>
    </xsl:for-each>
    <xsl:text>))&#10;</xsl:text>
  </xsl:template>

  <!-- the name of a view, in the title, the metadata and the title block -->
  <xsl:function name="t:view-name" as="xs:string">
    <xsl:param name="view" as="xs:string"/>
    <xsl:sequence select="e:word('view.print.' || $view)"/>
  </xsl:function>

  <!-- what the PDF of a view is, from the conventions the document uses: a Typst string -->
  <xsl:function name="t:this-pdf" as="xs:string">
    <xsl:param name="view" as="xs:string"/>
    <xsl:param name="facts" as="element(e:facts)"/>
    <xsl:sequence select="t:string(string-join(e:legend-keys('print', $view, $facts) ! e:legend-meaning('print', $view, ., $facts), ' '))"/>
  </xsl:function>

  <!-- An xml:lang value as a Typst language code (its primary subtag), or $default. -->
  <xsl:function name="t:lang" as="xs:string">
    <xsl:param name="lang" as="xs:string?"/>
    <xsl:param name="default" as="xs:string"/>
    <xsl:variable name="primary" select="lower-case(substring-before(normalize-space($lang) || '-', '-'))"/>
    <xsl:sequence select="if (matches($primary, '^[a-z]{2,3}$')) then $primary else $default"/>
  </xsl:function>

  <!-- ===== Styles: row styles and @rend -> Typst functions wrapped around the content ===== -->

  <xsl:variable name="t:rend-functions" as="map(xs:string, xs:string)" select="map{
    'rend-italic': 'emph', 'rend-bold': 'strong', 'rend-underline': 'underline', 'rend-strikethrough': 'strike',
    'rend-superscript': 'super', 'rend-subscript': 'sub', 'rend-smallcaps': 'smallcaps', 'rend-uppercase': 'upper',
    'rend-monospace': 'ed-mono', 'rend-large': 'text(size: 1.2em)', 'rend-small': 'text(size: 0.85em)'}"/>

  <!-- the elements that may have styles of their own: a @rend, @xml:lang or a style of their row (one definition,
       written into the expressions of t:styles: a function call for every element costs) -->
  <xsl:variable name="t:styled" static="yes" as="xs:string" select="'@e:rend or @xml:lang or @e:style = (''highlight'', ''emphasis'',
    ''foreign'', ''mentioned'', ''term'', ''title-of-work'', ''label'', ''code'', ''address'', ''gap'') or @e:resp-role = ''translator'''"/>

  <!-- Typst stops at 64 nested show rules: around any text, only the 24 outermost styles are drawn, so that a
       deeply nested document still compiles (its innermost text unstyled rather than lost). The styles the
       ancestors open are counted only for an element that has some: a walk up (at most 100 deep) costs less in
       Saxon than an accumulator over every element. -->
  <xsl:function name="t:styles" as="xs:string*">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="own" _select="$el[{$t:styled}] ! t:own-styles-of(.)"/>
    <xsl:sequence _select="if (empty($own)) then ()
      else $own[sum($el/ancestor::*[{$t:styled}] ! count(t:own-styles-of(.))) + position() le 24]"/>
  </xsl:function>

  <!-- the Typst functions of a row's style -->
  <xsl:variable name="t:style-functions" as="map(xs:string, xs:string)" select="map{
    'highlight': 'emph', 'emphasis': 'emph', 'foreign': 'emph', 'mentioned': 'emph', 'term': 'emph', 'title-of-work': 'emph',
    'label': 'strong', 'code': 'ed-mono', 'address': 'ed-mono', 'gap': 'ed-gap'}"/>

  <xsl:function name="t:own-styles-of" as="xs:string*">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="rend" select="e:rend-classes($el) ! $t:rend-functions(.)"/>
    <!-- words in brackets by the translator (supplied, glosses) in the translator's colour, as on the web page -->
    <xsl:sequence select="distinct-values((
      if (exists($rend)) then $rend else $t:style-functions(string($el/@e:style)),
      'text(fill: ed-translator)'[$el/@e:resp-role = 'translator' and ($el/@e:behaviour = 'inline' or $el/@e:inline)],
      $el/@xml:lang ! t:lang(., '')[.] ! ('text(lang: ' || t:string(.) || ')')))"/>
  </xsl:function>

  <!-- the content of an element wrapped in its styles, the text before and after it and its flag; $words in
       place of a content it does not have (a link's address) -->
  <xsl:template name="t:styled">
    <xsl:param name="words" as="xs:string?" select="()"/>
    <xsl:variable name="styles" select="t:styles(.)"/>
    <xsl:value-of select="string-join(($styles ! ('#' || . || '['), t:markup(@e:before)))"/>
    <xsl:choose>
      <xsl:when test="@e:content"><xsl:value-of select="t:markup(@e:content)"/></xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="t:markup(@e:label[../@e:behaviour = 'inline'])"/>
        <xsl:apply-templates mode="render"/>
        <xsl:value-of select="t:markup($words)[not(normalize-space(current()))]"/>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:value-of select="string-join((t:markup(@e:after), $styles ! ']'))"/>
    <xsl:if test="@e:flag"><xsl:value-of select="' '[not(current()/@e:in-word)]"/>\[#emph[<xsl:value-of select="t:markup(@e:flag)"/>]\]</xsl:if>
    <!-- a numbered point's label ("1/-") stands apart from the text it numbers -->
    <xsl:if test="@e:space-after"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>

  <!-- ===== The apparatus: lettered notes recording what a view does not show in the text ===== -->
  <xsl:template name="t:apparatus">
    <xsl:param name="letter" as="xs:string"/>
    <xsl:param name="body" as="item()*"/>
    <xsl:text>#ed-app(</xsl:text>
    <xsl:value-of select="t:string($letter)"/>
    <xsl:text>)[</xsl:text>
    <xsl:sequence select="$body"/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <!-- ===== The behaviours ===== -->

  <!-- a TEI inside a corpus: drawn by the document shell (t:document), where its text is reached -->
  <xsl:template name="document">
    <xsl:apply-templates select="*" mode="render"/>
  </xsl:template>

  <xsl:template name="block">
    <xsl:param name="t:title-page" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="styles" select="t:styles(.)[not(. = 'strong' and current()/@e:style = 'label')]"/>
    <xsl:choose>
      <!-- the title page is drawn in the title block -->
      <xsl:when test="@e:style = 'title-page' and not($t:title-page) and e:is-title-page(.)"/>
      <!-- forme work on one line of the page is one line: written with the first -->
      <xsl:when test="@e:joined"/>
      <xsl:when test="@e:style = 'forme-work'">
        <xsl:call-template name="t:origin"/>
        <xsl:text>#ed-fw(</xsl:text>
        <xsl:value-of select="t:string(if (@e:joins) then 'line' else @type) || ', ' || t:string(@place)"/>
        <xsl:text>)[</xsl:text>
        <xsl:for-each select="., following-sibling::*[position() lt xs:integer((current()/@e:joins, 1)[1])]">
          <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
          <xsl:apply-templates mode="render"/>
        </xsl:for-each>
        <xsl:text>]&#10;</xsl:text>
      </xsl:when>
      <xsl:when test="@e:style = 'example'">
        <xsl:call-template name="t:origin"/>
        <xsl:text>#block(width: 100%, inset: 6pt, fill: luma(245), raw(block: true, </xsl:text>
        <xsl:value-of select="t:literal(replace(string(.), '^\s*&#10;|\s+$', ''))"/>
        <xsl:text>))&#10;</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="t:origin"/>
        <xsl:variable name="align" select="string(@e:align)"/>
        <xsl:variable name="open" select="string-join((
          ('#align(' || $align || ')[')[$align],
          '#block(above: 0.4em, below: 0.4em)['[current()/@e:style = 'verse'],
          '#quote(block: true)['[current()/@e:style = 'quotation'],
          '#block(above: 1.6em, below: 2em)['[current()/@e:style = 'title-page'],
          '#emph['[current()/@e:style = 'stage'],
          $styles ! ('#' || . || '[')))"/>
        <xsl:text>&#10;</xsl:text>
        <!-- back matter (an author's note, appendices) after a short rule -->
        <xsl:if test="@e:style = 'back-matter'">#align(center, block(above: 2em, below: 1.5em, line(length: 25%, stroke: 0.5pt)))&#10;</xsl:if>
        <xsl:value-of select="$open"/>
        <xsl:if test="@e:style = 'label'">#strong[</xsl:if>
        <xsl:value-of select="t:markup(@e:before)"/>
        <xsl:apply-templates mode="render"/>
        <xsl:value-of select="t:markup(@e:after)"/>
        <xsl:if test="@e:style = 'label'">]</xsl:if>
        <xsl:value-of select="replace($open, '[^\[]', '') => replace('\[', ']')"/>
        <xsl:text>&#10;&#10;</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a table: rows of cells, as many columns as the widest row; the header rows it starts with repeat on each
       page (table.header), header and label cells in bold, spans as the cells' own; with a caption, a figure -->
  <xsl:template name="table">
    <xsl:variable name="rows" select="*[@e:behaviour = 'row']"/>
    <xsl:variable name="captions" select="*[@e:behaviour = 'heading']"/>
    <xsl:variable name="head" select="$rows[@e:header][empty(preceding-sibling::*[@e:behaviour = 'row'][not(@e:header)])]"/>
    <xsl:variable name="columns" select="max((1, $rows ! sum(*[@e:behaviour = 'cell'] ! xs:integer((@e:colspan, 1)[1]))))"/>
    <xsl:call-template name="t:origin"/>
    <xsl:text>#</xsl:text>
    <xsl:value-of select="if ($captions) then 'figure(' else 'block(width: 100%, '"/>
    <xsl:text>table(columns: </xsl:text>
    <xsl:value-of select="min(($columns, 50))"/>
    <xsl:text>,&#10;</xsl:text>
    <xsl:if test="$head">
      <xsl:text>  table.header(&#10;</xsl:text>
      <xsl:call-template name="t:cells"><xsl:with-param name="rows" select="$head"/><xsl:with-param name="columns" select="$columns"/></xsl:call-template>
      <xsl:text>  ),&#10;</xsl:text>
    </xsl:if>
    <xsl:call-template name="t:cells"><xsl:with-param name="rows" select="$rows except $head"/><xsl:with-param name="columns" select="$columns"/></xsl:call-template>
    <xsl:text>)</xsl:text>
    <xsl:if test="$captions">
      <xsl:text>, caption: [</xsl:text>
      <xsl:for-each select="$captions">
        <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
        <xsl:apply-templates mode="render"/>
      </xsl:for-each>
      <xsl:text>], kind: table, supplement: none, numbering: none</xsl:text>
    </xsl:if>
    <xsl:text>)&#10;</xsl:text>
    <!-- anything else in the table (notes, stray text) is still rendered -->
    <xsl:apply-templates select="node() except ($captions | $rows)" mode="render"/>
    <xsl:apply-templates select="$rows/(node() except *[@e:behaviour = 'cell'])" mode="render"/>
  </xsl:template>

  <xsl:template name="t:cells">
    <xsl:param name="rows" as="element()*"/>
    <xsl:param name="columns" as="xs:integer"/>
    <xsl:for-each select="$rows/*[@e:behaviour = 'cell']">
      <xsl:variable name="spans" select="(@e:colspan ! ('colspan: ' || min((xs:integer(.), $columns))), @e:rowspan ! ('rowspan: ' || .))"/>
      <xsl:value-of select="if (exists($spans)) then '  table.cell(' || string-join($spans, ', ') || ')[' else '  ['"/>
      <xsl:variable name="styles" select="t:styles(.)"/>
      <xsl:for-each select="$styles">#<xsl:value-of select="."/>[</xsl:for-each>
      <xsl:value-of select="'#strong['[current()/@e:header]"/>
      <xsl:apply-templates mode="render"/>
      <xsl:value-of select="']'[current()/@e:header]"/>
      <xsl:for-each select="$styles">]</xsl:for-each>
      <xsl:text>],&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>

  <!-- rows and cells outside the table's own drawing (a row where no table is): their content -->
  <xsl:template name="row">
    <xsl:apply-templates mode="render"/>
  </xsl:template>

  <xsl:template name="cell">
    <xsl:call-template name="t:styled"/>
  </xsl:template>

  <xsl:template name="paragraph">
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:call-template name="t:origin"/>
    <xsl:variable name="styles" select="t:styles(.)"/>
    <xsl:choose>
      <!-- reading view: a deleted paragraph is left out, the marker (and the marks of its notes) in its place -->
      <xsl:when test="$view = 'reading' and @e:deleted">
        <xsl:text>#ed-deleted-marker(</xsl:text>
        <xsl:value-of select="t:string(e:deleted-marker(.))"/>
        <xsl:text>)</xsl:text>
        <xsl:apply-templates select=".//*[@e:behaviour = 'note'][not(ancestor::*[@e:behaviour = 'deletion'])]" mode="render"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="$styles">#<xsl:value-of select="."/>[</xsl:for-each>
        <xsl:value-of select="e:cut(., 'start') ! '\[…\] '"/>
        <xsl:apply-templates mode="render"/>
        <xsl:value-of select="e:cut(., 'end') ! ' \[…\]'"/>
        <xsl:for-each select="$styles">]</xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:text>&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template name="heading">
    <xsl:call-template name="t:origin"/>
    <xsl:choose>
      <xsl:when test="@e:style = ('title', 'subtitle', 'series')">
        <xsl:value-of select="map{
          'title': '#block(below: 0.9em, text(size: 17pt, weight: &quot;semibold&quot;)[',
          'series': '#block(below: 0.6em, text(size: 9pt, tracking: 0.08em, smallcaps[',
          'subtitle': '#block(below: 0.8em, text(size: 12.5pt, style: &quot;italic&quot;)['}(@e:style)"/>
        <xsl:apply-templates mode="render"/>
        <xsl:value-of select="if (@e:style = 'series') then ']))' else '])'"/>
      </xsl:when>
      <xsl:when test="@e:joined"/>
      <xsl:when test="@e:style = 'section'">
        <xsl:text>#heading(level: </xsl:text>
        <xsl:value-of select="min((6, xs:integer(@e:level)))"/>
        <xsl:text>)[</xsl:text>
        <xsl:call-template name="t:heading-lines"/>
        <xsl:text>]</xsl:text>
      </xsl:when>
      <xsl:when test="@e:style = 'caption'">
        <xsl:text>#block(above: 0.6em, below: 0.6em, sticky: true, emph[</xsl:text>
        <xsl:apply-templates mode="render"/>
        <xsl:text>])</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>#block(above: 1em, below: 0.6em, sticky: true, strong[</xsl:text>
        <xsl:call-template name="t:heading-lines"/>
        <xsl:text>])</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- a heading's words, and those of the heads right after it, each on a line of its own -->
  <xsl:template name="t:heading-lines">
    <xsl:for-each select="., following-sibling::*[position() lt xs:integer((current()/@e:joins, 1)[1])]">
      <xsl:if test="position() gt 1"><xsl:text> #linebreak() </xsl:text></xsl:if>
      <xsl:apply-templates mode="render"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="inline">
    <xsl:call-template name="t:styled"/>
  </xsl:template>

  <!-- notes: in brackets in the line (glosses), set off in place (between paragraphs), else at the foot of the
       page with their mark; the two editorial parties say who speaks -->
  <xsl:template name="note">
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:param name="t:in-view" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="mark" select="t:string((@e:mark, @n, '*')[normalize-space()][1])"/>
    <xsl:choose>
      <xsl:when test="@e:inline">
        <xsl:call-template name="t:styled"/>
      </xsl:when>
      <!-- a reference to a note: the footnote at the first, its mark again at the others -->
      <xsl:when test="@e:refers and @e:first">
        <xsl:text>#ed-note(</xsl:text>
        <xsl:value-of select="$mark"/>
        <xsl:text>, </xsl:text>
        <xsl:value-of select="key('e:id', @e:refers)[1] ! t:role-colour(.)"/>
        <xsl:text>)[</xsl:text>
        <xsl:for-each select="key('e:id', @e:refers)[1]"><xsl:call-template name="t:note-body"/></xsl:for-each>
        <xsl:text>]</xsl:text>
      </xsl:when>
      <xsl:when test="@e:refers">
        <xsl:text>#ed-note-again(</xsl:text>
        <xsl:value-of select="$mark"/>
        <xsl:text>, </xsl:text>
        <xsl:value-of select="key('e:id', @e:refers)[1] ! t:role-colour(.)"/>
        <xsl:text>)</xsl:text>
      </xsl:when>
      <!-- a note that references point at: drawn at the first of them -->
      <xsl:when test="@e:referenced"/>
      <!-- (a note of the source's own notes that nothing points at is a footnote where it stands, as every note) -->
      <xsl:when test="@e:apart">
        <xsl:call-template name="t:origin"/>
        <xsl:text>#ed-block-note(</xsl:text>
        <xsl:value-of select="$mark"/>
        <xsl:text>)[</xsl:text>
        <xsl:call-template name="t:note-body"/>
        <xsl:text>]&#10;</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>#ed-note(</xsl:text>
        <xsl:value-of select="$mark"/>
        <xsl:text>, </xsl:text>
        <xsl:value-of select="t:role-colour(.)"/>
        <xsl:text>)[</xsl:text>
        <xsl:call-template name="t:note-body"/>
        <xsl:text>]</xsl:text>
        <!-- what follows the mark, which may differ by view when the next element shows in one view only (the
             note itself is written once for both: the switch stands after it) -->
        <xsl:variable name="next" select="following-sibling::node()[1]"/>
        <xsl:value-of select="if ($t:in-view or not($t:two-views)) then t:after-mark($next, $view)
          else (let $reading := t:after-mark($next, 'reading'), $diplomatic := t:after-mark($next, 'diplomatic')
            return if ($reading eq $diplomatic) then $reading else '#ed-views[' || $reading || '][' || $diplomatic || ']')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- marks side by side are two ("T3,E3"); a word or a struck passage after a mark is a word apart -->
  <xsl:function name="t:after-mark" as="xs:string">
    <xsl:param name="next" as="node()?"/>
    <xsl:param name="view" as="xs:string"/>
    <xsl:sequence select="if ($next/self::*[@e:behaviour = 'note'][not(@e:inline)]) then '#ed-mark-sep'
      else if ($next/self::*[@e:behaviour = ('deletion', 'addition', 'link', 'inline', 'alternate')][not(@e:views) or contains-token(@e:views, $view)]
        or $next/self::text()[matches(., '^\w')]) then ' '
      else ''"/>
  </xsl:function>

  <!-- the colour of a note's mark: that of whoever is responsible for it, as on the web page -->
  <xsl:function name="t:role-colour" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="(map{'translator': 'ed-translator', 'editor': 'ed-editor', 'edition': 'ed-edition'}(string($note/@e:resp-role)), 'black')[1]"/>
  </xsl:function>

  <xsl:template name="t:note-body">
    <xsl:if test="@e:kind = ('editorial', 'edition')">
      <xsl:value-of select="@e:resp-role[. = ('editor', 'edition')] ! ('#emph[' || t:markup(e:word('note.prefix.' || .)) || '] ')"/>
    </xsl:if>
    <xsl:apply-templates mode="render"/>
  </xsl:template>

  <!-- Typst stops at 64 nested show rules, which about 12 nested lists reach: lists nested deeper than
       $t:list-depth are drawn as indented paragraphs with a dash, inside the outer lists' last item -->
  <xsl:variable name="t:list-depth" select="8"/>

  <xsl:template name="list">
    <xsl:call-template name="t:origin"/>
    <xsl:choose>
      <xsl:when test="xs:integer((@e:depth, 0)[1]) ge $t:list-depth">
        <xsl:apply-templates mode="render"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>#block[</xsl:text>
        <xsl:apply-templates mode="render"/>
        <xsl:text>&#10;]&#10;</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- list items; a list's label goes with the item after it (a glossary list) -->
  <xsl:template name="item">
    <xsl:variable name="label" select="preceding-sibling::*[1][@e:style = 'label'][@e:behaviour = ('item', 'inline')]"/>
    <xsl:variable name="depth" select="xs:integer((@e:depth, 0)[1])"/>
    <xsl:choose>
      <xsl:when test="@e:style = 'label' and following-sibling::*[1][not(@e:style = 'label')][@e:behaviour = 'item']"/>
      <xsl:when test="$depth gt $t:list-depth and not(@e:style = 'label')">
        <xsl:call-template name="t:origin"/>
        <xsl:text>&#10;&#10;#h(</xsl:text>
        <xsl:value-of select="$depth - $t:list-depth"/>
        <xsl:text>em)– </xsl:text>
        <xsl:if test="$label"><xsl:apply-templates select="$label/node()" mode="render"/><xsl:text> </xsl:text></xsl:if>
        <xsl:apply-templates mode="render"/>
        <xsl:text>&#10;&#10;</xsl:text>
      </xsl:when>
      <xsl:when test="$label and not(@e:style = 'label')">
        <xsl:call-template name="t:origin"/>
        <xsl:text>#terms.item[</xsl:text>
        <xsl:apply-templates select="$label/node()" mode="render"/>
        <xsl:text>][</xsl:text>
        <xsl:apply-templates mode="render"/>
        <xsl:text>]&#10;</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="t:origin"/>
        <xsl:value-of select="if (../@e:numbered) then '#enum.item[' else '#list.item['"/>
        <xsl:variable name="styles" select="t:styles(.)"/>
        <xsl:for-each select="$styles">#<xsl:value-of select="."/>[</xsl:for-each>
        <xsl:apply-templates mode="render"/>
        <xsl:for-each select="$styles">]</xsl:for-each>
        <xsl:text>]&#10;</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="break">
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:choose>
      <!-- a marker in brackets: a page's number, a change of hand -->
      <xsl:when test="@e:label and @e:style = 'section'">
        <xsl:text>&#10;#ed-milestone[#ed-pb(</xsl:text>
        <xsl:value-of select="t:string(@e:label)"/>
        <xsl:text>)]&#10;</xsl:text>
      </xsl:when>
      <xsl:when test="@e:label">
        <xsl:text>#ed-pb(</xsl:text>
        <xsl:value-of select="t:string(@e:label)"/>
        <xsl:text>)</xsl:text>
        <xsl:if test="@e:space-after"><xsl:text> </xsl:text></xsl:if>
        <xsl:apply-templates mode="render"/>
      </xsl:when>
      <xsl:when test="@e:style = 'line' and $view = 'diplomatic'">
        <xsl:value-of select="t:markup(@e:hyphen)"/>
        <xsl:if test="not(@e:leading)">
          <xsl:text>#ed-lb(</xsl:text>
          <xsl:value-of select="if (@n) then t:string(@n) else 'none'"/>
          <xsl:text>)</xsl:text>
        </xsl:if>
      </xsl:when>
      <!-- the lines of a stamp or running head, or of a title page, stay lines in both views -->
      <xsl:when test="@e:style = 'line' and (@e:keep or ancestor::*[@e:style = 'forme-work'])"><xsl:text>#linebreak()</xsl:text></xsl:when>
      <xsl:when test="@e:style = 'line' and not(@break = 'no') or @e:style = 'space'">
        <xsl:text> </xsl:text>
      </xsl:when>
      <xsl:when test="@e:style = 'section'">
        <xsl:text>&#10;#ed-milestone[</xsl:text>
        <xsl:value-of select="t:markup(@e:content)"/>
        <xsl:text>]&#10;</xsl:text>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="alternate">
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:variable name="letter" select="if ($view = 'diplomatic') then @e:letter else @e:letter-reading"/>
    <xsl:apply-templates select="e:shown-child(., $view)/node()" mode="render"/>
    <xsl:if test="$letter">
      <xsl:call-template name="t:apparatus">
        <xsl:with-param name="letter" select="$letter"/>
        <xsl:with-param name="body" as="item()*">
          <xsl:choose>
            <xsl:when test="@e:style = 'readings'">
              <xsl:for-each select="e:other-readings(., $view)">
                <xsl:if test="position() gt 1">; </xsl:if>
                <xsl:apply-templates mode="render"/>
                <xsl:if test="not(normalize-space())"><xsl:value-of select="t:markup('[' || e:word('apparatus.omitted') || ']')"/></xsl:if>
                <xsl:value-of select="(' #emph[' || t:markup(normalize-space(@wit)) || ']')[current()/@wit]"/>
              </xsl:for-each>
            </xsl:when>
            <xsl:when test="@e:correction">
              <!-- the core's wording, as the web edition lists the corrections -->
              <xsl:value-of select="t:markup(@e:correction)"/>
            </xsl:when>
          </xsl:choose>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:if>

  </xsl:template>

  <xsl:template name="deletion">
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:choose>
      <!-- a deletion inside a deletion is struck once (Typst would stop at 64 nested strikes) -->
      <xsl:when test="$view = 'diplomatic' and @e:nested"><xsl:apply-templates mode="render"/></xsl:when>
      <xsl:when test="$view = 'diplomatic' and @e:struck">
        <xsl:text>#ed-del(</xsl:text>
        <xsl:value-of select="(@e:label ! t:string(.), 'none')[1]"/>
        <xsl:text>)[</xsl:text>
        <xsl:apply-templates mode="render"/>
        <xsl:text>]</xsl:text>
      </xsl:when>
      <xsl:when test="$view = 'diplomatic'">
        <xsl:text>#ed-del-unstruck(</xsl:text>
        <xsl:value-of select="t:string(e:unstruck-label(.)) || ', ' || (@e:label ! t:string(.), 'none')[1]"/>
        <xsl:text>)[</xsl:text>
        <xsl:apply-templates mode="render"/>
        <xsl:text>]</xsl:text>
      </xsl:when>
      <!-- reading view: left out, a marker where it was (a deleted paragraph has its own) -->
      <xsl:when test="@e:marker">
        <xsl:if test="@e:space-before"><xsl:text> </xsl:text></xsl:if>
        <xsl:text>#ed-deleted-marker(</xsl:text>
        <xsl:value-of select="t:string(e:deleted-marker(.))"/>
        <xsl:text>)</xsl:text>
        <xsl:if test="@e:space-after"><xsl:text> </xsl:text></xsl:if>
      </xsl:when>
      <xsl:otherwise/>
    </xsl:choose>
  </xsl:template>

  <!-- additions: marked in the diplomatic view, plain text in the reading view -->
  <xsl:template name="addition">
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:choose>
      <xsl:when test="$view = 'diplomatic'">
        <!-- its hand and place after it (as the plain text has them) -->
        <xsl:text>#ed-add(</xsl:text>
        <xsl:value-of select="if (@e:label) then t:string(@e:label) else 'none'"/>
        <xsl:text>)[</xsl:text>
        <xsl:apply-templates mode="render"/>
        <xsl:text>]</xsl:text>
      </xsl:when>
      <!-- reading view: part of the text, flagged lightly (as in the plain text and the web edition) -->
      <xsl:otherwise>
        <xsl:text>#ed-add-light[</xsl:text>
        <xsl:apply-templates mode="render"/>
        <xsl:text>]</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
    <!-- two additions side by side are two interventions -->
    <xsl:if test="@e:space-after"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>

  <!-- a mark on the page: as written, or the editors' description of a mark not transcribed -->
  <xsl:template name="mark">
    <xsl:choose>
      <xsl:when test="@e:described">
        <xsl:text>#ed-mark-described(</xsl:text>
        <xsl:value-of select="t:string(@e:label)"/>
        <xsl:text>)</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>#ed-mark(</xsl:text>
        <xsl:value-of select="(@e:place ! t:string(.), 'none')[1]"/>
        <xsl:text>)[</xsl:text>
        <xsl:value-of select="t:markup(@e:label)"/>
        <xsl:text>]</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="@e:space-after"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>

  <xsl:template name="omit"/>

  <!-- the address an element links to in the PDF: http(s) and mailto only -->
  <xsl:function name="t:url" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="$el/@e:url[matches(., '^(https?|mailto):', 'i')]"/>
  </xsl:function>

  <!-- a link inside a link is text (as in HTML; nested links would also stop Typst at 64 deep) -->
  <xsl:template name="link">
    <xsl:variable name="url" select="t:url(.)[not(current()/ancestor::*[@e:behaviour = 'link'][t:url(.)])]"/>
    <xsl:choose>
      <xsl:when test="$url">
        <xsl:text>#link(</xsl:text>
        <xsl:value-of select="t:string($url)"/>
        <xsl:text>)[</xsl:text>
        <xsl:call-template name="t:styled"><xsl:with-param name="words" select="$url"/></xsl:call-template>
        <xsl:text>]</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="t:styled"><xsl:with-param name="words" select="string(@e:target)[not(current()/@e:label)]"/></xsl:call-template>
        <xsl:if test="@e:label"><xsl:value-of select="t:markup(' '[normalize-space(current())] || '[' || @e:label || ']')"/></xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Images are not embedded (nothing is read at run time): the figure's caption and description, and where
       the image would be. -->
  <xsl:template name="figure">
    <xsl:call-template name="t:origin"/>
    <xsl:text>#block(width: 100%, inset: 6pt, stroke: 0.4pt + luma(160))[</xsl:text>
    <xsl:apply-templates mode="render"/>
    <xsl:text>]&#10;</xsl:text>
  </xsl:template>

  <xsl:template name="graphic">
    <xsl:call-template name="t:origin"/>
    <xsl:text>#block(width: 100%, inset: 6pt, stroke: 0.4pt + luma(160))[</xsl:text>
    <xsl:value-of select="t:markup('[' || @e:label || ']')"/>
    <xsl:if test="not(@e:style = 'object')"><xsl:apply-templates mode="render"/></xsl:if>
    <xsl:text>]&#10;</xsl:text>
  </xsl:template>

  <xsl:template name="unknown">
    <xsl:call-template name="t:styled"/>
  </xsl:template>

  <!-- a formula: Typst math where each of its MathML elements maps (t:math), else its text in one line -->
  <xsl:template name="math">
    <xsl:variable name="math" select="t:math(.)"/>
    <xsl:choose>
      <xsl:when test="exists($math) and @e:style = 'display'">$ <xsl:value-of select="$math"/> $</xsl:when>
      <xsl:when test="exists($math)">$<xsl:value-of select="$math"/>$</xsl:when>
      <xsl:otherwise><xsl:value-of select="t:markup(@e:content)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- an index entry: listed after the text (t:index), nothing where it stands -->
  <xsl:template name="index"/>

  <!-- MathML as Typst math: rows, identifiers, numbers, operators, text, fractions, roots, scripts; () where an
       element does not map. Every value from the source is a string literal or a character escaped: a letter
       stands for itself only alone (a variable), digits as a number, other operators escaped when ASCII. -->
  <xsl:function name="t:math" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="name" select="local-name($el)"/>
    <!-- (an invisible operator is a space here; an annotation is for machines) -->
    <xsl:variable name="args" select="$el/*[not(self::mml:mo and not(normalize-space(translate(., '&#x2061;&#x2062;&#x2063;&#x2064;', ''))))]
      [not(self::mml:annotation or self::mml:annotation-xml)]"/>
    <xsl:variable name="parts" select="$args ! t:math(.)"/>
    <xsl:variable name="text" select="normalize-space(translate($el, '&#x2061;&#x2062;&#x2063;&#x2064;', ''))"/>
    <xsl:sequence select="
      if ($name = ('math', 'mrow', 'mstyle')) then (string-join($parts, ' ')[count($parts) = count($args)])
      else if ($name = 'mi') then (if (matches($text, '^\p{L}$')) then $text else t:string($text))
      else if ($name = 'mn') then (if (matches($text, '^[0-9]+(\.[0-9]+)?$')) then $text else t:string($text))
      else if ($name = 'mo') then (if ($text = ('=', '+', '-', '&lt;', '&gt;', '|', '!', ':', '.', '*')) then $text
        else if (matches($text, '^[!-/:-@\[-`{-~]$') and not($text = (',', ';', '&quot;'))) then '\' || $text
        else if (string-length($text) = 1 and not(matches($text, '[\p{L}\p{N}\s,;&quot;]'))) then $text else t:string($text))
      else if ($name = ('mtext', 'ms')) then t:string($text)
      else if (count($parts) ne count($args)) then ()
      else if ($name = 'mfrac' and count($parts) = 2) then 'frac(' || $parts[1] || ', ' || $parts[2] || ')'
      else if ($name = 'msqrt') then 'sqrt(' || string-join($parts, ' ') || ')'
      else if ($name = 'mroot' and count($parts) = 2) then 'root(' || $parts[2] || ', ' || $parts[1] || ')'
      else if ($name = 'msup' and count($parts) = 2) then t:math-group($parts[1]) || '^' || t:math-group($parts[2])
      else if ($name = 'msub' and count($parts) = 2) then t:math-group($parts[1]) || '_' || t:math-group($parts[2])
      else if ($name = 'msubsup' and count($parts) = 3) then t:math-group($parts[1]) || '_' || t:math-group($parts[2]) || '^' || t:math-group($parts[3])
      else ()"/>
  </xsl:function>

  <!-- a script or its base: as it is where it is one token, else in brackets -->
  <xsl:function name="t:math-group" as="xs:string">
    <xsl:param name="math" as="xs:string"/>
    <xsl:sequence select="if (contains($math, ' ')) then '(' || $math || ')' else $math"/>
  </xsl:function>

</xsl:stylesheet>
