"""The site's own pages, one module each (or a few pages per module): each has a function that
writes its page(s) from the :class:`~dialoggraph.site.site.Site` it is given — its index, links,
settings, templates and output folder — with no queries, bounded where the data can grow
(search entries, network nodes, list lengths).

:data:`PAGES` names them; they are independent of each other, so the build writes them in any
order and in any process. A new page is a module here and an entry in :data:`PAGES`.
"""

from __future__ import annotations

from .classes import write_classes
from .home import write_home
from .machines import write_machine_files
from .network import write_network
from .ontology import write_ontology
from .questions import write_questions
from .reading import write_reading
from .search import write_search
from .statements import write_statements
from .themes import write_themes
from .timeline import write_timeline
from .validation import write_validation

#: the site's own pages, the costly ones first (they start first when workers share the work)
PAGES = {"classes": write_classes, "read": write_reading, "network": write_network,
         "themes": write_themes, "statements": write_statements, "search": write_search, "timeline": write_timeline,
         "questions": write_questions, "home": write_home, "ontology": write_ontology, "validation": write_validation,
         "machines": write_machine_files}


def write_one(site, name: str) -> None:
    """Write one of the site's own pages."""
    PAGES[name](site)

