<?xml version="1.0" encoding="UTF-8"?>
<!-- A document's citation record in CSL-JSON (the Citation Style Language's input format, which Zotero, Mendeley,
     pandoc and citeproc read), in mode e:csl: an array of one item, drawn from the header as the web page's "How to cite" is
     (e:meta: this stylesheet names no TEI element); the edition (its title, editors, version) is the container,
     as in How to cite. A source in a manuscript description is a "manuscript", any other a "document"; names are
     given as written ("literal"): the headers do not say which is the family name.
     A module of prepare.xsl (it draws from the core and renders nothing), so that its compile is the prepare pass's:
     pipeline.transform runs that stylesheet in this mode and serialises the result as JSON. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:e="urn:x-edition:functions"
  exclude-result-prefixes="#all" expand-text="yes">

  <xsl:mode name="e:csl" on-no-match="shallow-skip"/>

  <xsl:template match="/" mode="e:csl">
    <xsl:variable name="tei" select="*"/>
    <xsl:variable name="m" select="e:meta($tei)"/>
    <xsl:variable name="summary" select="e:text(e:header-summary($tei))"/>
    <!-- a record's fields, the empty ones left out, in the order they are merged (Saxon writes a map's entries in
         the order they were added: the same header gives the same bytes) -->
    <xsl:sequence select="array{ map:merge((
      map{'id': $m?id, 'type': if ($m?manuscript) then 'manuscript' else 'document',
          'title': $m?title},
      map{'author': array{$m?authors ! map{'literal': .}}}[exists($m?authors)],
      map{'translator': array{$m?translators ! map{'literal': .}}}[exists($m?translators)],
      map{'issued': e:csl-date($m?iso-dates, $m?date)}[$m?date or exists($m?iso-dates)],
      map{'archive': $m?repository}[$m?repository],
      map{'archive-place': $m?settlement}[$m?settlement],
      map{'archive_collection': $m?collection}[$m?collection],
      map{'archive_location': $m?idno}[$m?idno],
      map{'container-title': ($m?edition-title[.], e:word('citation.edition'))[1]},
      map{'editor': array{$m?edition-editors ! map{'literal': .}}}[exists($m?edition-editors)],
      map{'publisher': $m?publisher}[$m?publisher],
      map{'available-date': e:csl-date($m?pub-iso-dates, $m?pub-date)}[$m?pub-date],
      map{'version': $m?version-number}[$m?version-number],
      map{'URL': $m?url}[$m?url],
      map{'note': e:published-in($m)}[$m?published-in],
      map{'language': $m?lang}[$m?lang],
      map{'abstract': $summary}[$summary]
    )) }"/>
  </xsl:template>

  <!-- a CSL date: its parts ([[1965, 7, 4]], a range [[1967], [1969]]) where the encoding gives ISO dates, else the
       date as the edition writes it -->
  <xsl:function name="e:csl-date" as="map(*)">
    <xsl:param name="iso" as="xs:string*"/>
    <xsl:param name="words" as="xs:string?"/>
    <xsl:sequence select="if (exists($iso)) then map{'date-parts': array{$iso ! array{tokenize(., '-') ! xs:integer(.)}}}
      else map{'literal': string($words)}"/>
  </xsl:function>

</xsl:stylesheet>
