<?xml version="1.0" encoding="UTF-8"?>
<!-- The web edition: a page per document (metadata, reading and diplomatic views, notes, legend) and the corpus
     pages (index, persons, places, organizations, encoding). Imports the core (common.xsl) and defines each
     behaviour as a named template writing HTML5; assets/edition.css and assets/edition.js do the rest. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:eg="http://www.tei-c.org/ns/Examples"
  xmlns:e="urn:x-edition:functions"
  exclude-result-prefixes="#all" expand-text="yes">

  <xsl:import href="common.xsl"/>

  <xsl:output method="html" html-version="5" indent="no" encoding="UTF-8" include-content-type="no"/>

  <!-- the initial mode: only the document node is matched; the accumulators apply to the document given -->
  <xsl:mode on-no-match="shallow-skip" use-accumulators="#all"/>

  <!-- the web edition's own parameters (set by Python): the formats the build makes, for the download links, and
       the file names of the registers, copied beside the sources -->
  <xsl:param name="formats" as="xs:string*" select="('html', 'txt', 'pdf')"/>
  <xsl:param name="register-files" as="xs:string*" select="()"/>

  <xsl:variable name="csp" select="&quot;default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'&quot;"/>

  <!-- ===== Document page ===== -->
  <xsl:template match="/">
    <xsl:variable name="doc" select="e:prepared(.)"/>
    <xsl:variable name="m" select="e:meta($doc/*)"/>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="$m?title"/>
      <xsl:with-param name="lang" select="($m?lang[.], 'en')[1]"/>
      <xsl:with-param name="document" select="$doc"/>
    </xsl:call-template>
  </xsl:template>

  <!-- the text of a prepared document, its notes and legend -->
  <xsl:template name="document-article">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="root" select="$doc/*"/>
    <article class="document" aria-labelledby="doc-title">
      <xsl:call-template name="doc-header">
        <xsl:with-param name="tei" select="$root"/>
        <xsl:with-param name="heading-id" select="'doc-title'"/>
      </xsl:call-template>
      <nav class="views" aria-label="Views of the text">
        <ul>
          <li><a href="#reading">Reading text</a></li>
          <li><a href="#diplomatic">Diplomatic text</a></li>
          <li><a href="#notes">Notes</a></li>
          <li><a href="#legend">Legend</a></li>
        </ul>
      </nav>
      <xsl:for-each select="('reading', 'diplomatic')">
        <xsl:variable name="v" select="."/>
        <section id="{$v}" class="view view-{$v}" aria-labelledby="{$v}-title">
          <h2 id="{$v}-title">{if ($v = 'reading') then 'Reading text' else 'Diplomatic text'}</h2>
          <p class="view-intro">{if ($v = 'reading')
            then string-join(('Corrections applied', 'deletions left out (⌫ marks where; hover or focus it to read)'[e:conventions($doc) = 'del'],
              'hyphenated words joined'[e:conventions($doc) = 'hyphen']), ', ') || '.' || (' ' || e:bracket-sentence($doc))[e:bracket-sentence($doc)]
            else 'The text as written' || (': ' || string-join((
              'deletions struck through where the source crosses them out, otherwise labelled “deleted”'[e:conventions($doc) = 'del'],
              'additions marked with their hand and place'[e:conventions($doc) = 'add'],
              'marks in the margin, or described where they are not transcribed'[e:conventions($doc) = 'metamark'],
              'the source’s forms uncorrected'[e:conventions($doc) = 'choice'],
              'its line breaks'[e:conventions($doc) = 'lb'], 'running heads, stamps and page numbers'[e:conventions($doc) = 'fw']), ', '))[e:conventions($doc) = ('del', 'add', 'metamark', 'choice', 'lb', 'fw')] || '.' || (' ' || e:bracket-sentence($doc))[e:bracket-sentence($doc)]}</p>
          <xsl:apply-templates select="$root/node() except $root/tei:teiHeader" mode="render">
            <xsl:with-param name="view" select="$v" tunnel="yes"/>
            <xsl:with-param name="prefix" select="if ($v = 'reading') then '' else 'dip-'" tunnel="yes"/>
          </xsl:apply-templates>
          <xsl:call-template name="end-of-page"><xsl:with-param name="text" select="$root/tei:text"/></xsl:call-template>
        </section>
      </xsl:for-each>
      <xsl:call-template name="notes-section">
        <xsl:with-param name="roots" select="$root"/>
      </xsl:call-template>
      <section id="legend" class="legend" aria-labelledby="legend-title">
        <h2 id="legend-title">Legend</h2>
        <xsl:call-template name="legend">
          <xsl:with-param name="roots" select="$doc"/>
        </xsl:call-template>
      </section>
    </article>
  </xsl:template>

  <!-- the page frame: head, site header and navigation, main, footer -->
  <xsl:template name="page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="lang" as="xs:string" select="'en'"/>
    <xsl:param name="current" as="xs:string" select="''"/>
    <xsl:param name="content" as="node()*" select="()"/>
    <!-- a document page's article is written in place rather than built and then copied: it is most of the page -->
    <xsl:param name="document" as="document-node()?" select="()"/>
    <html lang="{$lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta http-equiv="Content-Security-Policy" content="{$csp}"/>
        <title>{$title} · {e:site-title()}</title>
        <link rel="stylesheet" href="edition.css"/>
        <script src="edition.js" defer="defer"></script>
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to the content</a>
        <header class="site-header">
          <p class="site-title"><a href="index.html">{e:site-title()}</a></p>
          <nav class="site-nav" aria-label="Site">
            <ul>
              <xsl:for-each select="(['index', 'Documents'], ['persons', 'Persons'], ['places', 'Places'], ['organizations', 'Organizations'], ['encoding', 'Encoding'])">
                <li><a href="{?1}.html">
                  <xsl:if test="?1 = $current"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>{?2}</a></li>
              </xsl:for-each>
            </ul>
          </nav>
        </header>
        <main id="main">
          <xsl:sequence select="$content"/>
          <xsl:if test="exists($document)">
            <xsl:call-template name="document-article"><xsl:with-param name="doc" select="$document"/></xsl:call-template>
          </xsl:if>
        </main>
        <footer class="site-footer">
          <p>{e:site-title()}. Texts and licences as stated on each page; see <a href="encoding.html">Encoding</a> for the editorial principles.</p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- the edition's name: the first clause of a project description, or a plain default -->
  <xsl:function name="e:site-title" as="xs:string">
    <!-- the registers speak for the whole edition; a document page sees only its own document -->
    <xsl:variable name="desc" select="e:text(($registers//tei:encodingDesc/tei:projectDesc,
                                              $documents//tei:encodingDesc/tei:projectDesc)[1])"/>
    <xsl:variable name="first" select="replace(replace($desc, '^(.*?)(:\s|;\s|,\s|\.\s+\p{Lu}|\.$).*$', '$1', 's'), '^(A|An)\s+', '')"/>
    <xsl:sequence select="if ($first) then upper-case(substring($first, 1, 1)) || substring($first, 2) else 'Digital edition'"/>
  </xsl:function>

  <!-- metadata block of a document -->
  <xsl:template name="doc-header">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="heading-id" as="xs:string?"/>
    <xsl:param name="level" as="xs:integer" select="1"/>
    <xsl:variable name="m" select="e:meta($tei)"/>
    <xsl:variable name="file" select="($source-file[.], $m?id || '.xml')[1]"/>
    <header class="doc-header">
      <xsl:if test="$m?series"><p class="series">{$m?series}</p></xsl:if>
      <xsl:element name="h{$level}">
        <xsl:if test="$heading-id"><xsl:attribute name="id" select="$heading-id"/></xsl:if>{$m?title}</xsl:element>
      <xsl:if test="$m?subtitle"><p class="subtitle">{$m?subtitle}</p></xsl:if>
      <xsl:variable name="archive" as="node()*"><xsl:call-template name="archive"><xsl:with-param name="tei" select="$tei"/></xsl:call-template></xsl:variable>
      <xsl:variable name="archival-title" as="node()*">
        <xsl:for-each select="($tei/tei:teiHeader/tei:fileDesc/tei:sourceDesc//tei:msDesc)[1]/tei:msIdentifier/tei:msName[normalize-space()][1]">
          <xsl:call-template name="header-words"/>
        </xsl:for-each>
      </xsl:variable>
      <!-- what the header says the document is (and, for a fragment, where it begins and ends) -->
      <xsl:variable name="summary" as="node()*">
        <xsl:apply-templates select="e:summary($tei)/node()" mode="render">
          <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          <xsl:with-param name="ids" select="false()" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:variable>
      <dl class="metadata">
        <!-- values are strings or rendered nodes (which keep the header's xml:lang as lang) -->
        <xsl:for-each select="(['Author', string-join($m?authors, '; ')], ['Translator', string-join($m?translators, '; ')],
          ['Date', $m?date], ['Archive', $archive], ['Archival title', $archival-title], ['Source', $m?source], ['Summary', $summary],
          ['Edition', string-join(($m?publisher, $m?pub-date)[.], ', ')])[normalize-space(string-join(?2 ! string(.)))]">
          <div><dt>{?1}</dt><dd><xsl:sequence select="?2"/></dd></div>
        </xsl:for-each>
        <xsl:variable name="licences" select="$tei/tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence[normalize-space() or @target]"/>
        <xsl:choose>
          <!-- each licence with its own words; rel="license" only on a licence's link (here the encoding's) -->
          <xsl:when test="$licences">
            <div><dt>{if (count($licences) gt 1) then 'Licences' else 'Licence'}</dt><dd>
              <xsl:call-template name="licence-list"><xsl:with-param name="licences" select="$licences"/></xsl:call-template></dd></div>
          </xsl:when>
          <xsl:when test="$m?licence">
            <div><dt>Licence</dt><dd>{$m?licence}<xsl:if test="e:safe-url($m?licence-url)"> (<a href="{e:safe-url($m?licence-url)}" rel="license">{$m?licence-url}</a>)</xsl:if></dd></div>
          </xsl:when>
        </xsl:choose>
        <div><dt>How to cite</dt><dd class="citation"><xsl:call-template name="citation">
          <xsl:with-param name="tei" select="$tei"/><xsl:with-param name="archive" select="$archive"/></xsl:call-template></dd></div>
      </dl>
      <xsl:if test="$level = 1">
        <nav class="downloads" aria-label="Downloads">
          <h2 class="downloads-title">Download</h2>
          <ul>
            <li><a href="../tei/{encode-for-uri($file)}" download="">TEI source</a></li>
            <!-- the registers the source's @ref pointers lead to (the build copies them beside the sources) -->
            <xsl:for-each select="$register-files">
              <li><a href="../tei/{encode-for-uri(.)}" download="" title="The persons, places and organisations the TEI source’s @ref attributes point at">Registers (TEI){(' (' || . || ')')[count($register-files) gt 1]}</a></li>
            </xsl:for-each>
            <xsl:if test="$formats = 'txt'">
              <li><a href="../txt/{encode-for-uri($m?id)}.reading.txt">Reading text (plain text)</a></li>
              <li><a href="../txt/{encode-for-uri($m?id)}.diplomatic.txt">Diplomatic text (plain text)</a></li>
            </xsl:if>
            <xsl:if test="$formats = 'pdf'">
              <li><a href="../pdf/{encode-for-uri($m?id)}.pdf">PDF (reading text)</a></li>
              <li><a href="../pdf/{encode-for-uri($m?id)}.diplomatic.pdf">PDF (diplomatic transcription)</a></li>
            </xsl:if>
          </ul>
        </nav>
      </xsl:if>
    </header>
  </xsl:template>

  <!-- each licence with its own words, and its link (rel="license") -->
  <xsl:template name="licence-list">
    <xsl:param name="licences" as="element()*"/>
    <xsl:for-each select="$licences">
      <xsl:variable name="url" select="e:safe-url(@target)"/>
      <!-- what it covers: the words before the colon that licences here begin with ("The TEI encoding:") -->
      <xsl:variable name="covers" select="replace(e:text(.), '^([^:.]{1,60}):.*$', '$1', 's')[. ne e:text(current())]"/>
      <p class="licence"><xsl:call-template name="lang"/>{e:text(.)}<xsl:if test="$url"> (<a href="{$url}" rel="license"
        aria-label="{'Licence' || (' of ' || lower-case(substring($covers, 1, 1)) || substring($covers, 2))[$covers]}: {$url}">{$url}</a>)</xsl:if></p>
    </xsl:for-each>
  </xsl:template>

  <!-- where a transcription of pages of a source stops: the end of its last page (pb/@n), and whether its last
       paragraph is marked as going on (@part I or M) or not (then nothing shows that the text continues) -->
  <xsl:template name="end-of-page">
    <xsl:param name="text" as="element()*"/>
    <xsl:for-each select="e:end-of-page($text)">
      <p class="end-of-page" title="{e:end-of-page-note($text)}">[{.}]</p>
    </xsl:for-each>
  </xsl:template>

  <!-- the archive that holds a manuscript source, from its msIdentifier: repository (place), collection, and the
       identifiers by type ('file 8058'; an identifier of another kind says which) -->
  <xsl:template name="archive">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="msid" select="($tei/tei:teiHeader/tei:fileDesc/tei:sourceDesc//tei:msDesc)[1]/tei:msIdentifier"/>
    <xsl:variable name="parts" as="element()*">
      <xsl:for-each select="$msid/tei:repository[normalize-space()]">
        <part><xsl:call-template name="header-words"/><xsl:for-each select="../tei:settlement[normalize-space()][1]"> ({e:text(.)})</xsl:for-each></part>
      </xsl:for-each>
      <xsl:for-each select="$msid/tei:collection[normalize-space()]"><part><xsl:call-template name="header-words"/></part></xsl:for-each>
      <xsl:for-each select="$msid/tei:idno[normalize-space()]">
        <xsl:variable name="type" select="normalize-space(@type)"/>
        <part>{if (not($type) or $type = ('shelfmark', 'callNumber', 'callnumber')) then ''
          else if ($type = ('file', 'box', 'folder', 'volume', 'item', 'dossier', 'fonds', 'series')) then $type || ' '
          else replace($type, '[-_]', ' ') || ': '}<xsl:call-template name="header-words"/></part>
      </xsl:for-each>
    </xsl:variable>
    <xsl:for-each select="$parts">
      <xsl:if test="position() gt 1">, </xsl:if>
      <xsl:sequence select="node()"/>
    </xsl:for-each>
  </xsl:template>

  <!-- the words of a header element or a register note, with the languages it marks (foreign xml:lang="vi"
       becomes lang="vi") -->
  <xsl:template name="header-words">
    <xsl:choose>
      <xsl:when test="@xml:lang"><span lang="{@xml:lang}"><xsl:call-template name="header-words-of"/></span></xsl:when>
      <xsl:otherwise><xsl:call-template name="header-words-of"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="header-words-of">
    <xsl:for-each select="node()">
      <xsl:choose>
        <xsl:when test="self::text()">{e:single-spaced(.)}</xsl:when>
        <xsl:when test="self::*[@xml:lang]"><span lang="{@xml:lang}">{e:text(.)}</span></xsl:when>
        <xsl:when test="self::*"><xsl:call-template name="header-words-of"/></xsl:when>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- the header's description of the document: msContents/summary, else profileDesc/abstract -->
  <xsl:function name="e:summary" as="element()?">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="h" select="$tei/tei:teiHeader"/>
    <xsl:sequence select="(($h/tei:fileDesc/tei:sourceDesc//tei:msDesc)[1]/tei:msContents/tei:summary, $h/tei:profileDesc/tei:abstract)[normalize-space()][1]"/>
  </xsl:function>

  <!-- how to cite a document: author, title, translator, its date, the archive, the series, this edition and the
       page's file name with the document's xml:id (the address the page and its TEI share) -->
  <xsl:template name="citation">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="archive" as="node()*"/>
    <xsl:param name="page" as="xs:string?" select="()"/>
    <xsl:variable name="m" select="e:meta($tei)"/>
    <!-- the core's wording (e:citation-parts); the archive drawn with its languages where its words are the same -->
    <xsl:variable name="parts" select="e:citation-parts($m?authors, $m?title, $m?translators, $m?date, $m?series, $m?publisher, $m?pub-date,
      $m?archive, $m?id, ($page, $m?id || '.html')[1])"/>
    <xsl:value-of select="$parts[1]"/>
    <xsl:choose>
      <xsl:when test="$parts[2] and exists($archive) and normalize-space(string-join($archive ! string(.))) = $m?archive"><xsl:sequence select="$archive"/>. </xsl:when>
      <xsl:otherwise><xsl:value-of select="$parts[2]"/></xsl:otherwise>
    </xsl:choose>
    <xsl:value-of select="$parts[3]"/>
  </xsl:template>

  <!-- ===== Notes section: numbered notes grouped by kind, linked both ways ===== -->
  <xsl:template name="notes-section">
    <xsl:param name="roots" as="element()*"/>
    <xsl:variable name="texts" select="($roots/descendant-or-self::tei:TEI, $roots[not(descendant-or-self::tei:TEI)])"/>
    <section id="notes" class="notes" aria-labelledby="notes-title">
      <h2 id="notes-title">Notes</h2>
      <xsl:if test="empty($roots//tei:text//tei:note[@e:kind][not(e:note-inline(.))]) and empty($roots//tei:text//tei:choice[tei:sic and tei:corr])"><p>This text has no notes.</p></xsl:if>
      <xsl:for-each select="$texts">
      <xsl:variable name="notes" select=".//tei:text//tei:note[@e:kind][not(e:note-inline(.))]"/>
      <xsl:variable name="level" select="if (count($texts) gt 1) then 4 else 3"/>
      <xsl:if test="$level = 4 and $notes"><h3 class="notes-text">{e:meta(.)?title}</h3></xsl:if>
      <xsl:for-each-group select="$notes" group-by="string(@e:kind)">
        <xsl:sort select="index-of($e:note-kinds, current-grouping-key())"/>
        <xsl:variable name="group-id" select="'notes-' || (e:doc-id(e:tei(.)) || '-')[$level = 4] || current-grouping-key()"/>
        <section class="notes-group kind-{current-grouping-key()}" aria-labelledby="{$group-id}">
          <xsl:element name="h{$level}"><xsl:attribute name="id" select="$group-id"/>{e:note-kind-label(current-grouping-key())}</xsl:element>
          <ol class="notes-list">
            <xsl:for-each select="current-group()">
              <li id="{@e:id}" class="note kind-{@e:kind}{e:resp-role(.)[.] ! (' by-' || .)}">
                <xsl:call-template name="lang"/>
                <span class="note-mark">{@e:mark}</span>
                <xsl:text> </xsl:text>
                <span class="note-body">
                  <xsl:apply-templates mode="render">
                    <xsl:with-param name="view" select="'reading'" tunnel="yes"/>
                    <xsl:with-param name="prefix" select="''" tunnel="yes"/>
                    <xsl:with-param name="inline" select="true()" tunnel="yes"/>
                  </xsl:apply-templates>
                </span>
                <xsl:if test="@e:kind = 'editorial' and e:responsibility(.)">
                  <span class="note-resp"> ({e:responsibility(.)})</span>
                </xsl:if>
                <xsl:text> </xsl:text>
                <xsl:if test="not(ancestor::tei:del | ancestor::tei:fw)">
                  <a class="backref" href="#noteref-{@e:id}" aria-label="Back to note {@e:mark} in the reading text">↩ reading</a>
                  <xsl:text> </xsl:text>
                </xsl:if>
                <a class="backref backref-dip" href="#dip-noteref-{@e:id}" aria-label="Back to note {@e:mark} in the diplomatic text">↩ diplomatic</a>
              </li>
            </xsl:for-each>
          </ol>
        </section>
      </xsl:for-each-group>
      <!-- the corrections, lettered as in the diplomatic PDF's apparatus (the reading text applies them, the
           diplomatic text gives the source's forms: here is what was corrected, and by whom) -->
      <xsl:variable name="corrections" select="e:corrections(.)"/>
      <xsl:if test="$corrections">
        <xsl:variable name="group-id" select="'notes-' || (e:doc-id(e:tei(.)) || '-')[$level = 4] || 'corrections'"/>
        <section class="notes-group kind-corrections" aria-labelledby="{$group-id}">
          <xsl:element name="h{$level}"><xsl:attribute name="id" select="$group-id"/>Corrections</xsl:element>
          <ol class="notes-list corrections-list">
            <xsl:for-each select="e:apparatus-entries(.)">
              <xsl:if test="self::tei:choice">
              <li class="note kind-correction{e:resp-role(tei:corr[1])[.] ! (' by-' || .)}">
                <span class="note-mark">{format-integer(position(), 'a')}</span>
                <xsl:text> </xsl:text>
                <span class="note-body">{e:correction-note(.)}</span>
              </li>
              </xsl:if>
            </xsl:for-each>
          </ol>
        </section>
      </xsl:if>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- ===== Legend: the conventions a set of documents uses, and its hands ===== -->
  <xsl:template name="legend">
    <xsl:param name="roots" as="node()*"/>
    <xsl:variable name="used" select="e:conventions($roots)"/>
    <!-- who writes the editors' notes here: the sample shows as many marks as there are parties (E1, or E1 / E2) -->
    <xsl:variable name="editorial-roles" select="('editor', 'edition')[. = ($roots//tei:text//tei:note[e:note-kind(.) = 'editorial'] ! e:resp-role(.))]"/>
    <xsl:variable name="rows" select="(
      ['supplied', '&lt;span class=&quot;supplied resp-translator&quot;&gt;[words]&lt;/span&gt;', upper-case(substring(e:bracket-legend($roots)?supplied, 1, 1)) || substring(e:bracket-legend($roots)?supplied, 2) || ', to make the text clear; both views.'],
      ['sic', string-join(distinct-values($roots//tei:text//tei:sic[not(parent::tei:choice)] ! (if (e:resp-role(.) = 'edition') then 'resp-edition' else ''))
        ! ('word&lt;span class=&quot;sic-flag' || (if (.) then ' ' || . else '') || '&quot;&gt; [sic]&lt;/span&gt;'), ' / '), upper-case(substring(e:sic-legend($roots), 1, 1)) || substring(e:sic-legend($roots), 2) || '.'],
      ['note-authorial', '&lt;sup class=&quot;noteref kind-authorial&quot;&gt;1&lt;/sup&gt;', 'Author’s footnote; the number links to the note and back.'],
      ['note-translator', '&lt;sup class=&quot;noteref kind-translator&quot;&gt;T1&lt;/sup&gt;', 'Translator’s note: the translator’s description of the draft, kept verbatim.'],
      ['note-gloss', '&lt;span class=&quot;note-inline gloss resp-translator&quot;&gt;[gloss]&lt;/span&gt;', upper-case(substring(e:bracket-legend($roots)?gloss, 1, 1)) || substring(e:bracket-legend($roots)?gloss, 2) || ', in brackets in the text.'],
      ['note-editorial', string-join(for $i in 1 to count($editorial-roles) return '&lt;sup class=&quot;noteref kind-editorial by-' || $editorial-roles[$i] || '&quot;&gt;E' || $i || '&lt;/sup&gt;', ' / '),
        if (count($editorial-roles) gt 1) then 'Editors’ note: the publisher’s editors or this edition’s editors (named in the note), each in its colour (see Who is responsible).'
        else 'Editors’ note: ' || string($editorial-roles ! map{'editor': 'the publisher’s editors', 'edition': 'this edition’s editors'}(.)) || ', in their colour (see Who is responsible).'],
      ['del', '&lt;span class=&quot;del-marker&quot;&gt;⌫&lt;/span&gt; / &lt;del class=&quot;del&quot;&gt;struck&lt;/del&gt;', 'Deleted (crossed out). Reading text: left out, the marker holds the deleted words. Diplomatic text: struck through.'],
      ['add', '&lt;ins class=&quot;add later-hand&quot;&gt;added&lt;/ins&gt;&lt;span class=&quot;add-label&quot;&gt;handwritten, top&lt;/span&gt;', 'Added in the source, with its hand and place (diplomatic text); in the reading text part of the text, in the colour of its hand.'],
      ['subst', '&lt;del class=&quot;del&quot;&gt;old&lt;/del&gt; &lt;ins class=&quot;add later-hand&quot;&gt;new&lt;/ins&gt;', 'A line crossed out and replaced by another.'],
      ['metamark-text', '&lt;span class=&quot;metamark-sample&quot;&gt;?&lt;/span&gt;', 'A mark written in the margin or on the line, as written (a query, “delete”); diplomatic text only.'],
      ['metamark-empty', '&lt;span class=&quot;metamark-described&quot;&gt;[mark, not transcribed: deletion]&lt;/span&gt;', 'A mark on the page that is not transcribed, described by the editors with its function; diplomatic text only.'],
      ['del-unstruck', '&lt;del class=&quot;del unstruck&quot;&gt;&lt;span class=&quot;unstruck-label&quot;&gt;[deleted: &lt;/span&gt;words&lt;span class=&quot;unstruck-label&quot;&gt;]&lt;/span&gt;&lt;/del&gt;', 'Deleted in the source but not struck through (dropped by a note): labelled, not struck; diplomatic text only.'],
      ['gap', '&lt;span class=&quot;gap&quot;&gt;[… 1 line illegible]&lt;/span&gt;', 'A passage not transcribed, with its extent and the reason.'],
      ['choice', '&lt;span class=&quot;corr resp-edition&quot;&gt;Europe&lt;/span&gt; / &lt;span class=&quot;sic&quot;&gt;Burope&lt;/span&gt;', 'An error of the page or the OCR: corrected in the reading text (hover or focus it for the source’s form), as in the source in the diplomatic text.'],
      ['lb', '&lt;span class=&quot;lineno-sample&quot;&gt;5&lt;/span&gt;', 'Diplomatic text: the source’s line breaks, every fifth line numbered.'],
      ['hyphen', 'Viet-/namese', 'A word hyphenated at a line end: joined in the reading text, as on the page in the diplomatic text.'],
      ['pb', '&lt;span class=&quot;pb&quot;&gt;p. 28&lt;/span&gt;', 'Start of a page of the source.'],
      ['fw', '&lt;span class=&quot;fw-sample&quot;&gt;TOP SECRET&lt;/span&gt;', 'Running heads, stamps and page numbers, where they stand on the page (diplomatic text).'],
      ['later-hand', '&lt;span class=&quot;later-hand&quot;&gt;later hand&lt;/span&gt;', 'Text in a later hand than the main one (see Hands).'],
      ['name', '&lt;a class=&quot;name&quot; href=&quot;places.html&quot;&gt;Hanoi&lt;/a&gt;', 'A person, place or organisation: the link leads to its entry in the registers.']
      )[?1 = $used]"/>
    <xsl:if test="exists($rows)">
      <table class="legend-table">
        <caption>Conventions used</caption>
        <thead><tr><th scope="col">Looks like</th><th scope="col">Means</th></tr></thead>
        <tbody>
          <xsl:for-each select="$rows">
            <tr><td class="legend-sample"><xsl:sequence select="parse-xml-fragment(?2)"/></td><td>{?3}</td></tr>
          </xsl:for-each>
        </tbody>
      </table>
    </xsl:if>
    <xsl:variable name="resp" select="distinct-values($roots//tei:text//*[@resp] ! e:resp-role(.))"/>
    <xsl:if test="exists($resp)">
      <h3>Who is responsible</h3>
      <ul class="resp-legend">
        <xsl:for-each select="('author', 'translator', 'editor', 'edition')[. = $resp]">
          <xsl:variable name="role" select="."/>
          <xsl:variable name="who" select="distinct-values($roots//tei:text//*[@resp][e:resp-role(.) = $role] ! e:responsibility(.))"/>
          <li><span class="resp-{$role} resp-sample">{map{'author': 'The author', 'translator': 'The translator', 'editor': 'The publisher’s editors', 'edition': 'This edition’s editors'}($role)}</span>: {string-join($who, ', ')}</li>
        </xsl:for-each>
      </ul>
    </xsl:if>
    <xsl:variable name="hands" select="$roots//tei:handDesc/tei:handNote"/>
    <xsl:if test="$hands">
      <h3>Hands</h3>
      <ul class="hands">
        <xsl:for-each select="$hands">
          <li><span class="{if (e:later-hand-note(.)) then 'later-hand' else 'main-hand'} hand-sample">{e:hand-label(.)}</span>: {e:text(.)}</li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>

  <xsl:function name="e:later-hand-note" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="$note/@scope = 'minor' or (not($note/@scope = 'major') and exists($note/preceding-sibling::tei:handNote))"/>
  </xsl:function>

  <!-- ===== Attributes every rendered element gets: id (with the view's prefix), class, lang, title ===== -->
  <xsl:template name="attributes">
    <xsl:param name="prefix" as="xs:string" tunnel="yes" select="''"/>
    <xsl:param name="ids" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:param name="id" as="xs:string?" select="e:anchor(.)"/>
    <xsl:param name="class" as="xs:string*" select="e:classes(.)"/>
    <xsl:param name="title" as="xs:string?" select="e:description(.)"/>
    <xsl:if test="$ids and $id"><xsl:attribute name="id" select="$prefix || $id"/></xsl:if>
    <xsl:if test="exists($class)"><xsl:attribute name="class" select="string-join(distinct-values($class), ' ')"/></xsl:if>
    <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
    <xsl:if test="$title"><xsl:attribute name="title" select="$title"/></xsl:if>
  </xsl:template>

  <xsl:template name="lang">
    <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
  </xsl:template>

  <!-- does an element hold block-level content (so it cannot be an HTML p or span)? What is inside a note inside
       it does not count: the walk down does not enter notes. -->
  <xsl:function name="e:has-blocks" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="some $d in $el/* satisfies (e:behaviour($d, 'diplomatic') = ('block', 'paragraph', 'list', 'item', 'heading', 'figure')
      and not($d/self::tei:fw) and not($d/self::tei:graphic) or not($d/self::tei:note) and e:has-blocks($d))"/>
  </xsl:function>

  <!-- ===== The behaviours ===== -->
  <xsl:template name="block">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:choose>
      <xsl:when test="self::tei:TEI">
        <article class="tei">
          <xsl:call-template name="doc-header">
            <xsl:with-param name="tei" select="."/>
            <xsl:with-param name="level" select="3"/>
          </xsl:call-template>
          <xsl:apply-templates select="node() except tei:teiHeader" mode="render"/>
        </article>
      </xsl:when>
      <xsl:when test="$inline">
        <span><xsl:call-template name="attributes"><xsl:with-param name="class" select="e:classes(.), 'block'"/></xsl:call-template><xsl:apply-templates mode="render"/></span>
      </xsl:when>
      <xsl:when test="e:preserve-space(.)">
        <pre><xsl:call-template name="attributes"/><xsl:apply-templates mode="render"/></pre>
      </xsl:when>
      <xsl:when test="self::tei:quote or self::tei:epigraph">
        <blockquote><xsl:call-template name="attributes"/><xsl:apply-templates mode="render"/></blockquote>
      </xsl:when>
      <xsl:when test="self::tei:table">
        <table><xsl:call-template name="attributes"/>
          <xsl:if test="tei:head"><caption><xsl:apply-templates select="tei:head/node()" mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates></caption></xsl:if>
          <tbody><xsl:apply-templates select="node() except tei:head" mode="render"/></tbody>
        </table>
      </xsl:when>
      <xsl:when test="self::tei:row">
        <tr><xsl:call-template name="attributes"/><xsl:apply-templates select="*" mode="render"/></tr>
      </xsl:when>
      <!-- forme work on the line of the fw before it (the core's e:fw-line) is written in that one's line -->
      <xsl:when test="self::tei:fw and e:fw-continues-line(.)"/>
      <xsl:when test="self::tei:fw">
        <div><xsl:call-template name="attributes"><xsl:with-param name="class" select="e:classes(.), 'fw-' || (if (matches(@place, 'bot|foot')) then 'bottom' else 'top')"/></xsl:call-template><xsl:apply-templates mode="render"/><xsl:for-each
          select="tail(e:fw-line(.))"><xsl:text> </xsl:text><span><xsl:call-template name="attributes"/><xsl:apply-templates mode="render"/></span></xsl:for-each></div>
      </xsl:when>
      <xsl:otherwise>
        <div><xsl:call-template name="attributes"/><xsl:apply-templates mode="render"/></div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="paragraph">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:param name="prefix" as="xs:string" tunnel="yes" select="''"/>
    <xsl:param name="ids" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:variable name="deleted" select="$view = 'reading' and e:is-deleted(.)"/>
    <xsl:variable name="name" select="if ($inline) then 'span' else if (e:has-blocks(.)) then 'div' else 'p'"/>
    <xsl:element name="{$name}">
      <xsl:call-template name="attributes">
        <!-- 'lined': the source's lines, which the diplomatic view keeps as lines (no wrapping, see the CSS) -->
        <xsl:with-param name="class" select="e:classes(.), 'p'[$name ne 'p'], 'deleted-block'[$deleted], @part ! ('part-' || e:token(.)),
          'lined'[$view = 'diplomatic' and not($inline) and current()//tei:lb[not(ancestor::tei:note)]]"/>
        <xsl:with-param name="title" select="()"/>
      </xsl:call-template>
      <xsl:choose>
        <xsl:when test="$deleted">
          <span class="del-marker" role="img" tabindex="0" title="{e:deleted-paragraph-label(.)}: {e:shown-text(.//tei:del)}" aria-label="{e:deleted-paragraph-label(.)}: {e:shown-text(.//tei:del)}">⌫</span>
          <span class="deleted-note"> [{e:deleted-marker(.)}]</span>
          <xsl:apply-templates select=".//tei:note[not(ancestor::tei:del)]" mode="render">
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </xsl:when>
        <xsl:otherwise>
          <xsl:for-each select="e:cut(., 'start')"><span class="cut" title="{.}">[…]</span><xsl:text> </xsl:text></xsl:for-each>
          <xsl:apply-templates mode="render">
            <xsl:with-param name="inline" select="$name ne 'div'" tunnel="yes"/>
          </xsl:apply-templates>
          <xsl:for-each select="e:cut(., 'end')"><xsl:text> </xsl:text><span class="cut" title="{.}">[…]</span></xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="not($inline)"><xsl:call-template name="cite-link"/></xsl:if>
    </xsl:element>
  </xsl:template>

  <xsl:template name="heading">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="in-div" select="exists(parent::*[self::tei:div or matches(local-name(), '^div[1-7]$') or self::tei:body or self::tei:front or self::tei:back or self::tei:text or self::tei:docTitle or self::tei:titlePage or self::tei:group])"/>
    <xsl:variable name="name" select="if ($inline) then 'span'
      else if (parent::tei:figure) then 'figcaption'
      else if (self::tei:titlePart[@type and not(@type = 'main')] or not($in-div)) then 'p'
      else 'h' || min((6, 2 + (if (self::tei:titlePart) then 1 else e:heading-depth(.))))"/>
    <xsl:element name="{$name}">
      <xsl:call-template name="attributes"><xsl:with-param name="class" select="e:classes(.), 'head'[$name = ('p', 'span')]"/></xsl:call-template>
      <xsl:apply-templates mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <xsl:template name="inline">
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:variable name="brackets" select="e:brackets(.)"/>
    <xsl:variable name="quotes" select="e:quote-marks(.)"/>
    <xsl:variable name="when" select="normalize-space(@when)"/>
    <xsl:variable name="name" select="if (self::tei:cell) then 'td'
      else if (self::tei:date and matches($when, '^-?\d{4}(-\d\d(-\d\d)?)?$')) then 'time'
      else if (self::tei:code or self::tei:ident or self::tei:gi or self::tei:tag or self::tei:att or self::tei:val) then 'code'
      else if (self::tei:emph) then 'em'
      else 'span'"/>
    <xsl:element name="{$name}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="e:classes(.), self::tei:title/@level ! ('level-' || e:token(.))"/>
        <xsl:with-param name="title" select="(e:description(.), e:speaker(.))[1]"/>
      </xsl:call-template>
      <xsl:if test="$name = 'time'"><xsl:attribute name="datetime" select="$when"/></xsl:if>
      <xsl:if test="self::tei:cell and @cols"><xsl:attribute name="colspan" select="@cols[. castable as xs:integer]"/></xsl:if>
      <xsl:if test="self::tei:cell and @rows"><xsl:attribute name="rowspan" select="@rows[. castable as xs:integer]"/></xsl:if>
      <xsl:value-of select="$brackets[1] || $quotes[1]"/>
      <xsl:choose>
        <xsl:when test="self::tei:gap">{e:label(.)}<xsl:apply-templates mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates></xsl:when>
        <xsl:when test="self::tei:space"><xsl:text> </xsl:text></xsl:when>
        <xsl:otherwise><xsl:apply-templates mode="render"><xsl:with-param name="inline" select="not(self::tei:cell)" tunnel="yes"/></xsl:apply-templates></xsl:otherwise>
      </xsl:choose>
      <xsl:value-of select="$quotes[2] || $brackets[2]"/>
    </xsl:element>
    <!-- in the colour of this edition's editors where they flag the word (as in the legend) -->
    <xsl:if test="self::tei:sic[not(parent::tei:choice)]"><span class="sic-flag{' resp-edition'[e:resp-role(current()) = 'edition']}"> [sic]</span></xsl:if>
    <xsl:if test="e:label-space(.)"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>

  <!-- who speaks a quotation (q/@who resolved), for its tooltip -->
  <xsl:function name="e:speaker" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="$el/@who ! e:lookup(tokenize(normalize-space(.), ' ')[1], $el) ! ('Quoted: ' || e:entry-name(.))"/>
  </xsl:function>

  <xsl:template name="note">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="prefix" as="xs:string" tunnel="yes" select="''"/>
    <xsl:param name="ids" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:variable name="label" select="e:note-kind-name(string(@e:kind)) || ' ' || @e:mark"/>
    <xsl:choose>
      <xsl:when test="not(@e:kind)">
        <!-- a note outside the text proper -->
        <xsl:element name="{if ($inline) then 'span' else 'div'}">
          <xsl:call-template name="attributes"/>
          <xsl:apply-templates mode="render"/>
        </xsl:element>
      </xsl:when>
      <xsl:when test="e:note-inline(.)">
        <span>
          <xsl:call-template name="attributes">
            <xsl:with-param name="id" select="string(@e:id)"/>
            <xsl:with-param name="class" select="e:classes(.), 'note-inline', 'kind-' || @e:kind"/>
          </xsl:call-template>
          <xsl:text>[</xsl:text>
          <xsl:apply-templates mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates>
          <xsl:text>]</xsl:text>
        </span>
      </xsl:when>
      <xsl:when test="$inline">
        <!-- by-ROLE: the colour of whoever is responsible for the note, as in the legend (an editorial note may be
             the publisher's editors' or this edition's) -->
        <sup class="noteref kind-{@e:kind}{e:resp-role(.)[.] ! (' by-' || .)}">
          <a href="#{@e:id}" role="doc-noteref" aria-label="{$label}" title="{$label}: {substring(e:text(.), 1, 200)}{'…'[string-length(e:text(current())) gt 200]}">
            <xsl:if test="$ids"><xsl:attribute name="id" select="$prefix || 'noteref-' || @e:id"/></xsl:if>{@e:mark}</a>
        </sup>
      </xsl:when>
      <xsl:otherwise>
        <!-- a note between paragraphs: shown where it stands, and listed with the notes -->
        <aside class="note-block kind-{@e:kind} {e:classes(.)[starts-with(., 'resp-')]}{e:resp-role(.)[.] ! (' by-' || .)}" aria-label="{$label}">
          <xsl:call-template name="lang"/>
          <a class="noteref" href="#{@e:id}" role="doc-noteref" aria-label="{$label}">
            <xsl:if test="$ids"><xsl:attribute name="id" select="$prefix || 'noteref-' || @e:id"/></xsl:if>{@e:mark}</a>
          <xsl:text> </xsl:text>
          <xsl:apply-templates mode="render">
            <xsl:with-param name="ids" select="false()" tunnel="yes"/>
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </aside>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="list">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="numbered" select="@rend = ('numbered', 'ordered', 'arabic') or @type = ('ordered', 'numbered')"/>
    <xsl:apply-templates select="tei:head" mode="render"/>
    <xsl:element name="{if ($numbered) then 'ol' else 'ul'}">
      <xsl:call-template name="attributes"/>
      <xsl:apply-templates select="node() except tei:head" mode="render">
        <xsl:with-param name="inline" select="false()" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <xsl:template name="item">
    <li>
      <xsl:call-template name="attributes"/>
      <xsl:apply-templates mode="render">
        <xsl:with-param name="inline" select="false()" tunnel="yes"/>
      </xsl:apply-templates>
      <xsl:if test="self::tei:item"><xsl:call-template name="cite-link"/></xsl:if>
    </li>
  </xsl:template>

  <!-- the ¶ that links a citable block (a paragraph, a list item) and copies its address (edition.js) -->
  <xsl:template name="cite-link">
    <xsl:param name="prefix" as="xs:string" tunnel="yes" select="''"/>
    <xsl:param name="ids" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:variable name="anchor" select="e:anchor(.)"/>
    <xsl:variable name="what" select="if (self::tei:item) then 'list item' else 'paragraph'"/>
    <xsl:if test="$anchor and $ids">
      <xsl:text> </xsl:text>
      <a class="cite-link" href="#{$prefix}{$anchor}" title="Link to this {$what} (#{$prefix}{$anchor}); click to copy" aria-label="Link to {$what} {$anchor}">¶</a>
    </xsl:if>
  </xsl:template>

  <xsl:template name="break">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:param name="prefix" as="xs:string" tunnel="yes" select="''"/>
    <xsl:param name="ids" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:choose>
      <xsl:when test="self::tei:lb and $view = 'diplomatic'">
        <xsl:value-of select="@e:hyphen"/>
        <xsl:if test="preceding-sibling::node()[normalize-space() or self::*] or ../parent::tei:p and ../preceding-sibling::node()[normalize-space() or self::*]"><br/></xsl:if>
        <xsl:if test="@n[. castable as xs:integer][xs:integer(.) mod 5 = 0]"><span class="lineno" aria-hidden="true">{@n}</span></xsl:if>
      </xsl:when>
      <xsl:when test="self::tei:lb[@break = 'no']"/>
      <xsl:when test="self::tei:lb or self::tei:cb or self::tei:gb or self::tei:caesura"><xsl:text> </xsl:text></xsl:when>
      <xsl:when test="self::tei:pb">
        <xsl:element name="{if ($inline) then 'span' else 'div'}">
          <xsl:call-template name="attributes">
            <xsl:with-param name="class" select="'pb'"/>
            <xsl:with-param name="title" select="'Start of page ' || normalize-space(@n) || ' of the source'"/>
          </xsl:call-template>
          <xsl:text>{e:label(.)}</xsl:text>
        </xsl:element>
      </xsl:when>
      <xsl:when test="self::tei:milestone[@unit = 'section' or @rend = 'asterisks']">
        <xsl:element name="{if ($inline) then 'span' else 'div'}">
          <xsl:call-template name="attributes"><xsl:with-param name="class" select="'milestone'"/></xsl:call-template>
          <xsl:attribute name="role">separator</xsl:attribute>{e:milestone-text(.)}</xsl:element>
      </xsl:when>
      <xsl:when test="@xml:id and $ids"><span id="{$prefix}{@xml:id}" class="{local-name()}"></span></xsl:when>
      <xsl:otherwise/>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="alternate">
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:variable name="shown" select="e:alternate-choice(., $view)"/>
    <xsl:variable name="hidden" select="(* except $shown)[1]"/>
    <span>
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="e:classes(.), $shown ! local-name(.), $shown[@resp] ! ('resp-' || e:resp-role(.))"/>
        <xsl:with-param name="title" select="if (self::tei:app) then () else if ($view = 'reading') then e:description(.)
          else if (tei:sic and tei:corr) then 'As in the source; corrected in the reading text to “' || e:text($hidden) || '”' else e:description(.)"/>
      </xsl:call-template>
      <!-- what the tooltip says, for a keyboard, a touch and a screen reader too: focusable, and named with the word
           shown followed by the tooltip -->
      <xsl:if test="not(self::tei:app) and e:description(.)">
        <xsl:attribute name="tabindex">0</xsl:attribute>
        <xsl:attribute name="role">note</xsl:attribute>
        <xsl:variable name="tip" select="if ($view = 'reading') then e:description(.)
          else 'as in the source; corrected in the reading text to “' || e:shown-text($hidden/node()) || '”'"/>
        <xsl:attribute name="aria-label" select="e:shown-text($shown/node()) || ', ' || lower-case(substring($tip, 1, 1)) || substring($tip, 2)"/>
      </xsl:if>
      <xsl:apply-templates select="$shown/node()" mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates>
    </span>
    <xsl:variable name="others" select="e:alternate-others(., $view)"/>
    <xsl:if test="$others">
      <span class="readings"> [<xsl:for-each select="$others">
          <xsl:if test="position() > 1">; </xsl:if>
          <span class="{local-name()}"><xsl:apply-templates mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates></span>
          <xsl:if test="@wit"><span class="wit"> {normalize-space(@wit)}</span></xsl:if>
        </xsl:for-each>]</span>
    </xsl:if>
  </xsl:template>

  <xsl:template name="deletion">
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:choose>
      <xsl:when test="$view = 'diplomatic' and e:is-struck(.)">
        <del><xsl:call-template name="attributes"><xsl:with-param name="title" select="replace(e:description(.), ':.*$', '', 's')"/></xsl:call-template><xsl:apply-templates mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates></del>
        <xsl:call-template name="del-label"/>
      </xsl:when>
      <!-- deleted but not struck through (the core's e:is-struck): not drawn crossed out, labelled instead -->
      <xsl:when test="$view = 'diplomatic'">
        <del><xsl:call-template name="attributes"><xsl:with-param name="class" select="e:classes(.), 'unstruck'"/><xsl:with-param name="title" select="replace(e:description(.), ':.*$', '', 's') || ' (not struck through)'"/></xsl:call-template><span class="unstruck-label">[{e:unstruck-label(.)}: </span><xsl:apply-templates mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates><span class="unstruck-label">]</span></del>
        <xsl:call-template name="del-label"/>
      </xsl:when>
      <xsl:otherwise>
        <!-- focusable, so that a keyboard or a touch reaches it, and named with the deleted words as the reading
             text would show them (the brackets of supplied words, the extent of a gap) -->
        <xsl:variable name="words" select="e:shown-text(node())"/>
        <xsl:variable name="label" select="replace(e:description(.), ':.*$', '', 's') || (': ' || $words)[$words]"/>
        <span class="del-marker" role="img" tabindex="0" title="{$label}" aria-label="{$label}">{e:deleted-marker(.)}</span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- diplomatic view: the hand of a deletion after it, as the plain text and the PDF show it (and as an
       addition's label) -->
  <xsl:template name="del-label">
    <xsl:variable name="hand" select="e:hand-label(.)"/>
    <xsl:if test="$hand"><span class="add-label del-label">{$hand}</span></xsl:if>
  </xsl:template>

  <!-- the words of some nodes as the reading text shows them, for tooltips: brackets drawn round supplied words,
       gaps as their extent, corrected forms, numbered notes and marks left out -->
  <xsl:function name="e:shown-text" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:sequence select="normalize-space(string-join($nodes ! e:shown-text-of(.)))"/>
  </xsl:function>

  <xsl:function name="e:shown-text-of" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="el" select="$node[self::element()]"/>
    <xsl:sequence select="
      if (empty($el)) then (if ($node instance of text()) then string($node) else '')
      else if ($el/self::tei:note[not(e:note-inline(.))] or $el/self::tei:metamark or $el/self::tei:fw) then ''
      else if ($el/self::tei:gap) then '[' || e:gap-label($el) || ']'
      else if ($el/self::tei:lb) then (' '[not($el/@break = 'no')], '')[1]
      else if ($el/self::tei:choice) then string-join(e:alternate-choice($el, 'reading')/node() ! e:shown-text-of(.))
      else e:brackets($el)[1] || string-join($el/node() ! e:shown-text-of(.)) || e:brackets($el)[2]"/>
  </xsl:function>

  <xsl:template name="addition">
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:choose>
      <!-- a mark of which nothing is transcribed: the editors' description in brackets (diplomatic view only) -->
      <xsl:when test="e:is-empty-mark(.)">
        <span><xsl:call-template name="attributes"><xsl:with-param name="class" select="'metamark-described', 'editorial'"/></xsl:call-template>[{e:untranscribed-mark(.)}]</span>
        <xsl:if test="following-sibling::node()[1][self::* or matches(., '^\w')]"><xsl:text> </xsl:text></xsl:if>
      </xsl:when>
      <xsl:when test="self::tei:metamark">
        <span>
          <xsl:call-template name="attributes"><xsl:with-param name="class" select="e:classes(.), 'margin'[current()/@place = ('margin', 'left', 'right')]"/></xsl:call-template>
          <xsl:attribute name="role">note</xsl:attribute>
          <span class="metamark-text">{e:label(.)}</span>
        </span>
      </xsl:when>
      <xsl:when test="$view = 'reading'">
        <span><xsl:call-template name="attributes"/><xsl:apply-templates mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates></span>
      </xsl:when>
      <xsl:otherwise>
        <ins><xsl:call-template name="attributes"/><xsl:apply-templates mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates></ins>
        <xsl:if test="e:label(.)"><span class="add-label">{e:label(.)}</span></xsl:if>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="following-sibling::node()[1][self::tei:add]"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>

  <xsl:template name="omit"/>

  <xsl:template name="link">
    <xsl:param name="prefix" as="xs:string" tunnel="yes" select="''"/>
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="target" select="tokenize(normalize-space(@target), ' ')[1]"/>
    <xsl:variable name="href" select="if (@e:entry) then e:entry-page(@e:entry-type) || '.html#' || encode-for-uri(@e:entry)
      else if (starts-with($target, '#')) then '#' || $prefix || substring($target, 2)
      else e:safe-url($target)"/>
    <xsl:variable name="entry" select="if (@e:entry) then e:lookup('#' || @e:entry, .) else ()"/>
    <xsl:element name="{if ($href and not($in-link)) then 'a' else 'span'}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="id" select="(@e:occ, @xml:id)[1]"/>
        <xsl:with-param name="class" select="e:classes(.), 'name'[current()/@e:entry], 'unsafe-link'[$target and not($href)]"/>
        <xsl:with-param name="title" select="if ($entry) then string-join((e:entry-name($entry), e:entry-identification($entry)[.]), ' — ') else ()"/>
      </xsl:call-template>
      <xsl:if test="$href and not($in-link)">
        <xsl:attribute name="href" select="$href"/>
        <xsl:if test="starts-with($href, 'http:') or starts-with($href, 'https:')"><xsl:attribute name="rel">noopener noreferrer</xsl:attribute></xsl:if>
      </xsl:if>
      <xsl:apply-templates mode="render">
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
        <xsl:with-param name="in-link" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
      <xsl:if test="self::tei:ptr or not(normalize-space(.)) and not(*)">{$target}</xsl:if>
    </xsl:element>
  </xsl:template>

  <xsl:template name="figure">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="url" select="e:safe-url(@url)"/>
    <xsl:choose>
      <xsl:when test="self::tei:binaryObject">
        <span class="binary-object">[binary object{' (' || normalize-space(@mimeType) || ')'}]</span>
      </xsl:when>
      <xsl:when test="(self::tei:graphic or self::tei:media) and $url and not(matches($url, '^[a-zA-Z][a-zA-Z0-9+.\-]*:|^//'))">
        <img src="{$url}" alt="{(e:text(../tei:figDesc | tei:desc)[.], 'Image')[1]}" class="graphic"/>
      </xsl:when>
      <xsl:when test="self::tei:graphic or self::tei:media">
        <span class="graphic">[image<xsl:if test="@url">: <xsl:choose><xsl:when test="$url"><a href="{$url}" rel="noopener noreferrer">{$url}</a></xsl:when><xsl:otherwise>{normalize-space(@url)}</xsl:otherwise></xsl:choose></xsl:if>]</span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:element name="{if ($inline) then 'span' else 'figure'}">
          <xsl:call-template name="attributes"/>
          <xsl:apply-templates mode="render"/>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="unknown">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:element name="{if ($inline or not(e:has-blocks(.))) then 'span' else 'div'}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="'unknown', 'tei-' || e:token(local-name())"/>
        <xsl:with-param name="title" select="()"/>
      </xsl:call-template>
      <xsl:attribute name="data-tei" select="local-name()"/>
      <xsl:apply-templates mode="render"/>
    </xsl:element>
  </xsl:template>

  <!-- ===== Corpus pages (named templates, no context item) ===== -->
  <xsl:function name="e:date-text" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="(e:text($el)[.], string(($el/@when, $el/@notBefore, $el/@from)[1]))[1]"/>
  </xsl:function>

  <xsl:variable name="e:text-documents" select="$documents[*/tei:text or */self::tei:teiCorpus]"/>

  <xsl:template name="index-page">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="'Documents'"/>
      <xsl:with-param name="current" select="'index'"/>
      <xsl:with-param name="content">
        <h1>{e:site-title()}</h1>
        <xsl:for-each select="(($documents//tei:encodingDesc/tei:projectDesc)[1])">
          <div class="project-desc"><xsl:apply-templates select="node()" mode="render"/></div>
        </xsl:for-each>
        <h2>Documents</h2>
        <ul class="document-list">
          <xsl:for-each select="$e:text-documents">
            <xsl:variable name="m" select="e:meta(*)"/>
            <li class="document-card">
              <h3><a href="{encode-for-uri($m?id)}.html">{$m?title}</a></h3>
              <xsl:if test="$m?subtitle"><p class="subtitle">{$m?subtitle}</p></xsl:if>
              <dl class="metadata">
                <xsl:variable name="archive" as="node()*"><xsl:call-template name="archive"><xsl:with-param name="tei" select="*"/></xsl:call-template></xsl:variable>
                <xsl:for-each select="(['Date', $m?date], ['Author', string-join($m?authors, '; ')], ['Translator', string-join($m?translators, '; ')],
                  ['Archive', $archive], ['Source', $m?source[empty($archive)]])[normalize-space(string-join(?2 ! string(.)))]">
                  <div><dt>{?1}</dt><dd><xsl:sequence select="?2"/></dd></div>
                </xsl:for-each>
              </dl>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="persons-page">
    <xsl:call-template name="register-page">
      <xsl:with-param name="page" select="'persons'"/>
      <xsl:with-param name="title" select="'Persons'"/>
      <xsl:with-param name="entries" select="$registers//(tei:person | tei:personGrp)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="places-page">
    <xsl:call-template name="register-page">
      <xsl:with-param name="page" select="'places'"/>
      <xsl:with-param name="title" select="'Places'"/>
      <xsl:with-param name="entries" select="$registers//tei:place"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="organizations-page">
    <xsl:call-template name="register-page">
      <xsl:with-param name="page" select="'organizations'"/>
      <xsl:with-param name="title" select="'Organizations'"/>
      <xsl:with-param name="entries" select="$registers//tei:org"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="register-page">
    <xsl:param name="page" as="xs:string"/>
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="entries" as="element()*"/>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="$title"/>
      <xsl:with-param name="current" select="$page"/>
      <xsl:with-param name="content">
        <h1>{$title}</h1>
        <p class="register-intro">{count($entries)} entries, each with every place it occurs in the documents.</p>
        <!-- the registers' own licences and how to cite them (the footer points to what each page states) -->
        <xsl:for-each select="$registers/tei:TEI[tei:teiHeader][1]">
          <xsl:variable name="licences" select="tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence[normalize-space() or @target]"/>
          <dl class="metadata register-metadata">
            <xsl:if test="$licences">
              <div><dt>{if (count($licences) gt 1) then 'Licences' else 'Licence'}</dt><dd>
                <xsl:call-template name="licence-list"><xsl:with-param name="licences" select="$licences"/></xsl:call-template></dd></div>
            </xsl:if>
            <div><dt>How to cite</dt><dd class="citation"><xsl:call-template name="citation">
              <xsl:with-param name="tei" select="."/><xsl:with-param name="page" select="$page || '.html'"/></xsl:call-template></dd></div>
          </dl>
        </xsl:for-each>
        <xsl:for-each select="$entries[@xml:id]">
          <!-- by @sortKey where the register gives one (persons: surname first, in code-point order so that
               "ho-chi-minh" comes before "hoang-bao-son"), then by the name as written -->
          <xsl:sort select="string(@sortKey)"/>
          <xsl:sort select="lower-case(e:entry-name(.))" lang="en"/>
          <xsl:variable name="id" select="string(@xml:id)"/>
          <xsl:variable name="occurrences" select="e:occurrences($id)"/>
          <article class="entry entry-{local-name()}" id="{$id}" aria-labelledby="{$id}-name">
            <h2 id="{$id}-name"><xsl:call-template name="lang"/>{e:entry-name(.)}</h2>
            <xsl:variable name="variants" select="(tei:persName | tei:placeName | tei:orgName | tei:name)[@type = 'variant']"/>
            <xsl:if test="$variants">
              <p class="variants">Also: <xsl:for-each select="$variants"><xsl:if test="position() > 1">; </xsl:if><span><xsl:call-template name="lang"/>{e:text(.)}</span></xsl:for-each></p>
            </xsl:if>
            <xsl:if test="e:entry-identification(.)">
              <p class="identification"><xsl:for-each select="(tei:note[@type = 'identification'], tei:note)[1]"><xsl:call-template name="header-words"/></xsl:for-each></p>
            </xsl:if>
            <xsl:variable name="dates" select="string-join((tei:birth ! ('born ' || e:date-text(.)), tei:death ! ('died ' || e:date-text(.)), tei:occupation ! e:text(.), tei:location ! e:text(.))[normalize-space()], '; ')"/>
            <xsl:if test="$dates"><p class="dates">{$dates}</p></xsl:if>
            <xsl:choose>
              <xsl:when test="empty($occurrences)"><p class="occurrences none">Not named in the documents.</p></xsl:when>
              <xsl:otherwise>
                <ul class="occurrences">
                  <xsl:for-each-group select="$occurrences" group-by="e:doc-id(e:tei(.))">
                    <li><span class="occ-doc">{e:meta(e:tei(.))?title}</span>:
                      <xsl:variable name="docid" select="e:doc-id(e:tei(.))"/>
                      <xsl:variable name="short-title" select="e:short-title(e:tei(.))"/>
                      <!-- one link per place (paragraph, note ...), in order of first mention; further mentions there (even after a
                           note in between) as small numbered links -->
                      <xsl:for-each-group select="current-group()" group-by="e:occurrence-place(.)">
                        <xsl:variable name="label" select="$short-title || ' – ' || current-grouping-key()"/>
                        <xsl:if test="position() > 1">; </xsl:if>
                        <a href="{encode-for-uri($docid)}.html#{e:occurrence-anchor(.)}" title="{e:text(.)}">{$label}</a>
                        <xsl:if test="count(current-group()) gt 1">
                          <span class="occ-again"> (mentions <xsl:for-each select="current-group()[position() gt 1]">
                              <xsl:if test="position() > 1"><xsl:text> </xsl:text></xsl:if>
                              <a href="{encode-for-uri($docid)}.html#{e:occurrence-anchor(.)}" title="{e:text(.)}" aria-label="{$label}, mention {position() + 1}">{position() + 1}</a>
                            </xsl:for-each>)</span>
                        </xsl:if>
                      </xsl:for-each-group>
                    </li>
                  </xsl:for-each-group>
                </ul>
              </xsl:otherwise>
            </xsl:choose>
          </article>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

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
       sections around it, then the note, paragraph (¶, counted over the paragraphs with an xml:id, which is what
       the corpus pages' summaries of the documents keep), list item or heading; and whether only the diplomatic
       text shows it -->
  <xsl:function name="e:occurrence-place" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="text" select="$el/ancestor::tei:text[1]"/>
    <xsl:variable name="citable" select="e:citable($el)"/>
    <xsl:variable name="note" select="$el/ancestor::tei:note[not(e:note-inline(.))][1]"/>
    <xsl:variable name="sections" select="$el/ancestor::*[self::tei:div or matches(local-name(), '^div[1-7]$')][tei:head][position() le 2]
      ! e:shortened(replace(normalize-space(string-join(tei:head[1]//text()[not(ancestor::tei:note)])), '[\s:.]+$', ''), 48)"/>
    <xsl:variable name="where" select="
      if ($note) then 'note ' || e:note-mark($note)
      else if ($citable/self::tei:p or $citable/self::tei:ab) then '¶' || count($text//*[self::tei:p or self::tei:ab][@xml:id][not(ancestor::tei:note)][. &lt;&lt; $citable]) + 1
      else if ($citable/self::tei:item) then 'item ' || count($citable/preceding-sibling::tei:item) + 1
      else if ($el/ancestor::tei:head) then 'heading'
      else if ($citable/self::tei:l) then 'verse line'
      else if ($el/ancestor::tei:front) then 'title page'
      else ()"/>
    <xsl:variable name="diplomatic-only" select="$el/ancestor::*[self::tei:del or self::tei:fw or self::tei:metamark or self::tei:note[not(e:note-inline(.))]][1][not(self::tei:note)]"/>
    <xsl:sequence select="string-join((string-join($sections, ': ')[.], $where), ', ') || ' (deleted; diplomatic text)'[$diplomatic-only/self::tei:del]
      || ' (diplomatic text)'[$diplomatic-only[not(self::tei:del)]]"/>
  </xsl:function>

  <!-- the id a name's occurrence has on its document's page: names only the diplomatic text shows (in a
       deletion, a forme work line or a marginal mark) carry that view's prefix; those in a numbered note are in
       the notes list, where the reading view's ids are -->
  <xsl:function name="e:occurrence-anchor" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="outside" select="$el/ancestor::*[self::tei:del or self::tei:fw or self::tei:metamark or self::tei:note[not(e:note-inline(.))]][1]"/>
    <xsl:sequence select="'dip-'[$outside[not(self::tei:note)]] || e:occurrence-id($el)"/>
  </xsl:function>

  <!-- a note's mark ('T3', 'E1', '12') in a source tree, as prepare numbers it (e:mark) -->
  <xsl:function name="e:note-mark" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:variable name="kind" select="e:note-kind($note)"/>
    <xsl:sequence select="if ($note/@e:mark) then string($note/@e:mark)
      else if ($kind = 'authorial' and normalize-space($note/@n)) then normalize-space($note/@n)
      else map{'authorial': '', 'translator': 'T', 'editorial': 'E', 'gloss': 'G'}($kind)
        || count(e:tei($note)//tei:text//tei:note[. &lt;&lt; $note][e:note-kind(.) = $kind]) + 1"/>
  </xsl:function>

  <xsl:function name="e:shortened" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:param name="max" as="xs:integer"/>
    <xsl:sequence select="if (string-length($s) le $max) then $s else replace(substring($s, 1, $max), '\s+\S*$', '') || '…'"/>
  </xsl:function>

  <xsl:template name="encoding-page">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="'Encoding and editorial principles'"/>
      <xsl:with-param name="current" select="'encoding'"/>
      <xsl:with-param name="content">
        <h1>Encoding and editorial principles</h1>
        <xsl:for-each-group select="$documents//tei:encodingDesc/tei:projectDesc" group-by="e:text(.)">
          <div class="project-desc"><xsl:apply-templates select="node()" mode="render"/></div>
        </xsl:for-each-group>
        <section aria-labelledby="legend-all">
          <h2 id="legend-all">Legend of the conventions</h2>
          <xsl:call-template name="legend">
            <xsl:with-param name="roots" select="$e:text-documents"/>
          </xsl:call-template>
        </section>
        <xsl:for-each select="$e:text-documents[.//tei:editorialDecl]">
          <xsl:variable name="m" select="e:meta(*)"/>
          <section class="principles" aria-labelledby="principles-{$m?id}">
            <h2 id="principles-{$m?id}">{$m?title}<xsl:if test="$m?subtitle">: {$m?subtitle}</xsl:if></h2>
            <p><a href="{encode-for-uri($m?id)}.html">Read the text</a></p>
            <xsl:for-each select=".//tei:editorialDecl/*">
              <xsl:choose>
                <xsl:when test="self::tei:p"><p><xsl:apply-templates mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates></p></xsl:when>
                <xsl:otherwise>
                  <h3>{upper-case(substring(local-name(), 1, 1)) || substring(local-name(), 2)}</h3>
                  <xsl:for-each select="tei:p">
                    <p><xsl:apply-templates mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates></p>
                  </xsl:for-each>
                </xsl:otherwise>
              </xsl:choose>
            </xsl:for-each>
            <xsl:if test=".//tei:handDesc/tei:handNote">
              <h3>Hands</h3>
              <ul class="hands">
                <xsl:for-each select=".//tei:handDesc/tei:handNote">
                  <li><span class="{if (e:later-hand-note(.)) then 'later-hand' else 'main-hand'} hand-sample">{e:hand-label(.)}</span>: {e:text(.)}</li>
                </xsl:for-each>
              </ul>
            </xsl:if>
          </section>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
