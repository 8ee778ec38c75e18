"""The site: a validated graph → static HTML pages, each with its Turtle and JSON-LD.

From the bottom up (each module imports only those above it):

- ``labels``: names of vocabulary terms (German, English), CURIEs
- ``values``: :class:`~.values.Value` (one immutable value on a page), dates, which IRIs link
- ``ids``: element ids and fragments (passages, sections, hash IRIs)
- ``index``: :class:`~.index.SiteIndex`, one pass over the sorted triples
- ``markup``: the HTML of values and lists (MarkupSafe's ``escape`` on every text)
- ``templates``: the program's one Jinja2 environment (:func:`~.templates.environment`)
- ``links``: :class:`~.links.Links`, where a node is described, and its values
- ``entity``, ``descriptions``: an entity's page; its Turtle and JSON-LD
- ``drawing``: the timeline axis and the network picture as data for SVG
- ``pages``: the site's own pages, one module each
- ``site``: :class:`~.site.Site`, which ties them together and hands the build its tasks
"""
