"""What the benchmarks' organisations are made of: departments with the skills their people
hold, time zones and languages. Shared so that every benchmark builds the same kind of people."""

from __future__ import annotations

DEPARTMENTS = {
    "Finance": ["budgeting", "forecasting", "financial modelling", "accounting"],
    "Engineering": ["software architecture", "python", "cloud infrastructure", "testing"],
    "Sales": ["negotiation", "key accounts", "prospecting", "pricing"],
    "Marketing": ["brand strategy", "content marketing", "market research", "seo"],
    "People": ["coaching", "recruiting", "people management", "employee relations"],
    "Operations": ["project management", "process improvement", "supply chain", "logistics"],
    "Data": ["machine learning", "statistics", "data analysis", "sql"],
    "Legal": ["contracts", "compliance", "privacy", "litigation"],
    "Product": ["product discovery", "roadmapping", "user research", "prioritisation"],
    "Customer Success": ["onboarding", "retention", "escalations", "account reviews"],
}
ZONES = ["Europe/London", "Europe/Paris", "Europe/Berlin", "America/New_York", "Asia/Singapore"]
LANGUAGES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish"}
