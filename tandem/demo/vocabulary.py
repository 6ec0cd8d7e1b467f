"""Words the demo organisation is made of: believable, varied and deterministic to sample."""

# fmt: off

FIRST_NAMES = [
    "Amara", "Ben", "Chiara", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
    "Kemi", "Liam", "Maya", "Nikhil", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara",
    "Umar", "Vera", "Wei", "Ximena", "Yusuf", "Zofia", "Aisha", "Bruno", "Camille", "Darius",
    "Efua", "Felix", "Greta", "Hassan", "Ingrid", "Jamal", "Keiko", "Lucia", "Mateo", "Nadia",
    "Oscar", "Priya", "Rafael", "Sofia", "Tomas", "Uma", "Viktor", "Wanjiru", "Yara", "Zane",
]
LAST_NAMES = [
    "Adeyemi", "Bianchi", "Chen", "Dubois", "Eriksson", "Fernandes", "Garcia", "Haddad",
    "Ivanova", "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Patel",
    "Quispe", "Rossi", "Schmidt", "Takahashi", "Usman", "Virtanen", "Wojcik", "Xu", "Yilmaz",
    "Zimmermann", "Andersson", "Baptiste", "Costa", "Dimitrov", "Ekwueme", "Fischer",
    "Gupta", "Horvath", "Ibrahim", "Johansson", "Kaur", "Lopez", "Mensah", "Novak",
]

# fmt: on

# Department → (job titles by level from head down, skills people there have, goals they hold).
DEPARTMENTS: dict[str, dict[str, list[str]]] = {
    "Finance": {
        "titles": [
            "Chief Financial Officer",
            "Finance Director",
            "Finance Manager",
            "Senior Financial Analyst",
            "Financial Analyst",
        ],
        "skills": [
            "Budgeting",
            "Forecasting",
            "Financial modelling",
            "Excel",
            "Audit",
            "Risk management",
            "Negotiation",
        ],
        "goals": [
            "I want to get better at forecasting cash flow and explaining variance to the board.",
            "Build confidence presenting budgets to senior stakeholders.",
            "Move from reporting numbers to advising the business on decisions.",
        ],
    },
    "Engineering": {
        "titles": [
            "Chief Technology Officer",
            "Head of Engineering",
            "Engineering Manager",
            "Staff Engineer",
            "Software Engineer",
        ],
        "skills": [
            "Python",
            "System design",
            "Cloud infrastructure",
            "Machine learning",
            "Code review",
            "Technical writing",
            "Agile delivery",
        ],
        "goals": [
            "Grow from senior engineer to tech lead: design reviews, mentoring juniors.",
            "Learn how to design systems that scale and argue trade-offs clearly.",
            "Get into machine learning engineering and put a model into production.",
        ],
    },
    "People": {
        "titles": [
            "Chief People Officer",
            "Head of People",
            "People Partner Lead",
            "Senior People Partner",
            "People Partner",
        ],
        "skills": [
            "Coaching",
            "Employee relations",
            "Recruiting",
            "Change management",
            "Facilitation",
            "Diversity and inclusion",
        ],
        "goals": [
            "Learn to coach managers through difficult conversations.",
            "Lead an organisation-wide change programme without losing people.",
            "Design a fair, inclusive hiring process and measure it.",
        ],
    },
    "Sales": {
        "titles": [
            "Chief Revenue Officer",
            "Sales Director",
            "Regional Sales Manager",
            "Senior Account Executive",
            "Account Executive",
        ],
        "skills": [
            "Negotiation",
            "Account management",
            "Public speaking",
            "Stakeholder management",
            "Pipeline management",
            "Storytelling",
        ],
        "goals": [
            "Negotiate larger deals with confidence and stop discounting too early.",
            "Present to executive buyers and tell a clear story.",
            "Step up to managing a team of account executives.",
        ],
    },
    "Marketing": {
        "titles": [
            "Chief Marketing Officer",
            "Marketing Director",
            "Marketing Manager",
            "Senior Marketing Specialist",
            "Marketing Specialist",
        ],
        "skills": [
            "Brand strategy",
            "Content strategy",
            "Data analysis",
            "SEO",
            "Storytelling",
            "Market research",
        ],
        "goals": [
            "Use data analysis to show which campaigns actually work.",
            "Build a brand strategy and get leadership to back it.",
            "Become a more persuasive writer and speaker.",
        ],
    },
    "Operations": {
        "titles": [
            "Chief Operating Officer",
            "Operations Director",
            "Operations Manager",
            "Senior Operations Analyst",
            "Operations Analyst",
        ],
        "skills": [
            "Process improvement",
            "Project management",
            "Supply chain",
            "Lean",
            "Vendor management",
            "Data analysis",
        ],
        "goals": [
            "Run my first cross-functional project from kick-off to delivery.",
            "Improve a broken process and measure the result.",
            "Prepare for a people-management role in operations.",
        ],
    },
    "Product": {
        "titles": [
            "Chief Product Officer",
            "Head of Product",
            "Group Product Manager",
            "Senior Product Manager",
            "Product Manager",
        ],
        "skills": [
            "Product strategy",
            "UX research",
            "Roadmapping",
            "Stakeholder management",
            "Data analysis",
            "Prioritisation",
        ],
        "goals": [
            "Learn to say no and prioritise a roadmap with conflicting stakeholders.",
            "Run user research that changes what we build.",
            "Move into product leadership and set strategy for a product line.",
        ],
    },
}

LOCATIONS = [
    ("London", "Europe/London", ["en"]),
    ("Paris", "Europe/Paris", ["fr", "en"]),
    ("Berlin", "Europe/Berlin", ["de", "en"]),
    ("Madrid", "Europe/Madrid", ["es", "en"]),
    ("New York", "America/New_York", ["en"]),
    ("Toronto", "America/Toronto", ["en", "fr"]),
    ("São Paulo", "America/Sao_Paulo", ["pt", "es", "en"]),
    ("Lagos", "Africa/Lagos", ["en"]),
    ("Nairobi", "Africa/Nairobi", ["en", "sw"]),
    ("Mumbai", "Asia/Kolkata", ["en", "hi"]),
    ("Singapore", "Asia/Singapore", ["en", "zh"]),
    ("Tokyo", "Asia/Tokyo", ["ja", "en"]),
    ("Sydney", "Australia/Sydney", ["en"]),
]

LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "pt": "Portuguese",
    "sw": "Swahili",
    "hi": "Hindi",
    "zh": "Chinese",
    "ja": "Japanese",
    "it": "Italian",
}

DEFINITIONS = [
    "A trusted relationship where someone experienced helps me think, not tells me what to do.",
    "Learning from someone who has walked the road, with honest feedback both ways.",
    "Regular, confidential conversations that help me grow beyond my current role.",
    "A partnership focused on my development, separate from my line management.",
]
EXPECTATIONS_OF_MENTOR = [
    "Challenge my thinking, share your experience and hold me to my commitments.",
    "Be candid with me and help me see blind spots.",
    "Help me build a network and open doors I can't see yet.",
]
EXPECTATIONS_OF_MENTEE = [
    "Come prepared with an agenda and follow through on what we agree.",
    "Be open about what is hard, and drive the relationship.",
    "Try things between meetings and tell me honestly how they went.",
]
MENTOR_WANTS = [
    "Give back, and sharpen my own coaching skills.",
    "Learn how newer colleagues see the organisation.",
    "Develop as a leader by developing others.",
]
FOCUS_AREAS = ["career", "leadership", "technical", "wellbeing", "networking", "communication"]
FREQUENCIES = ["weekly", "fortnightly", "monthly", "quarterly"]
FORMATS = ["in_person", "video", "phone", "mixed"]
