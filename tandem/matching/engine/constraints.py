"""Hard constraints as vectorised masks.

Two shapes of question are answered here, both without a Python loop over pairs:

* for explicit lists of pairs (``pair_*`` methods): used on supplied scores, on candidate
  graphs, in tests and in the checks of the final result;
* for whole blocks of mentees against every mentor (``class_mask``): mentees that share a
  language set, time-zone offset and department have the same row of the language, time-zone
  and department masks, so one vector per such class serves every mentee in it. The few
  pair-specific exclusions (management chain, forbidden pairs, a person on both sides) are
  listed once by :meth:`Constraints.exclusion_pairs` and knocked out of each block.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cohort import Cohort
from .model import Rules
from .sets import member

# Above this many chain steps, chain exclusions are masked per block instead of listed.
CHAIN_WALK_LIMIT = 20_000_000

# Offsets are compared with a small tolerance so that 5.5 - (-0.5) == 6 survives float noise.
_TZ_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class MenteeClass:
    languages: bytes
    offset: float
    department: int


class Constraints:
    def __init__(self, cohort: Cohort, rules: Rules) -> None:
        self.cohort = cohort
        self.rules = rules
        c = cohort
        self._forbidden_keys = np.sort(c.pair_keys(c.forbidden_mentee, c.forbidden_mentor))

    # -- pair lists -------------------------------------------------------------------------

    def pair_language(self, mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        c = self.cohort
        return np.any((c.mentee_lang[mentee] & c.mentor_lang[mentor]) != 0, axis=1)

    def pair_timezone(self, mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        gap = self.rules.max_timezone_gap_hours
        if gap is None:
            return np.ones(len(mentee), dtype=bool)
        diff = np.abs(self.cohort.mentee_tz[mentee] - self.cohort.mentor_tz[mentor])
        # An unknown offset cannot be held against anyone.
        return np.isnan(diff) | (diff <= gap + _TZ_EPS)

    def pair_department(self, mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        a = self.cohort.mentee_dept[mentee]
        b = self.cohort.mentor_dept[mentor]
        return (a < 0) | (a != b)

    def pair_chain(self, mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        """True where neither person sits anywhere above the other in the org chart."""
        c = self.cohort
        pe = c.mentee_person[mentee]
        pm = c.mentor_person[mentor]
        mentor_above = (c.tin[pm] < c.tin[pe]) & (c.tout[pe] <= c.tout[pm])
        mentee_above = (c.tin[pe] < c.tin[pm]) & (c.tout[pm] <= c.tout[pe])
        return ~(mentor_above | mentee_above)

    def pair_distinct(self, mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        c = self.cohort
        return c.mentee_person[mentee] != c.mentor_person[mentor]

    def pair_not_forbidden(self, mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        if len(self._forbidden_keys) == 0:
            return np.ones(len(mentee), dtype=bool)
        keys = self.cohort.pair_keys(mentee, mentor)
        return ~member(keys, self._forbidden_keys, pool_sorted=True)

    def pair_capacity(self, mentor: np.ndarray) -> np.ndarray:
        return self.cohort.capacity[mentor] > 0

    def pair_allowed(self, mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        """Every rule except the minimum score, which belongs to whoever computes scores."""
        mentee = np.asarray(mentee, dtype=np.int64)
        mentor = np.asarray(mentor, dtype=np.int64)
        ok = self.pair_distinct(mentee, mentor) & self.pair_capacity(mentor)
        ok &= self.pair_not_forbidden(mentee, mentor)
        if self.rules.require_shared_language:
            ok &= self.pair_language(mentee, mentor)
        if self.rules.max_timezone_gap_hours is not None:
            ok &= self.pair_timezone(mentee, mentor)
        if self.rules.exclude_same_department:
            ok &= self.pair_department(mentee, mentor)
        if self.rules.exclude_management_chain:
            ok &= self.pair_chain(mentee, mentor)
        return ok

    def block_allowed(self, mentees: np.ndarray) -> np.ndarray:
        """Dense mask of ``mentees`` against every mentor; for small cohorts and tests."""
        m = self.cohort.n_mentors
        rows = np.repeat(np.asarray(mentees, dtype=np.int64), m)
        cols = np.tile(np.arange(m, dtype=np.int64), len(mentees))
        return self.pair_allowed(rows, cols).reshape(len(mentees), m)

    # -- classes of mentees -----------------------------------------------------------------

    def mentee_class(self, mentee: int) -> MenteeClass:
        c = self.cohort
        offset = float(c.mentee_tz[mentee])
        return MenteeClass(
            languages=c.mentee_lang[mentee].tobytes()
            if self.rules.require_shared_language
            else b"",
            offset=offset if self.rules.max_timezone_gap_hours is not None else 0.0,
            department=int(c.mentee_dept[mentee]) if self.rules.exclude_same_department else -1,
        )

    def class_mask(
        self, cls: MenteeClass, mentee: int, mentors: np.ndarray | None = None
    ) -> np.ndarray:
        """Mentors allowed for every mentee of ``cls`` by the class-level rules and capacity.

        ``mentee`` is any member of the class; it supplies the raw arrays. ``mentors`` limits
        the mask to those mentors, in that order (default: every mentor).
        """
        c = self.cohort
        pick = slice(None) if mentors is None else mentors
        ok = c.capacity[pick] > 0
        if self.rules.require_shared_language:
            languages = c.mentor_lang[pick]
            if languages.shape[1] == 1:
                # Up to 64 languages fit one word: a plain AND, without a reduction per row.
                ok &= (languages[:, 0] & c.mentee_lang[mentee, 0]) != 0
            else:
                ok &= np.any((languages & c.mentee_lang[mentee]) != 0, axis=1)
        gap = self.rules.max_timezone_gap_hours
        if gap is not None and not np.isnan(c.mentee_tz[mentee]):
            diff = np.abs(c.mentor_tz[pick] - c.mentee_tz[mentee])
            ok &= np.isnan(diff) | (diff <= gap + _TZ_EPS)
        if self.rules.exclude_same_department and c.mentee_dept[mentee] >= 0:
            ok &= c.mentor_dept[pick] != c.mentee_dept[mentee]
        return ok

    @property
    def chain_listed(self) -> bool:
        """Whether :meth:`exclusion_pairs` lists the management-chain pairs.

        Listing them walks every participant's chain, which is cheap for real org charts (a
        dozen levels) but not for a pathological one thousands of levels deep; there the
        chain is checked per block with :meth:`block_chain` instead.
        """
        c = self.cohort
        if not self.rules.exclude_management_chain:
            return True
        work = int(c.depth[c.mentee_person].sum() + c.depth[c.mentor_person].sum())
        return work <= CHAIN_WALK_LIMIT

    def block_chain(self, mentees: np.ndarray, mentors: np.ndarray) -> np.ndarray:
        """Dense chain mask (True = allowed) of ``mentees`` against ``mentors``."""
        c = self.cohort
        pe = c.mentee_person[mentees][:, None]
        pm = c.mentor_person[mentors][None, :]
        mentor_above = (c.tin[pm] < c.tin[pe]) & (c.tout[pe] <= c.tout[pm])
        mentee_above = (c.tin[pe] < c.tin[pm]) & (c.tout[pm] <= c.tout[pe])
        return ~(mentor_above | mentee_above)

    def exclusion_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Pairs the class masks cannot see: chain (when listed), forbidden, same person."""
        c = self.cohort
        mentees: list[np.ndarray] = [c.forbidden_mentee]
        mentors: list[np.ndarray] = [c.forbidden_mentor]
        both = (c.person_mentee >= 0) & (c.person_mentor >= 0)
        mentees.append(c.person_mentee[both])
        mentors.append(c.person_mentor[both])
        if self.rules.exclude_management_chain and self.chain_listed:
            for origin_of, target_of, is_mentee in (
                (c.mentee_person, c.person_mentor, True),
                (c.mentor_person, c.person_mentee, False),
            ):
                origin = np.arange(len(origin_of), dtype=np.int64)
                current = c.parent[origin_of]
                while len(origin):
                    alive = current >= 0
                    origin, current = origin[alive], current[alive]
                    hit = target_of[current]
                    found = hit >= 0
                    if np.any(found):
                        if is_mentee:
                            mentees.append(origin[found])
                            mentors.append(hit[found])
                        else:
                            mentees.append(hit[found])
                            mentors.append(origin[found])
                    current = c.parent[current]
        mentee = np.concatenate(mentees).astype(np.int64)
        mentor = np.concatenate(mentors).astype(np.int64)
        keys = np.sort(c.pair_keys(mentee, mentor))
        if len(keys):
            keys = keys[np.r_[True, keys[1:] != keys[:-1]]]
        m = max(c.n_mentors, 1)
        return keys // m, keys % m
