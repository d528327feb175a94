<?xml version="1.0" encoding="UTF-8"?>
<!-- The web edition: a page per document (metadata, reading and diplomatic views, notes, legend). Imports the core
     (common.xsl) and draws each behaviour as a named template writing HTML5 from the parameters the prepare pass
     wrote; assets/edition.css and assets/edition.js do the rest. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:e="urn:x-edition:functions"
  xmlns:fn="http://www.w3.org/2005/xpath-functions"
  xmlns:mml="http://www.w3.org/1998/Math/MathML"
  exclude-result-prefixes="#all" expand-text="yes">

  <xsl:import href="common.xsl"/>

  <xsl:output method="html" html-version="5" indent="no" encoding="UTF-8" include-content-type="no"/>

  <xsl:variable name="e:medium" as="xs:string" select="'web'"/>

  <!-- the initial mode: only the document node is matched -->
  <xsl:mode on-no-match="shallow-skip"/>
  <!-- the words of a header element (e:header-words): text, and spans for the languages it marks -->
  <xsl:mode name="words" on-no-match="shallow-skip"/>
  <!-- MathML copied onto the page: only the elements and attributes of $mml:elements, $mml:attributes -->
  <xsl:mode name="mathml" on-no-match="shallow-skip"/>

  <!-- the web edition's own parameters (set by Python): the formats the build makes, for the download links, and
       the file names of the registers, copied beside the sources -->
  <xsl:param name="formats" as="xs:string*" select="('html', 'txt', 'pdf')"/>
  <xsl:param name="register-files" as="xs:string*" select="()"/>

  <!-- the Content-Security-Policy of every page: only the edition's own files. The search page alone may compile
       WebAssembly ('wasm-unsafe-eval', for Pagefind's index): no page runs inline script or style. -->
  <xsl:function name="e:csp" as="xs:string">
    <xsl:param name="search" as="xs:boolean"/>
    <xsl:sequence select="&quot;default-src 'self'; script-src 'self'&quot; || &quot; 'wasm-unsafe-eval'&quot;[$search]
      || &quot;; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'&quot;"/>
  </xsl:function>

  <!-- ===== Document page ===== -->
  <xsl:template match="/">
    <xsl:variable name="m" select="e:meta(*)"/>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="$m?title"/>
      <xsl:with-param name="lang" select="($m?lang[.], 'en')[1]"/>
      <xsl:with-param name="document" select="."/>
    </xsl:call-template>
  </xsl:template>

  <!-- the text of a prepared document, its notes and legend -->
  <xsl:template name="document-article">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="root" select="$doc/*"/>
    <xsl:variable name="facts" select="e:legend-facts($doc)"/>
    <!-- both views, or one text where the encoding gives the views nothing different to show (it says why) -->
    <xsl:variable name="views" select="e:document-views($doc)"/>
    <article class="document" aria-labelledby="doc-title">
      <xsl:call-template name="doc-header">
        <xsl:with-param name="tei" select="$root"/>
        <xsl:with-param name="heading-id" select="'doc-title'"/>
      </xsl:call-template>
      <nav class="views" aria-label="{e:word('nav.views')}">
        <!-- controls that need the script (edition.js shows them): which view, side by side on a wide screen; the
             names as links or as plain text -->
        <xsl:if test="count($views) gt 1">
          <div class="view-toggle" role="group" aria-label="{e:word('views.show')}" hidden="">
            <xsl:for-each select="('reading', 'both', 'diplomatic')">
              <button type="button" value="{.}" aria-pressed="false">{e:word('views.' || .)}</button>
            </xsl:for-each>
          </div>
        </xsl:if>
        <label class="names-toggle" hidden="" title="{e:word('names.toggle.title')}"><input type="checkbox" checked=""/>{e:word('names.toggle')}</label>
        <ul>
          <li class="view-link"><a href="#reading">{e:word('view.' || (if (count($views) gt 1) then 'reading' else 'one'))}</a></li>
          <xsl:if test="$views = 'diplomatic'"><li class="view-link"><a href="#diplomatic">{e:word('view.diplomatic')}</a></li></xsl:if>
          <li><a href="#notes">{e:word('nav.notes')}</a></li>
          <li><a href="#legend">{e:word('nav.legend')}</a></li>
        </ul>
      </nav>
      <!-- the search index (Pagefind) reads the reading text and the notes, not the diplomatic text a second time,
           nor the pages' frames -->
      <div class="texts">
      <xsl:for-each select="$views">
        <xsl:variable name="v" select="."/>
        <xsl:variable name="named" select="if (count($views) gt 1) then $v else 'one'"/>
        <section id="{$v}" class="view view-{$v}" aria-labelledby="{$v}-title">
          <xsl:if test="$v = 'reading'"><xsl:attribute name="data-pagefind-body"/></xsl:if>
          <h2 id="{$v}-title" data-pagefind-ignore="">{e:word('view.' || $named)}</h2>
          <p class="view-intro" data-pagefind-ignore="">{e:view-intro('web', $named, $facts)}</p>
          <xsl:apply-templates select="$root/node()" mode="render">
            <xsl:with-param name="view" select="$v" tunnel="yes"/>
            <xsl:with-param name="prefix" select="if ($v = 'reading') then '' else 'dip-'" tunnel="yes"/>
          </xsl:apply-templates>
          <xsl:call-template name="end-of-page"><xsl:with-param name="tei" select="$root"/></xsl:call-template>
        </section>
      </xsl:for-each>
      </div>
      <xsl:call-template name="notes-section">
        <xsl:with-param name="roots" select="$root"/>
      </xsl:call-template>
      <xsl:call-template name="index-section">
        <xsl:with-param name="root" select="$root"/>
      </xsl:call-template>
      <section id="legend" class="legend" aria-labelledby="legend-title">
        <h2 id="legend-title">{e:word('legend')}</h2>
        <xsl:call-template name="legend">
          <xsl:with-param name="facts" select="$facts"/>
        </xsl:call-template>
      </section>
      <!-- the words of the cards and messages edition.js shows -->
      <div id="edition-words" hidden="" data-close="{e:word('card.close')}" data-to-note="{e:word('card.to-note')}"
        data-to-entry="{e:word('card.to-entry')}" data-copied="{e:word('cite.copied')}"/>
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
    <xsl:param name="site-title" as="xs:string" select="e:site-title($document)"/>
    <!-- the search page: its script may compile the search index's WebAssembly -->
    <xsl:param name="search" as="xs:boolean" select="false()"/>
    <xsl:variable name="root" select="e:to-root()"/>
    <html lang="{$lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta http-equiv="Content-Security-Policy" content="{e:csp($search)}"/>
        <title>{$title} · {$site-title}</title>
        <xsl:if test="exists($document)">
          <xsl:call-template name="document-meta"><xsl:with-param name="tei" select="$document/*"/></xsl:call-template>
        </xsl:if>
        <link rel="stylesheet" href="{$root}edition.css"/>
        <script src="{$root}edition.js" defer="defer"></script>
      </head>
      <body>
        <a class="skip-link" href="#main">{e:word('site.skip')}</a>
        <header class="site-header">
          <p class="site-title"><a href="{$root}index.html">{$site-title}</a></p>
          <nav class="site-nav" aria-label="{e:word('site.nav')}">
            <ul>
              <xsl:for-each select="('index', 'persons', 'places', 'organizations', 'encoding', 'search')">
                <li><a href="{$root}{.}.html">
                  <xsl:if test=". = $current"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>{e:word('page.' || .)}</a></li>
              </xsl:for-each>
            </ul>
          </nav>
          <!-- the search box: a plain form to the search page, which runs the search -->
          <xsl:if test="$current ne 'search'">
            <form class="site-search" role="search" action="{$root}search.html" method="get">
              <input type="search" name="q" aria-label="{e:word('search.label')}" placeholder="{e:word('search.placeholder')}"/>
              <button type="submit">{e:word('search.button')}</button>
            </form>
          </xsl:if>
        </header>
        <main id="main">
          <xsl:sequence select="$content"/>
          <xsl:if test="exists($document)">
            <xsl:call-template name="document-article"><xsl:with-param name="doc" select="$document"/></xsl:call-template>
          </xsl:if>
        </main>
        <footer class="site-footer">
          <xsl:variable name="parts" as="node()+"><xsl:value-of select="$site-title"/><a href="{$root}encoding.html">{e:word('page.encoding')}</a></xsl:variable>
          <p><xsl:sequence select="e:phrase('site.footer', $parts)"/></p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- What a document page tells reference managers and search engines, from its header (e:meta): the citation_*
       tags (Google Scholar's, which Zotero and Mendeley read), Dublin Core, the page's canonical address where its
       public address is known (a configured base URL, else the header's: e:pages-address), its CSL-JSON record,
       and the search index's filters (the document, the persons, places and organisations its text names) -->
  <xsl:template name="document-meta">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="m" select="e:meta($tei)"/>
    <xsl:variable name="path" select="e:path-uri(e:document-path($tei))"/>
    <!-- the public address of the page and of its PDF: only where one is known (e:pages-address) -->
    <xsl:variable name="url" select="$m?url"/>
    <xsl:variable name="dates" select="$m?iso-dates"/>
    <xsl:variable name="licences" select="e:licences($tei)"/>
    <meta name="citation_title" content="{$m?title}"/>
    <xsl:for-each select="$m?authors"><meta name="citation_author" content="{.}"/></xsl:for-each>
    <!-- a date, or the year a range begins (Google Scholar's form: 1965/07/04, or 1965) -->
    <xsl:if test="exists($dates)">
      <meta name="citation_date" content="{if (count($dates) = 1) then translate($dates, '-', '/') else substring($dates[1], 1, 4)}"/>
    </xsl:if>
    <xsl:if test="$m?publisher"><meta name="citation_publisher" content="{$m?publisher}"/></xsl:if>
    <meta name="citation_language" content="{($m?lang[.], 'en')[1]}"/>
    <xsl:if test="$url">
      <meta name="citation_public_url" content="{$url}"/>
      <meta name="citation_abstract_html_url" content="{$url}"/>
      <xsl:if test="$formats = 'pdf'"><meta name="citation_pdf_url" content="{$m?pdf-url}"/></xsl:if>
    </xsl:if>
    <link rel="schema.DC" href="http://purl.org/dc/elements/1.1/"/>
    <link rel="schema.DCTERMS" href="http://purl.org/dc/terms/"/>
    <meta name="DC.title" content="{$m?title}"/>
    <xsl:for-each select="$m?authors"><meta name="DC.creator" content="{.}"/></xsl:for-each>
    <xsl:for-each select="$m?translators"><meta name="DC.contributor" content="{.}"/></xsl:for-each>
    <!-- a range as an ISO 8601 interval -->
    <xsl:if test="exists($dates)"><meta name="DC.date" content="{string-join($dates, '/')}"/></xsl:if>
    <meta name="DC.type" content="Text"/>
    <meta name="DC.format" content="text/html"/>
    <meta name="DC.language" content="{($m?lang[.], 'en')[1]}"/>
    <xsl:if test="$m?publisher"><meta name="DC.publisher" content="{$m?publisher}"/></xsl:if>
    <meta name="DC.identifier" content="{($url, $path || '.html')[1]}"/>
    <xsl:for-each select="($m?published-in, $m?archive)[.]"><meta name="DC.source" content="{.}"/></xsl:for-each>
    <xsl:for-each select="$licences"><meta name="DC.rights" content="{(e:safe-url(@target), e:text(.))[.][1]}"/></xsl:for-each>
    <meta name="DCTERMS.isPartOf" content="{($m?edition-title[.], e:word('citation.edition'))[1]}"/>
    <xsl:if test="$m?version-number"><meta name="DCTERMS.hasVersion" content="{$m?version-number}"/></xsl:if>
    <xsl:if test="$url"><link rel="canonical" href="{$url}"/></xsl:if>
    <link rel="alternate" type="application/vnd.citationstyles.csl+json" href="{e:to-root()}{$path}.csl.json"/>
    <meta data-pagefind-filter="document[content]" content="{$m?title}"/>
    <xsl:for-each-group select="e:entries-named($tei)" group-by="@page">
      <xsl:sort select="current-grouping-key()"/>
      <xsl:for-each select="current-group()">
        <xsl:sort select="lower-case(@name)" lang="en"/>
        <meta data-pagefind-filter="{current-grouping-key()}[content]" content="{@name}"/>
      </xsl:for-each>
    </xsl:for-each-group>
    <meta data-pagefind-meta="title[content]" content="{$m?title}"/>
  </xsl:template>

  <!-- the edition's name on a document's page: from the registers, else from the document -->
  <xsl:function name="e:site-title" as="xs:string">
    <xsl:param name="document" as="document-node()?"/>
    <xsl:sequence select="e:edition-title(($registers, $document))"/>
  </xsl:function>

  <!-- metadata block of a document -->
  <xsl:template name="doc-header">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="heading-id" as="xs:string?"/>
    <xsl:param name="level" as="xs:integer" select="1"/>
    <xsl:variable name="m" select="e:meta($tei)"/>
    <xsl:variable name="root" select="e:to-root()"/>
    <xsl:variable name="path" select="e:path-uri(e:document-path($tei))"/>
    <header class="doc-header">
      <xsl:if test="$m?series"><p class="series">{$m?series}</p></xsl:if>
      <xsl:element name="h{$level}">
        <xsl:if test="$heading-id"><xsl:attribute name="id" select="$heading-id"/></xsl:if>{$m?title}</xsl:element>
      <xsl:if test="$m?subtitle"><p class="subtitle">{$m?subtitle}</p></xsl:if>
      <xsl:variable name="archive" as="node()*"><xsl:call-template name="archive"><xsl:with-param name="tei" select="$tei"/></xsl:call-template></xsl:variable>
      <xsl:variable name="archival-title" as="node()*">
        <xsl:apply-templates select="e:header-words(e:archival-title($tei))" mode="words"/>
      </xsl:variable>
      <!-- what the header says the document is (and, for a fragment, where it begins and ends) -->
      <xsl:variable name="summary" as="node()*">
        <xsl:apply-templates select="e:header-summary($tei)/node()" mode="render">
          <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          <xsl:with-param name="ids" select="false()" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:variable>
      <dl class="metadata">
        <!-- values are strings or rendered nodes (which keep the header's xml:lang as lang) -->
        <xsl:for-each select="([e:field-label('author', count($m?authors)), string-join($m?authors, '; ')],
          [e:field-label('translator', count($m?translators)), string-join($m?translators, '; ')],
          [e:word('field.date'), $m?date], [e:word('field.dating'), $m?dating], [e:word('field.archive'), $archive], [e:word('field.archival-title'), $archival-title],
          [e:word('field.source'), $m?source], [e:word('field.summary'), $summary],
          [e:word('field.edition'), e:edition-line($m)])[normalize-space(string-join(?2 ! string(.)))]">
          <div><dt>{?1}</dt><dd><xsl:sequence select="?2"/></dd></div>
        </xsl:for-each>
        <xsl:variable name="licences" select="e:licences($tei)"/>
        <xsl:choose>
          <!-- each licence with its own words; rel="license" only on a licence's link (here the encoding's) -->
          <xsl:when test="$licences">
            <div><dt>{e:field-label('licence', count($licences))}</dt><dd>
              <xsl:call-template name="licence-list"><xsl:with-param name="licences" select="$licences"/></xsl:call-template></dd></div>
          </xsl:when>
          <xsl:when test="$m?licence">
            <div><dt>{e:word('field.licence')}</dt><dd>{$m?licence}<xsl:if test="e:safe-url($m?licence-url)"> (<a href="{e:safe-url($m?licence-url)}" rel="license">{$m?licence-url}</a>)</xsl:if></dd></div>
          </xsl:when>
        </xsl:choose>
        <div><dt>{e:word('field.cite')}</dt><dd class="citation"><xsl:call-template name="citation">
          <xsl:with-param name="tei" select="$tei"/><xsl:with-param name="archive" select="$archive"/></xsl:call-template></dd></div>
      </dl>
      <xsl:if test="$level = 1">
        <nav class="downloads" aria-label="{e:word('downloads')}">
          <h2 class="downloads-title">{e:word('download')}</h2>
          <ul>
            <!-- (the source's own file name until the build passes document-path: the copy is named so) -->
            <li><a href="{$root}../tei/{if ($document-path) then $path || '.xml' else encode-for-uri(($source-file[.], $m?id || '.xml')[1])}" download="">{e:word('download.tei')}</a></li>
            <!-- the registers the source's @ref pointers lead to (the build copies them beside the sources) -->
            <xsl:for-each select="$register-files">
              <li><a href="{$root}../tei/{encode-for-uri(.)}" download="" title="{e:word('download.registers.title')}">{e:word('download.registers')}{(' (' || . || ')')[count($register-files) gt 1]}</a></li>
            </xsl:for-each>
            <li><a href="{$root}{$path}.csl.json" download="" type="application/vnd.citationstyles.csl+json">{e:word('download.csl')}</a></li>
            <xsl:if test="$formats = 'txt'">
              <li><a href="{$root}../txt/{$path}.reading.txt">{e:word('download.reading.txt')}</a></li>
              <xsl:if test="e:document-views($tei) = 'diplomatic'"><li><a href="{$root}../txt/{$path}.diplomatic.txt">{e:word('download.diplomatic.txt')}</a></li></xsl:if>
            </xsl:if>
            <xsl:if test="$formats = 'pdf'">
              <li><a href="{$root}../pdf/{$path}.pdf">{e:word('download.reading.pdf')}</a></li>
              <xsl:if test="e:document-views($tei) = 'diplomatic'"><li><a href="{$root}../pdf/{$path}.diplomatic.pdf">{e:word('download.diplomatic.pdf')}</a></li></xsl:if>
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
        aria-label="{if ($covers) then e:word('licence.of', lower-case(substring($covers, 1, 1)) || substring($covers, 2)) else e:word('field.licence')}: {$url}">{$url}</a>)</xsl:if></p>
    </xsl:for-each>
  </xsl:template>

  <!-- where a transcription of pages of a source stops: the end of its last page, and whether its last paragraph
       is marked as going on -->
  <xsl:template name="end-of-page">
    <xsl:param name="tei" as="element()"/>
    <xsl:for-each select="e:end-of-page($tei)">
      <p class="end-of-page" title="{e:end-of-page-note($tei)}">[{.}]</p>
    </xsl:for-each>
  </xsl:template>

  <!-- the archive that holds a manuscript source (e:archive-parts), each part with its languages -->
  <xsl:template name="archive">
    <xsl:param name="tei" as="element()"/>
    <xsl:for-each select="e:archive-parts($tei)">
      <xsl:if test="position() gt 1">, </xsl:if>
      <xsl:value-of select="?before"/>
      <xsl:apply-templates select="e:header-words(?words)" mode="words"/>
      <xsl:value-of select="?after"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="text()" mode="words"><xsl:copy/></xsl:template>
  <xsl:template match="e:words[@lang]" mode="words"><span lang="{@lang}"><xsl:apply-templates mode="words"/></span></xsl:template>
  <xsl:template match="e:words" mode="words"><xsl:apply-templates mode="words"/></xsl:template>

  <!-- how to cite a document: author, title, translator, its date, the archive, the publication it comes from, this
       edition (title, editors, version) and the page's address (the core's e:citation-parts) -->
  <xsl:template name="citation">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="archive" as="node()*"/>
    <xsl:param name="page" as="xs:string?" select="()"/>
    <xsl:variable name="m" select="e:meta($tei)"/>
    <!-- the core's wording (e:citation-parts); the archive drawn with its languages where its words are the same -->
    <xsl:variable name="parts" select="e:citation-parts($m, ($page, e:path-uri(e:document-path($tei)) || '.html')[1])"/>
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
    <xsl:variable name="texts" select="($roots/descendant-or-self::*[@e:behaviour = 'document'], $roots[not(descendant-or-self::*[@e:behaviour = 'document'])])"/>
    <section id="notes" class="notes" aria-labelledby="notes-title" data-pagefind-body="">
      <h2 id="notes-title" data-pagefind-ignore="">{e:word('notes')}</h2>
      <xsl:if test="empty($roots//*[@e:id][not(@e:inline)]) and empty($roots//*[@e:letter][@e:correction])"><p>{e:word('notes.none')}</p></xsl:if>
      <xsl:for-each select="$texts">
      <xsl:variable name="notes" select=".//*[@e:id][not(@e:inline)]"/>
      <xsl:variable name="level" select="if (count($texts) gt 1) then 4 else 3"/>
      <xsl:if test="$level = 4 and $notes"><h3 class="notes-text">{e:meta(.)?title}</h3></xsl:if>
      <xsl:for-each-group select="$notes" group-by="string(@e:kind)">
        <xsl:sort select="index-of($e:note-kinds, current-grouping-key())"/>
        <xsl:variable name="group-id" select="'notes-' || (e:doc-id(e:tei(.)) || '-')[$level = 4] || current-grouping-key()"/>
        <section class="notes-group kind-{current-grouping-key()}" aria-labelledby="{$group-id}">
          <xsl:element name="h{$level}"><xsl:attribute name="id" select="$group-id"/><xsl:attribute name="data-pagefind-ignore"/>{e:note-kind-label(current-grouping-key())}</xsl:element>
          <ol class="notes-list">
            <xsl:for-each select="current-group()">
              <li id="{@e:id}" class="note kind-{@e:kind}{@e:resp-role[string()] ! (' by-' || .)}">
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
                <xsl:if test="@e:kind = ('editorial', 'edition') and @e:resp-name">
                  <span class="note-resp"> ({@e:resp-name})</span>
                </xsl:if>
                <xsl:text> </xsl:text>
                <xsl:if test="not(@e:only-in)">
                  <a class="backref" data-pagefind-ignore="" href="#noteref-{@e:id}" aria-label="{e:word('note.back.reading', @e:mark)}">{e:word('note.back.reading.link')}</a>
                  <xsl:text> </xsl:text>
                </xsl:if>
                <xsl:if test="e:document-views(.) = 'diplomatic'">
                  <a class="backref backref-dip" data-pagefind-ignore="" href="#dip-noteref-{@e:id}" aria-label="{e:word('note.back.diplomatic', @e:mark)}">{e:word('note.back.diplomatic.link')}</a>
                </xsl:if>
              </li>
            </xsl:for-each>
          </ol>
        </section>
      </xsl:for-each-group>
      <!-- the corrections, lettered as in the diplomatic PDF's apparatus (the reading text applies them, the
           diplomatic text gives the source's forms: here is what was corrected, and by whom) -->
      <xsl:variable name="corrections" select=".//*[@e:letter][@e:correction]"/>
      <xsl:if test="$corrections">
        <xsl:variable name="group-id" select="'notes-' || (e:doc-id(e:tei(.)) || '-')[$level = 4] || 'corrections'"/>
        <section class="notes-group kind-corrections" aria-labelledby="{$group-id}">
          <xsl:element name="h{$level}"><xsl:attribute name="id" select="$group-id"/>{e:word('corrections')}</xsl:element>
          <ol class="notes-list corrections-list">
            <xsl:for-each select="$corrections">
              <li id="{e:correction-id(.)}" class="note kind-correction{@e:correction-role[string()] ! (' by-' || .)}">
                <span class="note-mark">{@e:letter}</span>
                <xsl:text> </xsl:text>
                <span class="note-body">{@e:correction}</span>
              </li>
            </xsl:for-each>
          </ol>
        </section>
      </xsl:if>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- ===== Index: the source's index entries (e:index-entries), each with the sections it occurs in; on the text
       each entry stands hidden where it was, found by the browser's search ===== -->
  <xsl:template name="index-section">
    <xsl:param name="root" as="element()"/>
    <xsl:variable name="entries" select="e:index-entries($root)"/>
    <xsl:if test="exists($entries)">
      <section id="index" class="index" aria-labelledby="index-title">
        <h2 id="index-title">{e:word('index')}</h2>
        <p>{e:index-intro(count($entries))}</p>
        <ul class="index-list">
          <xsl:for-each select="$entries">
            <li><span class="index-term">{?term}</span><xsl:if test="exists(?places)"> — {string-join(?places, '; ')}</xsl:if></li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- the id of a correction in the list of corrections: 'correction-a' (after its document's id in a corpus) -->
  <xsl:function name="e:correction-id" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="(e:tei($el)[parent::*] ! (e:doc-id(.) || '-')) || 'correction-' || ($el/@e:letter, $el/@e:letter-reading)[1]"/>
  </xsl:function>

  <!-- ===== Legend: the conventions a set of documents uses (e:legend-facts), who is responsible, its hands ===== -->
  <!-- what a convention looks like on the page: its sample words (legend.web.KEY.sample, parts separated by " | ")
       in the markup the page gives it; a convention without markup here is shown in a span of its class -->
  <xsl:variable name="e:legend-markup" as="map(xs:string, xs:string)" select="map{
    'supplied': '&lt;span class=&quot;supplied resp-translator&quot;&gt;{1}&lt;/span&gt;',
    'note-authorial': '&lt;sup class=&quot;noteref kind-authorial&quot;&gt;{1}&lt;/sup&gt;',
    'note-translator': '&lt;sup class=&quot;noteref kind-translator&quot;&gt;{1}&lt;/sup&gt;',
    'note-gloss': '&lt;span class=&quot;note-inline gloss resp-translator&quot;&gt;{1}&lt;/span&gt;',
    'del': '&lt;span class=&quot;del-marker&quot;&gt;{1}&lt;/span&gt; / &lt;del class=&quot;del&quot;&gt;{2}&lt;/del&gt;&lt;span class=&quot;add-label del-label&quot;&gt;{3}&lt;/span&gt;',
    'note-editorial': '&lt;sup class=&quot;noteref kind-editorial by-editor&quot;&gt;{1}&lt;/sup&gt;',
    'add': '&lt;ins class=&quot;add later-hand&quot;&gt;{1}&lt;/ins&gt;&lt;span class=&quot;add-label&quot;&gt;{2}&lt;/span&gt;',
    'subst': '&lt;del class=&quot;del&quot;&gt;{1}&lt;/del&gt; &lt;ins class=&quot;add later-hand&quot;&gt;{2}&lt;/ins&gt;',
    'metamark-text': '&lt;span class=&quot;metamark-sample&quot;&gt;{1}&lt;/span&gt;',
    'metamark-empty': '&lt;span class=&quot;metamark-described&quot;&gt;{1}&lt;/span&gt;',
    'del-unstruck': '&lt;del class=&quot;del unstruck&quot;&gt;&lt;span class=&quot;unstruck-label&quot;&gt;{1}&lt;/span&gt;{2}&lt;span class=&quot;unstruck-label&quot;&gt;{3}&lt;/span&gt;&lt;/del&gt;',
    'gap': '&lt;span class=&quot;gap&quot;&gt;{1}&lt;/span&gt;',
    'choice': '&lt;span class=&quot;corr resp-edition&quot;&gt;{1}&lt;/span&gt;&lt;sup class=&quot;noteref kind-correction&quot;&gt;{3}&lt;/sup&gt; / &lt;span class=&quot;sic&quot;&gt;{2}&lt;/span&gt;&lt;sup class=&quot;noteref kind-correction&quot;&gt;{3}&lt;/sup&gt;',
    'note-edition': '&lt;sup class=&quot;noteref kind-edition by-edition&quot;&gt;{1}&lt;/sup&gt;',
    'metamark-paraphrased': '&lt;span class=&quot;metamark-described&quot;&gt;{1}&lt;/span&gt;',
    'section-break': '&lt;span class=&quot;milestone&quot;&gt;{1}&lt;/span&gt;',
    'lb': '&lt;span class=&quot;lineno-sample&quot;&gt;{1}&lt;/span&gt;',
    'hyphen': '{1}',
    'pb': '&lt;span class=&quot;pb&quot;&gt;{1}&lt;/span&gt;',
    'fw': '&lt;span class=&quot;fw-sample&quot;&gt;{1}&lt;/span&gt;',
    'later-hand': '&lt;span class=&quot;later-hand&quot;&gt;{1}&lt;/span&gt;',
    'name': '&lt;a class=&quot;name&quot; href=&quot;places.html&quot;&gt;{1}&lt;/a&gt;'}"/>

  <xsl:template name="legend">
    <xsl:param name="facts" as="element(e:facts)"/>
    <xsl:variable name="keys" select="e:legend-keys('web', '', $facts)"/>
    <xsl:if test="exists($keys)">
      <table class="legend-table">
        <caption>{e:word('legend.caption')}</caption>
        <thead><tr><th scope="col">{e:word('legend.looks')}</th><th scope="col">{e:word('legend.means')}</th></tr></thead>
        <tbody>
          <xsl:for-each select="$keys">
            <xsl:variable name="parts" select="tokenize(e:legend-sample('web', '', ., $facts), ' \| ')"/>
            <tr><td class="legend-sample"><xsl:sequence select="parse-xml-fragment(e:legend-markup(., $parts, $facts))"/></td><td>{e:legend-meaning('web', '', ., $facts)}</td></tr>
          </xsl:for-each>
        </tbody>
      </table>
    </xsl:if>
    <xsl:if test="$facts/e:responsible">
      <h3>{e:word('legend.resp')}</h3>
      <ul class="resp-legend">
        <xsl:for-each select="$facts/e:responsible">
          <li><span class="resp-{@role} resp-sample">{e:word('resp.' || @role)}</span>: {string-join(e:name, ', ')}</li>
        </xsl:for-each>
      </ul>
    </xsl:if>
    <xsl:if test="$facts/e:hand">
      <h3>{e:word('legend.hands')}</h3>
      <ul class="hands">
        <xsl:for-each select="$facts/e:hand">
          <li><span class="{if (@later = 'yes') then 'later-hand' else 'main-hand'} hand-sample">{@label}</span>: {.}</li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>

  <!-- a legend sample as markup: the sample words escaped into the convention's markup (a link's address from the
       page's folder); "[sic]" in the colour of each party that flags it, an editors' note mark for each party that
       writes them (E1, or E1 / E2) -->
  <xsl:function name="e:legend-markup" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="parts" as="xs:string*"/>
    <xsl:param name="facts" as="element(e:facts)"/>
    <xsl:variable name="words" select="$parts ! replace(replace(replace(., '&amp;', '&amp;amp;'), '&lt;', '&amp;lt;'), '&gt;', '&amp;gt;')"/>
    <xsl:sequence select="
      if ($key = 'sic') then string-join(distinct-values($facts/e:sic-roles/e:role ! (if (. = 'edition') then 'resp-edition' else ''))
        ! ($words[1] || '&lt;span class=&quot;sic-flag' || (if (.) then ' ' || . else '') || '&quot;&gt; ' || $words[2] || '&lt;/span&gt;'), ' / ')
      else string-join(for $part in analyze-string(($e:legend-markup($key), '&lt;span class=&quot;' || $key || '&quot;&gt;{1}&lt;/span&gt;')[1], '\{(\d)\}')/*
        return if ($part/self::fn:match) then $words[xs:integer($part/fn:group)] else replace(string($part), 'href=&quot;', 'href=&quot;' || e:to-root()))"/>
  </xsl:function>


  <!-- ===== Attributes every rendered element gets: id (with the view's prefix), class, lang, title ===== -->
  <xsl:template name="attributes">
    <xsl:param name="prefix" as="xs:string" tunnel="yes" select="''"/>
    <xsl:param name="ids" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:param name="id" as="xs:string?" select="e:anchor(.)"/>
    <xsl:param name="class" as="xs:string*" select="e:classes(.)"/>
    <xsl:param name="title" as="xs:string?" select="@e:title"/>
    <xsl:if test="$ids and $id"><xsl:attribute name="id" select="$prefix || $id"/></xsl:if>
    <xsl:if test="exists($class)"><xsl:attribute name="class" select="string-join(distinct-values($class), ' ')"/></xsl:if>
    <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
    <xsl:if test="$title"><xsl:attribute name="title" select="$title"/></xsl:if>
  </xsl:template>

  <!-- an element's classes: its name and the classes prepare gave it -->
  <xsl:function name="e:classes" as="xs:string*">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="local-name($el), tokenize($el/@e:class)"/>
  </xsl:function>

  <xsl:template name="lang">
    <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
  </xsl:template>

  <!-- does an element hold block-level content (so it cannot be an HTML p or span)? What is inside a note inside
       it does not count: the walk down does not enter notes. Forme work stands apart from the text. -->
  <xsl:function name="e:has-blocks" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="some $d in $el/* satisfies ($d/@e:behaviour = ('block', 'paragraph', 'list', 'item', 'heading', 'figure', 'table', 'row', 'document')
      and not($d/@e:style = 'forme-work') or not($d/@e:behaviour = 'note') and e:has-blocks($d))"/>
  </xsl:function>

  <!-- ===== The behaviours ===== -->
  <!-- a TEI inside a corpus: its own header, then its text -->
  <xsl:template name="document">
    <article class="tei">
      <xsl:call-template name="doc-header">
        <xsl:with-param name="tei" select="."/>
        <xsl:with-param name="level" select="3"/>
      </xsl:call-template>
      <xsl:apply-templates mode="render"/>
    </article>
  </xsl:template>

  <xsl:template name="block">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$inline">
        <span><xsl:call-template name="attributes"><xsl:with-param name="class" select="e:classes(.), 'block'"/></xsl:call-template><xsl:value-of select="@e:before"/><xsl:apply-templates mode="render"/><xsl:value-of select="@e:after"/></span>
      </xsl:when>
      <xsl:when test="@e:space = 'preserve'">
        <pre><xsl:call-template name="attributes"/><xsl:apply-templates mode="render"/></pre>
      </xsl:when>
      <xsl:when test="@e:style = 'quotation'">
        <blockquote><xsl:call-template name="attributes"/><xsl:value-of select="@e:before"/><xsl:apply-templates mode="render"/><xsl:value-of select="@e:after"/></blockquote>
      </xsl:when>
      <!-- forme work on the line of the forme work before it is written in that one's line -->
      <xsl:when test="@e:joined"/>
      <xsl:when test="@e:style = 'forme-work'">
        <div><xsl:call-template name="attributes"><xsl:with-param name="class" select="e:classes(.), 'fw-' || @e:edge"/></xsl:call-template><xsl:apply-templates mode="render"/><xsl:for-each
          select="following-sibling::*[position() lt xs:integer((current()/@e:joins, 1)[1])]"><xsl:text> </xsl:text><span><xsl:call-template name="attributes"/><xsl:apply-templates mode="render"/></span></xsl:for-each></div>
      </xsl:when>
      <xsl:otherwise>
        <div><xsl:call-template name="attributes"/><xsl:value-of select="@e:before"/><xsl:apply-templates mode="render"/><xsl:value-of select="@e:after"/></div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="table">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$inline">
        <span><xsl:call-template name="attributes"><xsl:with-param name="class" select="e:classes(.), 'block'"/></xsl:call-template><xsl:apply-templates mode="render"/></span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="captions" select="*[@e:style = 'caption']"/>
        <!-- the header rows the table starts with are its head -->
        <xsl:variable name="head" select="*[@e:behaviour = 'row'][@e:header][empty(preceding-sibling::*[@e:behaviour = 'row'][not(@e:header)])]"/>
        <!-- (a table wider than the page scrolls within its frame, not the page) -->
        <div class="table-scroll"><table><xsl:call-template name="attributes"/>
          <xsl:if test="$captions"><caption><xsl:apply-templates select="$captions/node()" mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates></caption></xsl:if>
          <xsl:if test="$head"><thead><xsl:apply-templates select="$head" mode="render"/></thead></xsl:if>
          <tbody><xsl:apply-templates select="node() except ($captions | $head)" mode="render"/></tbody>
        </table></div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="row">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$inline">
        <span><xsl:call-template name="attributes"><xsl:with-param name="class" select="e:classes(.), 'block'"/></xsl:call-template><xsl:apply-templates mode="render"/></span>
      </xsl:when>
      <xsl:otherwise>
        <tr><xsl:call-template name="attributes"/><xsl:apply-templates select="*" mode="render"/></tr>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="cell">
    <xsl:element name="{if (@e:header) then 'th' else 'td'}">
      <xsl:call-template name="attributes"/>
      <xsl:if test="@e:header"><xsl:attribute name="scope" select="if (../@e:header) then 'col' else 'row'"/></xsl:if>
      <xsl:if test="@e:colspan"><xsl:attribute name="colspan" select="@e:colspan"/></xsl:if>
      <xsl:if test="@e:rowspan"><xsl:attribute name="rowspan" select="@e:rowspan"/></xsl:if>
      <xsl:apply-templates mode="render"><xsl:with-param name="inline" select="false()" tunnel="yes"/></xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <xsl:template name="paragraph">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:variable name="deleted" select="$view = 'reading' and @e:deleted"/>
    <xsl:variable name="name" select="if ($inline) then 'span' else if (e:has-blocks(.)) then 'div' else 'p'"/>
    <xsl:element name="{$name}">
      <xsl:call-template name="attributes">
        <!-- 'lined': the source's lines, which the diplomatic view keeps as lines (no wrapping, see the CSS) -->
        <xsl:with-param name="class" select="e:classes(.), 'p'[$name ne 'p'], 'deleted-block'[$deleted], @part ! ('part-' || e:token(.)),
          'lined'[$view = 'diplomatic' and not($inline) and current()/@e:lined]"/>
        <xsl:with-param name="title" select="()"/>
      </xsl:call-template>
      <xsl:choose>
        <xsl:when test="$deleted">
          <xsl:variable name="label" select="e:deleted-paragraph-label(.) || ': ' || e:shown-text(.//*[@e:behaviour = 'deletion'])"/>
          <span class="del-marker" role="img" tabindex="0" title="{$label}" aria-label="{$label}">⌫</span>
          <span class="deleted-note" data-pagefind-ignore=""> [{e:deleted-marker(.)}]</span>
          <xsl:apply-templates select=".//*[@e:behaviour = 'note'][not(ancestor::*[@e:behaviour = 'deletion'])]" mode="render">
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
    <xsl:variable name="name" select="if ($inline) then 'span'
      else if (@e:style = 'caption') then 'figcaption'
      else if (@e:style = ('subtitle', 'series', 'label')) then 'p'
      else 'h' || min((6, 2 + (if (@e:style = 'title') then 1 else xs:integer(@e:level))))"/>
    <xsl:if test="not(@e:joined)">
      <xsl:element name="{$name}">
        <xsl:call-template name="attributes"><xsl:with-param name="class" select="e:classes(.), 'head'[$name = ('p', 'span')]"/></xsl:call-template>
        <xsl:apply-templates mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates>
        <!-- the heads right after it, each on a line of its own -->
        <xsl:for-each select="following-sibling::*[position() lt xs:integer((current()/@e:joins, 1)[1])]">
          <br/><span><xsl:call-template name="attributes"><xsl:with-param name="class" select="e:classes(.), 'head-line'"/></xsl:call-template><xsl:apply-templates mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates></span>
        </xsl:for-each>
      </xsl:element>
    </xsl:if>
  </xsl:template>

  <xsl:template name="inline">
    <xsl:variable name="name" select="if (@e:datetime) then 'time' else if (@e:style = 'code') then 'code' else if (@e:style = 'emphasis') then 'em' else 'span'"/>
    <xsl:element name="{$name}">
      <xsl:call-template name="attributes"/>
      <xsl:if test="@e:datetime"><xsl:attribute name="datetime" select="@e:datetime"/></xsl:if>
      <!-- what its tooltip says, for a keyboard, a touch and a screen reader too -->
      <xsl:if test="@e:focus and @e:title">
        <xsl:attribute name="tabindex">0</xsl:attribute>
        <xsl:attribute name="role">note</xsl:attribute>
        <xsl:attribute name="aria-label" select="e:shown-text(node()) || ', ' || lower-case(substring(@e:title, 1, 1)) || substring(@e:title, 2)"/>
      </xsl:if>
      <xsl:value-of select="@e:before"/>
      <xsl:choose>
        <xsl:when test="@e:content"><xsl:value-of select="@e:content"/></xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="@e:label"/>
          <xsl:apply-templates mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:value-of select="@e:after"/>
    </xsl:element>
    <!-- in the colour of this edition's editors where they flag the word (as in the legend) -->
    <xsl:if test="@e:flag"><span class="{local-name()}-flag{' resp-edition'[current()/@e:resp-role = 'edition']}">{' '[not(current()/@e:in-word)]}[{@e:flag}]</span></xsl:if>
    <xsl:if test="@e:space-after"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>

  <xsl:template name="note">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="prefix" as="xs:string" tunnel="yes" select="''"/>
    <xsl:param name="ids" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:variable name="label" select="e:word('note.label', (e:note-kind-name(string(@e:kind)), @e:mark))"/>
    <xsl:choose>
      <!-- a reference to a note: its marker (the first one the note's way back leads to) -->
      <xsl:when test="@e:refers">
        <xsl:variable name="note" select="key('e:id', @e:refers)"/>
        <sup class="noteref kind-{@e:kind}{$note/@e:resp-role[string()] ! (' by-' || .)}">
          <a href="#{@e:refers}" role="doc-noteref" aria-label="{$label}" title="{$label}: {substring(e:text($note), 1, 200)}{'…'[string-length(e:text($note)) gt 200]}">
            <xsl:if test="$ids and @e:first"><xsl:attribute name="id" select="$prefix || 'noteref-' || @e:refers"/></xsl:if>{@e:mark}</a>
        </sup>
      </xsl:when>
      <!-- a note that references point at, or of the source's own notes: drawn by its references, listed -->
      <xsl:when test="@e:referenced or @e:endnote"/>
      <xsl:when test="not(@e:id)">
        <!-- a note outside the text proper -->
        <xsl:element name="{if ($inline) then 'span' else 'div'}">
          <xsl:call-template name="attributes"/>
          <xsl:apply-templates mode="render"/>
        </xsl:element>
      </xsl:when>
      <xsl:when test="@e:inline">
        <span>
          <xsl:call-template name="attributes">
            <xsl:with-param name="id" select="string(@e:id)"/>
            <xsl:with-param name="class" select="e:classes(.), 'note-inline', 'kind-' || @e:kind"/>
          </xsl:call-template>
          <xsl:value-of select="@e:before"/>
          <xsl:apply-templates mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates>
          <xsl:value-of select="@e:after"/>
        </span>
      </xsl:when>
      <xsl:when test="not(@e:apart)">
        <!-- by-ROLE: the colour of whoever is responsible for the note, as in the legend (an editorial note may be
             the publisher's editors' or this edition's) -->
        <sup class="noteref kind-{@e:kind}{@e:resp-role[string()] ! (' by-' || .)}" data-pagefind-ignore="">
          <a href="#{@e:id}" role="doc-noteref" aria-label="{$label}" title="{$label}: {substring(e:text(.), 1, 200)}{'…'[string-length(e:text(current())) gt 200]}">
            <xsl:if test="$ids"><xsl:attribute name="id" select="$prefix || 'noteref-' || @e:id"/></xsl:if>{@e:mark}</a>
        </sup>
      </xsl:when>
      <xsl:otherwise>
        <!-- a note between paragraphs: shown where it stands, and listed with the notes -->
        <aside class="note-block kind-{@e:kind} {e:classes(.)[starts-with(., 'resp-')]}{@e:resp-role[string()] ! (' by-' || .)}" aria-label="{$label}">
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
    <xsl:variable name="captions" select="*[@e:behaviour = 'heading']"/>
    <xsl:apply-templates select="$captions" mode="render"/>
    <xsl:element name="{if (@e:numbered) then 'ol' else 'ul'}">
      <xsl:call-template name="attributes"/>
      <xsl:for-each-group select="node() except $captions" group-adjacent="not(self::*) or @e:behaviour = ('item', 'omit', 'index') or @e:referenced">
        <xsl:choose>
          <xsl:when test="current-grouping-key()">
            <xsl:apply-templates select="current-group()" mode="render"><xsl:with-param name="inline" select="false()" tunnel="yes"/></xsl:apply-templates>
          </xsl:when>
          <!-- a block in a list (a manuscript description in a bibliography) is an item of it -->
          <xsl:otherwise>
            <li class="list-block"><xsl:apply-templates select="current-group()" mode="render"><xsl:with-param name="inline" select="false()" tunnel="yes"/></xsl:apply-templates></li>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each-group>
    </xsl:element>
  </xsl:template>

  <xsl:template name="item">
    <li>
      <xsl:call-template name="attributes"/>
      <!-- items within an item (an event of a place) are a list within it -->
      <xsl:for-each-group select="node()" group-adjacent="@e:behaviour = 'item'">
        <xsl:choose>
          <xsl:when test="current-grouping-key()">
            <ul class="sublist"><xsl:apply-templates select="current-group()" mode="render"><xsl:with-param name="inline" select="false()" tunnel="yes"/></xsl:apply-templates></ul>
          </xsl:when>
          <xsl:otherwise>
            <xsl:apply-templates select="current-group()" mode="render"><xsl:with-param name="inline" select="false()" tunnel="yes"/></xsl:apply-templates>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each-group>
      <xsl:if test="@e:cite"><xsl:call-template name="cite-link"/></xsl:if>
    </li>
  </xsl:template>

  <!-- the ¶ that links a citable block (a paragraph, a list item) and copies its address (edition.js); its words
       filled in place, for every paragraph -->
  <xsl:variable name="e:cite-title" select="e:word-parts('cite.title')"/>
  <xsl:variable name="e:cite-label" select="e:word-parts('cite.label')"/>
  <xsl:template name="cite-link">
    <xsl:param name="prefix" as="xs:string" tunnel="yes" select="''"/>
    <xsl:param name="ids" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:variable name="anchor" select="e:anchor(.)"/>
    <xsl:variable name="what" select="e:word(if (@e:cite = 'item') then 'cite.item' else 'cite.paragraph')"/>
    <xsl:if test="$anchor and $ids">
      <xsl:text> </xsl:text>
      <a class="cite-link" data-pagefind-ignore="" href="#{$prefix}{$anchor}" title="{let $v := ($what, $prefix || $anchor) return string-join(for $p in $e:cite-title return if ($p instance of xs:integer) then $v[$p] else $p)}"
        aria-label="{let $v := ($what, $anchor) return string-join(for $p in $e:cite-label return if ($p instance of xs:integer) then $v[$p] else $p)}">¶</a>
    </xsl:if>
  </xsl:template>

  <xsl:template name="break">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:param name="prefix" as="xs:string" tunnel="yes" select="''"/>
    <xsl:param name="ids" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:choose>
      <xsl:when test="@e:style = 'line' and ($view = 'diplomatic' or @e:keep)">
        <xsl:value-of select="@e:hyphen"/>
        <xsl:if test="not(@e:leading)"><br/></xsl:if>
        <xsl:if test="@n[. castable as xs:integer][xs:integer(.) mod 5 = 0]"><span class="lineno" aria-hidden="true">{@n}</span></xsl:if>
      </xsl:when>
      <xsl:when test="@e:style = 'line' and @break = 'no'"/>
      <xsl:when test="@e:style = ('line', 'space')"><xsl:text> </xsl:text></xsl:when>
      <!-- a marker: a page's number (set apart by the style sheet), another label in brackets -->
      <xsl:when test="@e:label">
        <xsl:element name="{if ($inline) then 'span' else 'div'}">
          <xsl:call-template name="attributes">
            <xsl:with-param name="class" select="local-name(), 'marker'[current()/@e:style = 'section']"/>
          </xsl:call-template>
          <xsl:if test="@e:style = 'section'"><xsl:attribute name="role">separator</xsl:attribute></xsl:if>
          <xsl:value-of select="if (@e:style = 'page') then @e:label else '[' || @e:label || ']'"/>
        </xsl:element>
        <xsl:if test="@e:space-after"><xsl:text> </xsl:text></xsl:if>
        <xsl:apply-templates mode="render"/>
      </xsl:when>
      <!-- a section break: a rule (drawn as stars by the style sheet), or its own words -->
      <xsl:when test="@e:style = 'section' and not($inline) and @e:content = '* * *'">
        <hr><xsl:call-template name="attributes"><xsl:with-param name="class" select="local-name(), 'section-break'"/></xsl:call-template></hr>
      </xsl:when>
      <xsl:when test="@e:style = 'section'">
        <xsl:element name="{if ($inline) then 'span' else 'div'}">
          <xsl:call-template name="attributes"><xsl:with-param name="class" select="local-name()"/></xsl:call-template>
          <xsl:attribute name="role">separator</xsl:attribute>{@e:content}</xsl:element>
      </xsl:when>
      <xsl:when test="@xml:id and $ids"><span id="{$prefix}{@xml:id}" class="{local-name()}"></span></xsl:when>
      <xsl:otherwise/>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="alternate">
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:variable name="shown" select="e:shown-child(., $view)"/>
    <xsl:variable name="readings" select="@e:style = 'readings'"/>
    <!-- in the diplomatic view, a correction's tooltip says what the reading text has -->
    <xsl:variable name="title" select="if ($readings) then () else if ($view = 'diplomatic' and @e:correction)
      then e:word('correction.diplomatic', e:text(e:shown-child(., 'reading'))) else @e:title"/>
    <span>
      <xsl:call-template name="attributes">
        <xsl:with-param name="class" select="e:classes(.), $shown ! local-name(.), $shown[@resp] ! ('resp-' || @e:resp-role)"/>
        <xsl:with-param name="title" select="$title"/>
      </xsl:call-template>
      <!-- what the tooltip says, for a keyboard, a touch and a screen reader too: focusable, and named with the word
           shown followed by the tooltip -->
      <xsl:if test="not($readings) and @e:title">
        <xsl:attribute name="tabindex">0</xsl:attribute>
        <xsl:attribute name="role">note</xsl:attribute>
        <xsl:variable name="tip" select="if ($view = 'reading') then string(@e:title)
          else e:word('correction.diplomatic', e:shown-text(e:shown-child(., 'reading')/node()))"/>
        <xsl:attribute name="aria-label" select="e:shown-text($shown/node()) || ', ' || lower-case(substring($tip, 1, 1)) || substring($tip, 2)"/>
      </xsl:if>
      <xsl:apply-templates select="$shown/node()" mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates>
    </span>
    <!-- a correction's letter, in both views, leads to the list of corrections -->
    <xsl:variable name="letter" select="if ($view = 'diplomatic') then @e:letter else @e:letter-reading"/>
    <xsl:if test="@e:correction and $letter">
      <sup class="noteref kind-correction{@e:correction-role[string()] ! (' by-' || .)}"><a href="#{e:correction-id(.)}" aria-label="{e:word('correction.label', $letter)}" title="{@e:correction}">{$letter}</a></sup>
    </xsl:if>
    <xsl:variable name="others" select="e:other-readings(., $view)"/>
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
      <xsl:when test="$view = 'diplomatic' and @e:struck">
        <del><xsl:call-template name="attributes"/><xsl:apply-templates mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates></del>
        <xsl:call-template name="hand-label"/>
      </xsl:when>
      <!-- deleted but not struck through: not drawn crossed out, labelled instead -->
      <xsl:when test="$view = 'diplomatic'">
        <del><xsl:call-template name="attributes"><xsl:with-param name="class" select="e:classes(.), 'unstruck'"/><xsl:with-param name="title" select="e:word('del.unstruck.title', @e:title)"/></xsl:call-template><span class="unstruck-label">[{e:unstruck-label(.)}: </span><xsl:apply-templates mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates><span class="unstruck-label">]</span></del>
        <xsl:call-template name="hand-label"/>
      </xsl:when>
      <xsl:otherwise>
        <!-- focusable, so that a keyboard or a touch reaches it, and named with the deleted words as the reading
             text would show them (the brackets of supplied words, the extent of a gap) -->
        <xsl:variable name="words" select="e:shown-text(node())"/>
        <xsl:variable name="label" select="@e:title || (': ' || $words)[$words]"/>
        <span class="del-marker" role="img" tabindex="0" title="{$label}" aria-label="{$label}">{e:deleted-marker(.)}</span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- diplomatic view: the hand of a deletion after it, as the plain text and the PDF show it (and as an
       addition's label) -->
  <xsl:template name="hand-label">
    <xsl:if test="@e:label"><span class="add-label del-label">{@e:label}</span></xsl:if>
  </xsl:template>

  <xsl:template name="addition">
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:choose>
      <xsl:when test="$view = 'reading'">
        <span><xsl:call-template name="attributes"/><xsl:apply-templates mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates></span>
      </xsl:when>
      <xsl:otherwise>
        <ins><xsl:call-template name="attributes"/><xsl:apply-templates mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates></ins>
        <xsl:if test="@e:label"><span class="add-label">{@e:label}</span></xsl:if>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="@e:space-after"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>

  <xsl:template name="mark">
    <xsl:choose>
      <!-- a mark of which nothing is transcribed: the editors' description in brackets -->
      <xsl:when test="@e:described">
        <span><xsl:call-template name="attributes"><xsl:with-param name="class" select="'metamark-described', 'editorial'"/></xsl:call-template>[{@e:label}]</span>
      </xsl:when>
      <xsl:otherwise>
        <span>
          <xsl:call-template name="attributes"><xsl:with-param name="class" select="e:classes(.), 'margin'[current()/@place = ('margin', 'left', 'right')]"/></xsl:call-template>
          <xsl:attribute name="role">note</xsl:attribute>
          <span class="metamark-text">{@e:label}</span>
        </span>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="@e:space-after"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>

  <xsl:template name="omit"/>

  <!-- a link: to a register entry, another document of the edition, an element of this page or an address
       outside; one that leads nowhere here is its words and, in brackets, what the core says of its target -->
  <xsl:template name="link">
    <xsl:param name="prefix" as="xs:string" tunnel="yes" select="''"/>
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="href" select="if (@e:entry) then e:to-root() || @e:page || '.html#' || encode-for-uri(@e:entry)
      else if (@e:document) then e:to-root() || e:path-uri(@e:document) || '.html' || @e:fragment ! ('#' || encode-for-uri(.))
      else if (starts-with(@e:url, '#')) then '#' || $prefix || substring(@e:url, 2)
      else @e:url"/>
    <xsl:element name="{if ($href and not($in-link)) then 'a' else 'span'}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="id" select="(@e:occ[../@e:entry], @xml:id)[1]"/>
        <xsl:with-param name="class" select="e:classes(.), 'name'[current()/@e:entry]"/>
        <xsl:with-param name="title" select="@e:title[../@e:entry or ../@e:document]"/>
      </xsl:call-template>
      <xsl:if test="$href and not($in-link)">
        <xsl:attribute name="href" select="$href"/>
        <xsl:if test="starts-with($href, 'http:') or starts-with($href, 'https:')"><xsl:attribute name="rel">noopener noreferrer</xsl:attribute></xsl:if>
      </xsl:if>
      <xsl:value-of select="@e:content"/>
      <xsl:apply-templates mode="render">
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
        <xsl:with-param name="in-link" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
      <xsl:choose>
        <xsl:when test="@e:label"><span class="link-target">{' '[normalize-space(current())]}[{@e:label}]</span></xsl:when>
        <xsl:when test="@e:content"/>
        <xsl:when test="@e:shows-target or not(normalize-space(.)) and not(*)">{@e:target}</xsl:when>
      </xsl:choose>
    </xsl:element>
    <xsl:value-of select="@e:after"/>
  </xsl:template>

  <xsl:template name="figure">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:element name="{if ($inline) then 'span' else 'figure'}">
      <xsl:call-template name="attributes"/>
      <xsl:apply-templates mode="render"/>
    </xsl:element>
  </xsl:template>

  <!-- an image is shown where it stays inside the edition, else named with its address -->
  <xsl:template name="graphic">
    <xsl:variable name="url" select="string(@e:url)"/>
    <xsl:choose>
      <xsl:when test="@e:style = 'object'">
        <span class="binary-object">[{@e:label}]</span>
      </xsl:when>
      <xsl:when test="$url and not(matches($url, '^[a-zA-Z][a-zA-Z0-9+.\-]*:|^//'))">
        <img src="{$url}" alt="{(@e:alt, e:word('graphic.alt'))[1]}" class="graphic"/>
      </xsl:when>
      <!-- an image the page cannot show: its words (its description, or its address), a link where it has one -->
      <xsl:otherwise>
        <xsl:variable name="address" as="node()"><xsl:choose><xsl:when test="$url"><a href="{$url}" rel="noopener noreferrer">{(@e:words[normalize-space()], $url)[1]}</a></xsl:when><xsl:otherwise><xsl:value-of select="@e:words"/></xsl:otherwise></xsl:choose></xsl:variable>
        <span class="graphic">[<xsl:sequence select="if (normalize-space(@e:words)) then e:phrase('graphic.image', $address) else e:word('graphic.image-unnamed')"/>]</span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a formula in MathML, which browsers draw: its elements and attributes of the safe lists, nothing else -->
  <xsl:template name="math">
    <math xmlns="http://www.w3.org/1998/Math/MathML" display="{if (@e:style = 'display') then 'block' else 'inline'}">
      <xsl:attribute name="aria-label" select="@e:content"/>
      <xsl:apply-templates mode="mathml"/>
    </math>
  </xsl:template>

  <xsl:variable name="mml:elements" select="('mrow', 'mi', 'mn', 'mo', 'mtext', 'ms', 'mspace', 'msup', 'msub', 'msubsup', 'mfrac',
    'msqrt', 'mroot', 'mover', 'munder', 'munderover', 'mfenced', 'mtable', 'mtr', 'mtd', 'mstyle', 'mpadded', 'mphantom',
    'menclose', 'merror', 'mmultiscripts', 'mprescripts', 'none', 'semantics')"/>
  <xsl:variable name="mml:attributes" select="('mathvariant', 'mathsize', 'form', 'fence', 'separator', 'stretchy', 'symmetric',
    'largeop', 'movablelimits', 'accent', 'accentunder', 'lspace', 'rspace', 'linethickness', 'scriptlevel', 'displaystyle',
    'columnalign', 'rowalign', 'columnspan', 'rowspan', 'open', 'close', 'separators', 'notation', 'width', 'height', 'depth')"/>

  <xsl:template match="mml:*[local-name() = $mml:elements]" mode="mathml">
    <xsl:element name="{local-name()}" namespace="http://www.w3.org/1998/Math/MathML">
      <xsl:for-each select="@*[namespace-uri() = ''][local-name() = $mml:attributes]">
        <xsl:attribute name="{local-name()}" select="."/>
      </xsl:for-each>
      <xsl:apply-templates mode="mathml"/>
    </xsl:element>
  </xsl:template>
  <!-- (annotations of a formula are for machines) -->
  <xsl:template match="mml:annotation | mml:annotation-xml" mode="mathml"/>
  <xsl:template match="text()" mode="mathml"><xsl:copy/></xsl:template>

  <!-- an index entry: hidden where it stands, found by the browser's search (listed in the Index section) -->
  <xsl:template name="index">
    <span class="index-entry" hidden="until-found">{@e:content}</span>
    <xsl:apply-templates select="*[@e:behaviour = 'index']" mode="render"/>
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

</xsl:stylesheet>
