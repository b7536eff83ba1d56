"""The words, places and proportions synthetic networks are made of: data, not logic.

Shares, rates and weights are per circle, in the order of :data:`CIRCLES` (inner to
acquaintance); every table is a tuple, so a draw is an index into it.
"""

from __future__ import annotations

import itertools

from relnet.model import Cadence, Channel, Circle, CommunityKind, Direction, GoalId, Role

#: The owner's time zone in every synthetic network.
OWNER_TIMEZONE = "Europe/London"
DAY = 86400

FIRST_NAMES = (
    "Ada", "Aisha", "Amara", "Ben", "Carlos", "Chen", "Chloe", "Daniel", "Deepa", "Elena",
    "Emeka", "Fatima", "Felix", "Grace", "Hana", "Hugo", "Ines", "Isaac", "Jamal", "Julia",
    "Kai", "Kenji", "Lara", "Leon", "Lina", "Marco", "Maya", "Mei", "Nadia", "Noah",
    "Olga", "Omar", "Oscar", "Priya", "Rafael", "Rosa", "Sam", "Sara", "Sofia", "Tariq",
    "Theo", "Uma", "Victor", "Wei", "Yara", "Yusuf", "Zara", "Zoe",
)  # fmt: skip
LAST_NAMES = (
    "Abbott", "Adeyemi", "Ahmed", "Alvarez", "Andersen", "Bauer", "Becker", "Brown", "Chen",
    "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Gupta", "Haddad", "Hughes", "Ito",
    "Jones", "Kaur", "Khan", "Kim", "Kowalski", "Lopez", "Martin", "Mensah", "Moreau",
    "Murphy", "Nakamura", "Nguyen", "Novak", "Okafor", "Patel", "Petrov", "Rossi", "Santos",
    "Schmidt", "Silva", "Singh", "Smith", "Tanaka", "Taylor", "Walsh", "Wang", "Williams",
    "Wilson", "Yilmaz", "Zhang",
)  # fmt: skip
ORGANIZATIONS = (
    ("Acme Analytics", "acme-analytics.example"),
    ("Blue Harbor Bank", "blueharbor.example"),
    ("Brightpath Health", "brightpath.example"),
    ("Cedar Labs", "cedarlabs.example"),
    ("Civic Data Trust", "civicdata.example"),
    ("Copperleaf Energy", "copperleaf.example"),
    ("Delta Logistics", "deltalogistics.example"),
    ("Evergreen Capital", "evergreen.example"),
    ("Fable Games", "fable.example"),
    ("Granite Cloud", "granitecloud.example"),
    ("Helix Bio", "helixbio.example"),
    ("Indigo Retail", "indigo.example"),
    ("Juniper Consulting", "juniper.example"),
    ("Kestrel Robotics", "kestrel.example"),
    ("Lumen University", "lumen-uni.example"),
    ("Meridian Media", "meridian.example"),
    ("Northwind Software", "northwind.example"),
    ("Orbit Payments", "orbitpay.example"),
    ("Pinecone Studio", "pinecone.example"),
    ("Quartz Insurance", "quartz.example"),
    ("Riverstone Partners", "riverstone.example"),
    ("Solstice Climate", "solstice.example"),
    ("Tidal Systems", "tidal.example"),
    ("Vantage Recruiting", "vantage-talent.example"),
)
TITLES = (
    "Data Engineer", "Senior Data Engineer", "Staff Engineer", "Engineering Manager",
    "Product Manager", "Data Scientist", "Designer", "Developer Advocate", "CTO", "Founder",
    "VP Engineering", "Researcher", "Consultant", "Analytics Lead",
)  # fmt: skip
TAGS = (
    "data", "python", "london", "climate", "fintech", "open-source", "speaker", "investor",
    "alumni", "ml", "product", "design", "startup", "health",
)  # fmt: skip
TOPICS = (
    "data pipelines", "machine learning", "climate tech", "distributed systems",
    "product strategy", "open source", "public speaking", "career growth", "rust",
    "typescript", "hiring", "leadership", "cycling", "jazz", "chess", "running",
    "photography", "fundraising",
)  # fmt: skip
HOW_MET = (
    "Worked together", "Met at a meetup", "Met at a conference", "University", "Online",
    "Through a mutual friend", "Client project", "Conference talk Q&A",
)  # fmt: skip
NOTES = (
    "Prefers mornings.",
    "Has two kids; ask about the school move.",
    "Training for a marathon.",
    "Moving to Lisbon next year.",
    "Loves long-form writing; send articles, not links.",
    "Hiring for their platform team.",
)
# (zone, weight): where contacts live.
CONTACT_ZONES = (
    ("Europe/London", 40),
    ("Europe/Paris", 12),
    ("Europe/Berlin", 8),
    ("America/New_York", 15),
    ("America/Los_Angeles", 8),
    ("Asia/Tokyo", 5),
    ("Asia/Kolkata", 6),
    ("Australia/Sydney", 3),
    ("America/Sao_Paulo", 3),
)
UTC = len(CONTACT_ZONES)  # the zone index of UTC, where imported mail is logged
CADENCES = (
    Cadence.weeks(2),
    Cadence.months(1),
    Cadence.months(2),
    Cadence.days(45),
    Cadence.business_days(10),
    Cadence.months(6),
    Cadence.years(1),
)
COMMUNITIES = (
    ("PyData Meetups", CommunityKind.MEETUP, "https://pydata.example", ("data", "python")),
    ("Data Engineering Guild", CommunityKind.ASSOCIATION, None, ("data",)),
    ("Climate Tech Forum", CommunityKind.FORUM, "https://climate-forum.example", ("climate",)),
    ("Lumen University Alumni", CommunityKind.SCHOOL, None, ("alumni",)),
    ("EuroConf", CommunityKind.CONFERENCE, "https://euroconf.example", ("speaker",)),
    ("Staff+ Engineers", CommunityKind.ONLINE, "https://staffplus.example", ()),
    ("Women in Data", CommunityKind.ASSOCIATION, "https://wid.example", ("data",)),
    ("Open Source Collective", CommunityKind.ONLINE, None, ("open-source",)),
    ("Product Circle", CommunityKind.MEETUP, None, ("product",)),
    ("Northwind Software", CommunityKind.COMPANY, None, ()),
)
VENUES = ("London", "Paris", "Berlin", "Online", "Manchester", "Amsterdam", "Lisbon")
SUMMARIES: dict[Channel, tuple[str, ...]] = {
    Channel.MEETING: ("Coffee", "Lunch", "Walk along the canal", "Breakfast near the office"),
    Channel.CALL: ("Quick catch-up call", "Phone call about the role", "Call to plan the talk"),
    Channel.VIDEO: ("Video call", "Mentoring session", "Pairing on the proposal"),
    Channel.EVENT: ("Chatted at the drinks", "Met at the talk", "Workshop table"),
    Channel.EMAIL: ("Quick question", "Following up", "Thanks!", "Article you might like"),
    Channel.MESSAGE: ("Pinged on chat", "Short message", "Congrats on the news"),
    Channel.SOCIAL: ("Comment on their post", "Shared their article", "Endorsement"),
    Channel.INTRO: ("Introduction", "Intro by email"),
    Channel.NOTE: ("Remember to ask about the move", "Looking for a new role", "New baby"),
}
MINE = (
    "Send {name} the slides from my talk",
    "Introduce {name} to someone at {org}",
    "Share the article on {topic} with {name}",
    "Review {name}'s CV",
    "Write a recommendation for {name}",
)
THEIRS = (
    "{name} to send the job description",
    "{name} to introduce me to their CTO",
    "{name} to share notes on {topic}",
    "{name} to confirm the speaking slot",
)

CIRCLES = (Circle.INNER, Circle.CLOSE, Circle.ACTIVE, Circle.NETWORK, Circle.ACQUAINTANCE)
CIRCLE_SHARE = (0.01, 0.03, 0.10, 0.52, 0.34)
CIRCLE_RATE = (60.0, 20.0, 6.0, 1.5, 0.4)  # relative interaction rate per contact
ANSWER = (0.95, 0.85, 0.7, 0.55, 0.35)  # chance they answer an ask
CHASE = (0.3, 0.4, 0.5, 0.5, 0.4)  # chance you ask again when they do not
REPLY = (0.95, 0.9, 0.8, 0.7, 0.5)  # chance you answer them
DELAY = (3 * 3600, 8 * 3600, 20 * 3600, 36 * 3600, 60 * 3600)  # mean reply delay (s)

# Episode kinds and, per circle, how often each happens.
MEET, ASK, INBOUND, UPDATE, SOCIAL, EVENT, NOTE, INTRO_OUT = range(8)
KIND_WEIGHTS = (
    (30, 20, 20, 10, 5, 3, 8, 4),
    (25, 22, 20, 10, 8, 5, 6, 4),
    (18, 22, 20, 10, 12, 8, 6, 4),
    (10, 20, 22, 10, 20, 10, 5, 3),
    (5, 15, 25, 5, 30, 15, 3, 2),
)
KIND_CUM = tuple(tuple(itertools.accumulate(row)) for row in KIND_WEIGHTS)

# Roles as bits, for cheap tests in the hot loop.
ROLE_BITS = {role: 1 << index for index, role in enumerate(Role)}
MENTOR = ROLE_BITS[Role.MENTOR]
MENTEE = ROLE_BITS[Role.MENTEE]
RECRUITER = ROLE_BITS[Role.RECRUITER]
COLLABORATOR = ROLE_BITS[Role.COLLABORATOR]

SYNC = frozenset((Channel.MEETING, Channel.CALL, Channel.VIDEO, Channel.EVENT))
TOPIC_SETS = tuple((topic,) for topic in TOPICS)
NO_GOALS: frozenset[GoalId] = frozenset()
OUT, IN = Direction.OUTBOUND, Direction.INBOUND
