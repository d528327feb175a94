<?xml version="1.0" encoding="UTF-8"?>
<!-- The behaviour table (what each TEI element IS, and its parameters), the prepare pass that writes them onto
     every element, and the summary of a prepared document: what only the prepare pass's stylesheet (prepare.xsl)
     needs. The outputs draw from the prepared tree with the core (common.xsl), which this file imports, and never
     compile this one. -->
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

  <xsl:import href="common.xsl"/>

  <!-- ===== Parameters (the only ones; set by Python) ===== -->
  <!-- the build's document index (pipeline/links.py): the other documents a link may name, by source file, root
       xml:id and the ids links name as fragments; see e:link-parameters -->
  <xsl:param name="document-index" as="map(xs:string, xs:string)" select="map{}"/>
  <!-- ===== Modes ===== -->
  <!-- every element pointing at an entry, by the entry's id (for occurrence lists) -->
  <xsl:key name="e:ref" match="tei:text//*[@ref]" use="tokenize(normalize-space(@ref), ' ')[starts-with(., '#')] ! substring(., 2)"/>
  <!-- every ref or ptr of the text with one target in the document, by the target's id (references to notes) -->
  <xsl:key name="e:targets" match="tei:text//tei:ref | tei:text//tei:ptr" use="tokenize(normalize-space(@target))[last() = 1][starts-with(., '#')] ! substring(., 2)"/>

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

  <!-- ===== The prepare pass (see "The prepared tree" above) ===== -->
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
  <!-- ===== Metadata of a document from its teiHeader: a map of strings (absent keys are empty) ===== -->
  <!-- the words of an element of a source as its prepared text reads (e:text of the prepared element): a word
       broken by <lb break="no"/> joined, for descriptions that quote the source -->
  <xsl:function name="e:words" as="xs:string">
    <xsl:param name="el" as="element()?"/>
    <xsl:sequence select="normalize-space(string-join($el//text() ! (
      let $t := if (following-sibling::node()[1][self::tei:lb[e:in-word(.)]]) then replace(., '[\-‐­¬]?\s+$|[\-‐­¬]$', '') else string(.)
      return if (preceding-sibling::node()[1][self::tei:lb[e:in-word(.)]]) then replace($t, '^\s+', '') else $t)))"/>
  </xsl:function>

  <!-- ===== Registers ===== -->
  <xsl:function name="e:is-name" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el[self::tei:persName | self::tei:placeName | self::tei:orgName | self::tei:name | self::tei:rs | self::tei:geogName])"/>
  </xsl:function>

  <!-- the register entry (person, place, org ...) a name points at -->
  <xsl:function name="e:entry" as="element()?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="(tokenize(normalize-space($el/@ref), ' ') ! e:lookup(., $el))
      [self::tei:person | self::tei:personGrp | self::tei:place | self::tei:org | self::tei:event | self::tei:object][1]"/>
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



  <!-- ===== Hands and responsibility ===== -->
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

  <!-- ===== Cross-format policy: what every output shows the same way (wording here, syntax in the outputs) ===== -->

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



  <xsl:function name="e:is-deleted" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el//tei:del) and not($el//text()[normalize-space()]
      [not(ancestor::tei:del | ancestor::tei:label | ancestor::tei:metamark | ancestor::tei:note | ancestor::tei:fw)])"/>
  </xsl:function>

  <!-- ===== Notes ===== -->
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

  <!-- ===== Links ===== -->
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

  <!-- ===== A document's summary, for the site pages ===== 
       The worker that builds a document makes its summary from the prepared tree (Python runs the mode e:summary
       on it and keeps the serialised result in the build manifest), so that the site pages (site.xsl) are drawn
       from the summaries alone and no source is read again: what the index card shows, the project description
       and editorial principles (prepared, for the web edition's behaviours), the legend's facts, and every name
       that points at an entry (@ref), with where it stands. -->
  <xsl:template match="/" mode="e:summary"><xsl:sequence select="e:summary(.)"/></xsl:template>
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

  <!-- ===== A document's header, for its metadata block ===== -->

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

  <!-- ===== Conventions used (for legends) ===== -->
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
