"""Names, company names and email addresses.

Faker is slow per call (tens of microseconds for some locales) and a million users need several
names each, so Faker only fills pools once per run; rows then draw from the pools with the
generator's own ``random.Random``. Pools keep Faker's repeats, so common names stay common.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

from faker import Faker

from roster.synth.vocabulary import LOCALES

_POOL_SIZE = 400
# Letters that NFKD does not split into an ASCII letter plus an accent.
_ASCII_FOLD = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "Ae", "đ": "d", "œ": "oe"}
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_COMPANY_SUFFIXES = re.compile(r"(,|\s+(Inc|LLC|Ltd|PLC|Group|and Sons|GmbH|S\.A\.)\.?)(\s.*)?$")


@lru_cache(maxsize=1 << 16)  # names repeat endlessly (they come from pools): fold each once
def ascii_slug(text: str, separator: str = "-") -> str:
    """Lower-case ASCII words joined by ``separator``: 'Łukasz O'Brien' -> 'lukasz-obrien'."""
    folded = unicodedata.normalize("NFKD", text.translate(_ASCII_FOLD))
    plain = folded.encode("ascii", "ignore").decode().lower().replace("'", "")
    return _NOT_SLUG.sub(separator, plain).strip(separator)


def short_company_name(name: str) -> str:
    """'Smith, Jones and Brown' -> 'Smith'; 'Carroll Inc' -> 'Carroll'."""
    return _COMPANY_SUFFIXES.sub("", name).strip() or name


@cache
def _faker(locale: str) -> Faker:
    return Faker(locale)


def _seeded(locale: str, seed: int) -> Faker:
    # Building a Faker loads every provider (tens of milliseconds per locale), so instances are
    # made once per process; seeding replaces an instance's random state entirely, so reuse
    # cannot leak one run's draws into the next.
    fake = _faker(locale)
    fake.seed_instance(f"{seed}:{locale}")
    return fake


class NameBook:
    """Per-locale pools of first and last names, plus company names, all from a seeded Faker."""

    def __init__(self, seed: int) -> None:
        self.first: dict[str, list[str]] = {}
        self.last: dict[str, list[str]] = {}
        self.fakers = {locale: _seeded(locale, seed) for locale in LOCALES}
        for locale, fake in self.fakers.items():
            # Round-tripping a full name splits at the first space (roster.people.names), so a
            # first name must be one word for the stored parts to survive a rename unchanged.
            self.first[locale] = [
                name for name in (fake.first_name() for _ in range(_POOL_SIZE)) if " " not in name
            ]
            self.last[locale] = [fake.last_name() for _ in range(_POOL_SIZE)]
        self._fake = self.fakers["en_US"]

    def person(self, rng: random.Random, locale: str) -> tuple[str, str]:
        firsts, lasts = self.first[locale], self.last[locale]
        return firsts[int(rng.random() * len(firsts))], lasts[int(rng.random() * len(lasts))]

    def companies(self, count: int, taken: Iterable[str] = ()) -> list[str]:
        """``count`` company names whose slugs (hence email domains) are all distinct."""
        seen = {ascii_slug(name) for name in taken}
        names: list[str] = []
        attempt = 0
        while len(names) < count:
            attempt += 1
            name = self._fake.company()
            if attempt > count * 3:
                name = f"{name} {attempt}"  # the name space ran dry; numbering keeps it unique
            slug = ascii_slug(name)
            if slug and slug not in seen:
                seen.add(slug)
                names.append(name)
        return names

    def host_name(self) -> str:
        return f"{self._fake.last_name()} & {self._fake.last_name()} Consulting"

    def jobs(self, count: int) -> list[str]:
        return [self._fake.job() for _ in range(count)]


class EmailRegistry:
    """Hands out unique addresses; case-insensitively unique because every address is lower case.

    Duplicates are numbered the way mail administrators do it (jane.doe, jane.doe2, ...). Names
    contain no digits, so a numbered address can never collide with a plain one.
    """

    def __init__(self) -> None:
        self._taken: dict[str, int] = {}

    def address(self, local: str, domain: str) -> str:
        base = f"{local or 'user'}@{domain}"
        seen = self._taken.get(base, 0) + 1
        self._taken[base] = seen
        if seen == 1:
            return base
        return f"{local or 'user'}{seen}@{domain}"

    def for_person(self, first: str, last: str, domain: str) -> str:
        return self.address(f"{ascii_slug(first, '')}.{ascii_slug(last, '')}".strip("."), domain)
