"""Readable names for the terms of the reused vocabularies, German first, English as fallback.

The dataset's own ontology (``dgo:``) brings its labels with it (``rdfs:label`` @de/@en, read
from the ontology triples at build time). Outside vocabularies (schema.org, ORG, SKOS, PROV…)
are not loaded, so the terms the data uses are named here; any other term gets a name made from
its local name (``legislationPassedBy`` → ``legislation passed by``).

``INVERSE`` names a property read backwards, for "referenced by" lists on the object's page
(``schema:performer`` from an event to a person reads "wirkt mit bei" on the person's page).
"""

from __future__ import annotations

import re

from dialoggraph.rdf.namespaces import VOCABULARIES

S = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
DCT = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"
ELI = "http://data.europa.eu/eli/ontology#"
OA = "http://www.w3.org/ns/oa#"
SWC = "http://data.semanticweb.org/ns/swc/ontology#"
CONF = "https://w3id.org/scholarlydata/ontology/conference-ontology.owl#"
BIBO = "http://purl.org/ontology/bibo/"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"

#: term IRI → (German, English)
TERMS: dict[str, tuple[str, str]] = {
    # --- classes
    S + "Person": ("Person", "Person"),
    S + "Organization": ("Organisation", "Organization"),
    S + "GovernmentOrganization": ("Behörde", "Government organization"),
    S + "CollegeOrUniversity": ("Hochschule", "College or university"),
    S + "EducationalOrganization": ("Bildungseinrichtung", "Educational organization"),
    S + "ResearchOrganization": ("Forschungseinrichtung", "Research organization"),
    S + "NGO": ("Nichtregierungsorganisation", "NGO"),
    S + "Corporation": ("Unternehmen", "Corporation"),
    S + "Legislation": ("Gesetz", "Legislation"),
    S + "Event": ("Veranstaltung", "Event"),
    S + "Place": ("Ort", "Place"),
    S + "City": ("Stadt", "City"),
    S + "State": ("Bundesland/Staat", "State"),
    S + "Country": ("Land", "Country"),
    S + "AdministrativeArea": ("Verwaltungsgebiet", "Administrative area"),
    S + "Hotel": ("Hotel", "Hotel"),
    S + "LodgingBusiness": ("Unterkunft", "Lodging business"),
    S + "Claim": ("Aussage", "Claim"),
    S + "CreativeWork": ("Werk", "Creative work"),
    S + "Report": ("Bericht", "Report"),
    S + "Article": ("Artikel", "Article"),
    S + "NewsArticle": ("Zeitungsartikel", "News article"),
    S + "WebPage": ("Webseite", "Web page"),
    S + "Project": ("Projekt", "Project"),
    S + "Role": ("Rolle", "Role"),
    S + "OrganizationRole": ("Rolle in einer Organisation", "Organization role"),
    S + "EmployeeRole": ("Anstellung", "Employee role"),
    S + "DefinedTerm": ("Begriff", "Defined term"),
    S + "DefinedTermSet": ("Begriffssystem", "Defined term set"),
    S + "Thing": ("Ding", "Thing"),
    FOAF + "Person": ("Person (FOAF)", "Person (FOAF)"),
    FOAF + "Group": ("Gruppe", "Group"),
    FOAF + "Agent": ("Akteur", "Agent"),
    FOAF + "Organization": ("Organisation (FOAF)", "Organization (FOAF)"),
    ORG + "FormalOrganization": ("Formale Organisation", "Formal organization"),
    ORG + "Organization": ("Organisation (ORG)", "Organization (ORG)"),
    ORG + "OrganizationalUnit": ("Organisationseinheit", "Organizational unit"),
    ORG + "Membership": ("Mitgliedschaft", "Membership"),
    ORG + "Post": ("Position", "Post"),
    ORG + "Role": ("Funktion", "Role"),
    SKOS + "Concept": ("Begriff (SKOS)", "Concept"),
    SKOS + "ConceptScheme": ("Begriffsschema", "Concept scheme"),
    PROV + "Activity": ("Aktivität", "Activity"),
    PROV + "Agent": ("Akteur (PROV)", "Agent"),
    PROV + "Entity": ("Entität (PROV)", "Entity"),
    TIME + "Instant": ("Zeitpunkt", "Instant"),
    TIME + "Interval": ("Zeitraum", "Interval"),
    ELI + "LegalResource": ("Rechtsakt (ELI)", "Legal resource"),
    OA + "Annotation": ("Annotation (Textstelle)", "Annotation"),
    OA + "SpecificResource": ("Ziel der Annotation", "Specific resource"),
    OA + "TextQuoteSelector": ("Zitat-Selektor", "Text quote selector"),
    OA + "TextPositionSelector": ("Positions-Selektor", "Text position selector"),
    SWC + "ConferenceEvent": ("Konferenz", "Conference event"),
    SWC + "TrackEvent": ("Track", "Track event"),
    SWC + "SessionEvent": ("Session", "Session event"),
    SWC + "TalkEvent": ("Vortrag", "Talk event"),
    SWC + "PanelEvent": ("Podiumsdiskussion", "Panel event"),
    CONF + "Track": ("Track (Konferenzontologie)", "Track"),
    CONF + "Talk": ("Vortrag (Konferenzontologie)", "Talk"),
    CONF + "Session": ("Session (Konferenzontologie)", "Session"),
    BIBO + "Document": ("Dokument", "Document"),
    BIBO + "Report": ("Bericht (BIBO)", "Report"),
    BIBO + "Article": ("Artikel (BIBO)", "Article"),
    VOID + "Dataset": ("Datensatz (VoID)", "Dataset"),
    DCAT + "Dataset": ("Datensatz", "Dataset"),
    DCAT + "Distribution": ("Distribution", "Distribution"),
    OWL + "Ontology": ("Ontologie", "Ontology"),
    OWL + "Class": ("Klasse", "Class"),
    OWL + "ObjectProperty": ("Objekteigenschaft", "Object property"),
    OWL + "DatatypeProperty": ("Dateneigenschaft", "Datatype property"),
    # --- properties
    RDF + "type": ("Typ", "Type"),
    RDFS + "label": ("Bezeichnung", "Label"),
    RDFS + "comment": ("Kommentar", "Comment"),
    RDFS + "seeAlso": ("Siehe auch", "See also"),
    OWL + "sameAs": ("Identisch mit (OWL)", "Same as (OWL)"),
    S + "name": ("Name", "Name"),
    S + "alternateName": ("Alternativer Name", "Alternate name"),
    S + "description": ("Beschreibung", "Description"),
    S + "text": ("Text", "Text"),
    S + "givenName": ("Vorname", "Given name"),
    S + "familyName": ("Nachname", "Family name"),
    S + "honorificPrefix": ("Titel", "Honorific prefix"),
    S + "affiliation": ("Zugehörigkeit", "Affiliation"),
    S + "memberOf": ("Mitglied von", "Member of"),
    S + "worksFor": ("Arbeitet für", "Works for"),
    S + "jobTitle": ("Funktion", "Job title"),
    S + "sameAs": ("Identisch mit", "Same as"),
    S + "url": ("Webadresse", "URL"),
    S + "about": ("Thema", "About"),
    S + "mentions": ("Erwähnt", "Mentions"),
    S + "additionalType": ("Art", "Additional type"),
    S + "appearance": ("Erscheint in", "Appearance"),
    S + "citation": ("Zitiert", "Citation"),
    S + "isBasedOn": ("Beruht auf", "Is based on"),
    S + "areaServed": ("Zuständigkeitsgebiet", "Area served"),
    S + "provider": ("Träger", "Provider"),
    S + "funder": ("Geldgeber", "Funder"),
    S + "containedInPlace": ("Liegt in", "Contained in place"),
    S + "location": ("Ort", "Location"),
    S + "startDate": ("Beginn", "Start date"),
    S + "endDate": ("Ende", "End date"),
    S + "foundingDate": ("Gründungsdatum", "Founding date"),
    S + "dateCreated": ("Erstellt", "Date created"),
    S + "datePublished": ("Veröffentlicht", "Date published"),
    S + "superEvent": ("Teil von (Veranstaltung)", "Super event"),
    S + "subEvent": ("Teilveranstaltung", "Sub event"),
    S + "organizer": ("Organisiert von", "Organizer"),
    S + "performer": ("Mitwirkende", "Performer"),
    S + "attendee": ("Teilnehmende", "Attendee"),
    S + "roleName": ("Rollenbezeichnung", "Role name"),
    S + "position": ("Position (Reihenfolge)", "Position"),
    S + "isPartOf": ("Teil von", "Is part of"),
    S + "hasPart": ("Hat Teil", "Has part"),
    S + "inDefinedTermSet": ("Im Begriffssystem", "In defined term set"),
    S + "inLanguage": ("Sprache", "Language"),
    S + "encodingFormat": ("Format", "Encoding format"),
    S + "contentSize": ("Umfang", "Content size"),
    S + "sha256": ("SHA-256-Prüfsumme", "SHA-256 checksum"),
    S + "temporalCoverage": ("Zeitraum", "Temporal coverage"),
    S + "parentOrganization": ("Übergeordnete Organisation", "Parent organization"),
    S + "subOrganization": ("Untergeordnete Organisation", "Sub organization"),
    S + "legislationJurisdiction": ("Geltungsbereich", "Jurisdiction"),
    S + "legislationPassedBy": ("Beschlossen von", "Passed by"),
    S + "legislationResponsible": ("Verantwortlich", "Responsible"),
    S + "legislationDate": ("Datum des Gesetzes", "Legislation date"),
    S + "legislationType": ("Art des Gesetzes", "Legislation type"),
    S + "subjectOf": ("Gegenstand von", "Subject of"),
    S + "author": ("Autor_in", "Author"),
    S + "publisher": ("Herausgeber", "Publisher"),
    S + "creator": ("Urheber", "Creator"),
    S + "keywords": ("Schlagwörter", "Keywords"),
    FOAF + "name": ("Name (FOAF)", "Name (FOAF)"),
    FOAF + "member": ("Mitglied", "Member"),
    ORG + "hasUnit": ("Hat Einheit", "Has unit"),
    ORG + "unitOf": ("Einheit von", "Unit of"),
    ORG + "subOrganizationOf": ("Unterorganisation von", "Sub-organization of"),
    ORG + "hasSubOrganization": ("Hat Unterorganisation", "Has sub-organization"),
    ORG + "member": ("Mitglied", "Member"),
    ORG + "organization": ("Organisation", "Organization"),
    ORG + "role": ("Funktion", "Role"),
    ORG + "memberDuring": ("Mitglied im Zeitraum", "Member during"),
    ORG + "holds": ("Hat Position", "Holds"),
    ORG + "heldBy": ("Besetzt von", "Held by"),
    ORG + "postIn": ("Position in", "Post in"),
    ORG + "hasPost": ("Hat Position", "Has post"),
    ORG + "hasMembership": ("Hat Mitgliedschaft", "Has membership"),
    DCT + "title": ("Titel", "Title"),
    DCT + "description": ("Beschreibung", "Description"),
    DCT + "language": ("Sprache", "Language"),
    DCT + "issued": ("Erschienen", "Issued"),
    DCT + "created": ("Erstellt", "Created"),
    DCT + "modified": ("Geändert", "Modified"),
    DCT + "references": ("Verweist auf", "References"),
    DCT + "isPartOf": ("Teil von", "Is part of"),
    DCT + "license": ("Lizenz", "License"),
    DCT + "creator": ("Urheber", "Creator"),
    DCT + "source": ("Quelle", "Source"),
    DCT + "subject": ("Thema", "Subject"),
    DCT + "conformsTo": ("Entspricht", "Conforms to"),
    DCT + "format": ("Format", "Format"),
    SKOS + "prefLabel": ("Vorzugsbezeichnung", "Preferred label"),
    SKOS + "altLabel": ("Alternative Bezeichnung", "Alternative label"),
    SKOS + "definition": ("Definition", "Definition"),
    SKOS + "note": ("Anmerkung", "Note"),
    SKOS + "scopeNote": ("Anwendungshinweis", "Scope note"),
    SKOS + "editorialNote": ("Redaktionelle Anmerkung", "Editorial note"),
    SKOS + "broader": ("Oberbegriff", "Broader"),
    SKOS + "narrower": ("Unterbegriff", "Narrower"),
    SKOS + "related": ("Verwandter Begriff", "Related"),
    SKOS + "inScheme": ("Im Schema", "In scheme"),
    SKOS + "hasTopConcept": ("Hat Spitzenbegriff", "Has top concept"),
    SKOS + "topConceptOf": ("Spitzenbegriff von", "Top concept of"),
    SKOS + "closeMatch": ("Entspricht ungefähr", "Close match"),
    SKOS + "exactMatch": ("Entspricht genau", "Exact match"),
    SKOS + "relatedMatch": ("Verwandt mit", "Related match"),
    PROV + "wasDerivedFrom": ("Abgeleitet aus", "Was derived from"),
    PROV + "wasAttributedTo": ("Zugeschrieben", "Was attributed to"),
    PROV + "wasGeneratedBy": ("Entstanden bei", "Was generated by"),
    PROV + "wasAssociatedWith": ("Beteiligt", "Was associated with"),
    PROV + "used": ("Verwendet", "Used"),
    TIME + "hasTime": ("Zeit", "Has time"),
    TIME + "inXSDgYear": ("Jahr", "Year"),
    TIME + "inXSDgYearMonth": ("Monat", "Year and month"),
    TIME + "inXSDDate": ("Datum", "Date"),
    TIME + "inside": ("Innerhalb", "Inside"),
    TIME + "hasBeginning": ("Beginn", "Beginning"),
    TIME + "hasEnd": ("Ende", "End"),
    ELI + "is_about": ("Betrifft", "Is about"),
    ELI + "date_document": ("Datum des Dokuments", "Date of document"),
    OA + "hasBody": ("Annotiert", "Body"),
    OA + "hasTarget": ("Ziel", "Target"),
    OA + "hasSource": ("Quelle", "Source"),
    OA + "hasSelector": ("Selektor", "Selector"),
    OA + "motivatedBy": ("Zweck", "Motivated by"),
    OA + "exact": ("Wortlaut", "Exact text"),
    OA + "prefix": ("Davor", "Prefix"),
    OA + "suffix": ("Danach", "Suffix"),
    OA + "start": ("Anfang (Zeichen)", "Start offset"),
    OA + "end": ("Ende (Zeichen)", "End offset"),
    OA + "identifying": ("Identifizieren", "Identifying"),
    VOID + "triples": ("Tripel", "Triples"),
    VOID + "entities": ("Entitäten", "Entities"),
    VOID + "classes": ("Klassen", "Classes"),
    VOID + "classPartition": ("Klassenpartition", "Class partition"),
    VOID + "class": ("Klasse", "Class"),
    VOID + "vocabulary": ("Vokabular", "Vocabulary"),
    VOID + "sparqlEndpoint": ("SPARQL-Endpunkt", "SPARQL endpoint"),
    VOID + "dataDump": ("Datenabzug", "Data dump"),
    VOID + "exampleResource": ("Beispielressource", "Example resource"),
    VOID + "uriSpace": ("IRI-Raum", "URI space"),
    DCAT + "distribution": ("Distribution", "Distribution"),
    DCAT + "downloadURL": ("Download", "Download URL"),
    DCAT + "accessURL": ("Zugang", "Access URL"),
    DCAT + "mediaType": ("Medientyp", "Media type"),
    DCAT + "landingPage": ("Startseite", "Landing page"),
}

#: property IRI → (German, English) read from object to subject
INVERSE: dict[str, tuple[str, str]] = {
    S + "affiliation": ("Zugehörige Personen und Rollen", "Affiliated"),
    S + "performer": ("Wirkt mit bei", "Performer in"),
    S + "organizer": ("Organisiert", "Organizer of"),
    S + "attendee": ("Nimmt teil an", "Attends"),
    S + "about": ("Thema von", "Subject of"),
    S + "mentions": ("Erwähnt in", "Mentioned in"),
    S + "location": ("Ort von", "Location of"),
    S + "containedInPlace": ("Enthält", "Contains place"),
    S + "areaServed": ("Zuständigkeitsgebiet von", "Area served by"),
    S + "superEvent": ("Teilveranstaltungen", "Sub events"),
    S + "subEvent": ("Teil von (Veranstaltung)", "Part of event"),
    S + "isPartOf": ("Hat Teile", "Has parts"),
    S + "additionalType": ("Einträge dieser Art", "Entries of this kind"),
    S + "appearance": ("Enthält Aussagen", "Holds statements"),
    S + "citation": ("Zitiert von", "Cited by"),
    S + "isBasedOn": ("Grundlage von", "Basis of"),
    S + "legislationJurisdiction": ("Geltungsbereich von", "Jurisdiction of"),
    S + "legislationPassedBy": ("Hat beschlossen", "Passed"),
    S + "legislationResponsible": ("Verantwortlich für", "Responsible for"),
    S + "parentOrganization": ("Untergeordnete Organisationen", "Sub organizations"),
    S + "inDefinedTermSet": ("Begriffe", "Terms"),
    S + "provider": ("Träger von", "Provider of"),
    S + "funder": ("Finanziert", "Funds"),
    S + "subjectOf": ("Behandelt", "Treats"),
    S + "sameAs": ("Identisch mit", "Same as"),
    FOAF + "member": ("Mitglied in", "Member of"),
    ORG + "unitOf": ("Hat Einheit", "Has unit"),
    ORG + "hasUnit": ("Einheit von", "Unit of"),
    ORG + "member": ("Mitgliedschaften", "Memberships"),
    ORG + "organization": ("Mitgliedschaften", "Memberships"),
    ORG + "heldBy": ("Hat Position", "Holds"),
    ORG + "holds": ("Besetzt von", "Held by"),
    ORG + "postIn": ("Positionen", "Posts"),
    ORG + "role": ("Mitgliedschaften in dieser Funktion", "Memberships in this role"),
    SKOS + "broader": ("Unterbegriffe", "Narrower concepts"),
    SKOS + "narrower": ("Oberbegriff", "Broader concept"),
    SKOS + "related": ("Verwandter Begriff", "Related"),
    SKOS + "inScheme": ("Begriffe im Schema", "Concepts in scheme"),
    SKOS + "topConceptOf": ("Spitzenbegriffe", "Top concepts"),
    SKOS + "hasTopConcept": ("Spitzenbegriff von", "Top concept of"),
    PROV + "wasDerivedFrom": ("Quelle von", "Source of"),
    PROV + "wasAttributedTo": ("Zugeschriebene Aussagen", "Statements attributed"),
    PROV + "wasGeneratedBy": ("Aussagen aus dieser Veranstaltung", "Statements made here"),
    PROV + "wasAssociatedWith": ("Beteiligt an", "Associated with"),
    DCT + "references": ("Verwiesen von", "Referenced by"),
    DCT + "isPartOf": ("Hat Teile", "Has parts"),
    ELI + "is_about": ("Gesetze zum Thema", "Laws about this"),
    OA + "hasBody": ("Textstellen (Annotationen)", "Annotations"),
    OA + "hasSource": ("Annotationsziele", "Annotation targets"),
    OA + "hasTarget": ("Annotation", "Annotation"),
    OA + "hasSelector": ("Selektor von", "Selector of"),
}

_WORD = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|_")


def local_name(iri: str) -> str:
    """The part after the last ``#`` or ``/`` (``https://schema.org/name`` → ``name``)."""
    for sep in ("#", "/"):
        if sep in iri:
            tail = iri.rsplit(sep, 1)[1]
            if tail:
                return tail
    return iri


def humanise(iri: str) -> str:
    """A readable name from a local name: ``legislationPassedBy`` → ``legislation passed by``."""
    words = _WORD.sub(" ", local_name(iri)).strip()
    return words[:1].upper() + words[1:].lower() if words else iri


def curie(iri: str, table: list[tuple[str, str]]) -> str:
    """``schema:name`` for ``https://schema.org/name`` (``table``: (namespace, prefix), longest first)."""
    for ns, prefix in table:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def prefix_table(base_iri: str) -> list[tuple[str, str]]:
    """(namespace, prefix) pairs for :func:`curie`, longest namespace first."""
    pairs = [(ns, p) for p, ns in VOCABULARIES.items()]
    pairs += [(base_iri + "ontology#", "dgo"), (base_iri + "shapes/", "dgs"), (base_iri, "dg")]
    return sorted(pairs, key=lambda x: (-len(x[0]), x[1]))
