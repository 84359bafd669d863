"""Output validation with Guardrails AI: every answer cites a policy section and never promises
that a merchant will be accepted."""

import re

from guardrails import Guard, OnFailAction
from guardrails.validator_base import FailResult, PassResult, ValidationResult, Validator, register_validator

SECTION_CITATION = re.compile(r"\[(?:§\s*)?(\d+(?:\.\d+)+)\]")
ACCEPTANCE_PROMISES = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\byou (?:will|are going to) be (?:accepted|approved)\b",
        r"\bguarantee[sd]? (?:your )?(?:acceptance|approval)\b",
        r"\bsie werden (?:sicher |garantiert )?(?:angenommen|akzeptiert|freigeschaltet)\b",
        r"\bapproval is (?:certain|guaranteed)\b",
    )
]


def cited_sections(text: str) -> list[str]:
    return SECTION_CITATION.findall(text)


def acceptance_promises(text: str) -> list[str]:
    return [match.group(0) for pattern in ACCEPTANCE_PROMISES for match in pattern.finditer(text)]


@register_validator(name="acme/cites-policy-section", data_type="string")
class CitesPolicySection(Validator):
    def validate(self, value: str, metadata: dict) -> ValidationResult:
        allowed = set(metadata.get("retrieved_sections", []))
        cited = cited_sections(value)
        if not cited:
            return FailResult(error_message="The answer cites no policy section.")
        unknown = [s for s in cited if s not in allowed]
        if unknown:
            return FailResult(error_message=f"The answer cites sections that were not retrieved: {unknown}")
        return PassResult()


@register_validator(name="acme/no-acceptance-promise", data_type="string")
class NoAcceptancePromise(Validator):
    def validate(self, value: str, metadata: dict) -> ValidationResult:
        promises = acceptance_promises(value)
        if promises:
            return FailResult(error_message=f"The answer promises acceptance: {promises}")
        return PassResult()


def output_guard() -> Guard:
    return Guard(name="onboarding-answer").use_many(
        CitesPolicySection(on_fail=OnFailAction.EXCEPTION),
        NoAcceptancePromise(on_fail=OnFailAction.EXCEPTION),
    )
