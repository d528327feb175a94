<?xml version="1.0" encoding="UTF-8"?>
<!-- The prepare pass on its own: Python runs it once per document (pipeline.transform.render) and hands the
     result to html.xsl, text.xsl and typst.xsl, which read nothing else; with csl.xsl, the citation record.
     Imports the behaviour table and the pass (model.xsl, which imports the core, common.xsl); writes no
     output syntax and returns the prepared document node itself. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:e="urn:x-edition:functions"
  exclude-result-prefixes="#all">

  <xsl:import href="model.xsl"/>
  <!-- a document's citation record (mode e:csl), compiled with this pass -->
  <xsl:include href="csl.xsl"/>

  <!-- the initial mode: only the document node is matched; the core's accumulators apply to the source -->
  <xsl:mode on-no-match="shallow-skip" use-accumulators="#all"/>

  <xsl:template match="/">
    <xsl:sequence select="e:prepare(.)"/>
  </xsl:template>

  <!-- the core's render dispatch names a template per behaviour; this pass renders nothing -->
  <xsl:template name="document"/>
  <xsl:template name="block"/>
  <xsl:template name="paragraph"/>
  <xsl:template name="heading"/>
  <xsl:template name="inline"/>
  <xsl:template name="note"/>
  <xsl:template name="list"/>
  <xsl:template name="item"/>
  <xsl:template name="table"/>
  <xsl:template name="row"/>
  <xsl:template name="cell"/>
  <xsl:template name="break"/>
  <xsl:template name="alternate"/>
  <xsl:template name="addition"/>
  <xsl:template name="deletion"/>
  <xsl:template name="mark"/>
  <xsl:template name="link"/>
  <xsl:template name="figure"/>
  <xsl:template name="graphic"/>
  <xsl:template name="omit"/>
  <xsl:template name="math"/>
  <xsl:template name="index"/>
  <xsl:template name="unknown"/>
</xsl:stylesheet>
