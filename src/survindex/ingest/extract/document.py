"""``extract_claims``: the document loop that ties scanning, roles, cues and coreference together.

Why a loop over sentences with a little state: reporting names the vendor once and then says
"the company" or "the system"; that state (the last suppliers, technologies and claims) is what
lets a later sentence add a city, a loan or a status to an earlier claim.
"""

from __future__ import annotations

from survindex.domain.vocab import DeploymentStatus, Technology
from survindex.ingest.extract import cues
from survindex.ingest.extract.claims import ExtractedClaim
from survindex.ingest.extract.furniture import furniture_spans, in_spans
from survindex.ingest.extract.pipeline import (
    _COREF_REACH,
    _STATUS_RANK,
    _SYSTEM_REACH,
    Recipient,
    Supplier,
    _bucket,
    _Context,
    _financing,
    _groups,
    _merge_recipients,
    _pair,
    _roles,
    _techs,
    clause_breaks,
    clause_of,
)
from survindex.ingest.extract.sentences import Sentence, paragraph_spans, split_sentences
from survindex.ingest.gazetteer import CITY, COUNTRY, FINANCE, TECH, VENDOR, Mention, scan

_Key = tuple[str, str, str]
#: A paragraph with nothing to extract counts as this many sentences of distance.
_SKIPPED_PARAGRAPH = 2
#: Country forms that can name a supplier ("Chinese firms", "China's ZTE", "U.S. companies").
_SUPPLIER_FORMS = frozenset({"adjective", "possessive", "abbreviation"})


def _key(supplier: Supplier, country: str, technology: Technology | None) -> _Key:
    who = supplier.slug or f"@{supplier.country}"
    return (who, country, technology.value if technology else "")


def _is_candidate(mentions: list[Mention], context: _Context, index: int) -> bool:
    """Cheap test that keeps rule work off the sentences that cannot hold a claim."""
    kinds = {m.kind for m in mentions}
    has_place = COUNTRY in kinds or CITY in kinds
    has_supplier = VENDOR in kinds or any(
        m.kind == COUNTRY and m.form in _SUPPLIER_FORMS for m in mentions
    )
    recent_supplier = index - context.supplier_sentence <= _COREF_REACH
    recent_claim = index - context.claim_sentence <= _SYSTEM_REACH
    if has_supplier and (has_place or TECH in kinds):
        return True
    if recent_supplier and (has_place or TECH in kinds):
        return True
    return recent_claim and (FINANCE in kinds or has_place)


class _Extractor:
    def __init__(self, text: str, doc: str) -> None:
        self.text = text
        self.doc = doc
        self.context = _Context()
        self.claims: dict[_Key, ExtractedClaim] = {}

    def run(self) -> list[ExtractedClaim]:
        mentions = scan(self.text)
        if not any(m.kind in (VENDOR, COUNTRY) for m in mentions):
            return []
        furniture = furniture_spans(self.text, mentions)
        index = 0
        position = 0  # into mentions
        for paragraph, (start, end) in enumerate(paragraph_spans(self.text)):
            first = position
            while position < len(mentions) and mentions[position].start < end:
                position += 1
            chunk = mentions[first:position]
            if not chunk or not self._worth_splitting(chunk, index):
                index += _SKIPPED_PARAGRAPH  # keeps "the company" from reaching too far
                continue
            sentences = split_sentences(self.text, start, end, paragraph)
            for offset, sentence_mentions in sorted(_bucket(chunk, sentences).items()):
                sentence = sentences[offset]
                if furniture and in_spans(furniture, sentence.start):
                    continue
                if _is_candidate(sentence_mentions, self.context, index + offset):
                    self._sentence(index + offset, sentence, sentence_mentions)
            index += len(sentences)
        return sorted(self.claims.values(), key=lambda c: (c.start, c.country))

    def _worth_splitting(self, mentions: list[Mention], index: int) -> bool:
        """Whether a paragraph may hold a claim, so that most prose is never sentence-split."""
        kinds = {m.kind for m in mentions}
        if VENDOR in kinds:
            return True
        if COUNTRY not in kinds and CITY not in kinds and FINANCE not in kinds:
            return False
        if index - min(self.context.supplier_sentence, 10**9) <= _COREF_REACH:
            return True
        if index - self.context.claim_sentence <= _SYSTEM_REACH:
            return True
        return any(m.kind == COUNTRY and m.form in _SUPPLIER_FORMS for m in mentions)

    def _sentence(self, index: int, sentence: Sentence, mentions: list[Mention]) -> None:
        text, context = self.text, self.context
        quote = text[sentence.start : sentence.end]
        suppliers, recipients = _roles(text, sentence, mentions, context, index)
        confidence = 0.9
        if suppliers:
            context.suppliers, context.supplier_sentence = suppliers, index
        elif index - context.supplier_sentence <= _COREF_REACH and cues.has_vendor_anaphor(quote):
            suppliers = [Supplier(s.slug, s.country, sentence.start) for s in context.suppliers]
            context.supplier_sentence = index
            confidence *= 0.9
        techs, only_weak = _techs(mentions)
        if techs:
            context.techs = techs
        elif cues.has_system_anaphor(quote) and context.techs:
            techs = context.techs
            confidence *= 0.9
        if not suppliers:
            self._continue_claims(index, sentence, mentions, recipients)
            return
        if not techs or not recipients:
            return
        if cues.is_negated(quote):
            return
        hedge = cues.hedge_level(quote)
        if hedge == 2:
            return
        confidence *= 0.8 if hedge else 1.0
        confidence *= 0.85 if only_weak else 1.0
        status = cues.deployment_status(quote) or DeploymentStatus.DEPLOYED
        financing = _financing(text, sentence, mentions)
        groups = _groups(text, suppliers)
        breaks = clause_breaks(text, sentence)
        keys: list[_Key] = []
        for recipient in _merge_recipients(recipients):
            recipient_techs = techs
            if len(groups) > 1 and breaks:  # "X cameras in A, while Y's face recognition in B"
                where = clause_of(breaks, recipient.position)
                local = [m for m in mentions if clause_of(breaks, m.start) == where]
                recipient_techs = _techs(local)[0] or techs
            for supplier in _pair(breaks, groups, recipient):
                home = supplier.country
                if home == recipient.country and not recipient.strong:
                    continue
                claim_confidence = confidence * (0.9 if supplier.slug is None else 1.0)
                for technology in recipient_techs:
                    claim = ExtractedClaim(
                        doc=self.doc,
                        vendor_slug=supplier.slug,
                        vendor_country=supplier.country,
                        country=recipient.country,
                        technology=technology,
                        status=status,
                        quote=quote,
                        start=sentence.start,
                        end=sentence.end,
                        city=recipient.city,
                        financing=financing,
                        confidence=claim_confidence,
                    )
                    keys.append(self._add(claim))
        if keys:
            context.claim_keys, context.claim_sentence = keys, index

    def _add(self, claim: ExtractedClaim) -> _Key:
        supplier = Supplier(claim.vendor_slug, claim.vendor_country, 0)
        key = _key(supplier, claim.country, claim.technology)
        old = self.claims.get(key)
        if old is None:
            self.claims[key] = claim
            return key
        status = max(old.status, claim.status, key=_STATUS_RANK.__getitem__)
        self.claims[key] = old.with_changes(
            status=status,
            city=old.city or claim.city,
            financing=old.financing or claim.financing,
            confidence=max(old.confidence, claim.confidence),
        )
        return key

    def _continue_claims(
        self, index: int, sentence: Sentence, mentions: list[Mention], recipients: list[Recipient]
    ) -> None:
        """A sentence with no supplier may add financing, a city or progress to recent claims."""
        context = self.context
        if index - context.claim_sentence > _SYSTEM_REACH or not context.claim_keys:
            return
        quote = self.text[sentence.start : sentence.end]
        if not cues.has_system_anaphor(quote) or cues.is_negated(quote):
            return
        countries = {r.country for r in recipients}
        financing = _financing(self.text, sentence, mentions)
        status = cues.deployment_status(quote)
        for key in context.claim_keys:
            claim = self.claims.get(key)
            if claim is None or (countries and claim.country not in countries):
                continue
            city = claim.city or next(
                (r.city for r in recipients if r.city and r.country == claim.country), None
            )
            new_status = claim.status
            if status is not None:
                new_status = max(claim.status, status, key=_STATUS_RANK.__getitem__)
            self.claims[key] = claim.with_changes(
                city=city, financing=claim.financing or financing, status=new_status
            )
        context.claim_sentence = index


def extract_claims(text: str, doc: str) -> list[ExtractedClaim]:
    """Candidate claims in ``text``, one per (supplier, recipient country, technology).

    >>> [(c.vendor_name, c.country, c.technology.value) for c in extract_claims(
    ...     "Huawei installed safe city cameras in Nairobi, Kenya.", "doc.txt")]
    [('Huawei', 'KEN', 'safe_city')]
    """
    return _Extractor(text, doc).run()
