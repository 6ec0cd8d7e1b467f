"""The shared skills list: a canonical name for each skill and the other ways people write it.

Mentees describe a need in their own words ("get better at talking to the board") and mentors
describe what they know in theirs ("executive communication"). Folding the usual variants
onto one canonical skill lets the text model see them as the same need even when no word is
shared. Aliases are matched after stop words are dropped and words are stemmed, so "public
speaking", "speaking in public" and "speaking publicly" do not all need listing.
"""

from __future__ import annotations

SKILLS: dict[str, tuple[str, ...]] = {
    # Finance
    "forecasting": ("forecast", "financial forecasting", "demand planning", "projections"),
    "budgeting": ("budget", "budget planning", "cost planning", "spend management"),
    "financial planning": ("fp&a", "fpa", "financial planning and analysis"),
    "financial modelling": ("financial modeling", "excel models", "valuation models"),
    "accounting": ("bookkeeping", "ledger", "general ledger", "month end close"),
    "audit": ("auditing", "internal audit", "controls testing"),
    "tax": ("taxation", "vat", "tax compliance"),
    "treasury": ("cash management", "liquidity management", "cash flow"),
    "investor relations": ("investor communications", "shareholder relations"),
    "procurement": ("purchasing", "sourcing", "vendor management", "supplier management"),
    "pricing": ("pricing strategy", "price setting", "monetisation", "monetization"),
    # Data and analytics
    "data analysis": ("data analytics", "analytics", "analysing data", "analyzing data"),
    "statistics": ("statistical analysis", "statistical methods", "hypothesis testing"),
    "machine learning": ("ml", "predictive modelling", "predictive modeling", "deep learning"),
    "data engineering": ("data pipelines", "etl", "data warehousing", "data platform"),
    "sql": ("databases", "querying data", "postgres", "postgresql"),
    "python": ("python programming", "pandas", "numpy"),
    "data visualisation": ("data visualization", "dashboards", "dataviz", "charts", "tableau"),
    "experimentation": ("a/b testing", "ab testing", "controlled experiments"),
    # Engineering
    "software architecture": ("system design", "architecture", "distributed systems"),
    "cloud infrastructure": ("cloud", "aws", "azure", "gcp", "kubernetes"),
    "devops": ("ci/cd", "continuous delivery", "site reliability", "sre"),
    "security": ("cybersecurity", "information security", "infosec", "appsec"),
    "frontend development": ("front end", "frontend", "javascript", "react", "web development"),
    "backend development": ("back end", "backend", "apis", "microservices"),
    "mobile development": ("ios", "android", "mobile apps"),
    "testing": ("quality assurance", "qa", "test automation"),
    "code review": ("reviewing code", "code quality", "pull requests"),
    "technical writing": ("documentation", "writing docs", "api docs"),
    # Product and design
    "product management": ("product manager", "product strategy", "product roadmap", "roadmaps"),
    "user research": ("ux research", "customer interviews", "usability testing"),
    "ux design": ("user experience", "interaction design", "ui design", "product design"),
    "agile": ("scrum", "kanban", "sprint planning"),
    "project management": ("project delivery", "programme management", "program management"),
    # Marketing, sales, customers
    "marketing": ("brand marketing", "campaigns", "growth marketing"),
    "digital marketing": ("seo", "sem", "paid social", "online marketing"),
    "content strategy": ("content marketing", "copywriting", "editorial"),
    "sales": ("selling", "business development", "closing deals", "pipeline management"),
    "account management": ("key accounts", "client management", "customer success"),
    "customer service": ("customer support", "service desk", "help desk"),
    "partnerships": ("alliances", "partner management", "channel partners"),
    # People and leadership
    "leadership": ("leading teams", "team leadership", "leading people", "leader"),
    "people management": (
        "managing people",
        "line management",
        "managing a team",
        "first time manager",
    ),
    "executive presence": ("gravitas", "presence", "leadership presence"),
    "strategic thinking": ("strategy", "strategic planning", "big picture thinking"),
    "change management": ("leading change", "transformation", "organisational change"),
    "decision making": ("making decisions", "judgement", "judgment"),
    "delegation": ("delegating", "letting go of tasks"),
    "coaching": ("coaching others", "developing others", "growing people"),
    "hiring": ("recruiting", "recruitment", "interviewing", "talent acquisition"),
    "performance management": ("performance reviews", "appraisals", "underperformance"),
    "diversity and inclusion": ("inclusion", "dei", "equity", "belonging"),
    "employee engagement": ("engagement", "retention", "team morale"),
    "learning and development": ("l&d", "training design", "upskilling"),
    # Communication and personal effectiveness
    "public speaking": ("presenting", "presentations", "speaking at conferences", "talks"),
    "stakeholder management": ("managing stakeholders", "stakeholder engagement"),
    "negotiation": ("negotiating", "deal making", "influencing outcomes"),
    "influencing": ("persuasion", "influence without authority", "getting buy in"),
    "written communication": ("business writing", "writing", "clear writing"),
    "executive communication": ("board presentations", "talking to executives", "board reporting"),
    "conflict resolution": ("difficult conversations", "managing conflict", "mediation"),
    "feedback": ("giving feedback", "receiving feedback", "candid feedback"),
    "time management": ("prioritisation", "prioritization", "productivity", "focus"),
    "resilience": ("stress management", "wellbeing", "burnout", "work life balance"),
    "confidence": ("self confidence", "imposter syndrome", "impostor syndrome"),
    "networking": ("building relationships", "professional network", "building a network"),
    "career development": ("career progression", "career growth", "promotion", "career planning"),
    "personal branding": ("visibility", "personal brand", "self promotion"),
    # Operations and domain
    "operations": ("operational excellence", "process improvement", "lean", "six sigma"),
    "supply chain": ("logistics", "inventory management", "distribution"),
    "risk management": ("risk", "enterprise risk", "risk assessment"),
    "compliance": ("regulatory compliance", "regulation", "governance"),
    "legal": ("contracts", "contract law", "commercial law", "legal drafting"),
    "data protection": ("gdpr", "privacy", "data privacy"),
    "sustainability": ("esg", "climate", "net zero", "environmental strategy"),
    "healthcare": ("clinical", "patient care", "health services"),
    "research": ("academic research", "research methods", "publishing papers"),
    "entrepreneurship": ("starting a business", "startups", "founding a company"),
    "innovation": ("new ideas", "design thinking", "ideation"),
    "international business": ("global markets", "working across cultures", "cross cultural"),
    "public policy": ("policy", "government relations", "public affairs"),
    "fundraising": ("grant writing", "donor relations", "philanthropy"),
}

# Skills that answer related needs. A mentee who wants "budgeting" is better served by a
# financial-planning lead than by a stranger to finance, even when neither names the other's
# skill: the text model gives people who share a field a weaker match of their own.
RELATED: dict[str, tuple[str, ...]] = {
    "financial planning and analysis": (
        "forecasting",
        "budgeting",
        "financial planning",
        "financial modelling",
        "treasury",
        "pricing",
        "investor relations",
    ),
    "accounting and control": ("accounting", "audit", "tax", "compliance", "risk management"),
    "data and analytics": (
        "data analysis",
        "statistics",
        "machine learning",
        "data engineering",
        "sql",
        "python",
        "data visualisation",
        "experimentation",
    ),
    "software engineering": (
        "software architecture",
        "cloud infrastructure",
        "devops",
        "security",
        "frontend development",
        "backend development",
        "mobile development",
        "testing",
        "code review",
        "python",
        "technical writing",
    ),
    "product and delivery": (
        "product management",
        "user research",
        "ux design",
        "agile",
        "project management",
    ),
    "marketing and sales": (
        "marketing",
        "digital marketing",
        "content strategy",
        "sales",
        "account management",
        "partnerships",
        "customer service",
        "pricing",
    ),
    "leading people": (
        "leadership",
        "people management",
        "delegation",
        "coaching",
        "hiring",
        "performance management",
        "feedback",
        "employee engagement",
        "learning and development",
        "diversity and inclusion",
    ),
    "strategy and change": (
        "strategic thinking",
        "decision making",
        "change management",
        "innovation",
        "entrepreneurship",
    ),
    "communication and influence": (
        "public speaking",
        "executive communication",
        "executive presence",
        "written communication",
        "influencing",
        "negotiation",
        "stakeholder management",
        "personal branding",
        "networking",
    ),
    "personal effectiveness": (
        "time management",
        "resilience",
        "confidence",
        "career development",
        "conflict resolution",
    ),
    "operations": ("operations", "supply chain", "procurement", "sustainability"),
    "law and policy": ("legal", "data protection", "compliance", "public policy"),
}


def _fields_of() -> dict[str, tuple[str, ...]]:
    fields: dict[str, list[str]] = {}
    for field, members in RELATED.items():
        for skill in members:
            fields.setdefault(skill, []).append(field)
    return {skill: tuple(names) for skill, names in fields.items()}


FIELDS_OF = _fields_of()
