<?xml version="1.0" encoding="UTF-8"?>
<!-- Plain text output (<id>.reading.txt, <id>.diplomatic.txt, per the view parameter). Imports the core
     (common.xsl) and draws each behaviour as a named template that builds a small layout tree (t:block, t:br,
     text) from the parameters the prepare pass wrote; the layout mode then wraps prose at text-width into chunks
     of lines, joined into one string. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:e="urn:x-edition:functions"
  xmlns:t="urn:x-edition:text-layout"
  exclude-result-prefixes="#all" expand-text="yes">

  <xsl:import href="common.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:variable name="e:medium" as="xs:string" select="'plain'"/>

  <!-- the initial mode: only the document node is matched -->
  <xsl:mode on-no-match="shallow-skip"/>
  <!-- layout tree -> chunks: maps of 'tight' (yes: no blank line before it) and 'lines' (strings) -->
  <xsl:mode name="layout" on-no-match="shallow-skip"/>

  <xsl:template match="/">
    <xsl:variable name="root" select="*"/>
    <xsl:variable name="tree" as="element(t:block)">
      <t:block>
        <xsl:call-template name="header-block">
          <xsl:with-param name="tei" select="$root"/>
        </xsl:call-template>
        <xsl:choose>
          <xsl:when test="$root/@e:behaviour = 'document'">
            <xsl:call-template name="document-text">
              <xsl:with-param name="tei" select="$root"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:apply-templates select="$root/node()" mode="render">
              <xsl:with-param name="view" select="$view" tunnel="yes"/>
            </xsl:apply-templates>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="legend">
          <xsl:with-param name="facts" select="e:legend-facts(.)"/>
        </xsl:call-template>
      </t:block>
    </xsl:variable>
    <xsl:variable name="chunks" as="map(*)*">
      <xsl:apply-templates select="$tree" mode="layout">
        <xsl:with-param name="width" select="$text-width"/>
        <xsl:with-param name="controls" select="exists($root/@e:controls)" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:value-of select="string-join(for $i in 1 to count($chunks) return
        (if ($i = 1) then '' else if ($chunks[$i]?tight = 'yes') then '&#10;' else '&#10;&#10;')
        || string-join($chunks[$i]?lines ! (if (substring(., string-length(.)) = (' ', '&#9;', '&#10;', '&#13;')) then replace(., '\s+$', '') else .), '&#10;'), '') || '&#10;'"/>
  </xsl:template>

  <!-- The characters a plain text must not pass on from a source as they are: the control characters XML allows
       (DEL, U+0080 to U+009F: a terminal takes U+009B for the start of an escape sequence) and the bidirectional
       embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069), which reorder what a reader sees
       of a line. Each is shown by its code point in brackets, [U+202E]: the text keeps every character of the
       source, and nothing in it acts on the terminal or hides what it says. Looked for only in a document whose
       prepared root says it holds some (e:controls). -->
  <xsl:function name="e:visible" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="controls" as="xs:boolean"/>
    <xsl:sequence select="if (not($controls) or string-length(translate($text, $e:controls, '')) = string-length($text)) then $text
      else string-join(string-to-codepoints($text) ! (if (contains($e:controls, codepoints-to-string(.)))
        then '[U+' || e:hex-digits(., 4) || ']' else codepoints-to-string(.)))"/>
  </xsl:function>

  <!-- a code point in hexadecimal, at least $digits long -->
  <xsl:function name="e:hex-digits" as="xs:string">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:param name="digits" as="xs:integer"/>
    <xsl:sequence select="(if ($n ge 16 or $digits gt 1) then e:hex-digits($n idiv 16, $digits - 1) else '') || substring('0123456789ABCDEF', $n mod 16 + 1, 1)"/>
  </xsl:function>

  <!-- ===== Header block: title, source, translator, licence, how to cite, what the view is ===== -->
  <xsl:template name="header-block">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="m" select="e:meta($tei)"/>
    <t:block heading="1">{$m?title}</t:block>
    <xsl:if test="$m?subtitle"><t:block tight="yes">{$m?subtitle}</t:block></xsl:if>
    <xsl:variable name="rows" select="(
      [e:field-label('author', count($m?authors)), string-join($m?authors, '; ')],
      [e:field-label('translator', count($m?translators)), string-join($m?translators, '; ')],
      [e:word('field.date'), $m?date], [e:word('field.dating'), $m?dating], [e:word('field.archive'), $m?archive], [e:word('field.source'), $m?source],
      [e:word('field.edition'), e:edition-line($m)],
      (if (exists($m?licences)) then $m?licences ! [e:word('field.licence'), string-join((?1, if (?2) then '&lt;' || ?2 || '&gt;' else ()), ' ')]
       else [e:word('field.licence'), string-join(($m?licence, ('&lt;' || $m?licence-url || '&gt;')[$m?licence-url]), ' ')]),
      [e:word('field.cite'), $m?citation],
      [e:word('field.text'), e:plain-view-intro($view, e:legend-facts($tei))])[normalize-space(?2)]"/>
    <!-- the values in a column after the longest label -->
    <xsl:variable name="indent" select="e:pad(0, max($rows ! string-length(?1)) + 2)"/>
    <xsl:for-each select="$rows">
      <t:block tight="{if (position() = 1) then 'no' else 'yes'}" first="{substring(?1 || ':' || $indent, 1, string-length($indent))}" indent="{$indent}">{?2}</t:block>
    </xsl:for-each>
    <t:block rule="="/>
  </xsl:template>

  <!-- the text of one TEI, then its notes -->
  <xsl:template name="document-text">
    <xsl:param name="tei" as="element()"/>
    <xsl:apply-templates select="$tei/node()" mode="render">
      <xsl:with-param name="view" select="$view" tunnel="yes"/>
    </xsl:apply-templates>
    <!-- where the transcribed pages end (the core's e:end-of-page), as in the other outputs -->
    <xsl:for-each select="e:end-of-page($tei)"><t:block>[{.}]</t:block></xsl:for-each>
    <xsl:variable name="notes" select="$tei//*[@e:id][not(@e:inline)]"/>
    <xsl:if test="$notes">
      <t:block rule="-"/>
      <t:block heading="2">{e:word('notes')}</t:block>
      <xsl:for-each-group select="$notes" group-by="string(@e:kind)">
        <xsl:sort select="index-of($e:note-kinds, current-grouping-key())"/>
        <t:block heading="3">{e:note-kind-label(current-grouping-key())}</t:block>
        <xsl:for-each select="current-group()">
          <xsl:variable name="mark" select="'[' || @e:mark || '] '"/>
          <xsl:variable name="by" select="@e:resp-name[current-grouping-key() = ('editorial', 'edition')]"/>
          <t:block tight="{if (position() = 1) then 'no' else 'yes'}" first="{$mark}" indent="{replace($mark, '.', ' ')}">
            <xsl:apply-templates mode="render">
              <xsl:with-param name="view" select="$view" tunnel="yes"/>
            </xsl:apply-templates>
            <xsl:if test="$by"> ({$by})</xsl:if>
          </t:block>
        </xsl:for-each>
      </xsl:for-each-group>
    </xsl:if>
    <!-- the corrections, lettered as in the diplomatic PDF and listed as in the web edition (the core's wording) -->
    <xsl:variable name="corrections" select="$tei//*[@e:letter][@e:correction]"/>
    <xsl:if test="$corrections">
      <t:block rule="-"/>
      <t:block heading="2">{e:word('corrections')}</t:block>
      <xsl:for-each select="$corrections">
        <xsl:variable name="mark" select="'[' || @e:letter || '] '"/>
        <t:block tight="{if (position() = 1) then 'no' else 'yes'}" first="{$mark}" indent="{replace($mark, '.', ' ')}">{@e:correction}</t:block>
      </xsl:for-each>
    </xsl:if>
    <!-- the source's index: its entries in order, each with the sections it occurs in (the core's e:index-entries) -->
    <xsl:variable name="entries" select="e:index-entries($tei)"/>
    <xsl:if test="exists($entries)">
      <t:block rule="-"/>
      <t:block heading="2">{e:word('index')}</t:block>
      <t:block>{e:index-intro(count($entries))}</t:block>
      <xsl:for-each select="$entries">
        <t:block tight="{if (position() = 1) then 'no' else 'yes'}" first="" indent="    ">{string-join((?term, string-join(?places, '; ')[.]), ' — ')}</t:block>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- ===== Legend: the marks this file uses (the core's legend of the plain text, for this view) ===== -->
  <xsl:template name="legend">
    <xsl:param name="facts" as="element(e:facts)"/>
    <xsl:variable name="rows" select="e:legend-keys('plain', $view, $facts) ! [e:legend-sample('plain', $view, ., $facts), e:legend-meaning('plain', $view, ., $facts)]"/>
    <xsl:if test="exists($rows)">
      <t:block rule="-"/>
      <t:block heading="2">{e:word('legend')}</t:block>
      <xsl:variable name="w" select="min((max($rows ! string-length(?1)), 22)) + 2"/>
      <xsl:for-each select="$rows">
        <xsl:choose>
          <!-- a key longer than the column stands on a line of its own -->
          <xsl:when test="string-length(?1) gt $w - 2">
            <t:block tight="{if (position() = 1) then 'no' else 'yes'}">{?1}</t:block>
            <t:block tight="yes" indent="{string-join((1 to $w) ! ' ')}">{?2}</t:block>
          </xsl:when>
          <xsl:otherwise>
            <t:block tight="{if (position() = 1) then 'no' else 'yes'}" first="{?1 || string-join((1 to $w - string-length(?1)) ! ' ')}" indent="{string-join((1 to $w) ! ' ')}">{?2}</t:block>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- ===== The behaviours ===== -->
  <!-- a TEI inside a corpus: its header block, then its text -->
  <xsl:template name="document">
    <xsl:call-template name="header-block"><xsl:with-param name="tei" select="."/></xsl:call-template>
    <xsl:call-template name="document-text"><xsl:with-param name="tei" select="."/></xsl:call-template>
  </xsl:template>

  <xsl:template name="block">
    <xsl:choose>
      <!-- forme work on the line of the one before it is written with that one -->
      <xsl:when test="@e:joined"/>
      <xsl:when test="@e:joins">
        <t:block tight="{if (@e:continues) then 'yes' else 'no'}" align="center">
          <xsl:for-each select="., following-sibling::*[position() lt xs:integer(current()/@e:joins)]">
            <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
            <xsl:apply-templates mode="render"/>
          </xsl:for-each>
        </t:block>
      </xsl:when>
      <xsl:when test="@e:style = 'forme-work'">
        <t:block tight="{if (@e:continues) then 'yes' else 'no'}" align="{@e:align}">
          <xsl:apply-templates mode="render"/>
        </t:block>
      </xsl:when>
      <xsl:when test="@e:space = 'preserve'">
        <t:block pre="yes" indent="    "><xsl:apply-templates mode="render"/></t:block>
      </xsl:when>
      <xsl:when test="@e:style = ('quotation', 'indented')">
        <t:block indent="    "><xsl:value-of select="@e:before"/><xsl:apply-templates mode="render"/><xsl:value-of select="@e:after"/></t:block>
      </xsl:when>
      <xsl:when test="@e:style = ('verse', 'line')">
        <t:block tight="{if (@e:continues) then 'yes' else 'no'}"><xsl:value-of select="@e:before"/><xsl:apply-templates mode="render"/><xsl:value-of select="@e:after"/></t:block>
      </xsl:when>
      <xsl:otherwise>
        <t:block><xsl:value-of select="@e:before"/><xsl:apply-templates mode="render"/><xsl:value-of select="@e:after"/></t:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a table: its caption, then its rows of cells, each cell's content drawn as blocks, laid out in columns by
       the layout mode; anything else in it (a note between rows) after it -->
  <xsl:template name="table">
    <xsl:variable name="captions" select="*[@e:behaviour = 'heading']"/>
    <xsl:variable name="rows" select="*[@e:behaviour = 'row']"/>
    <t:table>
      <xsl:for-each select="$captions"><t:caption><xsl:apply-templates mode="render"/></t:caption></xsl:for-each>
      <xsl:for-each select="$rows">
        <t:row header="{@e:header}">
          <xsl:for-each select="*[@e:behaviour = 'cell']">
            <t:cell cols="{(@e:colspan, 1)[1]}" rows="{(@e:rowspan, 1)[1]}"><xsl:apply-templates mode="render"/></t:cell>
          </xsl:for-each>
        </t:row>
      </xsl:for-each>
    </t:table>
    <xsl:apply-templates select="node() except ($captions | $rows) | $rows/(node() except *[@e:behaviour = 'cell'])" mode="render"/>
  </xsl:template>

  <!-- a row or a cell where no table is: its content -->
  <xsl:template name="row">
    <t:block tight="{if (@e:continues) then 'yes' else 'no'}"><xsl:apply-templates mode="render"/></t:block>
  </xsl:template>

  <xsl:template name="cell">
    <xsl:apply-templates mode="render"/>
    <xsl:if test="following-sibling::*[@e:behaviour = 'cell']"> | </xsl:if>
  </xsl:template>

  <xsl:template name="paragraph">
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:choose>
      <xsl:when test="$view = 'diplomatic' or not(@e:deleted)">
        <t:block><xsl:sequence select="e:cut(., 'start') ! '[…] '"/><xsl:apply-templates mode="render"/><xsl:sequence select="e:cut(., 'end') ! ' […]'"/></t:block>
      </xsl:when>
      <!-- reading view: a deleted paragraph is left out; a marker (and its notes' marks) stands in its place -->
      <xsl:otherwise>
        <t:block>[{e:deleted-marker(.)}]<xsl:apply-templates select=".//*[@e:behaviour = 'note'][not(ancestor::*[@e:behaviour = 'deletion'])]" mode="render"/></t:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="heading">
    <xsl:choose>
      <xsl:when test="@e:joined"/>
      <xsl:when test="@e:style = ('subtitle', 'series', 'caption')">
        <t:block tight="yes"><xsl:apply-templates mode="render"/></t:block>
      </xsl:when>
      <xsl:otherwise>
        <t:block heading="{if (@e:style = 'title') then 1 else xs:integer(@e:level) + 1}">
          <xsl:for-each select="., following-sibling::*[position() lt xs:integer((current()/@e:joins, 1)[1])]">
            <xsl:if test="position() gt 1"><t:br/></xsl:if>
            <xsl:apply-templates mode="render"/>
          </xsl:for-each>
        </t:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="inline">
    <xsl:value-of select="@e:before"/>
    <xsl:choose>
      <xsl:when test="@e:content"><xsl:value-of select="@e:content"/></xsl:when>
      <xsl:when test="@e:label">{@e:label}</xsl:when>
      <xsl:otherwise><xsl:apply-templates mode="render"/></xsl:otherwise>
    </xsl:choose>
    <xsl:value-of select="@e:after"/>
    <xsl:if test="@e:flag">{' '[not(current()/@e:in-word)]}[{@e:flag}]</xsl:if>
    <xsl:if test="@e:space-after"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>

  <xsl:template name="note">
    <xsl:choose>
      <xsl:when test="@e:inline">
        <xsl:value-of select="@e:before"/><xsl:apply-templates mode="render"/><xsl:value-of select="@e:after"/>
      </xsl:when>
      <xsl:when test="@e:referenced or @e:endnote"/>
      <xsl:when test="@e:apart">
        <t:block first="    [{@e:mark}] " indent="{replace('    [' || @e:mark || '] ', '.', ' ')}"><xsl:apply-templates mode="render"/></t:block>
      </xsl:when>
      <xsl:when test="@e:mark">[{@e:mark}]</xsl:when>
      <!-- a note outside the text (e.g. in a header) is shown where it stands -->
      <xsl:otherwise><t:block indent="    "><xsl:apply-templates mode="render"/></t:block></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="list">
    <t:block>
      <xsl:apply-templates mode="render"/>
    </t:block>
  </xsl:template>

  <xsl:template name="item">
    <xsl:variable name="first" select="'  ' || (if (@e:number) then @e:number || ' ' else if (@e:plain) then '' else '- ')"/>
    <t:block tight="{if (@e:continues) then 'yes' else 'no'}" first="{$first}" indent="{replace($first, '.', ' ')}">
      <xsl:apply-templates mode="render"/>
    </t:block>
  </xsl:template>

  <xsl:template name="break">
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:choose>
      <xsl:when test="@e:style = 'line' and ($view = 'diplomatic' or @e:keep)">{@e:hyphen}<t:br/></xsl:when>
      <xsl:when test="@e:style = 'line' and @break = 'no'"/>
      <!-- a marker (a page break): in the line within running text, else a line of its own -->
      <xsl:when test="@e:label and ancestor::*[@e:behaviour = 'paragraph' or @e:style = 'verse']"> [{@e:label}] </xsl:when>
      <xsl:when test="@e:label"><t:block>[{@e:label}]</t:block><xsl:apply-templates mode="render"/></xsl:when>
      <xsl:when test="@e:style = 'section'"><t:block align="center">{@e:content}</t:block></xsl:when>
      <xsl:when test="@e:style = ('line', 'space')"><xsl:text> </xsl:text></xsl:when>
      <xsl:otherwise/>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="alternate">
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:apply-templates select="e:shown-child(., $view)" mode="render"/>
    <!-- a correction's letter, in both views, as in the list of corrections -->
    <xsl:variable name="letter" select="if ($view = 'diplomatic') then @e:letter else @e:letter-reading"/>
    <xsl:if test="@e:correction and $letter">[{$letter}]</xsl:if>
    <xsl:variable name="others" select="e:other-readings(., $view)"/>
    <xsl:if test="$others">
      <xsl:text> [</xsl:text>
      <xsl:for-each select="$others">
        <xsl:if test="position() > 1">; </xsl:if>
        <xsl:apply-templates mode="render"/>
        <xsl:if test="@wit"> ({normalize-space(@wit)})</xsl:if>
      </xsl:for-each>
      <xsl:text>]</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template name="deletion">
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:choose>
      <xsl:when test="$view = 'diplomatic' and @e:struck">
        <!-- (a space where the struck words begin with a dash, so that "[-" stays a sign: "[- -It …-]") -->
        <xsl:text>[-</xsl:text><xsl:if test="starts-with(normalize-space(.), '-')"><xsl:text> </xsl:text></xsl:if><xsl:apply-templates mode="render"/><xsl:text>-]</xsl:text>
        <xsl:if test="@e:label">({@e:label})</xsl:if>
      </xsl:when>
      <xsl:when test="$view = 'diplomatic'">
        <xsl:text>[{e:unstruck-label(.)}: </xsl:text><xsl:apply-templates mode="render"/><xsl:text>]</xsl:text>
        <xsl:if test="@e:label">({@e:label})</xsl:if>
      </xsl:when>
      <xsl:when test="@e:marker">
        <xsl:if test="@e:space-before"><xsl:text> </xsl:text></xsl:if>
        <xsl:text>[{e:deleted-marker(.)}]</xsl:text>
        <xsl:if test="@e:space-after"><xsl:text> </xsl:text></xsl:if>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="addition">
    <xsl:param name="view" as="xs:string" tunnel="yes" select="$view"/>
    <xsl:choose>
      <xsl:when test="$view = 'reading'">˹<xsl:apply-templates mode="render"/>˺</xsl:when>
      <xsl:otherwise>
        <xsl:text>[+</xsl:text><xsl:apply-templates mode="render"/><xsl:text>+]</xsl:text>
        <xsl:if test="@e:label">({@e:label})</xsl:if>
      </xsl:otherwise>
    </xsl:choose>
    <!-- two additions side by side are two interventions -->
    <xsl:if test="@e:space-after"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>

  <xsl:template name="mark">
    <xsl:choose>
      <xsl:when test="@e:described">[{@e:label}]</xsl:when>
      <xsl:otherwise>[{e:word(if (@place = 'margin') then 'mark.in.margin' else 'mark.in.line')}:&#160;{@e:label}]</xsl:otherwise>
    </xsl:choose>
    <xsl:if test="@e:space-after"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>

  <xsl:template name="omit"/>

  <!-- a link: its words, then an address outside the edition in angle brackets, or, for a target that leads
       nowhere here, what the core says of it in square brackets -->
  <xsl:template name="link">
    <xsl:variable name="url" select="string(@e:target)"/>
    <xsl:value-of select="@e:content"/>
    <xsl:apply-templates mode="render"/>
    <xsl:choose>
      <xsl:when test="@e:label">{' '[normalize-space(current())]}[{@e:label}]</xsl:when>
      <xsl:when test="@e:content"/>
      <xsl:when test="@e:shows-target and $url">&lt;{$url}&gt;</xsl:when>
      <xsl:when test="matches(@e:url, '^(https?|mailto):') and not(contains(normalize-space(.), @e:url))"> &lt;{@e:url}&gt;</xsl:when>
    </xsl:choose>
    <xsl:value-of select="@e:after"/>
  </xsl:template>

  <xsl:template name="figure">
    <t:block><xsl:apply-templates mode="render"/></t:block>
  </xsl:template>

  <xsl:template name="graphic">
    <xsl:text>[{@e:label}]</xsl:text>
  </xsl:template>

  <!-- a formula: its text in one line -->
  <xsl:template name="math">
    <xsl:value-of select="@e:content"/>
  </xsl:template>

  <!-- an index entry: listed at the end (document-text), nothing where it stands -->
  <xsl:template name="index"/>

  <xsl:template name="unknown">
    <xsl:apply-templates mode="render"/>
  </xsl:template>

  <!-- ===== Layout: t:block trees to chunks of lines, wrapped at the available width =====
       Chunks are maps, not elements: a block passes its inner blocks' chunks on, changed only where it indents,
       aligns or underlines them (rather than building every line again at every level). -->
  <xsl:template match="t:block" mode="layout" as="map(*)*">
    <xsl:param name="width" as="xs:integer"/>
    <xsl:param name="in-cell" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="controls" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:param name="pre" as="xs:boolean" select="false()"/>
    <!-- a block that would leave its text less than half the page (lists nested ten deep) is not indented further:
         its marker alone sets it off, and the page keeps its width -->
    <xsl:variable name="deep" select="$width - max((string-length(@indent), string-length(@first))) lt $text-width idiv 2"/>
    <xsl:variable name="indent" select="if ($deep) then '' else string(@indent)"/>
    <xsl:variable name="first" select="if (not($deep)) then @first/e:visible(string(), $controls)
      else if (normalize-space(@first)) then e:visible(normalize-space(@first), $controls) || ' ' else ()"/>
    <!-- (at least 20 columns, but in a table's cell exactly its column's) -->
    <xsl:variable name="inner" select="max((if ($in-cell) then 1 else 20, $width - max((string-length($indent), string-length($first)))))"/>
    <!-- preformatted: this block or one around it -->
    <xsl:variable name="pre" select="$pre or @pre = 'yes'"/>
    <xsl:variable name="chunks" as="map(*)*">
      <xsl:choose>
        <xsl:when test="@rule">
          <xsl:sequence select="map{'tight': '', 'lines': string-join((1 to $width) ! string(current()/@rule))}"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:for-each-group select="node()" group-adjacent="exists(self::t:block | self::t:table)">
            <xsl:choose>
              <xsl:when test="current-grouping-key()">
                <xsl:apply-templates select="current-group()" mode="layout">
                  <xsl:with-param name="width" select="if ($deep) then $width else $inner"/>
                  <xsl:with-param name="pre" select="$pre"/>
                </xsl:apply-templates>
              </xsl:when>
              <xsl:otherwise>
                <!-- (the one point where text becomes lines: every character of a source passes e:visible) -->
                <xsl:variable name="s" select="e:visible(string-join(current-group() ! (if (self::t:br) then '&#10;' else string(.))), $controls)"/>
                <xsl:variable name="lines" as="xs:string*" select="
                  if ($pre) then e:trim-lines(tokenize(replace($s, '\t', '    '), '&#10;'))
                  else if (contains($s, '&#10;') and $view = 'diplomatic') then e:trim-lines(tokenize($s, '&#10;') ! normalize-space(.))
                  (: the lines the reading view keeps (a title page's), each wrapped at the width :)
                  else if (contains($s, '&#10;')) then e:trim-lines(for $line in tokenize($s, '&#10;') return if (normalize-space($line)) then e:wrap(normalize-space($line), $inner) else '')
                  else e:wrap(normalize-space($s), $inner)"/>
                <xsl:sequence select="map{'tight': '', 'lines': $lines, 'pre': $pre}[exists($lines)]"/>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:for-each-group>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="tight" select="string((@tight, 'no')[1])"/>
    <xsl:choose>
      <!-- most blocks (paragraphs, divisions) only say whether a blank line comes before them -->
      <xsl:when test="$indent = '' and empty($first) and not(@align = ('right', 'center')) and not(@heading)">
        <xsl:sequence select="head($chunks) ! map:put(., 'tight', $tight), tail($chunks)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="block" select="."/>
        <xsl:for-each select="$chunks">
          <xsl:variable name="first-chunk" select="position() = 1"/>
          <xsl:variable name="lines" select="?lines"/>
          <xsl:sequence select="map{
            'pre': ?pre,
            'tight': if ($first-chunk) then $tight else ?tight,
            'lines': ((for $i in 1 to count($lines) return
                (if ($first-chunk and $i = 1 and exists($first)) then $first else $indent)
                || (if ($block/@align = 'right') then e:pad(string-length($lines[$i]), $inner) || $lines[$i]
                    else if ($block/@align = 'center') then e:pad(string-length($lines[$i]), $inner) ! substring(., 1, string-length(.) idiv 2) || $lines[$i]
                    else $lines[$i])),
              ($indent || string-join((1 to max($lines ! string-length(.))) ! (if ($block/@heading = '1') then '=' else if ($block/@heading = '2') then '-' else '~')))[$block/@heading and $first-chunk])}"/>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A table: its caption on a line, then its rows with the cells of each column beside each other, two spaces
       apart, each cell's text wrapped within its column; a dashed rule under the header rows; a blank line between
       rows where a cell takes several lines. A cell spanning columns takes their widths, one spanning rows is drawn
       in its first and leaves its column blank below. Columns take their widest cell where the text width allows,
       else as much of it as it allows (a header cell kept whole where that fits), never less than their longest
       word; a table that cannot fit so is drawn row by row, each cell on lines of its own after its column's
       header. -->
  <xsl:template match="t:table" mode="layout" as="map(*)*">
    <xsl:param name="width" as="xs:integer"/>
    <xsl:param name="pre" as="xs:boolean" select="false()"/>
    <xsl:variable name="gap" select="2"/>
    <!-- each cell with its place in the grid (row, first column, spans) and its widths: natural (its longest line
         unwrapped) and least (its longest word, or preformatted line) -->
    <xsl:variable name="cells" as="map(*)*">
      <xsl:iterate select="t:row">
        <xsl:param name="taken" as="map(xs:integer, xs:integer)" select="map{}"/>
        <xsl:variable name="r" select="position()"/>
        <xsl:variable name="header" select="@header = 'yes'"/>
        <xsl:variable name="row-cells" as="map(*)*">
          <xsl:iterate select="t:cell">
            <xsl:param name="col" as="xs:integer" select="1"/>
            <xsl:variable name="c" select="e:free-column($col, $taken, $r)"/>
            <xsl:variable name="natural" as="map(*)*">
              <xsl:apply-templates select="e:cell-block(.)" mode="layout">
                <xsl:with-param name="width" select="10000"/>
                <xsl:with-param name="in-cell" select="true()" tunnel="yes"/>
                <xsl:with-param name="pre" select="$pre"/>
              </xsl:apply-templates>
            </xsl:variable>
            <xsl:variable name="lines" select="$natural?lines"/>
            <xsl:sequence select="map{'row': $r, 'col': $c, 'cols': xs:integer(@cols), 'rows': xs:integer(@rows), 'cell': ., 'header': $header,
              'natural': max((0, $lines ! string-length(.))),
              'least': max((0, $natural ! (if (?pre) then ?lines ! string-length(.) else ?lines ! tokenize(.) ! string-length(.))))}"/>
            <xsl:next-iteration><xsl:with-param name="col" select="$c + xs:integer(@cols)"/></xsl:next-iteration>
          </xsl:iterate>
        </xsl:variable>
        <xsl:sequence select="$row-cells"/>
        <xsl:next-iteration>
          <xsl:with-param name="taken" select="map:merge(($taken, $row-cells[?rows gt 1] ! (let $cell := . return
            for $k in $cell?col to $cell?col + $cell?cols - 1 return map{$k: $r + $cell?rows - 1})), map{'duplicates': 'use-last'})"/>
        </xsl:next-iteration>
      </xsl:iterate>
    </xsl:variable>
    <xsl:variable name="count" select="max((0, $cells ! (?col + ?cols - 1)))"/>
    <!-- per column: its widest and least single-column cell, its widest header; a column no cell fills is left out -->
    <xsl:variable name="single" select="$cells[?cols = 1]"/>
    <xsl:variable name="most" select="for $c in 1 to $count return max((0, $single[?col = $c]?natural))"/>
    <xsl:variable name="filled" select="for $c in 1 to $count return $most[$c] gt 0 or exists($cells[?natural gt 0][?col le $c and ?col + ?cols gt $c])"/>
    <xsl:variable name="most" select="for $c in 1 to $count return if ($filled[$c]) then max(($most[$c], 1)) else 0"/>
    <xsl:variable name="shown" select="for $c in 1 to $count return $c[$filled[$c]]"/>
    <xsl:variable name="least" select="for $c in 1 to $count return min(($most[$c], max((0, $single[?col = $c]?least))))"/>
    <xsl:variable name="preferred" select="for $c in 1 to $count return max(($least[$c], $single[?col = $c][?header]?natural))"/>
    <xsl:variable name="room" select="$width - $gap * (count($shown) - 1)"/>
    <xsl:variable name="widths" as="xs:integer*" select="
      if (sum($most) le $room) then $most
      else if (sum($preferred) le $room) then e:share($preferred, $most, $room)
      else if (sum($least) le $room) then e:share($least, $most, $room)
      else ()"/>
    <xsl:variable name="chunks" as="map(*)*">
    <xsl:for-each select="t:caption">
      <xsl:apply-templates select="e:cell-block(.)" mode="layout">
        <xsl:with-param name="width" select="$width"/>
        <xsl:with-param name="pre" select="$pre"/>
      </xsl:apply-templates>
    </xsl:for-each>
    <xsl:choose>
      <xsl:when test="exists($widths)">
        <!-- each cell's lines at its width -->
        <xsl:variable name="drawn" as="map(*)*" select="$cells ! (let $cell := ., $w := sum(for $c in $cell?col to $cell?col + $cell?cols - 1 return $widths[$c])
            + $gap * (count(($cell?col to $cell?col + $cell?cols - 1)[. = $shown]) - 1)
          return map:put($cell, 'width', $w) => map:put('lines', e:cell-lines($cell?cell, max(($w, 1)), $pre)))"/>
        <xsl:variable name="heights" select="for $r in 1 to count(t:row) return max((1, $drawn[?row = $r] ! count(?lines)))"/>
        <xsl:variable name="rows" as="array(xs:string*)*" select="for $r in 1 to count(t:row) return array {
          for $i in 1 to $heights[$r] return replace(string-join(for $c in $shown return
            (let $cell := $drawn[?row = $r][?col = $c], $over := $drawn[?row lt $r][?row + ?rows gt $r][?col = $c],
                 $inside := $drawn[?row le $r][?row + ?rows gt $r][?col lt $c and ?col + ?cols gt $c][?col = $shown]
             return if (exists($inside)) then () else if (exists($cell)) then e:pad-right(string($cell?lines[$i]), $cell?width)
               else if (exists($over)) then e:pad-right('', $over[1]?width) else e:pad-right('', $widths[$c])), e:pad(0, $gap)), '\s+$', '')}"/>
        <xsl:variable name="headers" select="count(t:row[@header = 'yes'][not(preceding-sibling::t:row[not(@header = 'yes')])])"/>
        <xsl:variable name="rule" select="string-join(for $c in $shown return translate(e:pad(0, $widths[$c]), ' ', '-'), e:pad(0, $gap))"/>
        <xsl:variable name="spread" select="some $h in $heights satisfies $h gt 1"/>
        <xsl:for-each select="1 to count($rows)">
          <xsl:variable name="r" select="."/>
          <xsl:sequence select="map{'tight': if ($r = 1 or not($spread) or $r le $headers) then 'yes' else 'no',
            'lines': ($rows[$r]?*, $rule[$r = $headers])}"/>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <!-- too wide: each row an item, each of its cells on lines of its own (after its column's header, where the
             table has one), two spaces in -->
        <xsl:for-each select="t:row[not(@header = 'yes')]">
          <xsl:variable name="r" select="count(preceding-sibling::t:row) + 1"/>
          <xsl:for-each select="$cells[?row = $r][?natural gt 0]">
            <xsl:variable name="label" select="normalize-space(string-join($cells[?header][?col = current()?col][1]?cell ! string(.)))[.] ! (. || ': ')"/>
            <xsl:variable name="lines" select="e:cell-lines(?cell, max((20, $width - 2 - string-length($label))), $pre)"/>
            <xsl:sequence select="map{'tight': if (position() = 1 and $r gt 1) then 'no' else 'yes',
              'lines': ((if (position() = 1) then '- ' else '  ') || $label || head($lines), tail($lines) ! ('  ' || e:pad(0, string-length($label)) || .))}"/>
          </xsl:for-each>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
    </xsl:variable>
    <!-- the table stands apart from what comes before it -->
    <xsl:sequence select="head($chunks) ! map:put(., 'tight', 'no'), tail($chunks)"/>
  </xsl:template>

  <!-- a cell's (or a caption's) content as a block, for the layout -->
  <xsl:function name="e:cell-block" as="element(t:block)">
    <xsl:param name="cell" as="element()"/>
    <t:block tight="yes"><xsl:sequence select="$cell/node()"/></t:block>
  </xsl:function>

  <!-- a cell's lines at a width, its blocks one after another -->
  <xsl:function name="e:cell-lines" as="xs:string*">
    <xsl:param name="cell" as="element()"/>
    <xsl:param name="width" as="xs:integer"/>
    <xsl:param name="pre" as="xs:boolean"/>
    <xsl:variable name="chunks" as="map(*)*">
      <xsl:apply-templates select="e:cell-block($cell)" mode="layout">
        <xsl:with-param name="width" select="$width"/>
        <xsl:with-param name="in-cell" select="true()" tunnel="yes"/>
        <xsl:with-param name="pre" select="$pre"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:sequence select="$chunks?lines"/>
  </xsl:function>

  <!-- the first column from $col on that no cell of a row above still spans in row $r -->
  <xsl:function name="e:free-column" as="xs:integer">
    <xsl:param name="col" as="xs:integer"/>
    <xsl:param name="taken" as="map(xs:integer, xs:integer)"/>
    <xsl:param name="r" as="xs:integer"/>
    <xsl:sequence select="if (($taken($col), 0)[1] ge $r) then e:free-column($col + 1, $taken, $r) else $col"/>
  </xsl:function>

  <!-- widths from their least towards their most, the room left shared in proportion to what each still wants -->
  <xsl:function name="e:share" as="xs:integer*">
    <xsl:param name="from" as="xs:integer*"/>
    <xsl:param name="to" as="xs:integer*"/>
    <xsl:param name="room" as="xs:integer"/>
    <xsl:variable name="wanted" select="sum(for $i in 1 to count($from) return $to[$i] - $from[$i])"/>
    <xsl:variable name="left" select="$room - sum($from)"/>
    <xsl:sequence select="for $i in 1 to count($from) return
      if ($wanted = 0) then $from[$i] else $from[$i] + xs:integer(floor(($to[$i] - $from[$i]) * $left div $wanted))"/>
  </xsl:function>

  <xsl:function name="e:pad-right" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="width" as="xs:integer"/>
    <xsl:sequence select="$text || e:pad(string-length($text), $width)"/>
  </xsl:function>

  <xsl:function name="e:pad" as="xs:string">
    <xsl:param name="length" as="xs:integer"/>
    <xsl:param name="width" as="xs:integer"/>
    <xsl:sequence select="string-join((1 to $width - $length) ! ' ')"/>
  </xsl:function>

  <!-- drop empty lines at the start and the end -->
  <xsl:function name="e:trim-lines" as="xs:string*">
    <xsl:param name="lines" as="xs:string*"/>
    <xsl:variable name="kept" select="for $i in 1 to count($lines) return $i[normalize-space($lines[$i])]"/>
    <xsl:sequence select="if (empty($kept)) then () else subsequence($lines, $kept[1], $kept[last()] - $kept[1] + 1)"/>
  </xsl:function>

  <!-- greedy word wrap; a word longer than the width stands alone on its line -->
  <xsl:function name="e:wrap" as="xs:string*">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="width" as="xs:integer"/>
    <!-- the longest run of at most $width characters that ends before a space (or the end), else one whole word:
         greedy filling in one regular-expression pass (the text's spaces are single) -->
    <xsl:sequence select="if (not($text)) then ()
      else if (string-length($text) le $width and not(contains($text, '&#10;') or contains($text, '&#13;'))) then $text
      else tokenize(replace($text, '(.{1,' || $width || '})( |$)|(\S+)( |$)', '$1$3&#10;'), '&#10;')[.]"/>
  </xsl:function>
</xsl:stylesheet>
