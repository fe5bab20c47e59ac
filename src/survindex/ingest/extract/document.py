"""``extract_claims``: the document loop that ties scanning, roles, cues and coreference together.

Why a loop over sentences with a little state: reporting names the vendor once and then says
"the company" or "the system"; that state (the last suppliers, technologies and claims) is what
lets a later sentence add a city, a loan or a status to an earlier claim.
"""

from __future__ import annotations

from dataclasses import replace

from survindex.domain.vocab import DeploymentStatus, FinancingType, Technology
from survindex.ingest.extract import cues, records
from survindex.ingest.extract.claims import ExtractedClaim, ExtractedFinancing
from survindex.ingest.extract.furniture import furniture_spans, in_spans
from survindex.ingest.extract.layered import (
    Key,
    TripleCandidates,
    active_scorer,
    decide,
    triple_candidates,
)
from survindex.ingest.extract.rules import (
    COREF_REACH,
    STATUS_RANK,
    SYSTEM_REACH,
    Context,
    Recipient,
    Supplier,
    Unattributed,
    bucket_mentions,
    clause_breaks,
    clause_of,
    clause_span,
    financing_of,
    merge_recipients,
    pair_suppliers,
    sentence_roles,
    supplier_groups,
    technologies,
)
from survindex.ingest.extract.scorer import ClaimScorer
from survindex.ingest.extract.sentences import (
    MAX_MENTIONS,
    Sentence,
    bounded,
    limit_mentions,
    paragraph_spans,
    split_sentences,
)
from survindex.ingest.gazetteer import (
    CITY,
    COUNTRY,
    FINANCE,
    TECH,
    VENDOR,
    Mention,
    scan,
    with_supplier_regions,
)

_Key = tuple[str, str, str]
#: How many sentences back a customer ("an Egyptian government agency is a customer") or a
#: maker ("The devices were developed by X") may reach for the rest of the deployment.
_LINK_REACH = 2
#: A paragraph with nothing to extract counts as this many sentences of distance.
_SKIPPED_PARAGRAPH = 2
#: Country forms that can name a supplier ("Chinese firms", "China's ZTE", "U.S. companies").
_SUPPLIER_FORMS = frozenset({"adjective", "possessive", "abbreviation"})


def _key(supplier: Supplier, country: str, technology: Technology | None) -> _Key:
    who = supplier.slug or f"@{supplier.country}"
    return (who, country, technology.value if technology else "")


def _is_candidate(
    mentions: list[Mention], context: Context, index: int, vendor_near: bool = False
) -> bool:
    """Cheap test that keeps rule work off the sentences that cannot hold a claim."""
    kinds = {m.kind for m in mentions}
    has_place = COUNTRY in kinds or CITY in kinds
    if has_place and TECH in kinds and (vendor_near or CITY in kinds):
        # "The CCTV network in Cape Town ..." before "... were supplied by Bosch" (in this
        # paragraph or the next): a deployment told before its supplier.
        return True
    has_supplier = VENDOR in kinds or any(
        m.kind == COUNTRY and m.form in _SUPPLIER_FORMS for m in mentions
    )
    recent_supplier = index - context.supplier_sentence <= COREF_REACH
    recent_claim = index - context.claim_sentence <= SYSTEM_REACH
    if has_supplier and (has_place or TECH in kinds):
        return True
    if recent_supplier and (has_place or TECH in kinds):
        return True
    # "The state signed the contract with Microsoft in 2014, paid from ...": the vendor's claim;
    # "The devices were developed by X": the maker of a deployment told just before.
    untold = context.unattributed is not None and index - context.unattributed.index <= 2
    return (recent_claim or untold) and (FINANCE in kinds or has_place or VENDOR in kinds)


class _QuoteFacts:
    """The dollar amount and agreement year of each quote, read once per document: a claim is
    merged again with every later sentence naming its vendor, and would otherwise read its
    first quote again each time (thousands of times in a long text naming one vendor)."""

    def __init__(self) -> None:
        self._amounts: dict[str, float | None] = {}
        self._years: dict[str, int | None] = {}

    def amount_usd(self, quote: str) -> float | None:
        if quote not in self._amounts:
            self._amounts[quote] = cues.amount_usd(quote)
        return self._amounts[quote]

    def agreement_year(self, quote: str) -> int | None:
        if quote not in self._years:
            self._years[quote] = cues.agreement_year(quote)
        return self._years[quote]


class _Extractor:
    def __init__(self, text: str, doc: str) -> None:
        self.text = text
        self.doc = doc
        self.context = Context()
        self.claims: dict[_Key, ExtractedClaim] = {}
        #: The last sentence holding mentions, with them (for financing stated just before).
        self.previous: tuple[Sentence, list[Mention]] | None = None
        self.facts = _QuoteFacts()

    def run(self, mentions: list[Mention]) -> list[ExtractedClaim]:
        if not any(m.kind in (VENDOR, COUNTRY) for m in mentions):
            return []
        furniture = furniture_spans(self.text, mentions)
        for m in mentions:  # "the RCMP" after "Royal Canadian Mounted Police": Canada's
            if (
                m.kind == COUNTRY
                and m.form != "possessive"
                and self.text[m.end : m.end + 1] == " "
                and self.text[m.end + 1 : m.end + 2].isupper()
            ):
                acronym = cues.agency_acronym(self.text, m.start, m.end)
                if acronym is not None:
                    self.context.acronyms.setdefault(acronym, m.value)
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
            if records.is_record(self.text, start, end):  # "Field: value" lines: one unit
                stripped = self.text[start:end].rstrip()
                sentences = bounded(self.text, start, start + len(stripped), paragraph)
            else:
                sentences = split_sentences(self.text, start, end, paragraph)
            buckets = bucket_mentions(chunk, sentences)
            if any(len(found) > MAX_MENTIONS for found in buckets.values()):
                sentences = limit_mentions(self.text, sentences, buckets)
                buckets = bucket_mentions(chunk, sentences)
            vendor_near = any(m.kind == VENDOR for m in chunk)
            for offset, sentence_mentions in sorted(buckets.items()):
                sentence = sentences[offset]
                if furniture and in_spans(furniture, sentence.start):
                    continue
                if _is_candidate(sentence_mentions, self.context, index + offset, vendor_near):
                    self._sentence(index + offset, sentence, sentence_mentions)
                self.previous = (sentence, sentence_mentions)
            index += len(sentences)
        return sorted(self.claims.values(), key=lambda c: (c.start, c.country))

    def _worth_splitting(self, mentions: list[Mention], index: int) -> bool:
        """Whether a paragraph may hold a claim, so that most prose is never sentence-split."""
        kinds = {m.kind for m in mentions}
        if VENDOR in kinds:
            return True
        if COUNTRY not in kinds and CITY not in kinds and FINANCE not in kinds:
            return False
        if CITY in kinds and TECH in kinds:
            return True  # a city's cameras, told before the paragraph naming their maker
        if index - min(self.context.supplier_sentence, 10**9) <= COREF_REACH:
            return True
        if index - self.context.claim_sentence <= SYSTEM_REACH:
            return True
        return any(m.kind == COUNTRY and m.form in _SUPPLIER_FORMS for m in mentions)

    def _sentence(self, index: int, sentence: Sentence, mentions: list[Mention]) -> None:
        text, context = self.text, self.context
        quote = text[sentence.start : sentence.end]
        suppliers, recipients = sentence_roles(text, sentence, mentions, context, index)
        self._remember_places(index, quote, recipients)
        if cues.is_question(quote):
            return  # "Does the police hold any contract with X?" asserts nothing
        confidence = 0.9
        named = bool(suppliers)
        earlier_techs = context.techs
        customer = False
        if suppliers:
            context.suppliers, context.supplier_sentence = suppliers, index
        elif index - context.supplier_sentence <= COREF_REACH and cues.has_vendor_anaphor(quote):
            suppliers = self._antecedents(sentence)
            context.supplier_sentence = index
            confidence *= 0.9
        elif (
            index - context.supplier_sentence <= _LINK_REACH
            and any(r.strong for r in recipients)
            and cues.names_customer(quote)
        ):
            # "... the spyware sold by Intellexa ... An Egyptian government agency is a
            # customer and operated the infections."
            suppliers = self._antecedents(sentence)
            customer = True
            confidence *= 0.8
        techs, only_weak = technologies(mentions)
        if cues.identifies_faces(quote):  # "to identify people from street cameras"
            if only_weak or not techs:
                techs, only_weak = [Technology.FACIAL_RECOGNITION], False
            elif Technology.FACIAL_RECOGNITION not in techs:
                techs = [*techs, Technology.FACIAL_RECOGNITION]
        if techs:
            context.techs = techs
        elif (customer or cues.has_system_anaphor(quote)) and context.techs:
            techs = context.techs
            confidence *= 0.9
        if not suppliers or (not techs and not named):
            if not suppliers and techs and any(r.strong for r in recipients):
                context.unattributed = Unattributed(index, sentence, recipients, techs)
            # "The system was financed by ...", "Engineers from the company have since
            # installed it in Addis Ababa": progress on recent claims, not a new one.
            self._continue_claims(index, sentence, mentions, recipients, suppliers)
            return
        evidence_start = sentence.start
        floor: DeploymentStatus | None = None
        if named and not recipients:
            earlier = context.unattributed
            told = self._unattributed_told(index, quote)
            if earlier is not None and told is not None:
                # "Greek police have started carrying devices that scan faces. The devices
                # were developed by Intracom Telecom": one deployment told in two sentences.
                recipients = merge_recipients(earlier.recipients)
                techs = techs or earlier.techs
                floor, evidence_start = told, earlier.sentence.start
                context.unattributed = None
                confidence *= 0.85
            elif techs:
                # "Police operate a system supplied by NEC", "The NTMC had been using ...":
                # the country named just before, or the one that defined the agency's acronym.
                recipients = self._agency_recipient(index, sentence, quote)
                if recipients:
                    confidence *= 0.8
                    if only_weak and earlier_techs:
                        techs = earlier_techs  # "monitoring software" at a monitoring agency
        elif named and context.unattributed is not None:
            # "Police follow 2,300 cameras across San Salvador. The cameras were made by Dahua
            # and were paid for by a grant signed in 2019, after El Salvador ...": the
            # deployment told before, not the grant's signing, gives the status and the city.
            earlier = context.unattributed
            told = self._unattributed_told(index, quote)
            countries = {r.country for r in recipients}
            if told is not None and countries == {r.country for r in earlier.recipients}:
                floor = told
                recipients = merge_recipients([*earlier.recipients, *recipients])
                context.unattributed = None
        if techs and not recipients and named and cues.has_place_anaphor(quote):
            recipients = self._recent_recipient(index, sentence)  # "the capital's metro"
            confidence *= 0.85
        if not recipients and named:
            # "The state signed the contract with Microsoft in 2014, paid from ...": financing
            # for this supplier's recent claims (not progress: "delivered the first servers").
            self._continue_claims(index, sentence, mentions, recipients, suppliers, progress=False)
            return
        if not techs or not recipients:
            return
        if cues.is_negated(quote):
            recipients = _outside_negation(text, sentence, suppliers, recipients)
            if not recipients:
                return
        hedge = cues.hedge_level(quote)
        if hedge == 2:
            return
        confidence *= 0.8 if hedge else 1.0
        confidence *= 0.85 if only_weak else 1.0
        financing = financing_of(text, sentence, mentions) or self._previous_financing(
            sentence, suppliers, recipients
        )
        groups = supplier_groups(text, suppliers)
        breaks = clause_breaks(text, sentence, suppliers)
        keys: list[_Key] = []
        merged = merge_recipients(recipients)
        paired: list[tuple[Supplier, Recipient, DeploymentStatus, list[Technology]]] = []
        used: set[int] = set()
        clause_status: dict[int, DeploymentStatus | None] = {}
        for recipient in merged:
            recipient_techs = techs
            if len(groups) > 1 and breaks:  # "X cameras in A, while Y's face recognition in B"
                recipient_techs = self._local_techs(breaks, mentions, recipient.position) or techs
            chosen = pair_suppliers(breaks, groups, recipient)
            status = self._status(sentence, breaks, recipient.positions, chosen, clause_status)
            if floor is not None:
                status = max(status, floor, key=STATUS_RANK.__getitem__)
            used.update(id(s) for s in chosen)
            paired.extend((s, recipient, status, recipient_techs) for s in chosen)
        for group in groups:  # "..., after the first phase, built by Huawei, was completed"
            if any(id(s) in used for s in group) or not breaks:
                continue
            where = clause_of(breaks, group[0].position)
            clause = clause_span(text, sentence, breaks, where)
            group_techs = self._local_techs(breaks, mentions, group[0].position)
            if where not in clause_status:
                clause_status[where] = cues.deployment_status(clause)
            group_status = clause_status[where]
            if group_status is None or not (group_techs or cues.has_system_anaphor(clause)):
                continue
            refers_back = cues.has_system_anaphor(clause)  # "the project": its city too
            for recipient in merged:
                # "..., while Surabaya is evaluating a proposal from Dahua": the clause's city.
                local = next(
                    (
                        r.city
                        for r in recipients
                        if r.city
                        and r.country == recipient.country
                        and clause_of(breaks, r.position) == where
                    ),
                    None,
                )
                if local:
                    elsewhere = replace(recipient, city=local)
                else:
                    elsewhere = recipient if refers_back else replace(recipient, city=None)
                paired.extend((s, elsewhere, group_status, group_techs or techs) for s in group)
        if "\n" in quote and records.is_record(text, sentence.start, sentence.end):
            awarded = records.record_status(quote)  # an award notice: contracted
            if awarded is not None:
                paired = [(s, r, awarded, t) for s, r, _, t in paired]
        evidence = text[evidence_start : sentence.end]
        # A sentence that states no status ("ZTE will finance the project itself") leaves an
        # existing claim's status as it was instead of defaulting it to deployed.
        stated = floor is not None or cues.deployment_status(quote) is not None
        for supplier, recipient, status, recipient_techs in paired:
            if supplier.country == recipient.country and not recipient.strong:
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
                    quote=evidence,
                    start=evidence_start,
                    end=sentence.end,
                    city=recipient.city,
                    financing=financing,
                    confidence=claim_confidence,
                )
                keys.append(self._add(claim, stated))
        if keys:
            context.claim_keys, context.claim_sentence = keys, index

    def _remember_places(self, index: int, quote: str, recipients: list[Recipient]) -> None:
        """Keep the countries this sentence names as recipients (and acronyms it defines next
        to a single one) for later sentences that name only an agency."""
        if not recipients:
            return
        self.context.places.append((index, recipients))
        if "(" in quote:
            countries = {r.country for r in recipients}
            if len(countries) == 1:
                (country,) = countries
                for acronym in cues.defined_acronyms(quote):
                    self.context.acronyms[acronym] = country

    def _agency_recipient(self, index: int, sentence: Sentence, quote: str) -> list[Recipient]:
        """The recipient of a sentence that names a state body but no place: the country an
        acronym was defined with ("the NTMC"), else the single country of the latest sentence
        that named recipients, within ``COREF_REACH`` sentences."""
        context = self.context
        country = next(
            (context.acronyms[a] for a in cues.used_acronyms(quote) if a in context.acronyms),
            None,
        )
        if country is None and cues.names_state_actor(quote):
            latest = next(
                (r for i, r in reversed(context.places) if index - i <= COREF_REACH), None
            )
            countries = {r.country for r in latest or ()}
            if len(countries) == 1:
                (country,) = countries
        if country is None:
            return []
        recipient = Recipient(country, None, True, sentence.start, (sentence.start,))
        context.places.append((index, [recipient]))
        return [recipient]

    def _unattributed_told(self, index: int, quote: str) -> DeploymentStatus | None:
        """The status of the recent deployment told without its supplier, when this sentence
        names its maker ("The devices were developed by X") and it was plainly stated; else
        None."""
        earlier = self.context.unattributed
        if earlier is None or index - earlier.index > _LINK_REACH or not cues.names_maker(quote):
            return None
        told = self.text[earlier.sentence.start : earlier.sentence.end]
        if cues.is_negated(told) or cues.hedge_level(told) == 2:
            return None
        return cues.deployment_status(told) or DeploymentStatus.DEPLOYED

    def _previous_financing(
        self, sentence: Sentence, suppliers: list[Supplier], recipients: list[Recipient]
    ) -> ExtractedFinancing | None:
        """Financing stated in the sentence just before, in the same paragraph, about one of
        this sentence's suppliers: "X operates it under a contract ..., paid by the Exchequer.
        The cameras were supplied by Y as X's subcontractor"."""
        if self.previous is None:
            return None
        earlier, mentions = self.previous
        if earlier.paragraph != sentence.paragraph or earlier.end > sentence.start:
            return None
        slugs = {s.slug for s in suppliers if s.slug}
        if not any(m.kind == VENDOR and m.value in slugs for m in mentions):
            return None
        countries = {r.country for r in recipients}
        if any(m.kind in (COUNTRY, CITY) and m.value not in countries for m in mentions):
            return None  # "The Malé project ... paid for by Dahua itself. Dahua has also bid
            # for ... Thimphu": another place's financing
        quote = self.text[earlier.start : earlier.end]
        if cues.is_negated(quote) or cues.hedge_level(quote) == 2:
            return None
        return financing_of(self.text, earlier, mentions)

    def _antecedents(self, sentence: Sentence) -> list[Supplier]:
        """What "the company" refers to: the first supplier group named."""
        earlier = self.context.suppliers
        groups = supplier_groups(self.text, earlier)
        if len(groups) > 1:
            earlier = groups[0]
        return [Supplier(s.slug, s.country, sentence.start) for s in earlier]

    def _recent_recipient(self, index: int, sentence: Sentence) -> list[Recipient]:
        """The one country recent claims are about, for "the capital" or "the country's"."""
        if index - self.context.claim_sentence > SYSTEM_REACH:
            return []
        countries = {key[1] for key in self.context.claim_keys}
        if len(countries) != 1:
            return []
        country = countries.pop()
        return [Recipient(country, None, False, sentence.start, (sentence.start,))]

    @staticmethod
    def _local_techs(breaks: list[int], mentions: list[Mention], position: int) -> list[Technology]:
        where = clause_of(breaks, position)
        return technologies([m for m in mentions if clause_of(breaks, m.start) == where])[0]

    def _status(
        self,
        sentence: Sentence,
        breaks: list[int],
        positions: tuple[int, ...],
        suppliers: list[Supplier],
        clause_status: dict[int, DeploymentStatus | None],
    ) -> DeploymentStatus:
        """Status of the clause naming the recipient, else the supplier's clause, else the
        sentence's: "rolled out X in Bolivia and is negotiating with Ecuador" gives two.
        ``clause_status`` caches each clause's status for the sentence."""
        for group in (positions, [s.position for s in suppliers]):
            found: list[DeploymentStatus] = []
            for where in {clause_of(breaks, position) for position in group}:
                if where not in clause_status:
                    clause = clause_span(self.text, sentence, breaks, where)
                    clause_status[where] = cues.deployment_status(clause)
                status = clause_status[where]
                if status is not None:
                    found.append(status)
            if found:
                return max(found, key=STATUS_RANK.__getitem__)
        if not breaks:
            return DeploymentStatus.DEPLOYED  # one clause, already read above
        quote = self.text[sentence.start : sentence.end]
        return cues.deployment_status(quote) or DeploymentStatus.DEPLOYED

    def _add(self, claim: ExtractedClaim, stated: bool = True) -> _Key:
        supplier = Supplier(claim.vendor_slug, claim.vendor_country, 0)
        key = _key(supplier, claim.country, claim.technology)
        old = self.claims.get(key)
        if old is None:
            self.claims[key] = claim
            return key
        status = old.status
        if stated:
            status = max(old.status, claim.status, key=STATUS_RANK.__getitem__)
        self.claims[key] = old.with_changes(
            status=status,
            city=old.city or claim.city,
            financing=_more_financing(
                old.financing, claim.financing, old.quote, claim.quote, self.facts
            ),
            confidence=max(old.confidence, claim.confidence),
        )
        return key

    def _continue_claims(
        self,
        index: int,
        sentence: Sentence,
        mentions: list[Mention],
        recipients: list[Recipient],
        suppliers: list[Supplier],
        progress: bool = True,
    ) -> None:
        """A sentence that refers back ("the system", "the company") may add financing, a city
        or progress to recent claims; with suppliers, only to those suppliers' claims."""
        context = self.context
        if index - context.claim_sentence > SYSTEM_REACH or not context.claim_keys:
            return
        quote = self.text[sentence.start : sentence.end]
        if cues.is_negated(quote) or cues.hedge_level(quote) == 2:
            return
        if not suppliers and not cues.refers_to_system(quote):
            return
        whos = {s.slug or f"@{s.country}" for s in suppliers}
        countries = {r.country for r in recipients}
        financing = financing_of(self.text, sentence, mentions)
        status = cues.deployment_status(quote) if progress else None
        for key in context.claim_keys:
            claim = self.claims.get(key)
            if claim is None or (countries and claim.country not in countries):
                continue
            if whos and key[0] not in whos:
                continue
            city = claim.city or next(
                (r.city for r in recipients if r.city and r.country == claim.country), None
            )
            new_status = claim.status
            if status is not None:
                new_status = max(claim.status, status, key=STATUS_RANK.__getitem__)
            self.claims[key] = claim.with_changes(
                city=city,
                financing=_more_financing(
                    claim.financing, financing, claim.quote, quote, self.facts
                ),
                status=new_status,
            )
        context.claim_sentence = index


def _outside_negation(
    text: str, sentence: Sentence, suppliers: list[Supplier], recipients: list[Recipient]
) -> list[Recipient]:
    """The recipients of a claim told in a relative clause that the negation lies outside:
    "Serbia, which has had Huawei cameras in Belgrade since 2019, does not recognise Kosovo"
    keeps Serbia (the clause's antecedent) and Belgrade; else none."""
    quote = text[sentence.start : sentence.end]
    span = cues.relative_span(quote)
    if span is None:
        return []
    lo, hi = sentence.start + span[0], sentence.start + span[1]
    if cues.is_negated(text[lo:hi]) or not suppliers:
        return []
    if not all(lo <= s.position < hi for s in suppliers):
        return []
    return [r for r in recipients if lo - 40 <= r.position < hi]


def _more_financing(
    old: ExtractedFinancing | None,
    new: ExtractedFinancing | None,
    old_quote: str,
    quote: str,
    facts: _QuoteFacts,
) -> ExtractedFinancing | None:
    """Financing of a claim told over several sentences: a loan or grant named later replaces
    a bare purchase sum ("will spend $38 million ... The purchase is financed by a concessional
    loan"); a missing amount comes from the claim's first sentence ("a $210 million contract")
    and a missing year from the sentence saying when the deal was signed."""
    if old is None and new is None:
        return None
    if old is None or (
        new is not None
        and old.type == FinancingType.COMMERCIAL
        and new.type != FinancingType.COMMERCIAL
    ):
        assert new is not None
        merged = replace(new, amount_usd=new.amount_usd or (old.amount_usd if old else None))
    else:
        merged = old
    if merged.amount_usd is None:
        merged = replace(merged, amount_usd=facts.amount_usd(old_quote))
    if merged.year is None:
        merged = replace(
            merged, year=facts.agreement_year(old_quote) or facts.agreement_year(quote)
        )
    return merged


def rule_claims(text: str, doc: str, mentions: list[Mention]) -> list[ExtractedClaim]:
    """What the rules alone propose, before the scorer (for training and comparison)."""
    return _Extractor(text, doc).run(mentions)


def document_mentions(text: str) -> list[Mention]:
    """What the gazetteer finds in ``text``, with regions named as suppliers' home read as the
    country the document names for them."""
    return with_supplier_regions(text, scan(text))


def candidates(text: str, doc: str) -> dict[Key, TripleCandidates]:
    """Every triple the rules or the parse propose in ``text``, unscored (for training)."""
    mentions = document_mentions(text)
    return triple_candidates(text, mentions, rule_claims(text, doc, mentions))


def extract_claims(text: str, doc: str, scorer: ClaimScorer | None = None) -> list[ExtractedClaim]:
    """Candidate claims in ``text``, one per (supplier, recipient country, technology): the
    rules' and the parse's proposals that the scorer (default: ``active_scorer()``) accepts.

    >>> [(c.vendor_name, c.country, c.technology.value) for c in extract_claims(
    ...     "Huawei installed safe city cameras in Nairobi, Kenya.", "doc.txt")]
    [('Huawei', 'KEN', 'safe_city')]
    """
    mentions = document_mentions(text)
    if not any(m.kind in (COUNTRY, CITY) for m in mentions):
        return []
    triples = triple_candidates(text, mentions, rule_claims(text, doc, mentions))
    return decide(text, doc, mentions, triples, scorer or active_scorer())
