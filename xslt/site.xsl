<?xml version="1.0" encoding="UTF-8"?>
<!-- The site pages of the web edition: index, persons, places, organizations, encoding (named templates, no
     context item), drawn with the web edition's page frame and behaviours (html.xsl). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:e="urn:x-edition:functions"
  exclude-result-prefixes="#all" expand-text="yes">

  <xsl:import href="html.xsl"/>

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
        <h1>{e:site-title(())}</h1>
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
              <p class="identification"><xsl:apply-templates select="e:header-words((tei:note[@type = 'identification'], tei:note)[1])" mode="words"/></p>
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
            <xsl:with-param name="facts" select="e:merge-facts($e:text-documents ! e:legend-facts(.))"/>
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
