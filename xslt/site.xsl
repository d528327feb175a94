<?xml version="1.0" encoding="UTF-8"?>
<!-- The site pages of the web edition: index, persons, places, organizations, encoding (named templates, no
     context item), drawn from the documents' summaries (common.xsl's mode e:summary: the workers made them; no
     source is read here) and the registers, in the web edition's page frame and behaviours (html.xsl). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:e="urn:x-edition:functions"
  exclude-result-prefixes="#all" expand-text="yes">

  <xsl:import href="html.xsl"/>

  <!-- every document's summary, in the build's order (set by Python) -->
  <xsl:param name="summaries" as="document-node()*" select="()"/>

  <xsl:variable name="e:summaries" select="$summaries/e:summary"/>
  <!-- the documents with a text (not a register, not a header alone) -->
  <xsl:variable name="e:texts" select="$e:summaries[@text = 'yes']"/>
  <!-- the edition's name: the registers' project description, else the first document's -->
  <xsl:variable name="e:site-title" select="e:site-edition-title($registers, $e:summaries/e:project/*)"/>

  <!-- the edition's name alone, for the exports (pipeline.transform.edition_name) -->
  <xsl:template name="edition-name">
    <xsl:value-of select="$e:site-title"/>
  </xsl:template>

  <xsl:template name="index-page">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="e:word('page.index')"/>
      <xsl:with-param name="site-title" select="$e:site-title"/>
      <xsl:with-param name="current" select="'index'"/>
      <xsl:with-param name="content">
        <h1>{$e:site-title}</h1>
        <xsl:for-each select="($e:summaries/e:project)[1]/*">
          <div class="project-desc"><xsl:apply-templates select="node()" mode="render"/></div>
        </xsl:for-each>
        <h2>{e:word('page.index')}</h2>
        <ul class="document-list">
          <xsl:for-each select="$e:texts">
            <li class="document-card">
              <h3><a href="{e:path-uri(@path)}.html">{e:title}</a></h3>
              <xsl:if test="e:subtitle"><p class="subtitle">{e:subtitle}</p></xsl:if>
              <dl class="metadata">
                <xsl:variable name="archive" as="node()*"><xsl:call-template name="archive-parts"/></xsl:variable>
                <xsl:for-each select="([e:word('field.date'), string(e:date)], [e:field-label('author', count(e:author)), string-join(e:author, '; ')],
                  [e:field-label('translator', count(e:translator)), string-join(e:translator, '; ')],
                  [e:word('field.archive'), $archive], [e:word('field.source'), string(e:source)[empty($archive)]])[normalize-space(string-join(?2 ! string(.)))]">
                  <div><dt>{?1}</dt><dd><xsl:sequence select="?2"/></dd></div>
                </xsl:for-each>
              </dl>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- a summary's archive, each part with its languages (as the document's page draws it) -->
  <xsl:template name="archive-parts">
    <xsl:for-each select="e:archive-part">
      <xsl:if test="position() gt 1">, </xsl:if>
      <xsl:value-of select="@before"/>
      <xsl:apply-templates select="e:words" mode="words"/>
      <xsl:value-of select="@after"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="persons-page">
    <xsl:call-template name="register-page"><xsl:with-param name="page" select="'persons'"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="places-page">
    <xsl:call-template name="register-page"><xsl:with-param name="page" select="'places'"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="organizations-page">
    <xsl:call-template name="register-page"><xsl:with-param name="page" select="'organizations'"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="register-page">
    <xsl:param name="page" as="xs:string"/>
    <xsl:variable name="title" select="e:word('page.' || $page)"/>
    <xsl:variable name="entries" select="e:register-entries($registers, $page)"/>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="$title"/>
      <xsl:with-param name="site-title" select="$e:site-title"/>
      <xsl:with-param name="current" select="$page"/>
      <xsl:with-param name="content">
        <h1>{$title}</h1>
        <p class="register-intro">{e:word('register.intro', string(count($entries)))}</p>
        <!-- the registers' own licences and how to cite them (the footer points to what each page states) -->
        <xsl:for-each select="e:register-header($registers)">
          <xsl:variable name="licences" select="e:licences(.)"/>
          <dl class="metadata register-metadata">
            <xsl:if test="$licences">
              <div><dt>{e:field-label('licence', count($licences))}</dt><dd>
                <xsl:call-template name="licence-list"><xsl:with-param name="licences" select="$licences"/></xsl:call-template></dd></div>
            </xsl:if>
            <div><dt>{e:word('field.cite')}</dt><dd class="citation"><xsl:call-template name="citation">
              <xsl:with-param name="tei" select="."/><xsl:with-param name="page" select="$page || '.html'"/></xsl:call-template></dd></div>
          </dl>
        </xsl:for-each>
        <xsl:for-each select="$entries[normalize-space(@id)]">
          <!-- by @sortKey where the register gives one (persons: surname first, in code-point order so that
               "ho-chi-minh" comes before "hoang-bao-son"), then by the name as written -->
          <xsl:sort select="string(@sort-key)"/>
          <xsl:sort select="lower-case(@name)" lang="en"/>
          <xsl:variable name="id" select="string(@id)"/>
          <xsl:variable name="occurrences" select="$e:summaries/e:text/e:name[tokenize(@refs) = $id]"/>
          <article class="entry entry-{@kind}" id="{$id}" aria-labelledby="{$id}-name">
            <h2 id="{$id}-name"><xsl:call-template name="words-lang"/>{@name}</h2>
            <xsl:if test="e:variant">
              <p class="variants">{e:word('register.also')}<xsl:for-each select="e:variant"><xsl:if test="position() > 1">; </xsl:if><span><xsl:call-template name="words-lang"/>{.}</span></xsl:for-each></p>
            </xsl:if>
            <xsl:for-each select="e:identification">
              <p class="identification"><xsl:apply-templates select="e:words" mode="words"/></p>
            </xsl:for-each>
            <xsl:for-each select="e:dates"><p class="dates">{.}</p></xsl:for-each>
            <xsl:choose>
              <xsl:when test="empty($occurrences)"><p class="occurrences none">{e:word('register.none')}</p></xsl:when>
              <xsl:otherwise>
                <ul class="occurrences">
                  <!-- by document; then one link per place (paragraph, note ...), in order of first mention; further mentions there
                       (even after a note in between) as small numbered links -->
                  <xsl:for-each-group select="$occurrences" group-by="../@id">
                    <xsl:variable name="text" select="current-group()[1]/.."/>
                    <xsl:variable name="page" select="e:path-uri($text/../@path) || '.html'"/>
                    <li><span class="occ-doc">{$text/@title}</span>:
                      <xsl:for-each-group select="current-group()" group-by="@place">
                        <xsl:variable name="label" select="e:word('register.occurrence', ($text/@short-title, current-grouping-key()))"/>
                        <xsl:if test="position() > 1">; </xsl:if>
                        <a href="{$page}#{@anchor}" title="{@words}">{$label}</a>
                        <xsl:if test="count(current-group()) gt 1">
                          <span class="occ-again">{e:word('register.mentions')}<xsl:for-each select="current-group()[position() gt 1]">
                              <xsl:if test="position() > 1"><xsl:text> </xsl:text></xsl:if>
                              <a href="{$page}#{@anchor}" title="{@words}" aria-label="{e:word('register.mention', ($label, string(position() + 1)))}">{position() + 1}</a>
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

  <!-- the search page: the form works without the script as an address (search.html?q=...); edition.js runs the
       search in the index Pagefind made of the reading texts and notes, and says why where it cannot (the page
       opened from a folder, no index) -->
  <xsl:template name="search-page">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="e:word('page.search')"/>
      <xsl:with-param name="site-title" select="$e:site-title"/>
      <xsl:with-param name="current" select="'search'"/>
      <xsl:with-param name="search" select="true()"/>
      <xsl:with-param name="content">
        <h1>{e:word('page.search')}</h1>
        <p class="search-intro">{e:word('search.intro')}</p>
        <form id="search-form" class="search-form" role="search" action="search.html" method="get"
          data-none="{e:word('search.found.none')}" data-one="{e:word('search.found.one')}"
          data-many="{e:word('search.found.many')}" data-more="{e:word('search.more')}" data-searching="{e:word('search.searching')}">
          <p class="search-line">
            <label for="search-q">{e:word('search.label')}</label>
            <input id="search-q" type="search" name="q" autocomplete="off"/>
            <button type="submit">{e:word('search.button')}</button>
          </p>
          <div class="search-filters" hidden="">
            <xsl:for-each select="('document', 'persons', 'places', 'organizations')">
              <label><span>{e:word('search.filter.' || .)}</span>
                <select name="{.}"><option value="">{e:word('search.filter.any')}</option></select></label>
            </xsl:for-each>
          </div>
        </form>
        <p id="search-needs-http" class="search-note" hidden="">{e:word('search.needs-http')}</p>
        <p id="search-unavailable" class="search-note" hidden="">{e:word('search.unavailable')}</p>
        <noscript><p class="search-note">{e:word('search.needs-script')}</p></noscript>
        <p id="search-status" class="search-status" role="status"></p>
        <div id="search-results" class="search-results"></div>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="words-lang">
    <xsl:if test="@lang"><xsl:attribute name="lang" select="@lang"/></xsl:if>
  </xsl:template>

  <xsl:template name="encoding-page">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="e:word('encoding.title')"/>
      <xsl:with-param name="site-title" select="$e:site-title"/>
      <xsl:with-param name="current" select="'encoding'"/>
      <xsl:with-param name="content">
        <h1>{e:word('encoding.title')}</h1>
        <xsl:for-each-group select="$e:summaries/e:project/*" group-by="e:text(.)">
          <div class="project-desc"><xsl:apply-templates select="node()" mode="render"/></div>
        </xsl:for-each-group>
        <section aria-labelledby="legend-all">
          <h2 id="legend-all">{e:word('encoding.legend')}</h2>
          <xsl:call-template name="legend">
            <xsl:with-param name="facts" select="e:merge-facts($e:texts/e:facts)"/>
          </xsl:call-template>
        </section>
        <xsl:for-each select="$e:texts[@principles = 'yes']">
          <section class="principles" aria-labelledby="principles-{@id}">
            <h2 id="principles-{@id}">{e:title}<xsl:if test="e:subtitle">: {e:subtitle}</xsl:if></h2>
            <p><a href="{e:path-uri(@path)}.html">{e:word('encoding.read')}</a></p>
            <xsl:for-each select="e:principle">
              <xsl:if test="@heading"><h3>{@heading}</h3></xsl:if>
              <xsl:for-each select="*">
                <p><xsl:apply-templates mode="render"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates></p>
              </xsl:for-each>
            </xsl:for-each>
            <xsl:if test="e:facts/e:hand">
              <h3>{e:word('legend.hands')}</h3>
              <ul class="hands">
                <xsl:for-each select="e:facts/e:hand">
                  <li><span class="{if (@later = 'yes') then 'later-hand' else 'main-hand'} hand-sample">{@label}</span>: {.}</li>
                </xsl:for-each>
              </ul>
            </xsl:if>
          </section>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
