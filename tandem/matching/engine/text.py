"""Text features for "goals against expertise".

The model is fitted on the cohort itself: a mentee's goals (plus the skills they want) and a
mentor's expertise, skills and background become TF-IDF vectors over stemmed words, word
pairs and canonical skills from :mod:`.skills`. Two people who describe the same need in
different words meet on the canonical skill even when no word is shared; words that only one
person uses are dropped because they can never connect anyone.

Stems are cached per distinct word, so the per-document work is a regex scan and a few dict
look-ups.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from .skills import FIELDS_OF, SKILLS

# Words that every goal statement uses and that therefore say nothing about the need.
# Function words; kept here rather than imported so that the engine starts quickly.
_FUNCTION_WORDS = """
    a about above after again against all almost along already also although always am among
    an and another any anyone anything are around as at back be became because become been
    before being below besides between both but by can cannot could did do does doing done down
    during each either else enough etc even ever every few for from further get had has have
    having he her here hers herself him himself his how however i if in into is it its itself
    just least less may me might mine more most mostly much must my myself neither never next
    no nor not now of off often on once one only onto or other others otherwise our ours
    ourselves out over own per perhaps rather same she should since so some something sometimes
    still such than that the their theirs them themselves then there these they this those
    though through throughout thus to together too toward towards under until up upon us very
    via was we well were what whatever when whenever where whether which while who whoever whole
    whom whose why will with within without would yet you your yours yourself yourselves
    i'm i've i'd i'll im ive id ill don't dont can't cant won't wont it's
"""
_FILLER = """
    want wants wanted like would love hope hoping learn learning improve improving get getting
    better good great help helping need needs skill skills year years experience experienced
    work working role job also really able ability grow growing develop developing understand
    understanding know knowledge area areas someone mentor mentee goal goals look looking
    especially particularly interested interest lot lots new currently time way things thing
    make making use using deep deeply strong solid ten twenty five several many
"""
FILLER_WORDS = frozenset(_FILLER.split())
STOP_WORDS = frozenset(_FUNCTION_WORDS.split()) | FILLER_WORDS

SKILL_PREFIX = "skill:"
# A canonical skill is stronger evidence than any single word, so its column is boosted before
# the vectors are normalised.
SKILL_BOOST = 2.0
FIELD_PREFIX = "field:"
# Sharing a field (budgeting and financial planning) is weaker evidence than sharing a word.
FIELD_WEIGHT = 0.6

_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("isations", "ize"),
    ("izations", "ize"),
    ("isation", "ize"),
    ("ization", "ize"),
    ("ational", "ate"),
    ("ations", "ate"),
    ("ation", "ate"),
    ("ising", "ize"),
    ("izing", "ize"),
    ("ments", ""),
    ("ment", ""),
    ("nesses", ""),
    ("ness", ""),
    ("ings", ""),
    ("ing", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("ise", "ize"),
    ("ised", "ize"),
    ("ized", "ize"),
    ("ed", ""),
    ("ly", ""),
    ("es", "e"),
    ("s", ""),
)


def stem(word: str) -> str:
    """A light suffix stripper: enough to meet "forecasts", "forecasting" and "forecast"."""
    word = word.lower()
    if len(word) <= 3:
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            word = word[: -len(suffix)] + replacement
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    return word


# Runs of two or more word characters; a greedy run is always whole, so this finds exactly
# the words ``\b\w\w+\b`` finds, without testing for boundaries.
_TOKEN = re.compile(r"\w\w+")


def phrase_key(phrase: str) -> tuple[str, ...]:
    words = [w for w in _TOKEN.findall(phrase.lower()) if w not in STOP_WORDS]
    return tuple(stem(w) for w in words)


def _alias_table() -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    # Canonical names claim their key first so that a loose alias of one skill never steals
    # another skill's own name.
    for canonical in SKILLS:
        key = phrase_key(canonical)
        if key:
            table.setdefault(key, canonical)
    for canonical, aliases in SKILLS.items():
        for alias in aliases:
            key = phrase_key(alias)
            if key and len(key) <= 2:
                table.setdefault(key, canonical)
    return table


ALIASES = _alias_table()


def canonical_skills(phrases: Sequence[str]) -> set[str]:
    """Canonical skills named by a list of short phrases (the ``skills`` fields)."""
    found: set[str] = set()
    for phrase in phrases:
        key = phrase_key(phrase)
        if key in ALIASES:
            found.add(ALIASES[key])
        else:
            found |= {ALIASES[k] for k in _subkeys(key) if k in ALIASES}
    return found


def _subkeys(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [key[i : i + n] for n in (1, 2) for i in range(len(key) - n + 1)]


@dataclass(slots=True)
class TextModel:
    """TF-IDF rows (L2-normalised, CSR) for mentees and mentors plus readable feature names."""

    mentees: sp.csr_matrix
    mentors: sp.csr_matrix
    feature_names: list[str]
    is_skill: np.ndarray
    is_field: np.ndarray
    # Plain-Python copies for reading rows one person at a time (see ``row``).
    _lists: _RowLists | None = field(default=None, repr=False, compare=False)

    @property
    def empty(self) -> bool:
        return self.mentees.shape[1] == 0

    def row(self, mentor: bool, index: int) -> dict[int, float]:
        """One person's features as ``{column: weight}``.

        Reasons are written a pair at a time; NumPy's per-call overhead would dwarf a row of a
        few dozen entries, so the matrices are copied to lists once and sliced from there.
        """
        return self._row_lists().row(mentor, index)

    def kinds(self) -> list[int]:
        """Per column: 0 for a word, 1 for a canonical skill, 2 for a field."""
        return self._row_lists().kinds

    def _row_lists(self) -> _RowLists:
        if self._lists is None:
            self._lists = _RowLists(self)
        return self._lists


class _RowLists:
    def __init__(self, model: TextModel) -> None:
        self.parts = [
            (m.indptr.tolist(), m.indices.tolist(), m.data.tolist())
            for m in (model.mentees, model.mentors)
        ]
        self.mentor_rows: dict[int, dict[int, float]] = {}
        self.kinds = (model.is_skill.astype(np.int8) + 2 * model.is_field.astype(np.int8)).tolist()

    def row(self, mentor: bool, index: int) -> dict[int, float]:
        if mentor:
            # A mentor with several mentees is read once per mentee.
            cached = self.mentor_rows.get(index)
            if cached is not None:
                return cached
        indptr, indices, data = self.parts[mentor]
        a, b = indptr[index], indptr[index + 1]
        out = dict(zip(indices[a:b], data[a:b], strict=True))
        if mentor:
            self.mentor_rows[index] = out
        return out


# The alias table split for the analyser's scan: one-word skills by stem, and two-word
# skills by their first stem, so that most word pairs are ruled out by one look-up.
_UNIGRAM_SKILL: dict[str, str] = {key[0]: skill for key, skill in ALIASES.items() if len(key) == 1}
_BIGRAM_SKILL: dict[str, dict[str, str]] = {}
for _key, _skill in ALIASES.items():
    if len(_key) == 2:
        _BIGRAM_SKILL.setdefault(_key[0], {})[_key[1]] = _skill


_Word = tuple[int, str, str | None, dict[str, str] | None]


class _Analyser:
    """Document -> feature ids: stemmed words plus the canonical skills its phrases name.

    Word pairs are only looked up in the alias table, never kept as features of their own:
    that keeps the vocabulary (and so the model) small while still catching two-word skills.

    Feature ids are handed out in order of first use. Everything known about a word (its
    stem's id and the skills it can start) is worked out the first time the word is seen, and
    a document seen before gets its earlier answer: cohorts repeat both a great deal.
    """

    def __init__(self) -> None:
        self.surface: dict[str, str] = {}
        self.feature_index: dict[str, int] = {}
        # word -> (feature id, stem, one-word skill, second stems that make a two-word skill),
        # or None for a stop word.
        self.words: dict[str, _Word | None] = dict.fromkeys(STOP_WORDS)
        self.docs: dict[str, list[int]] = {}
        self.skill_ids: dict[str, int] = {}
        self.field_ids: dict[str, int] = {}

    def _learn(self, word: str) -> _Word:
        stemmed = stem(word)
        self.surface.setdefault(stemmed, word)
        index = self.feature_index
        info = (
            index.setdefault(stemmed, len(index)),
            stemmed,
            _UNIGRAM_SKILL.get(stemmed),
            _BIGRAM_SKILL.get(stemmed),
        )
        self.words[word] = info
        return info

    def _id(self, ids: dict[str, int], prefix: str, name: str) -> int:
        feature = ids.get(name)
        if feature is None:
            index = self.feature_index
            feature = ids[name] = index.setdefault(prefix + name, len(index))
        return feature

    def features(self, doc: str) -> list[int]:
        known = self.docs.get(doc)
        if known is not None:
            return known
        words = self.words
        out: list[int] = []
        skills: list[str] = []
        # The previous word's two-word skills, waiting for the word that completes one.
        pending: dict[str, str] | None = None
        for word in _TOKEN.findall(doc.lower()):
            if word in words:
                info = words[word]
                if info is None:
                    continue
            else:
                info = self._learn(word)
            feature, stemmed, one_word, starts = info
            if pending is not None:
                skill = pending.get(stemmed)
                if skill is not None:
                    skills.append(skill)
            out.append(feature)
            if one_word is not None:
                skills.append(one_word)
            pending = starts
        if skills:
            for skill in skills:
                out.append(self._id(self.skill_ids, SKILL_PREFIX, skill))
            # Each field counts once per document, however many of its skills the text names.
            # In order of first mention: a set would order them by the hash seed, and the
            # feature order (and so float sums and ties) with them.
            for name in dict.fromkeys(f for skill in skills for f in FIELDS_OF.get(skill, ())):
                out.append(self._id(self.field_ids, FIELD_PREFIX, name))
        self.docs[doc] = out
        return out


def fit_text_model(mentee_docs: Sequence[str], mentor_docs: Sequence[str]) -> TextModel:
    docs = [*mentee_docs, *mentor_docs]
    n_mentees = len(mentee_docs)
    analyser = _Analyser()
    indptr = [0]
    indices: list[int] = []
    for doc in docs:
        indices.extend(analyser.features(doc))
        indptr.append(len(indices))
    n_features = len(analyser.feature_index)
    counts = sp.csr_matrix(
        (np.ones(len(indices), dtype=np.float32), np.asarray(indices, dtype=np.int64), indptr),
        shape=(len(docs), n_features),
    )
    counts.sum_duplicates()
    names = [""] * n_features
    is_skill = np.zeros(n_features, dtype=bool)
    is_field = np.zeros(n_features, dtype=bool)
    for name, column in analyser.feature_index.items():
        if name.startswith(SKILL_PREFIX):
            names[column] = name[len(SKILL_PREFIX) :]
            is_skill[column] = True
        elif name.startswith(FIELD_PREFIX):
            names[column] = name[len(FIELD_PREFIX) :]
            is_field[column] = True
        else:
            names[column] = analyser.surface.get(name, name)
    if n_features == 0:
        empty = sp.csr_matrix((len(docs), 0), dtype=np.float32)
        return TextModel(empty[:n_mentees], empty[n_mentees:], [], is_skill, is_field)

    # A term used by a single person cannot connect two people; dropping it keeps the model
    # small and the similarities honest.
    df = np.bincount(counts.indices, minlength=n_features)
    keep = np.flatnonzero(df >= 2)
    features = counts[:, keep].tocsr()
    df = df[keep]
    names = [names[i] for i in keep]
    is_skill = is_skill[keep]
    is_field = is_field[keep]

    features.data = np.log1p(features.data).astype(np.float32)
    idf = (np.log((1.0 + len(docs)) / (1.0 + df)) + 1.0).astype(np.float32)
    # A canonical skill is stronger evidence than any single word.
    idf[is_skill] *= SKILL_BOOST
    idf[is_field] *= FIELD_WEIGHT
    features = (features @ sp.diags(idf)).tocsr()
    norms = np.sqrt(np.asarray(features.multiply(features).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    features = (sp.diags((1.0 / norms).astype(np.float32)) @ features).tocsr().astype(np.float32)
    return TextModel(
        mentees=features[:n_mentees],
        mentors=features[n_mentees:],
        feature_names=names,
        is_skill=is_skill,
        is_field=is_field,
    )


def reduce_dimensions(
    model: TextModel, components: int, seed: int = 0, sample: int = 30_000
) -> tuple[np.ndarray, np.ndarray]:
    """Project both sides onto a shared low-rank basis (LSA) and renormalise.

    The basis is the top right singular vectors of a sample of the TF-IDF rows, found by a
    randomized range finder with a few power iterations. Fitting on a sample keeps the cost
    flat as the cohort grows; the basis only has to capture the directions along which the
    cohort's vocabulary varies.
    """
    from threadpoolctl import threadpool_limits

    # These products are thin (a few dozen columns): threaded BLAS gains little on them and,
    # when other work shares the cores, its spinning threads cost many times the work itself.
    with threadpool_limits(limits=1):
        return _reduce(model, components, seed, sample)


def _reduce(
    model: TextModel, components: int, seed: int, sample: int
) -> tuple[np.ndarray, np.ndarray]:
    stacked = sp.vstack([model.mentees, model.mentors]).tocsr()
    n_docs, n_features = stacked.shape
    dims = max(1, min(components, n_features, n_docs))
    rng = np.random.default_rng(seed)
    fit_on = stacked
    if n_docs > sample:
        fit_on = stacked[np.sort(rng.choice(n_docs, size=sample, replace=False))]
    width = min(dims + 10, n_features)
    range_ = fit_on @ rng.standard_normal((n_features, width))
    for _ in range(3):
        range_, _ = np.linalg.qr(range_)
        range_ = fit_on @ (fit_on.T @ range_)
    range_, _ = np.linalg.qr(range_)
    small = np.asarray((fit_on.T @ range_).T)
    _, _, vt = np.linalg.svd(small, full_matrices=False)
    basis = vt[:dims].astype(np.float32)
    reduced = np.asarray(stacked @ basis.T, dtype=np.float32)
    norms = np.linalg.norm(reduced, axis=1)
    norms[norms == 0] = 1.0
    reduced /= norms[:, None]
    n_mentees = model.mentees.shape[0]
    return reduced[:n_mentees], reduced[n_mentees:]
