"""Reading the free-text values people type for languages, skills and skill levels.

The profile form, the API and the CSV import all accept the same spellings, so the rules
live here once. A level is read in English and in the reader's language, and written back in
the reader's language: what the profile form shows, it reads again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from tandem.people.models import Language, PersonSkill, Skill, SkillAlias, normalise_term

LEVEL_WORDS: dict[str, int] = {
    "1": PersonSkill.Level.LEARNING,
    "learning": PersonSkill.Level.LEARNING,
    "beginner": PersonSkill.Level.LEARNING,
    "2": PersonSkill.Level.WORKING,
    "working": PersonSkill.Level.WORKING,
    "working knowledge": PersonSkill.Level.WORKING,
    "intermediate": PersonSkill.Level.WORKING,
    "3": PersonSkill.Level.ADVANCED,
    "advanced": PersonSkill.Level.ADVANCED,
    "4": PersonSkill.Level.EXPERT,
    "expert": PersonSkill.Level.EXPERT,
}
# One word per level, as the profile form writes a level and reads it back.
LEVEL_NAMES = {
    PersonSkill.Level.LEARNING: pgettext_lazy("skill level, one word", "learning"),
    PersonSkill.Level.WORKING: pgettext_lazy("skill level, one word", "working"),
    PersonSkill.Level.ADVANCED: pgettext_lazy("skill level, one word", "advanced"),
    PersonSkill.Level.EXPERT: pgettext_lazy("skill level, one word", "expert"),
}
# Translators: the four words must be those given for "skill level, one word".
LEVEL_HINT = gettext_lazy("use 1-4 or learning, working, advanced, expert")


class TermError(ValueError):
    """A value that cannot be read; the message is fit to show to the person who typed it."""


def parse_level(text: str) -> int:
    term = normalise_term(text)
    level = LEVEL_WORDS.get(term)
    if level is None:
        level = next(
            (value for value, word in LEVEL_NAMES.items() if normalise_term(str(word)) == term),
            None,
        )
    if level is None:
        raise TermError(
            _("“%(text)s” is not a skill level: %(hint)s.")
            % {"text": text.strip(), "hint": LEVEL_HINT}
        )
    return level


@dataclass(frozen=True)
class SkillEntry:
    name: str  # as typed, spaces collapsed
    level: int

    @property
    def term(self) -> str:
        return normalise_term(self.name)


def parse_skill_entry(text: str) -> SkillEntry:
    """One `skill` or `skill: level` entry."""
    name, sep, level_text = text.rpartition(":")
    if not sep:
        name, level_text = text, ""
    name = " ".join(name.split())
    if not name:
        raise TermError(_("“%(text)s” has no skill name.") % {"text": text.strip()})
    if len(name) > Skill._meta.get_field("name").max_length:  # type: ignore[operator]
        raise TermError(_("“%(name)s…” is too long for a skill name.") % {"name": name[:30]})
    level = parse_level(level_text) if level_text.strip() else PersonSkill.Level.WORKING
    return SkillEntry(name, level)


def parse_skill_list(text: str, separators: str = ";\n") -> list[SkillEntry]:
    """Entries separated by semicolons or new lines; a later entry for the same skill wins."""
    for sep in separators[1:]:
        text = text.replace(sep, separators[0])
    entries: dict[str, SkillEntry] = {}
    for part in text.split(separators[0]):
        if part.strip():
            entry = parse_skill_entry(part)
            entries[entry.term] = entry
    return list(entries.values())


def format_skill_list(pairs: list[tuple[str, int]]) -> str:
    return "\n".join(f"{name}: {LEVEL_NAMES[PersonSkill.Level(level)]}" for name, level in pairs)


class LanguageLookup:
    """Finds a language by ISO 639-1 code or by English name, case-insensitively."""

    def __init__(self) -> None:
        self._by_term: dict[str, Language] = {}
        languages = list(Language.objects.all())
        for language in languages:
            self._by_term.setdefault(normalise_term(language.name), language)
        for language in languages:
            self._by_term[language.code.lower()] = language

    def find(self, text: str) -> Language | None:
        return self._by_term.get(normalise_term(text))

    def parse_list(self, text: str, separator: str) -> list[Language]:
        found: dict[int, Language] = {}
        unknown: list[str] = []
        for part in text.split(separator):
            if not part.strip():
                continue
            language = self.find(part)
            if language is None:
                unknown.append(part.strip())
            else:
                found[language.pk] = language
        if unknown:
            listed = ", ".join(f"“{u}”" for u in unknown)
            raise TermError(
                _(
                    "Unknown language %(listed)s: use ISO 639-1 codes such as en, fr, es, "
                    "or English names."
                )
                % {"listed": listed}
            )
        return list(found.values())


class SkillLookup:
    """Resolves skill names and aliases to the shared skills list, in memory."""

    def __init__(self) -> None:
        self.by_term: dict[str, Skill] = {}
        for skill in Skill.objects.all():
            self.by_term[normalise_term(skill.name)] = skill
        for alias in SkillAlias.objects.select_related("skill"):
            self.by_term.setdefault(alias.alias, alias.skill)

    def find(self, name: str) -> Skill | None:
        return self.by_term.get(normalise_term(name))
