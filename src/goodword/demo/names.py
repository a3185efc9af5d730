"""Built-in synthetic pools: names, organisations, titles, skills, schools.

Everything here is made up. First and last names are drawn independently and
combined at random, so no pool entry describes a real person. Organisation
names are stock fictional companies or invented ones. All strings are NFC.
"""

from __future__ import annotations

from typing import Final

from goodword.demo.truth import Seniority

FIRST_NAMES: Final[tuple[str, ...]] = (
    "Zoë", "Åsa", "Chloé", "José", "Björn", "Søren", "Łukasz", "Ngọc", "Zoltán", "Renée",
    "Inês", "Çağla", "Dóra", "Jürgen", "Siobhán", "Ayşe", "Mbali", "Chidi", "Amara", "Kwame",
    "Priya", "Arjun", "Mei", "Hiroshi", "Yuki", "Ji-woo", "Fatima", "Omar", "Layla", "Yusuf",
    "Usman", "Frida", "Walid", "Lukas", "Aroha", "Tane", "Ana", "Mateo", "Lucía", "Diego",
    "Camila", "Sofía", "Nikolai", "Olga", "Anya", "Kofi", "Ifeoma", "Sipho", "Thandiwe",
    "Hamid", "Leila", "Ravi", "Ananya", "Wei", "Ling", "Jun", "Minh", "Linh", "Bao", "Kai",
    "Noa", "Eitan", "Tamar", "Pablo", "Marta", "Emil", "Greta", "Hanna", "Oskar", "Elif",
    "Emre", "Aisha", "Ibrahim", "Nadia", "Tomás", "Maëlle", "Ólafur", "Dagný", "Ewa", "Jan",
    "Mariam", "Tariq", "Grace", "Peter", "Laura", "Daniel", "Sarah", "Michael", "Emma", "David",
    "Rachel", "Kevin", "Maria", "James", "Helen", "Chen", "Aditi", "Rohan", "Nia", "Malik",
)  # fmt: skip

# Used only for the fancy-letter quirk, which needs plain ASCII letters.
ASCII_FIRST_NAMES: Final[tuple[str, ...]] = ("Zabih", "Amir", "Lina", "Tove", "Rafael")

OWNER_FIRST_NAMES: Final[tuple[str, ...]] = (
    "Sam", "Alex", "Robin", "Jordan", "Sasha", "Ari", "Kim", "Noor", "Remy", "Quinn",
)  # fmt: skip

LAST_NAMES: Final[tuple[str, ...]] = (
    "Bašić", "Lindqvist", "Núñez", "Nguyễn", "Božić", "Müller", "Okafor", "Adeyemi", "Mensah",
    "Haddad", "Kowalski", "Nowak", "Petrović", "Horváth", "Novák", "Johansson", "Andersson",
    "Virtanen", "Korhonen", "Silva", "Santos", "Pereira", "García", "Fernández", "López",
    "Rossi", "Bianchi", "Dubois", "Lefèvre", "Moreau", "Schmidt", "Fischer", "Weber", "Kim",
    "Park", "Lee", "Chen", "Wang", "Zhang", "Tanaka", "Sato", "Suzuki", "Patel", "Sharma",
    "Singh", "Iyer", "Reddy", "Khan", "Ahmed", "Hussain", "Yılmaz", "Demir", "Öztürk",
    "Papadopoulos", "O'Brien", "MacLeod", "Van der Berg", "de Jong", "Jansen", "Mwangi",
    "Otieno", "Dlamini", "Ndlovu", "Cohen", "Levi", "Rahimi", "Timimi", "Ivanova", "Popescu",
    "Sørensen", "Hansen", "Nielsen", "Trần", "Phạm", "Lê", "Đặng", "Ó Briain", "Gonçalves",
    "Şahin", "Edde", "Jovanović", "Kovač", "Brennan", "Walsh", "Murphy", "Thompson", "Carter",
    "Bennett", "Hughes", "Ramírez", "Castillo", "Mahlangu", "Abubakar", "Eze", "Asante",
)  # fmt: skip

CREDENTIALS: Final[tuple[str, ...]] = (
    "Ph.D.", "MBA", "MBA, SHRM-SCP", "PMP", "CPA", "FICS (UK), MSc (SE)", "CFA", "MSc",
)  # fmt: skip
"""Suffixes people put after a comma in their LinkedIn last name."""

NAME_EMOJI: Final[tuple[tuple[str, bool], ...]] = (
    ("🇵🇰", False),
    ("💻", True),
    ("🚀", False),
    ("🇧🇷", False),
    ("🌱", True),
)
"""(emoji, goes before the first name) pairs: ``Usman 🇵🇰``, ``💻 Frida``."""

ORGANIZATIONS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("Northwind Labs", ("Northwind Laboratories",)),
    ("Globex LLC", ("Globex",)),
    ("Acme Analytics Inc.", ("Acme Analytics",)),
    ("Initech GmbH", ("Initech",)),
    ("Contoso Ltd.", ("Contoso",)),
    ("Tidewater Bank", ("Tidewater Bank N.A.",)),
    ("Larkspur Insurance Group", ()),
    ("Pinecrest Health", ("Pinecrest Health System",)),
    ("Meridian Retail Co.", ("Meridian Retail",)),
    ("Brightwater Energy", ()),
    ("Cobalt Freight GmbH", ("Cobalt Freight",)),
    ("Helix Biotech S.A.", ("Helix Biotech",)),
    ("Orchard & Vine Ltd", ()),
    ("Kestrel Software AB", ("Kestrel Software",)),
    ("Marigold Foods", ()),
    ("Ironbark Consulting Pty Ltd", ("Ironbark Consulting",)),
    ("Lumen Civic Data", ()),
    ("Silverline Telecom plc", ("Silverline Telecom",)),
    ("Tanager Games", ()),
    ("Wavecrest Travel", ()),
    ("Quillfeather Media", ()),
    ("Bluefin Robotics", ("Bluefin Robotics, Inc.",)),
)
"""(name as the owner writes it, other spellings of the same company)."""

OWNER_EMPLOYERS: Final[tuple[str, ...]] = (
    "Northwind Labs",
    "Globex LLC",
    "Acme Analytics Inc.",
    "Initech GmbH",
    "Contoso Ltd.",
    "Tidewater Bank",
    "Pinecrest Health",
)
"""Where the owner may have worked; each has an alternative spelling."""

TARGET_ORGANIZATION: Final[str] = "Fabrikam Health"
TARGET_ALIASES: Final[tuple[str, ...]] = ("Fabrikam Health", "Fabrikam Health, Inc.")
"""The sample job's organisation: never an owner employer, but a few contacts work there."""

RECRUITING_AGENCIES: Final[tuple[str, ...]] = (
    "Talentbridge Partners",
    "Brightpath Talent",
    "Harbor Search Group",
    "Summit Tech Recruiting",
)

SPONSORS: Final[tuple[str, ...]] = (
    "Contoso Cloud",
    "Quillfeather Media",
    "Eastlake School of Business",
)
"""Companies that send sponsored InMail."""

UNIVERSITIES: Final[tuple[str, ...]] = (
    "University of Northbridge",
    "Eastlake Institute of Technology",
    "Université de Valmont",
    "Kingsbury College",
    "Technische Hochschule Ansbrück",
)

DEGREES: Final[tuple[str, ...]] = (
    "Bachelor of Science - BS, Statistics",
    "Bachelor of Science - BS, Applied Mathematics",
    "Bachelor of Science - BS, Economics",
)

TITLES: Final[dict[Seniority, tuple[str, ...]]] = {
    "ic": (
        "Data Analyst", "Data Scientist", "Software Engineer", "Product Designer",
        "Account Executive", "Marketing Specialist", "Financial Analyst", "UX Researcher",
        "Data Engineer", "Business Analyst", "Operations Analyst", "Backend Developer",
    ),
    "lead": (
        "Senior Data Scientist", "Lead Data Engineer", "Staff Software Engineer",
        "Senior Product Designer", "Tech Lead", "Lead Analyst", "Senior Account Executive",
    ),
    "manager": (
        "Analytics Manager", "Engineering Manager", "Product Manager", "Marketing Manager",
        "Finance Manager", "Operations Manager", "Data Science Manager",
    ),
    "director": (
        "Director of Analytics", "Director of Engineering", "Director, Product Management",
        "Head of Data", "Director of Operations", "Head of Marketing",
    ),
    "executive": (
        "VP Engineering", "VP of Data & Analytics", "Chief Technology Officer",
        "Chief Operating Officer", "Chief Executive Officer", "VP Product",
    ),
}  # fmt: skip

RECRUITER_TITLES: Final[tuple[str, ...]] = (
    "Technical Recruiter",
    "Senior Technical Recruiter",
    "Talent Acquisition Partner",
    "Executive Search Consultant",
)

PROFESSOR_TITLES: Final[tuple[str, ...]] = (
    "Professor of Statistics",
    "Associate Professor of Computer Science",
    "Senior Lecturer in Economics",
)

OWNER_LADDER: Final[tuple[str, ...]] = (
    "Data Analyst",
    "Data Scientist",
    "Senior Data Scientist",
    "Lead Data Scientist",
    "Analytics Manager",
)
"""The owner's titles, one rung per position (4-position careers skip one)."""

OWNER_SKILLS: Final[tuple[str, ...]] = (
    "Python", "SQL", "Data Analysis", "Machine Learning", "Statistics", "A/B Testing",
    "Data Visualization", "Stakeholder Management", "dbt", "Tableau", "Forecasting",
    "Team Leadership", "Experimentation", "Apache Spark", "R", "pandas", "Data Modeling",
    "ETL", "Business Intelligence", "Looker", "Data Warehousing", "Predictive Modeling",
    "Time Series Analysis", "Product Analytics", "Mentoring", "Communication",
    "Causal Inference", "Power BI",
)  # fmt: skip

SKILLS: Final[tuple[str, ...]] = (
    "Python", "SQL", "Java", "Project Management", "Public Speaking", "Negotiation",
    "Product Strategy", "User Research", "Figma", "Financial Modeling", "Excel",
    "Recruiting", "Sales", "Marketing Strategy", "Kubernetes", "Leadership", "Agile",
    "Data Analysis", "Machine Learning", "Customer Success", "Copywriting", "Statistics",
)  # fmt: skip

LOCATIONS: Final[tuple[str, ...]] = (
    "Seattle, Washington, United States",
    "Toronto, Ontario, Canada",
    "Berlin, Germany",
    "Remote",
    "London, England, United Kingdom",
)

TOPICS: Final[tuple[str, ...]] = (
    "the churn model",
    "the Q3 forecast",
    "the dbt migration",
    "the pricing experiment",
    "the quarterly business review",
    "the dashboard refresh",
    "the data quality incident",
    "onboarding the new analysts",
    "the attribution report",
    "the warehouse costs",
)
"""What colleagues write to each other about."""
