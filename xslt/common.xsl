<?xml version="1.0" encoding="UTF-8"?>
<!-- The core: what each TEI element IS (the behaviour table), the prepare pass, the shared functions and the
     parameters. html.xsl, text.xsl and typst.xsl import this file (one level) and define how each behaviour
     LOOKS as a named template of the behaviour's name. No output syntax here. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:e="urn:x-edition:functions"
  xmlns:eg="http://www.tei-c.org/ns/Examples"
  exclude-result-prefixes="#all" expand-text="yes">

  <!-- ===== Parameters (the only ones; set by Python) ===== -->
  <xsl:param name="registers" as="document-node()*" select="()"/>
  <xsl:param name="documents" as="document-node()*" select="()"/>
  <xsl:param name="view" as="xs:string" select="'reading'"/>
  <xsl:param name="source-file" as="xs:string" select="''"/>
  <xsl:param name="text-width" as="xs:integer" select="78"/>

  <!-- ===== Modes ===== -->
  <!-- element -> behaviour name; every element is matched by the catch-alls at the end of the table -->
  <xsl:mode name="behaviour" on-no-match="deep-skip"/>
  <!-- the normalising pass every output runs first -->
  <xsl:mode name="prepare" on-no-match="shallow-copy"/>
  <!-- the main rendering mode: text is never dropped -->
  <xsl:mode name="render" on-no-match="text-only-copy"/>

  <xsl:key name="e:id" match="*[@xml:id]" use="@xml:id"/>
  <!-- every element pointing at an entry, by the entry's id (for occurrence lists) -->
  <xsl:key name="e:ref" match="tei:text//*[@ref]" use="tokenize(normalize-space(@ref), ' ')[starts-with(., '#')] ! substring(., 2)"/>

  <!-- ===== The behaviour table: alphabetical, variants next to each other, defaults last =====
       Behaviours: block paragraph heading inline note list item break alternate deletion addition omit link
       figure unknown. A few depend on the view (tunnel parameter): fw and metamark are not in the reading text. -->
  <xsl:template match="tei:ab" mode="behaviour">paragraph</xsl:template>
  <xsl:template match="tei:abbr" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:actor" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:add" mode="behaviour">addition</xsl:template>
  <xsl:template match="tei:addName" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:alt | tei:altGrp" mode="behaviour">omit</xsl:template>
  <xsl:template match="tei:analytic" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:addrLine" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:address" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:affiliation" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:age" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:am" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:anchor" mode="behaviour">break</xsl:template>
  <xsl:template match="tei:app" mode="behaviour">alternate</xsl:template>
  <xsl:template match="tei:argument" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:author" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:back" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:listBibl/tei:bibl" mode="behaviour">item</xsl:template>
  <xsl:template match="tei:bibl" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:biblScope" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:listBibl/tei:biblStruct" mode="behaviour">item</xsl:template>
  <xsl:template match="tei:biblStruct" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:binaryObject" mode="behaviour">figure</xsl:template>
  <xsl:template match="tei:birth" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:body" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:byline" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:c" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:caesura" mode="behaviour">break</xsl:template>
  <xsl:template match="tei:castGroup" mode="behaviour">list</xsl:template>
  <xsl:template match="tei:castItem" mode="behaviour">item</xsl:template>
  <xsl:template match="tei:castList" mode="behaviour">list</xsl:template>
  <xsl:template match="tei:cb" mode="behaviour">break</xsl:template>
  <xsl:template match="tei:cell" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:choice" mode="behaviour">alternate</xsl:template>
  <xsl:template match="tei:cit" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:closer" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:code" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:corr" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:country" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:damage" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:date" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:dateline" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:death" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:del" mode="behaviour">deletion</xsl:template>
  <xsl:template match="tei:desc" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:distinct" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:divGen" mode="behaviour">omit</xsl:template>
  <xsl:template match="tei:docAuthor" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:titlePage/tei:docDate | tei:front/tei:docDate" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:docDate" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:docEdition" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:docImprint" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:docTitle" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:edition" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:editor" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:eg" mode="behaviour">block</xsl:template>
  <xsl:template match="eg:egXML" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:email" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:emph" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:epigraph" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:event" mode="behaviour">item</xsl:template>
  <xsl:template match="tei:ex" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:expan" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:facsimile" mode="behaviour">omit</xsl:template>
  <xsl:template match="tei:figDesc" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:figure" mode="behaviour">figure</xsl:template>
  <xsl:template match="tei:floatingText" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:foreign" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:formula" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:forename" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:front" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:fw" mode="behaviour"><xsl:param name="view" as="xs:string" tunnel="yes"/>{if ($view = 'diplomatic') then 'block' else 'omit'}</xsl:template>
  <xsl:template match="tei:gap" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:gb" mode="behaviour">break</xsl:template>
  <xsl:template match="tei:genName" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:geogName" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:gi" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:gloss" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:graphic" mode="behaviour">figure</xsl:template>
  <xsl:template match="tei:group" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:handShift" mode="behaviour">break</xsl:template>
  <xsl:template match="tei:head" mode="behaviour">heading</xsl:template>
  <xsl:template match="tei:hi" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:ident" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:idno" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:imprimatur" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:index" mode="behaviour">omit</xsl:template>
  <xsl:template match="tei:imprint" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:interp | tei:interpGrp" mode="behaviour">omit</xsl:template>
  <xsl:template match="tei:item" mode="behaviour">item</xsl:template>
  <xsl:template match="tei:join | tei:joinGrp" mode="behaviour">omit</xsl:template>
  <xsl:template match="tei:l" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:list/tei:label" mode="behaviour">item</xsl:template>
  <xsl:template match="tei:label" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:lang" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:lb" mode="behaviour">break</xsl:template>
  <xsl:template match="tei:lem" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:lg" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:link | tei:linkGrp" mode="behaviour">omit</xsl:template>
  <xsl:template match="tei:list" mode="behaviour">list</xsl:template>
  <xsl:template match="tei:listBibl | tei:listEvent | tei:listOrg | tei:listPerson | tei:listPlace | tei:listWit" mode="behaviour">list</xsl:template>
  <xsl:template match="tei:listRelation | tei:relation" mode="behaviour">omit</xsl:template>
  <xsl:template match="tei:measure | tei:measureGrp" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:meeting" mode="behaviour">inline</xsl:template>
  <!-- manuscript descriptions (msDesc) in a text: containers are blocks, the rest inline -->
  <xsl:template match="tei:msDesc | tei:msPart | tei:msFrag | tei:msContents | tei:msItem | tei:msItemStruct | tei:physDesc | tei:objectDesc | tei:supportDesc | tei:layoutDesc | tei:handDesc | tei:decoDesc | tei:bindingDesc | tei:sealDesc | tei:scriptDesc | tei:typeDesc | tei:musicNotation | tei:accMat | tei:additional | tei:adminInfo | tei:custodialHist | tei:recordHist | tei:surrogates | tei:history | tei:origin | tei:provenance | tei:acquisition | tei:additions | tei:collation | tei:foliation | tei:condition | tei:support | tei:layout | tei:handNote | tei:decoNote | tei:binding | tei:seal | tei:scriptNote | tei:typeNote | tei:custEvent | tei:summary | tei:colophon | tei:incipit | tei:explicit | tei:rubric | tei:finalRubric | tei:filiation | tei:msIdentifier | tei:altIdentifier" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:msName | tei:repository | tei:collection | tei:institution | tei:dimensions | tei:height | tei:width | tei:depth | tei:dim | tei:locus | tei:locusGrp | tei:textLang | tei:origDate | tei:origPlace | tei:source | tei:extent | tei:material | tei:objectType | tei:watermark | tei:stamp | tei:secFol | tei:signatures | tei:catchwords | tei:heraldry" mode="behaviour">inline</xsl:template>
  <!-- trees (nets module) -->
  <xsl:template match="tei:forest | tei:eTree | tei:tree | tei:listForest" mode="behaviour">list</xsl:template>
  <xsl:template match="tei:eLeaf | tei:leaf | tei:iNode | tei:root | tei:triangle" mode="behaviour">item</xsl:template>
  <xsl:template match="tei:media" mode="behaviour">figure</xsl:template>
  <xsl:template match="tei:mentioned" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:metamark" mode="behaviour"><xsl:param name="view" as="xs:string" tunnel="yes"/>{if ($view = 'diplomatic') then 'addition' else 'omit'}</xsl:template>
  <xsl:template match="tei:milestone" mode="behaviour">break</xsl:template>
  <xsl:template match="tei:move" mode="behaviour">break</xsl:template>
  <xsl:template match="tei:name[@e:entry] | tei:orgName[@e:entry] | tei:persName[@e:entry] | tei:placeName[@e:entry] | tei:rs[@e:entry]" mode="behaviour">link</xsl:template>
  <xsl:template match="tei:monogr" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:name" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:note" mode="behaviour">note</xsl:template>
  <xsl:template match="tei:num" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:occupation | tei:residence | tei:sex | tei:state | tei:trait | tei:floruit | tei:education | tei:faith | tei:nationality | tei:langKnowledge | tei:socecStatus" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:location | tei:geo | tei:offset | tei:geogFeat | tei:population | tei:climate | tei:terrain | tei:postCode | tei:postBox" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:opener" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:org | tei:person | tei:personGrp | tei:place" mode="behaviour">item</xsl:template>
  <xsl:template match="tei:orgName" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:orig" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:p" mode="behaviour">paragraph</xsl:template>
  <xsl:template match="tei:pb" mode="behaviour">break</xsl:template>
  <xsl:template match="tei:pc" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:phr" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:persName" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:placeName" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:postscript" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:ptr" mode="behaviour">link</xsl:template>
  <xsl:template match="tei:pubPlace" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:publisher" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:q" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:quote[@rend = 'block'] | tei:quote[tei:p | tei:lg | tei:l | tei:list | tei:ab]" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:quote" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:rdg | tei:rdgGrp" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:ref" mode="behaviour">link</xsl:template>
  <xsl:template match="tei:reg" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:region | tei:settlement | tei:street | tei:district | tei:bloc" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:resp | tei:respStmt" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:restore" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:role | tei:roleDesc | tei:roleName" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:row" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:rs" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:s" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:said" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:salute" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:seg" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:series" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:sic" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:signed" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:soCalled" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:sp | tei:spGroup" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:space" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:speaker" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:p//tei:stage | tei:l//tei:stage" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:stage" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:standOff" mode="behaviour">omit</xsl:template>
  <xsl:template match="tei:subst" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:supplied" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:sourceDoc | tei:surface | tei:surfaceGrp | tei:zone | tei:line" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:surname" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:table" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:tag | tei:att | tei:val" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:TEI | tei:teiCorpus" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:teiHeader" mode="behaviour">omit</xsl:template>
  <xsl:template match="tei:term" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:text" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:time" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:title" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:titlePage" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:titlePart" mode="behaviour">heading</xsl:template>
  <xsl:template match="tei:trailer" mode="behaviour">block</xsl:template>
  <xsl:template match="tei:unclear" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:w" mode="behaviour">inline</xsl:template>
  <xsl:template match="tei:witness" mode="behaviour">item</xsl:template>
  <xsl:template match="tei:*" mode="behaviour" priority="-1">unknown</xsl:template>
  <!-- other vocabularies embedded in TEI (MathML, SVG, example markup): their text, inline -->
  <xsl:template match="*" mode="behaviour" priority="-2">inline</xsl:template>

  <!-- In a prepared tree the table's answer for both views is on the element already (prepare wrote it down:
       e:behaviour, e:behaviour-reading), so that the outputs, which ask for every element several times, read it. -->
  <xsl:function name="e:behaviour" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="view" as="xs:string"/>
    <xsl:variable name="known" select="if ($view = 'diplomatic') then string($element/@e:behaviour)
      else if ($view = 'reading') then string($element/@e:behaviour-reading) else ''"/>
    <xsl:choose>
      <!-- (e:is-prepared written out: asked for every element, and a function call costs) -->
      <xsl:when test="$known and root($element)/processing-instruction('edition-prepared')"><xsl:sequence select="$known"/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="b" as="xs:string*">
          <xsl:apply-templates select="$element" mode="behaviour">
            <xsl:with-param name="view" select="$view" tunnel="yes"/>
          </xsl:apply-templates>
        </xsl:variable>
        <xsl:sequence select="string-join($b)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- ===== The render dispatch: behaviour -> the output's named template, element as context ===== -->
  <xsl:template match="*" mode="render">
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:variable name="behaviour" select="e:behaviour(., $view)"/>
    <xsl:choose>
      <xsl:when test="$behaviour = 'block'"><xsl:call-template name="block"/></xsl:when>
      <xsl:when test="$behaviour = 'paragraph'"><xsl:call-template name="paragraph"/></xsl:when>
      <xsl:when test="$behaviour = 'heading'"><xsl:call-template name="heading"/></xsl:when>
      <xsl:when test="$behaviour = 'inline'"><xsl:call-template name="inline"/></xsl:when>
      <xsl:when test="$behaviour = 'note'"><xsl:call-template name="note"/></xsl:when>
      <xsl:when test="$behaviour = 'list'"><xsl:call-template name="list"/></xsl:when>
      <xsl:when test="$behaviour = 'item'"><xsl:call-template name="item"/></xsl:when>
      <xsl:when test="$behaviour = 'break'"><xsl:call-template name="break"/></xsl:when>
      <xsl:when test="$behaviour = 'alternate'"><xsl:call-template name="alternate"/></xsl:when>
      <xsl:when test="$behaviour = 'deletion'"><xsl:call-template name="deletion"/></xsl:when>
      <xsl:when test="$behaviour = 'addition'"><xsl:call-template name="addition"/></xsl:when>
      <xsl:when test="$behaviour = 'omit'"><xsl:call-template name="omit"/></xsl:when>
      <xsl:when test="$behaviour = 'link'"><xsl:call-template name="link"/></xsl:when>
      <xsl:when test="$behaviour = 'figure'"><xsl:call-template name="figure"/></xsl:when>
      <xsl:otherwise><xsl:call-template name="unknown"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== The prepare pass =====
       Runs on the source tree (so paths in messages are the source's) and returns a new document with the same
       elements plus e:* attributes, facts the outputs ask for again and again: on every element e:behaviour and
       e:behaviour-reading (the table's answer in each view) and e:index (its position among its siblings of the
       same name), on blocks e:path (e:path, where a block comes from), e:rend (e:rend-classes) where there is a
       @rend or @style; e:kind/e:n/e:mark/e:id on notes, e:entry/e:entry-type/e:occ on names that point at a
       register entry, e:hyphen on lb[@break='no'] (the hyphen moved out of the text so the reading view can join
       the word and the diplomatic view can show it), e:anchor on blocks without an xml:id.
       Whitespace runs become one space (except under xml:space="preserve"); egXML becomes its markup as text.
       The result starts with the processing instruction edition-prepared, by which the outputs know it. -->
  <xsl:function name="e:prepare" as="document-node()">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:document>
      <xsl:processing-instruction name="edition-prepared"/>
      <xsl:apply-templates select="$doc/node()" mode="prepare">
        <xsl:with-param name="numbers" select="e:numbers($doc)" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:document>
  </xsl:function>

  <!-- the document an output renders: as given when Python ran the prepare pass once for all outputs
       (Stylesheets.prepare), else prepared here. A source cannot pass for prepared: Python hands Saxon its root
       element alone, and prepare drops processing instructions. -->
  <xsl:function name="e:prepared" as="document-node()">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="if (e:is-prepared($doc)) then $doc else e:prepare($doc)"/>
  </xsl:function>

  <xsl:function name="e:is-prepared" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="exists(root($node)/processing-instruction('edition-prepared'))"/>
  </xsl:function>

  <!-- note numbers per TEI and kind, and anchors for blocks without xml:id, keyed by generate-id (internal only) -->
  <xsl:function name="e:numbers" as="map(xs:string, xs:integer)">
    <xsl:param name="doc" as="node()"/>
    <xsl:map>
      <xsl:for-each-group select="$doc//tei:text//tei:note" group-by="generate-id(ancestor::tei:TEI[1]) || '|' || e:note-kind(.)">
        <xsl:for-each select="current-group()">
          <xsl:map-entry key="generate-id(.)" select="position()"/>
        </xsl:for-each>
      </xsl:for-each-group>
      <xsl:for-each select="$doc//tei:text//(tei:p | tei:ab | tei:head | tei:item | tei:div | tei:l | tei:lg)[not(@xml:id)]">
        <xsl:map-entry key="generate-id(.)" select="position()"/>
      </xsl:for-each>
    </xsl:map>
  </xsl:function>

  <!-- Context comes down the tree rather than being looked up from every node: $space and $in-eg (the nearest
       xml:space above, whether an eg is: e:preserve-space), $path (the parent's path) and $index (the position
       among siblings of the same name, counted by the parent). -->
  <xsl:template match="*" mode="prepare">
    <xsl:param name="silent" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="space" as="xs:string" tunnel="yes" select="''"/>
    <xsl:param name="in-eg" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="path" as="xs:string" tunnel="yes" select="''"/>
    <xsl:param name="index" as="xs:integer" select="1"/>
    <xsl:variable name="behaviour" select="e:behaviour(., 'diplomatic')"/>
    <xsl:variable name="reading" select="e:behaviour(., 'reading')"/>
    <xsl:variable name="own-path" select="$path || '/Q{' || namespace-uri() || '}' || local-name() || '[' || $index || ']'"/>
    <xsl:if test="$behaviour = 'unknown' and not($silent)">
      <xsl:message>unknown-element|{name()}|{$own-path}</xsl:message>
    </xsl:if>
    <xsl:variable name="added" as="attribute()*">
      <xsl:apply-templates select="." mode="prepare-attributes"/>
    </xsl:variable>
    <!-- the table reads the source and, of what prepare adds, only e:entry (a name with a register entry is a
         link): for an element given its e:entry here the outputs ask the table ('' is not known) -->
    <xsl:variable name="known" select="empty($added/self::attribute(e:entry)) or exists(@e:entry)"/>
    <xsl:copy>
      <xsl:apply-templates select="@*" mode="prepare"/>
      <xsl:sequence select="$added"/>
      <xsl:attribute name="e:behaviour" select="$behaviour[$known]"/>
      <xsl:attribute name="e:behaviour-reading" select="$reading[$known]"/>
      <xsl:attribute name="e:index" select="$index"/>
      <xsl:if test="($behaviour, $reading) = ('block', 'paragraph', 'heading', 'list', 'item', 'figure', 'note')">
        <xsl:attribute name="e:path" select="$own-path"/>
      </xsl:if>
      <xsl:if test="@rend | @style"><xsl:attribute name="e:rend" select="e:rend-classes-of(.)"/></xsl:if>
      <xsl:variable name="inner-silent" select="$silent or $behaviour = 'omit'"/>
      <xsl:variable name="inner-space" select="(@xml:space/string(), $space)[1]"/>
      <xsl:variable name="inner-eg" select="$in-eg or exists(self::tei:eg | self::eg:egXML)"/>
      <xsl:iterate select="node()">
        <xsl:param name="counts" as="map(xs:QName, xs:integer)" select="map{}"/>
        <xsl:variable name="n" select="if (self::*) then ($counts(node-name(.)), 0)[1] + 1 else 0"/>
        <xsl:apply-templates select="." mode="prepare">
          <xsl:with-param name="silent" select="$inner-silent" tunnel="yes"/>
          <xsl:with-param name="space" select="$inner-space" tunnel="yes"/>
          <xsl:with-param name="in-eg" select="$inner-eg" tunnel="yes"/>
          <xsl:with-param name="path" select="$own-path" tunnel="yes"/>
          <xsl:with-param name="index" select="$n"/>
        </xsl:apply-templates>
        <xsl:next-iteration>
          <xsl:with-param name="counts" select="if ($n) then map:put($counts, node-name(.), $n) else $counts"/>
        </xsl:next-iteration>
      </xsl:iterate>
    </xsl:copy>
  </xsl:template>

  <!-- e:* attributes added to an element in prepare -->
  <xsl:mode name="prepare-attributes" on-no-match="deep-skip"/>
  <xsl:template match="tei:text//tei:note" mode="prepare-attributes">
    <xsl:param name="numbers" as="map(xs:string, xs:integer)" tunnel="yes"/>
    <xsl:variable name="kind" select="e:note-kind(.)"/>
    <xsl:variable name="n" select="$numbers(generate-id(.))"/>
    <xsl:variable name="prefix" select="map{'authorial': '', 'translator': 'T', 'editorial': 'E', 'gloss': 'G'}($kind)"/>
    <xsl:attribute name="e:kind" select="$kind"/>
    <xsl:attribute name="e:n" select="$n"/>
    <xsl:attribute name="e:mark" select="if ($kind = 'authorial' and normalize-space(@n)) then normalize-space(@n) else $prefix || $n"/>
    <xsl:attribute name="e:id" select="(@xml:id, (ancestor::tei:TEI[parent::tei:teiCorpus][1] ! (e:doc-id(.) || '-')) || 'note-' || lower-case($prefix) || $n)[1]"/>
  </xsl:template>
  <xsl:template match="tei:text//*[@ref][e:is-name(.)]" mode="prepare-attributes">
    <xsl:variable name="entry" select="e:entry(.)"/>
    <xsl:if test="$entry">
      <xsl:attribute name="e:entry" select="$entry/@xml:id"/>
      <xsl:attribute name="e:entry-type" select="local-name($entry)"/>
      <xsl:attribute name="e:occ" select="e:occurrence-id(.)"/>
    </xsl:if>
  </xsl:template>
  <xsl:template match="tei:lb[@break = 'no']" mode="prepare-attributes">
    <xsl:variable name="before" select="string(preceding-sibling::node()[1][self::text()])"/>
    <xsl:if test="matches($before, '[\-‐­¬]\s*$')">
      <xsl:attribute name="e:hyphen" select="replace($before, '^.*([\-‐­¬])\s*$', '$1', 's')"/>
    </xsl:if>
  </xsl:template>
  <xsl:template match="tei:text//*[not(@xml:id)][self::tei:p | self::tei:ab | self::tei:head | self::tei:item | self::tei:div | self::tei:l | self::tei:lg]" mode="prepare-attributes">
    <xsl:param name="numbers" as="map(xs:string, xs:integer)" tunnel="yes"/>
    <xsl:attribute name="e:anchor" select="local-name() || '-' || $numbers(generate-id(.))"/>
  </xsl:template>

  <!-- whitespace: one space for each run; around a hyphenation break nothing, and the hyphen moves to the lb -->
  <xsl:template match="text()" mode="prepare">
    <xsl:param name="space" as="xs:string" tunnel="yes" select="''"/>
    <xsl:param name="in-eg" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$space = 'preserve' or $in-eg"><xsl:copy/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="t" select="e:single-spaced(.)"/>
        <xsl:variable name="t" select="if (following-sibling::node()[1][self::tei:lb[@break = 'no']])
          then replace($t, '[\-‐­¬]?\s+$|[\-‐­¬]$', '') else $t"/>
        <xsl:variable name="t" select="if (preceding-sibling::node()[1][self::tei:lb[@break = 'no']])
          then replace($t, '^\s+', '') else $t"/>
        <!-- a note shown as a marker ([T9], E2, ¹) attaches to the word before it, as a footnote mark does, whatever
             the spacing of the source: "matter.[T9]", "overthrown[E2] was". Not where the marker is followed by a
             word, which the space keeps apart. -->
        <xsl:variable name="marker" select="following-sibling::node()[1][self::tei:note][not(@type = 'gloss' or @place = 'inline')]"/>
        <xsl:variable name="t" select="if ($marker and ends-with($t, ' ')
          and (empty($marker/following-sibling::node()[1]) or matches(string($marker/following-sibling::node()[1][self::text()]), '^[\s.,;:!?)\]”’]')))
          then substring($t, 1, string-length($t) - 1) else $t"/>
        <xsl:value-of select="$t"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- examples of markup are shown as markup -->
  <xsl:template match="eg:egXML" mode="prepare">
    <xsl:copy>
      <xsl:apply-templates select="@*" mode="prepare"/>
      <xsl:attribute name="xml:space">preserve</xsl:attribute>
      <xsl:variable name="markup" select="serialize(node(), map{'method': 'xml', 'omit-xml-declaration': true()})"/>
      <xsl:value-of select="if (contains($markup, ' xmlns')) then replace($markup, ' xmlns(:\w+)?=&quot;[^&quot;]*&quot;', '') else $markup"/>
    </xsl:copy>
  </xsl:template>

  <!-- A gap is an editorial insertion in brackets: it never runs into the word before it ("Soviet
       Union[… 1 line illegible]" where the source has the gap straight after a name). The space is part of the
       prepared text, so every output and view has it. -->
  <xsl:template match="tei:gap" mode="prepare" priority="1">
    <xsl:param name="space" as="xs:string" tunnel="yes" select="''"/>
    <xsl:variable name="before" select="preceding-sibling::node()[not(self::comment() or self::processing-instruction())][1]"/>
    <xsl:if test="not($space = 'preserve') and exists($before)
      and ($before/self::* or matches(string($before), '[^\s(\[“‘&quot;''«„]$'))">
      <xsl:text> </xsl:text>
    </xsl:if>
    <xsl:next-match/>
  </xsl:template>

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

  <xsl:function name="e:preserve-space" as="xs:boolean">
    <xsl:param name="el" as="node()?"/>
    <xsl:sequence select="($el/ancestor-or-self::*[@xml:space][1]/@xml:space = 'preserve')
      or exists($el/ancestor-or-self::tei:eg) or exists($el/ancestor-or-self::eg:egXML)"/>
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
    <xsl:variable name="archive" select="string-join((
        ($repository || (if ($settlement) then ' (' || $settlement || ')' else ''))[normalize-space()],
        $collection[.], (if ($msid/tei:idno[1][not(@type) or @type = 'file']) then 'file ' || $idno else $idno)[$idno]), ', ')"/>
    <xsl:variable name="licence-el" select="($fd/tei:publicationStmt/tei:availability/tei:licence, $fd/tei:publicationStmt/tei:availability)[1]"/>
    <xsl:variable name="authors" select="$ts/tei:author[not(@role = ('translator', 'trl'))] ! e:text(.)"/>
    <xsl:variable name="series" select="e:text(($fd/tei:seriesStmt/tei:title)[1])"/>
    <xsl:variable name="publisher" select="e:text(($fd/tei:publicationStmt/(tei:publisher | tei:distributor | tei:authority))[1])"/>
    <xsl:variable name="pub-date" select="e:text(($fd/tei:publicationStmt/tei:date)[1])"/>
    <xsl:variable name="source" select="e:bibl-text(($sd/(tei:bibl | tei:biblStruct | tei:biblFull | tei:p))[1])"/>
    <xsl:sequence select="map{
      'id': e:doc-id($tei),
      'title': ($title[.], 'Untitled')[1],
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
      'citation': string-join(e:citation-parts($authors, ($title[.], 'Untitled')[1], $translators, e:date-phrase($date-el), $series, $publisher, $pub-date, $archive, e:doc-id($tei), ()))
    }"/>
  </xsl:function>

  <!-- How to cite a document, the one wording every output uses: authors, “title,” translator, the source's date
       (as e:date-phrase gives it: "[1965, after 4 July]"), the archive, the series, this edition (publisher, year)
       and the document's xml:id; the web edition adds its page's file name ($page) before the xml:id. Three parts,
       so that an output may draw the archive its own way (the web edition keeps its languages): what comes before
       the archive, the archive with its full stop, and what comes after. -->
  <xsl:function name="e:citation-parts" as="xs:string+">
    <xsl:param name="authors" as="xs:string*"/>
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="translators" as="xs:string*"/>
    <xsl:param name="date" as="xs:string?"/>
    <xsl:param name="series" as="xs:string?"/>
    <xsl:param name="publisher" as="xs:string?"/>
    <xsl:param name="pub-date" as="xs:string?"/>
    <xsl:param name="archive" as="xs:string?"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="page" as="xs:string?"/>
    <xsl:variable name="after-title" select="(('translated by ' || string-join($translators, ' and '))[exists($translators)], $date[.])"/>
    <xsl:sequence select="string-join((
        string-join(($authors[1] || (' et al.')[count($authors) gt 2] || (' and ' || $authors[2])[count($authors) = 2])[exists($authors)], ''),
        '“' || $title || (if (exists($after-title)) then ',” ' || string-join($after-title, ', ') || '.' else '.”'))[.], ', ') || ' ',
      string(($archive || '. ')[$archive]),
      ($series || '. ')[$series] || 'Digital edition' || (', ' || string-join(($publisher, $pub-date)[.], ', '))[$publisher or $pub-date]
        || ', ' || (if ($page) then $page || ' (xml:id ' || $id || ')' else 'xml:id ' || $id) || '.'"/>
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

  <!-- every occurrence of an entry in the documents (source trees), in document order -->
  <xsl:function name="e:occurrences" as="element()*">
    <xsl:param name="entry-id" as="xs:string"/>
    <xsl:sequence select="$documents ! key('e:ref', $entry-id, .)[e:is-name(.)]"/>
  </xsl:function>

  <!-- the nearest citable block (with an xml:id) around an element -->
  <xsl:function name="e:citable" as="element()?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="$el/ancestor-or-self::*[@xml:id][self::tei:p | self::tei:ab | self::tei:item | self::tei:head | self::tei:div | self::tei:note | self::tei:l][1]"/>
  </xsl:function>

  <!-- path() of an element (Q{uri}name[n] steps, which Python resolves in the source), from what prepare wrote
       down (the whole path on blocks, the position among same-name siblings on every element): path() counts the
       preceding siblings of each step, which is quadratic on a long list -->
  <xsl:function name="e:path" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="if (not($el/@e:index and e:is-prepared($el))) then path($el)
      else if ($el/@e:path) then string($el/@e:path)
      else string-join($el/ancestor-or-self::* ! ('/Q{' || namespace-uri() || '}' || local-name() || '[' || @e:index || ']'))"/>
  </xsl:function>

  <!-- an element's position among its siblings of the same name (what path() counts), as prepare wrote it down -->
  <xsl:function name="e:index" as="xs:integer">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="if ($el/@e:index and e:is-prepared($el)) then xs:integer($el/@e:index)
      else count($el/preceding-sibling::*[node-name() eq node-name($el)]) + 1"/>
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
      ('handwritten'[matches($text, 'hand-?written|manuscript|by hand')],
       'stamp'[matches($text, 'stamp')],
       'typescript'[matches($text, 'type-?script|typed|typewrit')])[1],
      replace($note/@xml:id, '^hand-?', ''))[1]"/>
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
    <xsl:variable name="role-name" select="map{'translator': 'the translator', 'author': 'the author', 'editor': 'the editors', 'edition': 'this edition''s editors', '': ''}($role)"/>
    <xsl:sequence select="string-join(($role-name[.], $who[. and not($role = 'edition')]), ', ')"/>
  </xsl:function>

  <!-- a block whose whole text is deleted (labels, marks and notes aside): the reading view leaves it out -->
  <!-- A paragraph cut by the page (TEI @part): what the reader is told at its start and at its end. -->
  <xsl:function name="e:cut" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:param name="end" as="xs:string"/>
    <xsl:sequence select="if ($end = 'start' and $el/@part = ('F', 'M')) then 'The paragraph begins on an earlier page.'
                          else if ($end = 'end' and $el/@part = ('I', 'M')) then 'The paragraph continues on a later page.'
                          else ()"/>
  </xsl:function>

  <!-- ===== Cross-format policy: what every output shows the same way (wording here, syntax in the outputs) ===== -->

  <!-- Where a transcription of pages of a source stops: the end of its last page (pb/@n), 'end of p. 28', shown
       after the text in every output and view (without brackets); () for a text without page breaks. -->
  <xsl:function name="e:end-of-page" as="xs:string?">
    <xsl:param name="text" as="element()*"/>
    <xsl:sequence select="($text//tei:pb)[last()] ! ('end of ' || e:label(.))"/>
  </xsl:function>

  <!-- ... and what that means, from whether its last paragraph is marked as going on (@part I or M) or not (then
       nothing shows that the text continues) -->
  <xsl:function name="e:end-of-page-note" as="xs:string?">
    <xsl:param name="text" as="element()*"/>
    <xsl:variable name="last-p" select="($text//(tei:p | tei:ab)[not(ancestor::tei:note)])[last()]"/>
    <xsl:sequence select="if (empty($text//tei:pb)) then ()
      else if ($last-p/@part = ('I', 'M')) then 'The last paragraph continues on a later page, which this edition does not include.'
      else 'The transcription ends with this page; its last paragraph is not marked as continuing, so nothing in the encoding shows whether the text goes on on a later page.'"/>
  </xsl:function>

  <!-- an empty metamark: the mark is on the page but nothing of it is transcribed (the translator only describes it) -->
  <xsl:function name="e:is-empty-mark" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el/self::tei:metamark) and not(normalize-space($el)) and empty($el/*)"/>
  </xsl:function>

  <!-- the editorial description shown (diplomatic view only) for an empty metamark, without its brackets:
       'mark, not transcribed: deletion' -->
  <xsl:function name="e:untranscribed-mark" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="function" select="normalize-space($el/@function)"/>
    <xsl:sequence select="'mark, not transcribed' || (': ' || replace($function, '[-_]', ' '))[$function]"/>
  </xsl:function>

  <!-- is a deletion drawn struck through? Only where its @rend (or @style) says so: a del without it is deleted
       (dropped by a note, say) but not shown as crossed out -->
  <xsl:function name="e:is-struck" as="xs:boolean">
    <xsl:param name="del" as="element()"/>
    <xsl:sequence select="e:rend-classes($del) = 'rend-strikethrough'"/>
  </xsl:function>

  <!-- the words of a deletion that is not struck through, before its text: 'deleted' -->
  <xsl:function name="e:unstruck-label" as="xs:string">
    <xsl:param name="del" as="element()"/>
    <xsl:sequence select="'deleted'"/>
  </xsl:function>

  <!-- what the reading text shows where it leaves a deleted passage out (every output, without brackets): for a
       paragraph deleted whole, words; for words deleted within a paragraph, the sign the web edition has (⌫),
       which does not break the sentence around it -->
  <xsl:function name="e:deleted-marker" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="if ($el/self::tei:del) then '⌫' else 'deleted passage — see the diplomatic text'"/>
  </xsl:function>

  <!-- what a paragraph deleted whole is, with the hands of its deletions as the diplomatic view labels them:
       'Deleted paragraph (handwritten)' -->
  <xsl:function name="e:deleted-paragraph-label" as="xs:string">
    <xsl:param name="p" as="element()"/>
    <xsl:variable name="hands" select="distinct-values($p//tei:del ! e:hand-label(.))"/>
    <xsl:sequence select="'Deleted paragraph' || (' (' || string-join($hands, ', ') || ')')[exists($hands)]"/>
  </xsl:function>

  <!-- does the reading text put a deleted-passage marker for this deletion? Yes for a deletion that is not inside
       another one nor inside a paragraph left out whole (which has its own marker) -->
  <xsl:function name="e:has-deleted-marker" as="xs:boolean">
    <xsl:param name="del" as="element()"/>
    <xsl:sequence select="exists($del/self::tei:del) and empty($del/ancestor::tei:del)
      and not($del/ancestor::*[self::tei:p or self::tei:ab][1][e:is-deleted(.)])"/>
  </xsl:function>

  <!-- the section ornament of a milestone: its @n as encoded (the printed form), else three asterisks -->
  <xsl:function name="e:milestone-text" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="(normalize-space($el/@n)[.], '* * *')[1]"/>
  </xsl:function>

  <!-- Does a space follow a label (a numbered point's "1/-")? The text is as in the source ("1/-Vietnam’s": nothing
       is normalised), so only where the label and the next word would otherwise run into one word. -->
  <xsl:function name="e:label-space" as="xs:boolean">
    <xsl:param name="label" as="element()"/>
    <xsl:variable name="next" select="$label/following-sibling::node()[1]"/>
    <xsl:sequence select="exists($label/self::tei:label) and matches(string($label), '[\p{L}\p{N}]$')
      and exists($next) and matches(string($next), '^[\p{L}\p{N}]')"/>
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

  <!-- who is responsible for the words in square brackets (supplied words, glosses): 'the translator, Merle
       Pribbenow'; the editors where nobody is named -->
  <xsl:function name="e:bracket-parties" as="xs:string*">
    <xsl:param name="els" as="element()*"/>
    <xsl:sequence select="distinct-values($els ! (e:resp-phrase(.)[.], 'the editors')[1])"/>
  </xsl:function>

  <xsl:function name="e:and-list" as="xs:string">
    <xsl:param name="items" as="xs:string*"/>
    <!-- (items that hold commas, 'the translator, Merle Pribbenow', are kept apart by semicolons) -->
    <xsl:variable name="sep" select="if (some $i in $items satisfies contains($i, ',')) then '; ' else ', '"/>
    <xsl:sequence select="if (count($items) le 1) then string($items)
      else if (count($items) = 2 and $sep = ', ') then string-join($items, ' and ')
      else string-join($items[position() lt last()], $sep) || $sep || 'and ' || $items[last()]"/>
  </xsl:function>

  <!-- legend wording for square brackets, from the document: ('supplied', 'words supplied by ...') and
       ('gloss', 'glosses by ...') for what it uses -->
  <xsl:function name="e:bracket-legend" as="map(xs:string, xs:string)">
    <xsl:param name="roots" as="node()*"/>
    <xsl:variable name="t" select="$roots//tei:text"/>
    <xsl:variable name="supplied" select="$t//tei:supplied"/>
    <xsl:variable name="glosses" select="$t//tei:note[e:note-kind(.) = 'gloss']"/>
    <xsl:map>
      <xsl:if test="$supplied"><xsl:map-entry key="'supplied'" select="'words supplied by ' || e:and-list(e:bracket-parties($supplied))"/></xsl:if>
      <xsl:if test="$glosses"><xsl:map-entry key="'gloss'" select="'glosses (explanations) by ' || e:and-list(e:bracket-parties($glosses))"/></xsl:if>
    </xsl:map>
  </xsl:function>

  <!-- legend wording for "[sic]", from who flags the words (@resp of the sic, as for the brackets): 'so in the
       source, flagged by this edition's editors' -->
  <xsl:function name="e:sic-legend" as="xs:string?">
    <xsl:param name="roots" as="node()*"/>
    <xsl:variable name="sics" select="$roots//tei:text//tei:sic[not(parent::tei:choice)]"/>
    <xsl:sequence select="('so in the source, flagged by ' || e:and-list(e:bracket-parties($sics)))[exists($sics)]"/>
  </xsl:function>

  <!-- one sentence for a view's introduction: 'Square brackets hold words supplied by ... and glosses by ....' -->
  <xsl:function name="e:bracket-sentence" as="xs:string?">
    <xsl:param name="roots" as="node()*"/>
    <xsl:variable name="legend" select="e:bracket-legend($roots)"/>
    <xsl:variable name="t" select="$roots//tei:text"/>
    <xsl:variable name="supplied" select="e:bracket-parties($t//tei:supplied)"/>
    <xsl:variable name="glosses" select="e:bracket-parties($t//tei:note[e:note-kind(.) = 'gloss'])"/>
    <!-- the same parties for both: named once -->
    <xsl:variable name="parts" select="if (exists($supplied) and exists($glosses) and deep-equal($supplied, $glosses))
      then 'words supplied and glosses (explanations) by ' || e:and-list($supplied) else ($legend?supplied, $legend?gloss)"/>
    <xsl:sequence select="('Square brackets hold ' || string-join($parts, ', and ') || '.')[exists($parts)]"/>
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
      else if ($nb and $na and $y1 = $y2) then $y1 || (if ($after and $before) then ', between ' || $after || ' and ' || $before
        else if ($after) then ', after ' || $after else if ($before) then ', before ' || $before else '')
      else if ($nb and $na) then $y1 || '–' || $y2
      else if ($nb) then 'after ' || string-join(($after, $y1)[.], ' ')
      else 'before ' || string-join(($before, $y2)[.], ' ')"/>
    <xsl:sequence select="if ($inferred) then '[' || $inferred || ']' else (e:text($date)[.], string($date/@when))[1]"/>
  </xsl:function>

  <!-- '4 July' from 1965-07-04, 'July' from 1965-07, '' from a year -->
  <xsl:function name="e:day-month" as="xs:string?">
    <xsl:param name="iso" as="xs:string"/>
    <xsl:variable name="months" select="('January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
      'September', 'October', 'November', 'December')"/>
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
      else if ($note/@type = ('editorial', 'editor', 'ed')) then 'editorial'
      else if ($note/@type = ('authorial', 'author')) then 'authorial'
      else if (normalize-space($note/@resp)) then 'editorial'
      else 'authorial'"/>
  </xsl:function>

  <xsl:variable name="e:note-kinds" as="xs:string+" select="('authorial', 'translator', 'gloss', 'editorial')"/>

  <!-- one note of a kind: 'Translator’s note', 'Gloss' -->
  <xsl:function name="e:note-kind-name" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="(map{'authorial': 'Author’s note', 'translator': 'Translator’s note',
      'gloss': 'Gloss', 'editorial': 'Editors’ note'}($kind), 'Note')[1]"/>
  </xsl:function>

  <xsl:function name="e:note-kind-label" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="(map{'authorial': 'Author’s notes', 'translator': 'Translator’s notes',
      'gloss': 'Glosses', 'editorial': 'Editors’ notes'}($kind), 'Notes')[1]"/>
  </xsl:function>

  <!-- is the note shown in the running text (in brackets) rather than as a numbered note? -->
  <xsl:function name="e:note-inline" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="$note/@place = 'inline' or e:note-kind($note) = 'gloss'"/>
  </xsl:function>

  <!-- ===== Labels and descriptions (words, not syntax) ===== -->
  <!-- brackets the outputs draw around an element's content (the translator's brackets are markup) -->
  <xsl:function name="e:brackets" as="xs:string+">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="if ($el/self::tei:supplied or $el/self::tei:gap or $el/self::tei:note[e:note-inline(.)])
      then ('[', ']') else ('', '')"/>
  </xsl:function>

  <xsl:function name="e:place-label" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="p" select="normalize-space($el/@place)"/>
    <xsl:sequence select="if (not($p) or $p = 'unspecified') then ()
      else (map{'top': 'top', 'margin': 'margin', 'above': 'above the line', 'below': 'below the line',
        'inline': 'in the line', 'bottom': 'bottom', 'foot': 'foot', 'left': 'left margin', 'right': 'right margin',
        'overstrike': 'over the text', 'end': 'end'}($p), replace($p, '[-_]', ' '))[1]"/>
  </xsl:function>

  <!-- a short label: the mark for a note ('T1'), the mark of a metamark, 'hand, place' of an addition,
       'sic', the description of a gap, 'p. 28' for a page break -->
  <xsl:function name="e:label" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="
      if ($el/self::tei:note) then string($el/@e:mark)
      else if ($el/self::tei:metamark) then (e:text($el)[.], e:untranscribed-mark($el))[1]
      else if ($el/self::tei:add or $el/self::tei:del) then string-join((e:hand-label($el), e:place-label($el)[$el/self::tei:add]), ', ')
      else if ($el/self::tei:sic) then 'sic'
      else if ($el/self::tei:gap) then e:gap-label($el)
      else if ($el/self::tei:pb) then (('p. ' || normalize-space($el/@n))[normalize-space($el/@n)], 'page break')[1]
      else if ($el/self::tei:supplied) then 'supplied'
      else ()"/>
  </xsl:function>

  <xsl:function name="e:gap-label" as="xs:string">
    <xsl:param name="gap" as="element()"/>
    <xsl:variable name="extent" select="if ($gap/@quantity) then normalize-space($gap/@quantity) || ' ' || normalize-space(($gap/@unit, 'units')[1])
      || (if (normalize-space($gap/@quantity) = '1') then '' else 's')[not(ends-with(normalize-space($gap/@unit), 's'))]
      else normalize-space($gap/@extent)"/>
    <xsl:sequence select="string-join(('…', $extent[.], normalize-space($gap/@reason)[.]), ' ')"/>
  </xsl:function>

  <!-- a sentence saying what an intervention is and who made it, for tooltips and legends (asked of every
       element the web edition writes: most have none, and are answered without looking up who is responsible) -->
  <xsl:function name="e:description" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="if ($el[self::tei:add or self::tei:del or self::tei:metamark or self::tei:supplied or self::tei:sic
      or self::tei:choice or self::tei:gap or self::tei:note or self::tei:fw or @hand]) then e:description-of($el) else ()"/>
  </xsl:function>

  <xsl:function name="e:description-of" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="hand" select="e:hand-label($el)"/>
    <xsl:variable name="place" select="e:place-label($el)"/>
    <xsl:variable name="mark" select="string-join(('Mark', ('(' || $hand || ')')[$hand], ('in the ' || $place)[$place = 'margin'], $place[not(. = 'margin')]), ' ')"/>
    <xsl:sequence select="
      if ($el/self::tei:add) then string-join(('Added', ('(' || $hand || ')')[$hand], $place ! ('at ' || .)[$place = ('top', 'bottom', 'foot', 'end')], $place ! ('in the ' || .)[$place = 'margin'], $place[not(. = ('top', 'bottom', 'foot', 'end', 'margin'))]), ' ')
      else if ($el/self::tei:del) then string-join(('Deleted', ('(' || $hand || ')')[$hand]), ' ') || ': ' || e:text($el)
      else if ($el/self::tei:metamark and e:is-empty-mark($el)) then $mark || ', not transcribed' || (': ' || normalize-space($el/@function))[normalize-space($el/@function)]
      else if ($el/self::tei:metamark) then $mark || ': ' || e:label($el) || (' (' || normalize-space($el/@function) || ')')[$el/@function]
      else if ($el/self::tei:supplied) then 'Supplied by ' || (e:resp-phrase($el)[.], 'the editors')[1]
      else if ($el/self::tei:sic[not(parent::tei:choice)]) then 'So in the source' || (e:resp-phrase($el)[.] ! (' (flagged by ' || . || ')'))
      else if ($el/self::tei:choice[tei:sic and tei:corr]) then 'Corrected by ' || (e:resp-phrase($el/tei:corr[1])[.], 'the editors')[1] || ' from “' || e:text($el/tei:sic[1]) || '”' || (' (certainty: ' || normalize-space($el/tei:corr[1]/@cert) || ')')[$el/tei:corr[1]/@cert]
      else if ($el/self::tei:choice[tei:orig and tei:reg]) then 'Regularised from “' || e:text($el/tei:orig[1]) || '”'
      else if ($el/self::tei:choice[tei:abbr and tei:expan]) then 'Abbreviation: “' || e:text($el/tei:abbr[1]) || '”'
      else if ($el/self::tei:gap) then 'Not transcribed: ' || replace(e:gap-label($el), '^…\s*', '')
      else if ($el/self::tei:note) then e:note-kind-name(e:note-kind($el)) || (' (' || e:responsibility($el) || ')')[e:responsibility($el)]
      else if ($el/self::tei:fw) then (map{'classification': 'Classification marking', 'pageNum': 'Page number', 'stamp': 'Stamp', 'header': 'Running head', 'footer': 'Running foot', 'catch': 'Catchword', 'sig': 'Signature'}(string($el/@type)), 'Forme work')[1] || (', ' || e:place-label($el))[e:place-label($el)]
      else if ($el/@hand) then 'In the hand: ' || $hand
      else ()"/>
  </xsl:function>

  <!-- a correction of this edition (or of another party) as a note, for the lists of corrections every output
       gives: 'Read “Europe” for “Burope” (corrected by this edition's editors; certainty: high).' -->
  <xsl:function name="e:correction-note" as="xs:string">
    <xsl:param name="choice" as="element()"/>
    <xsl:variable name="corr" select="$choice/tei:corr[1]"/>
    <xsl:sequence select="'Read “' || e:text($corr) || '” for “' || e:text($choice/tei:sic[1]) || '” ('
      || string-join((('corrected by ' || e:resp-phrase($corr))[e:resp-phrase($corr)], 'correction'[not(e:resp-phrase($corr))],
        ('certainty: ' || normalize-space($corr/@cert))[normalize-space($corr/@cert)]), '; ') || ').'"/>
  </xsl:function>

  <!-- the corrections (choice of sic and corr) of a text; and the entries of its apparatus (these corrections and
       the apps with other readings), in document order: an entry's letter is its position, from a in each TEI, as
       the diplomatic PDF letters them -->
  <xsl:function name="e:corrections" as="element()*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="$tei//tei:text//tei:choice[tei:sic and tei:corr]"/>
  </xsl:function>

  <xsl:function name="e:apparatus-entries" as="element()*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="$tei//tei:text//(tei:app | tei:choice)[e:in-apparatus(., 'diplomatic')]"/>
  </xsl:function>

  <!-- is an element an entry of a view's apparatus (a lettered note for what the view does not show in the text)?
       In both views the other readings of an app; in the diplomatic view also the editors' corrections -->
  <xsl:function name="e:in-apparatus" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:param name="view" as="xs:string"/>
    <xsl:sequence select="exists($el[self::tei:app][exists(e:alternate-others(., $view))]
      | $el[$view = 'diplomatic'][self::tei:choice[tei:sic and tei:corr]])"/>
  </xsl:function>

  <!-- quotation marks for an inline q or quote whose source has none (our sources keep them as characters) -->
  <xsl:function name="e:quote-marks" as="xs:string+">
    <xsl:param name="el" as="element()"/>
    <xsl:choose>
      <!-- asked of every inline: the others are answered before their text is read -->
      <xsl:when test="not($el/self::tei:q or $el/self::tei:quote)"><xsl:sequence select="'', ''"/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="before" select="string($el/preceding-sibling::node()[1][self::text()])"/>
        <xsl:variable name="text" select="normalize-space($el)"/>
        <xsl:sequence select="if ($text and not(matches($before, '[“&quot;‘''«„]\s*$')) and not(matches($text, '^[“&quot;‘''«„]')))
          then ('“', '”') else ('', '')"/>
      </xsl:otherwise>
    </xsl:choose>
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
    'strikethrough': 'strikethrough', 'strike': 'strikethrough', 'overstrike': 'strikethrough', 'line-through': 'strikethrough', 'struck': 'strikethrough',
    'superscript': 'superscript', 'sup': 'superscript', 'super': 'superscript', 'sc-super': 'superscript',
    'subscript': 'subscript', 'sub': 'subscript',
    'smallcaps': 'smallcaps', 'sc': 'smallcaps', 'small-caps': 'smallcaps', 'caps': 'smallcaps',
    'uppercase': 'uppercase', 'allcaps': 'uppercase',
    'block': 'block', 'display': 'block',
    'bulleted': 'bulleted', 'bullets': 'bulleted', 'bullet': 'bulleted', 'unordered': 'bulleted', 'simple': 'plain', 'inline': 'inline-list',
    'numbered': 'numbered', 'ordered': 'numbered', 'arabic': 'numbered',
    'center': 'center', 'centre': 'center', 'centered': 'center', 'centred': 'center',
    'right': 'right', 'align-right': 'right', 'left': 'left',
    'large': 'large', 'larger': 'large', 'small': 'small', 'smaller': 'small',
    'code': 'monospace', 'monospace': 'monospace', 'typewriter': 'monospace', 'tt': 'monospace',
    'quoted': 'quoted', 'quotes': 'quoted', 'asterisks': 'asterisks', 'spaced': 'spaced', 'gothic': 'blackletter', 'blackletter': 'blackletter'}"/>

  <!-- known @rend tokens (and a few @style properties) mapped to the fixed class list: 'rend-italic' ... In a
       prepared tree, as prepare wrote them down (e:rend): every output asks, and in some documents most elements
       have a @rend. -->
  <xsl:function name="e:rend-classes" as="xs:string*">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="if (not($el/@rend or $el/@style)) then ()
      else if ($el/@e:rend and root($el)/processing-instruction('edition-prepared')) then tokenize($el/@e:rend)
      else e:rend-classes-of($el)"/>
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

  <!-- class tokens for an element: its name, its type, its rend classes, who is responsible, a later hand -->
  <!-- (asked of every element the web edition writes: each part is worked out only where it can be) -->
  <xsl:function name="e:classes" as="xs:string*">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="local-name($el),
      if (normalize-space($el/@type)) then 'type-' || e:token($el/@type) else (),
      if ($el/@rend or $el/@style) then e:rend-classes($el) else (),
      if ($el/@resp or $el/self::tei:note) then e:resp-role($el)[.] ! ('resp-' || .) else (),
      if ($el/@hand and e:later-hand($el)) then 'later-hand' else (),
      if (normalize-space($el/@place) and ($el/self::tei:add or $el/self::tei:metamark or $el/self::tei:fw or $el/self::tei:note))
        then 'place-' || e:token($el/@place) else ()"/>
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

  <!-- ===== Headings ===== -->
  <!-- 1 for a top-level division's head, deeper for nested divisions -->
  <xsl:function name="e:heading-depth" as="xs:integer">
    <xsl:param name="head" as="element()"/>
    <xsl:sequence select="max((1, count($head/ancestor::*[self::tei:div or matches(local-name(), '^div[1-7]$') or self::tei:floatingText or self::tei:group[ancestor::tei:text]])))"/>
  </xsl:function>

  <!-- ===== Conventions used (for legends) ===== -->
  <!-- names of the conventions a set of prepared or source trees uses: add del subst supplied sic choice
       gloss note-authorial note-translator note-editorial metamark gap lb pb fw later-hand -->
  <xsl:function name="e:conventions" as="xs:string*">
    <xsl:param name="roots" as="node()*"/>
    <xsl:variable name="t" select="$roots//tei:text"/>
    <xsl:sequence select="(
      'add'[$t//tei:add], 'del'[$t//tei:del], 'subst'[$t//tei:subst], 'supplied'[$t//tei:supplied],
      'sic'[$t//tei:sic[not(parent::tei:choice)]], 'choice'[$t//tei:choice], 'gap'[$t//tei:gap], 'metamark'[$t//tei:metamark],
      'del-struck'[some $d in $t//tei:del satisfies e:is-struck($d)], 'del-unstruck'[some $d in $t//tei:del satisfies not(e:is-struck($d))],
      'metamark-text'[some $m in $t//tei:metamark satisfies not(e:is-empty-mark($m))], 'metamark-empty'[some $m in $t//tei:metamark satisfies e:is-empty-mark($m)],
      'deleted-paragraph'[some $p in $t//(tei:p | tei:ab) satisfies e:is-deleted($p)], 'deleted-words'[some $d in $t//tei:del satisfies e:has-deleted-marker($d)],
      for $k in $e:note-kinds return ('note-' || $k)[some $n in $t//tei:note satisfies e:note-kind($n) = $k],
      'lb'[$t//tei:lb], 'hyphen'[$t//tei:lb[@break = 'no']], 'pb'[$t//tei:pb], 'fw'[$t//tei:fw],
      'later-hand'[some $x in $t//*[@hand] satisfies e:later-hand($x)],
      'name'[$t//*[@ref][e:is-name(.)]])"/>
  </xsl:function>
</xsl:stylesheet>
