"""Names as reporters spell them: known people and regions matched across transliterations
(Zelensky, Zelenskyy, Zelenskiy), and the names and descriptions an article gives its people."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jellyfish
from nameparser import HumanName
from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from negotiations.intake.vocabulary import (
    ABBREVIATIONS,
    COMMON,
    DETERMINERS,
    ORG_WORDS,
    PARTICLES,
    PLACES,
    PREPOSITIONS,
    SURNAME_SUFFIXES,
    TITLES,
)

# A word of a name ("Zelenskyy", "U.S.", "al-Assad"), and a test that a text holds a word at all.
TOKEN_RE = re.compile(r"[^\W\d_][\w’'.\-]*")
# (A description, not a clause: "…, press secretary to …", never "…, following a discussion".)
_APPOSITIVE = re.compile(r",\s+((?:the|a|an|[a-z]+\s+(?:secretary|spokes\w+))\s[^,.;:]{3,80})")
_REPORTED_BY_NAME = re.compile(r"(?<![\w’'.-])([A-Z][a-z]\w+)\s+(?:reported|reports)\b")
HAS_WORD = re.compile(r"[^\W_]")
_TITLE_HEAD = re.compile(r"\s+(?:of|to|for|at|in|on)\s+")
_DOUBLED = re.compile(r"(.)\1+")
# How alike two spellings of a surname must be (rapidfuzz ratio of their folded forms): close
# enough for Zelenskyy and Zelensky, not for Zelenska (a different person).
SURNAME_SIMILARITY = 90
# How alike two given names must be (Jaro-Winkler): Vladimir and Volodymyr, Yuri and Yury.
GIVEN_NAME_SIMILARITY = 0.85


def key(text):
    return " ".join(text.replace("’", "'").split()).casefold()


_UKRAINIAN_H = re.compile(r"(?<![ckstz])h")


@lru_cache(maxsize=4096)
def fold(word):
    """A spelling stripped of what transliterations disagree on: accents, case, y/i, doubling."""
    word = unicodedata.normalize("NFKD", word.replace("’", "'").split("'")[0])
    word = "".join(c for c in word if not unicodedata.combining(c)).casefold()
    # ("ou" is how French spells the sound: "Oumerov" for "Umerov", "Poutine" for "Putin".)
    word = _DOUBLED.sub(r"\1", word.replace("y", "i").replace("ou", "u"))
    # (The Ukrainian letter written h or g: "Sybiha" and "Sybiga"; not in "kh", "sh", "zh".)
    word = _UKRAINIAN_H.sub("g", word)
    # (German writes the sound z as s: "Selensky", "Selenskyj" for Zelensky.)
    return "s" + word[1:] if word[:1] == "z" else word


@lru_cache(maxsize=4096)
def same_spelling(a, b):
    """True when two words are spellings of one name (Zelenskiy/Zelensky, Kyslytsya/Kislitsa)."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return len(fa) >= 3
    if len(fa) < 5 or len(fb) < 5 or fa[0] != fb[0]:
        return False
    # The spelling must be close, and sound alike by the Match Rating Approach, which was
    # made for comparing names.
    return fuzz.ratio(fa, fb) >= SURNAME_SIMILARITY and bool(
        jellyfish.match_rating_comparison(a, b)
    )


def given_names_agree(a, b):
    """True unless two given names are plainly different (Oleksandr is not Volodymyr)."""
    fa, fb = fold(a.rstrip(".")), fold(b.rstrip("."))
    if not fa or not fb or fa[0] != fb[0] and not (len(fa) > 3 and len(fb) > 3):
        return False
    if len(fa) == 1 or len(fb) == 1:
        return fa[0] == fb[0]  # an initial
    return fa == fb or JaroWinkler.similarity(fa, fb) >= GIVEN_NAME_SIMILARITY


def split_name(name):
    """(given name, surname) of a person's name, titles and suffixes left out."""
    parsed = HumanName(name)
    last = parsed.last or name.split()[-1]
    return parsed.first if parsed.first != last else "", last


# -- Known people ---------------------------------------------------------------------------------

_KIND_LABEL = {
    "name": "the name of {}",
    "surname": "the surname of {}",
    "other name": "one of {}'s other names",
    "role": "a role title of {}",
    "spelling": "a spelling of {}'s name",
}


def kind_label(kind, person):
    return _KIND_LABEL.get(kind, "a name of {}").format(person.name)


class KnownPeople:
    """Every way the known people are named, matched in one pass over the text, and their
    surnames, matched in any spelling."""

    def __init__(self, people):
        # key -> {id(person): (priority, person, kind)}; a higher priority wins a shared alias.
        self.owners: dict[str, dict[int, tuple[int, Any, str]]] = {}
        self.spellings: set[str] = set()
        self.surnames: list[tuple[str, str, Any]] = []  # (surname, given name, person)
        self.people = list(people or ())
        for person in people or ():
            self._add_person(person)
        self.regex = self._build()

    def _add_person(self, person):
        name = " ".join(str(getattr(person, "name", "") or "").split())
        tokens = [t for t in name.split() if t.casefold() not in SURNAME_SUFFIXES]
        surname = tokens[-1] if len(tokens) >= 2 else ""
        if surname:
            self.surnames.append((surname, tokens[0], person))
        self._add(name, person, 3, "name")
        self._add(surname, person, 3, "surname")
        for other in other_names_of(person):
            self._add(other, person, 3, "other name")
        for role in roles_of(person):
            title = " ".join(str(getattr(role, "title", "") or "").split())
            priority = 2 if getattr(role, "ended_on", None) is None else 1
            self._add(title, person, priority, "role")
            head = _TITLE_HEAD.split(title, maxsplit=1)[0]
            # "President of Russia" also gives "President Putin" and "President Vladimir Putin".
            if head and name and len(head.split()) <= 4:
                self._add(f"{head} {surname}" if surname else "", person, priority, "role")
                self._add(f"{head} {name}", person, priority, "role")

    def _add(self, alias, person, priority, kind):
        alias = " ".join(alias.replace("’", "'").split())
        if len(alias) < 3 or not HAS_WORD.search(alias) or alias.casefold() in COMMON:
            return
        entry = self.owners.setdefault(key(alias), {})
        current = entry.get(id(person))
        if current is None or current[0] < priority:
            entry[id(person)] = (priority, person, kind)
        self.spellings.add(alias)

    def _build(self):
        if not self.spellings:
            return None
        pieces, firsts = [], set()
        for alias in sorted(self.spellings, key=len, reverse=True):
            words = []
            for word in alias.split():
                escaped = re.escape(word).replace("'", "['’]")
                if not words and word[0].isalpha() and word[0].islower():
                    # Descriptions ("the Russian leader") may start a sentence capitalised.
                    escaped = f"[{word[0]}{word[0].upper()}]" + re.escape(word[1:]).replace(
                        "'", "['’]"
                    )
                    firsts.add(word[0].upper())
                words.append(escaped)
            firsts.add(alias[0])
            pieces.append(r"\s+".join(words))
        first = "".join(re.escape(c) for c in sorted(firsts))
        return re.compile(rf"(?<![\w-])(?=[{first}])(?:{'|'.join(pieces)})(?![\w-])")

    def lookup(self, matched):
        """(person, kind) for a matched alias, or (None, [names]) when it names several people."""
        entry = self.owners.get(key(matched))
        if not entry:
            return None, []
        best = max(priority for priority, _, _ in entry.values())
        top = [(person, kind) for priority, person, kind in entry.values() if priority == best]
        if len(top) == 1:
            return top[0]
        return None, sorted(str(getattr(p, "name", p)) for p, _ in top)

    def is_alias(self, text):
        return key(text) in self.owners

    def by_spelling(self, name):
        """The one known person whose name `name` spells otherwise ("Volodymyr Zelenskiy",
        "Zelenskyy"), or None: a different given name ("Olena Zelenska") is someone else."""
        words = name.split()
        if not words:
            return None
        given, surname = (words[0], words[-1]) if len(words) > 1 else ("", words[0])
        found = {
            id(person): person
            for known_surname, known_given, person in self.surnames
            if same_spelling(surname, known_surname)
            and (not given or given_names_agree(given, known_given))
        }
        return next(iter(found.values())) if len(found) == 1 else None


def other_names_of(person):
    names = getattr(person, "other_names", None)
    if names is None:
        return []
    if isinstance(names, str):
        return names.splitlines()
    if isinstance(names, list | tuple):
        return [str(getattr(other, "name", other)) for other in names]
    return [str(getattr(other, "name", other)) for other in names.all()]


def roles_of(person):
    roles = getattr(person, "roles", None)
    if roles is None:
        return []
    return list(roles.all()) if hasattr(roles, "all") else list(roles)


def match_region(name, regions):
    """The region `name` spells, in any transliteration of its name or other names, or None."""
    words = name.split()
    for region in regions:
        for known in [region.name, *other_names_of(region)]:
            known_words = known.split()
            if len(known_words) == len(words) and all(
                same_spelling(a, b) for a, b in zip(words, known_words, strict=True)
            ):
                return region
    return None


# -- Names in the text ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NameRun:
    """Capitalised words that may be a name, with what stood before them."""

    words: tuple[str, ...]
    start: int
    end: int
    had_title: bool
    after_function_word: bool  # "the Kremlin", "to Putin": likely not a person who speaks

    @property
    def text(self):
        return " ".join(self.words)

    @property
    def is_org(self):
        return any(w.casefold().rstrip(".") in ORG_WORDS for w in self.words)

    @property
    def looks_like_person(self):
        # ("Abdullah bin Zayed Al Nahyan": particles do not count.)
        named = [word for word in self.words if word.casefold() not in PARTICLES]
        return (
            2 <= len(named) <= 4
            and not self.is_org
            and not any(w.casefold() in PLACES for w in self.words)
            and not any(w.isupper() and len(w) > 1 for w in self.words)
            # ("Zelenskyy Meets With Trump": a headline in capitals, not a name.)
            and not any(w.casefold() in COMMON for w in self.words[1:])
        )


def is_name_word(word):
    folded = word.casefold().rstrip(".")
    return (
        word[:1].isupper()
        and not folded.endswith(("'s", "’s"))
        and folded not in TITLES
        and folded not in COMMON
        and folded not in PLACES
        and folded not in ORG_WORDS
        and not word.isupper()
    )


def name_runs(text, a, b):
    """Runs of capitalised words in text[a:b], stripped of leading titles and common words.

    A possessive ends a run; it is kept only when `possessives` (the article's name index)
    asks for it, since "Putin's spokesman" is not Putin speaking.
    """
    return [run for run, _ in _runs(text, a, b)]


def possessive_runs(text, a, b):
    """The runs that end in a possessive ("Donald Trump's plan"): names, though not speakers."""
    return [run for run, possessive in _runs(text, a, b, keep_possessive=True) if possessive]


def _runs(text, a, b, keep_possessive=False):
    runs, current, previous_end, state = [], [], None, {"before": ""}

    def close(possessive=False):
        if current and (keep_possessive or not possessive):
            run = _strip_run(current, state["run_before"])
            if run is not None:
                runs.append((run, possessive))
        current.clear()

    for match in TOKEN_RE.finditer(text, a, b):
        token = match.group().rstrip(".-")
        possessive = token.endswith(("'s", "’s", "'", "’"))
        base = token
        if possessive:
            base = token[:-2] if token.endswith(("'s", "’s")) else token[:-1]
        contiguous = previous_end is not None and text[previous_end : match.start()] == " "
        if base[:1].isupper() or (current and contiguous and base in PARTICLES):
            if current and not contiguous:
                close()
            if not current:
                state["run_before"] = state["before"]
            current.append((match.start(), match.start() + len(base), base))
            if possessive:
                close(possessive=True)
            elif _ends_sentence(match.group(), base):
                close()  # "… arrived in France. Last week, he said": no name runs on
        else:
            close()
            state["before"] = base.casefold()
        previous_end = match.end()
    close()
    return runs


def _ends_sentence(token, base):
    """A full stop after a word that is no initial and no abbreviation ("France.", not "J.",
    "St." or "U.S.") ends the sentence, and with it any run of names."""
    folded = base.casefold()
    return (
        token.endswith(".")
        and len(base) > 2
        and "." not in base
        and folded not in ABBREVIATIONS
        and folded not in TITLES
    )


def after_known_name(run, known, text):
    """The rest of a run that opens with a known person's full name, when a name follows it:
    "Advisor to Russian President Vladimir Putin Yuri Ushakov" (no comma after "Putin") names
    Yuri Ushakov; any other run is itself."""
    for size in (3, 2):
        if len(run.words) < size + 2 or known.by_spelling(" ".join(run.words[:size])) is None:
            continue
        at = run.start
        for word in run.words[: size + 1]:
            at = text.index(word, at) + len(word)
        start = at - len(run.words[size])
        return NameRun(run.words[size:], start, run.end, True, False)
    return run


def _qualifier_before_title(tokens, index, folded):
    """True for a country, a place or a department ("Russia", "UAE", "Lviv", "Treasury")
    standing before a title, with a name of two words or more after it, in a run of names."""
    following = tokens[index + 1][2].casefold().rstrip(".") if index + 1 < len(tokens) else ""
    if following not in TITLES or following in DETERMINERS:
        return False
    country = folded in PLACES or (tokens[index][2].isupper() and len(tokens[index][2]) <= 3)
    # ("Lviv Mayor Andriy Sadovyi", "Treasury Secretary Scott Bessent": not "John Major".)
    return country or len(tokens) - index - 2 >= 2


def _strip_run(tokens, word_before):
    had_title = False
    index = 0
    while index < len(tokens):
        folded = tokens[index][2].casefold().rstrip(".")
        if folded in TITLES and folded not in DETERMINERS:  # "The Guardian" has no title
            had_title = True
        elif _qualifier_before_title(tokens, index, folded):
            pass  # "UAE Foreign Minister Sheikh Abdullah …", "Russia Foreign Minister …"
        elif folded not in COMMON:
            break
        index += 1
    end = len(tokens)
    while end > index and tokens[end - 1][2] in PARTICLES:
        end -= 1
    kept = tokens[index:end]
    if not kept:
        return None
    stripped = {t[2].casefold() for t in tokens[:index]}
    after_function_word = bool((stripped | {word_before}) & (DETERMINERS | PREPOSITIONS))
    return NameRun(
        tuple(t[2] for t in kept), kept[0][0], kept[-1][1], had_title, after_function_word
    )


# The words of a name built on the father's ("Abdullah bin Zayed Al Nahyan"), whose bearer is
# called by the first of them.
_PATRONYMIC = frozenset(["bin", "ibn", "bint"])


class ArticleNames:
    """The people an article names in full ("Kremlin aide Yuri Ushakov"), so that "Ushakov"
    alone is Yuri Ushakov wherever it stands, and the titles it gives them."""

    def __init__(self, text, known):
        self.full_names: dict[str, str] = {}  # folded surname -> full name
        self.titles: dict[str, str] = {}  # full name -> the words that introduced it
        self.first_named: dict[str, int] = {}  # full name -> where the article first names it
        self.described: dict[str, str] = {}  # full name -> the words right after it
        # Names the article gives a newspaper, an agency or a body ("The Izvestia newspaper"):
        # folded name -> the word that says what it is.
        self.bodies: dict[str, str] = {}
        titled = {}
        for run, _ in _runs(text, 0, len(text), keep_possessive=True):
            run = after_known_name(run, known, text)
            following = text[run.end : run.end + 30].split()[:1]
            named_thing = following and following[0].casefold().strip(",.") in ORG_WORDS
            if named_thing and len(run.words) == 1:
                self.bodies.setdefault(fold(run.words[0]), following[0].casefold().strip(",."))
            if len(run.words) == 1 and run.had_title and not run.is_org and not named_thing:
                # "US President Trump"; not "The Izvestia newspaper", which names the press.
                titled.setdefault(fold(run.words[0]), run.words[0])
            if not run.looks_like_person or known.by_spelling(run.text) is not None:
                continue
            surname = fold(run.words[-1])
            self.full_names.setdefault(surname, run.text)
            if any(word.casefold() in _PATRONYMIC for word in run.words[1:-1]):
                # "Sheikh Abdullah bin Zayed Al Nahyan" is "Sheikh Abdullah" after.
                self.full_names.setdefault(fold(run.words[0]), run.text)
            if run.text not in self.titles:
                self.titles[run.text] = text[max(0, run.start - 60) : run.start]
                self.first_named[run.text] = run.start
                aside = _APPOSITIVE.match(text, run.end)
                if aside is not None:
                    # "Dmitry Peskov, press secretary to Russian President Vladimir Putin, …"
                    self.described[run.text] = aside.group(1)
        for surname, word in titled.items():
            # A person the article only ever names by title and surname keeps that name.
            if known.by_spelling(word) is None and word.casefold() not in PLACES:
                self.full_names.setdefault(surname, word)
        for match in _REPORTED_BY_NAME.finditer(text):
            # "…, Izvestia reported on Thursday": a name that reports, never given a person,
            # is the press wherever else it speaks ("Izvestia said the Kremlin had …").
            word, name = match.group(1), fold(match.group(1))
            if name not in self.full_names and known.by_spelling(word) is None:
                self.bodies.setdefault(name, "newspaper")

    def full_name(self, surname):
        return self.full_names.get(fold(surname))

    def longer_name(self, words):
        """The full name met before that these words begin, up to its family name: "Abdullah
        bin Zayed" for "Abdullah bin Zayed Al Nahyan"; or None."""
        for name in self.first_named:
            named = name.split()
            if (
                len(named) > len(words)
                and named[: len(words)] == list(words)
                and named[len(words)].casefold() in PARTICLES
            ):
                return name
        return None

    def title_of(self, full_name):
        return self.titles.get(full_name, "")
