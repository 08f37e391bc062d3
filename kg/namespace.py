"""The closed vocabulary of ontology/kg.ttl: a misspelt term fails at import, not in a triple.

tests/test_ontology.py checks that this list and the ontology agree.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

ONTOLOGY_IRI = "https://w3id.org/newskg/ontology"
DATA_IRI = "https://w3id.org/newskg/id/"


class KG(DefinedNamespace):
    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes
    Agent: URIRef
    Person: URIRef
    Organization: URIRef
    GovernmentOrganization: URIRef
    NewsOrganization: URIRef
    Place: URIRef
    Country: URIRef
    Region: URIRef
    City: URIRef
    Island: URIRef
    Facility: URIRef
    Event: URIRef
    Meeting: URIRef
    Visit: URIRef
    Attack: URIRef
    Death: URIRef
    Injury: URIRef
    Arrest: URIRef
    Trial: URIRef
    Election: URIRef
    Appointment: URIRef
    Resignation: URIRef
    Acquisition: URIRef
    Communication: URIRef
    Protest: URIRef
    Accident: URIRef
    Contest: URIRef
    Document: URIRef
    Treaty: URIRef
    Statement: URIRef
    Link: URIRef
    Merge: URIRef
    Community: URIRef
    # facts
    metWith: URIRef
    visited: URIRef
    seized: URIRef
    annexed: URIRef
    locatedIn: URIRef
    partOf: URIRef
    hasPart: URIRef
    worksFor: URIRef
    leaderOf: URIRef
    ledBy: URIRef
    memberOf: URIRef
    claims: URIRef
    claimedBy: URIRef
    controls: URIRef
    imposedSanctionsOn: URIRef
    signed: URIRef
    signatory: URIRef
    invited: URIRef
    accompanied: URIRef
    hometown: URIRef
    spokeTo: URIRef
    near: URIRef
    affiliatedWith: URIRef
    # facts: people and organisations
    founded: URIRef
    ownerOf: URIRef
    educatedAt: URIRef
    basedIn: URIRef
    citizenOf: URIRef
    livesIn: URIRef
    bornIn: URIRef
    diedIn: URIRef
    spouseOf: URIRef
    parentOf: URIRef
    childOf: URIRef
    siblingOf: URIRef
    # facts: places
    capitalOf: URIRef
    # facts: actions between agents (beside an event node when the text tells one)
    killed: URIRef
    attacked: URIRef
    injured: URIRef
    arrested: URIRef
    charged: URIRef
    convicted: URIRef
    sued: URIRef
    defeated: URIRef
    opposed: URIRef
    criticized: URIRef
    acquired: URIRef
    elected: URIRef
    appointed: URIRef
    resigned: URIRef
    # events
    participant: URIRef
    participatedIn: URIRef
    place: URIRef
    # event roles (each a kg:participant)
    agent: URIRef
    patient: URIRef
    victim: URIRef
    defendant: URIRef
    winner: URIRef
    loser: URIRef
    recipient: URIRef
    target: URIRef
    # evidence and provenance
    confidence: URIRef
    extractor: URIRef
    modality: URIRef
    sentence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    date: URIRef
    dateFrom: URIRef
    dateTo: URIRef
    timeExpression: URIRef
    contentHash: URIRef
    sourceFile: URIRef
    capturedAt: URIRef
    dateline: URIRef
    mentionCount: URIRef
    pipeline: URIRef
    # resolution across articles
    merge: URIRef
    surfaceForm: URIRef
    inArticle: URIRef
    rule: URIRef
    evidence: URIRef
    # analytics over the corpus (the named graph id:graph/analytics)
    rank: URIRef
    community: URIRef
    memberCount: URIRef
    articleCount: URIRef
    firstSeen: URIRef
    lastSeen: URIRef
