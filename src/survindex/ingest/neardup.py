"""Near-duplicates: one story syndicated to several outlets becomes one source with mirrors.

Wire copy and syndicated articles reach us many times with small edits (a dateline, a byline, a
changed headline word); storing each as a source would put the same candidate claims in the
review queue once per outlet. Each text gets a MinHash signature of its word shingles (five
consecutive words of the NFKC-casefolded text, so punctuation, case and spacing do not count);
a MinHash LSH index finds stored texts whose shingle sets probably overlap, and the signatures
themselves estimate the Jaccard similarity. A new text at or above :data:`THRESHOLD` (0.8) of a
stored one is a mirror of its source, unless it has a claim its original does not (the same
template about another deal; see survindex.ingest.writer).

Signatures are stored with the documents (``documents.minhash``, ``mirrors.minhash``) and the
index is rebuilt from them at each ingest, so it survives restarts. The bytes begin with
:data:`SCHEME`, which names every parameter: a signature made otherwise is recomputed from the
text instead of being compared with incompatible numbers.

>>> story = ("Hikvision installed facial recognition cameras in Kampala, the ministry said on "
...     "Monday. The system covers the city centre and the main roads into the capital, and "
...     "the police will run it from a new command centre. The ministry did not say what the "
...     "cameras cost or who paid for them, and the company did not answer questions.")
>>> a, b = text_signature(story), text_signature(story.replace("Monday", "Tuesday"))
>>> a is not None and b is not None and similarity(a, b)  # one word in 58: a mirror
0.8125
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from survindex.store.schema import DocumentRow, MirrorRow

if TYPE_CHECKING:
    from numpy.typing import NDArray

#: Words per shingle: long enough that two stories about the same deal by different writers
#: share few shingles, short enough that one edited word changes only five of them.
SHINGLE_WORDS = 5
#: Permutations: the Jaccard estimate's standard error is about sqrt(J(1-J)/128), 0.035 at 0.8.
NUM_PERM = 128
SEED = 1
#: Estimated Jaccard similarity from which a text is a mirror of a stored one.
THRESHOLD = 0.8
#: The LSH index proposes candidates from this lower similarity, so that a pair just above
#: THRESHOLD is almost never missed (about 1 in 20,000 at 0.8); candidates are then checked
#: against THRESHOLD with their signatures.
CANDIDATE_THRESHOLD = 0.5
#: Header of a stored signature, naming its parameters (datasketch's affine32 scheme).
SCHEME = b"minhash-affine32-128-seed1-w5:"
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[bytes]:
    """The five-word shingles of the normalised text (the whole text when it is shorter)."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    if len(words) < SHINGLE_WORDS:
        return set()
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


@lru_cache(maxsize=1)
def _permutations() -> Any:
    """Computed once per process: datasketch otherwise draws them for every MinHash."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations


def text_signature(text: str) -> bytes | None:
    """The stored form of a text's MinHash; None for a text of fewer than five words (too
    short to tell an edit from another story)."""
    from datasketch import MinHash

    found = shingles(text)
    if not found:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32", permutations=_permutations())
    minhash.update_batch(sorted(found))
    return SCHEME + np.asarray(minhash.hashvalues, dtype="<u4").tobytes()


def _values(signature: bytes | None) -> NDArray[np.uint32] | None:
    if not signature or not signature.startswith(SCHEME):
        return None
    body = signature[len(SCHEME) :]
    if len(body) != NUM_PERM * 4:
        return None
    return np.frombuffer(body, dtype="<u4")


def similarity(a: bytes, b: bytes) -> float:
    """The estimated Jaccard similarity of two texts' shingle sets, from their signatures."""
    first, second = _values(a), _values(b)
    if first is None or second is None:
        raise ValueError("not signatures of this scheme; recompute them with text_signature")
    return float(np.count_nonzero(first == second)) / NUM_PERM


@dataclass(frozen=True)
class Match:
    source_id: int
    similarity: float


class NearDuplicateIndex:
    """Signatures of stored documents and mirrors, by the source they belong to."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=NUM_PERM)
        self._entries: dict[str, tuple[int, NDArray[np.uint32]]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, key: str, source_id: int, signature: bytes | None) -> None:
        """Index a stored text; ``key`` is unique per text (``d<document id>``, ``m<id>``)."""
        from datasketch import LeanMinHash

        values = _values(signature)
        if values is None or key in self._entries:
            return
        self._entries[key] = (source_id, values)
        self._lsh.insert(key, LeanMinHash(seed=SEED, hashvalues=values, scheme="affine32"))

    def match(self, signature: bytes | None) -> Match | None:
        """The most similar stored text's source, when it reaches the threshold."""
        from datasketch import LeanMinHash

        values = _values(signature)
        if values is None or not self._entries:
            return None
        query = LeanMinHash(seed=SEED, hashvalues=values, scheme="affine32")
        best: Match | None = None
        for key in self._lsh.query(query):
            source_id, stored = self._entries[key]
            score = float(np.count_nonzero(stored == values)) / NUM_PERM
            if score >= self.threshold and (best is None or score > best.similarity):
                best = Match(source_id, score)
        return best


def backfill_signatures(*, session: Session, batch: int = 500) -> int:
    """Compute and store the signatures that documents lack (stored before migration 0008, or
    with another scheme); returns how many were written."""
    written = 0
    query = select(DocumentRow.id, DocumentRow.text, DocumentRow.minhash)
    stale = [
        (doc_id, text)
        for doc_id, text, minhash in session.execute(query).yield_per(batch)
        if _values(minhash) is None
    ]
    for doc_id, text in stale:
        signature = text_signature(text)
        if signature is not None:
            session.execute(
                update(DocumentRow).where(DocumentRow.id == doc_id).values(minhash=signature)
            )
            written += 1
    return written


def load_index(*, session: Session, threshold: float = THRESHOLD) -> NearDuplicateIndex:
    """The index of every stored document's and mirror's signature."""
    index = NearDuplicateIndex(threshold)
    documents = select(DocumentRow.id, DocumentRow.source_id, DocumentRow.minhash)
    for doc_id, source_id, minhash in session.execute(documents):
        index.add(f"d{doc_id}", source_id, minhash)
    mirrors = select(MirrorRow.id, MirrorRow.source_id, MirrorRow.minhash)
    for mirror_id, source_id, minhash in session.execute(mirrors):
        index.add(f"m{mirror_id}", source_id, minhash)
    return index
