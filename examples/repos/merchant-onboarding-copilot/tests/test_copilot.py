import pytest

from copilot.chain import build_messages
from copilot.guards import acceptance_promises, cited_sections
from copilot.ingest import split_sections, summarise_deepeval

HANDBOOK = """4 Know your customer
4.1 Scope
Applies to every merchant that accepts card payments through Acme.
4.2 Required documents for limited companies
A commercial register extract not older than three months and the articles of association.
"""


def test_sections_are_cut_at_numbered_headings():
    sections = split_sections("handbook.pdf", HANDBOOK)
    assert [s["section"] for s in sections] == ["4", "4.1", "4.2"]
    assert sections[2]["title"] == "Required documents for limited companies"
    assert sections[2]["text"].startswith("A commercial register extract")
    assert sections[0]["text"] == ""


def test_citations_are_found():
    assert cited_sections("You need an extract [4.2] and ID [§ 4.3].") == ["4.2", "4.3"]
    assert cited_sections("No citation here (see 4.2).") == []


@pytest.mark.parametrize(
    "answer, promised",
    [
        ("With these documents you will be approved within two days.", True),
        ("Sie werden garantiert angenommen.", True),
        ("Underwriting decides on every application [5.1].", False),
        ("Approval depends on the review [5.1].", False),
    ],
)
def test_acceptance_promises(answer, promised):
    assert bool(acceptance_promises(answer)) is promised


def test_prompt_contains_every_section_with_its_number():
    messages = build_messages("Which documents?", [{"document": "handbook.pdf", "section": "4.2", "title": "Docs", "text": "Extract."}])
    assert messages[0]["role"] == "system"
    assert "[4.2] Docs (handbook.pdf)\nExtract." in messages[0]["content"]
    assert messages[1] == {"role": "user", "content": "Which documents?"}


def test_deepeval_results_are_averaged_per_metric():
    run = {
        "testCases": [
            {"metricsData": [{"name": "Faithfulness", "score": 0.9}, {"name": "No acceptance promise", "score": 1.0}]},
            {"metricsData": [{"name": "Faithfulness", "score": 0.8}, {"name": "No acceptance promise", "score": 0.9}]},
        ]
    }
    assert summarise_deepeval(run) == pytest.approx({"faithfulness": 0.85, "no_acceptance_promise": 0.95})
