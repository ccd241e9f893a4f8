"""Article intake: a pasted article is cleaned (`cleaning`), its statements and their speakers are
found (`extraction`), and editors review them in the admin (`views`, `forms`)."""

from negotiations.intake.cleaning import clean_text
from negotiations.intake.extraction import Candidate, Part, find_candidates

__all__ = ["Candidate", "Part", "clean_text", "find_candidates"]
