"""The OpenAPI document is the contract: Schemathesis generates requests for every operation, valid and
invalid, and sends them to a real API process as each kind of caller (tests/contract/cast.py). Every answer
must be no server error, with a status and content type the operation documents, and a body its schema
allows. docs/development.md says how to run it alone; bench/contract/ measures it.

Time is capped twice: at most EXAMPLES requests per operation and caller, and a wall-clock budget per
caller (VOLUMAP_CONTRACT_BUDGET_S for the whole run, shared evenly): when a caller's turn runs late, its
remaining operations get fewer examples, never none."""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis import strategies as st
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.contract.cast import CALLERS, Caller
from tests.contract.conftest import ContractStack

# A caller's turn takes up to about 60 s under coverage, the first also starts the contract stack.
pytestmark = [pytest.mark.contract, pytest.mark.timeout(180)]

EXAMPLES = 20
BUDGET_S = float(os.environ.get("VOLUMAP_CONTRACT_BUDGET_S", "210"))
SEED = int(os.environ.get("VOLUMAP_CONTRACT_SEED", str(int(time.time()))))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Operations after which a person may no longer be signed in (or is someone else): sign-out, sign-in with
# other credentials, account deletion, password and e-mail changes.
SESSION_CHANGING = {
    "signOut", "signIn", "deleteMyAccount", "changePassword", "changeEmail", "confirmEmailChange", "resetPassword",
    "moderationSuspendUser", "dismissModerator", "removeMember", "changeMemberRole",
}
_ANSWER_CHARS = 600


@dataclass
class Finding:
    operation: str
    summary: str
    reproduction: str


@dataclass
class Turn:
    """One caller's run: what it sent and what it found."""

    caller: str
    requests: int = 0
    seconds: float = 0.0
    statuses: dict[int, int] = field(default_factory=dict)
    findings: dict[tuple[str, str], Finding] = field(default_factory=dict)


def _operations(stack: ContractStack) -> list[APIOperation]:
    return sorted((result.ok() for result in stack.schema.get_all_operations()), key=lambda op: op.label)


def _strategy(operation: APIOperation) -> st.SearchStrategy[Case]:
    """Valid and invalid requests; an operation with nothing to get wrong (no parameters, no body) has only
    valid ones."""
    positive = operation.as_strategy(generation_mode=GenerationMode.POSITIVE)
    takes_input = bool(operation.body) or any(True for _ in operation.iter_parameters())
    if not takes_input:
        return positive
    return st.one_of(positive, operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))


def _send(stack: ContractStack, caller: Caller, operation: APIOperation, turn: Turn, case: Case,
          real_ids: dict[str, str]) -> None:
    # Now and then a path names a record that exists, so that the request reaches past "not found".
    for name, value in real_ids.items():
        if case.path_parameters is not None and name in case.path_parameters:
            case.path_parameters[name] = value
    headers = caller.headers()
    response = case.call(base_url=stack.base_url, session=caller.http, headers=headers, timeout=30)
    turn.requests += 1
    turn.statuses[response.status_code] = turn.statuses.get(response.status_code, 0) + 1
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    except FailureGroup as group:
        for failure in group.exceptions:
            key = (operation.label, f"{failure.title} ({response.status_code})")
            if key not in turn.findings:
                turn.findings[key] = Finding(operation.label, key[1], _reproduction(case, response, headers))
    if caller.person is not None and (operation.definition.raw.get("operationId") in SESSION_CHANGING
                                      or response.status_code == 401):
        stack.cast.ensure_signed_in(caller)


def _reproduction(case: Case, response: Any, headers: dict[str, str]) -> str:
    curl = case.as_curl_command(headers=headers)
    return f"{curl}\n    → {response.status_code} {response.headers.get('content-type', '')}: " \
           f"{response.text[:_ANSWER_CHARS]}"


def _run_operation(stack: ContractStack, caller: Caller, operation: APIOperation, turn: Turn, examples: int) -> None:
    pools = {name: ids for name, ids in stack.cast.paths.items()
             if any(p.name == name for p in operation.path_parameters)}

    @seed(SEED)
    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), verbosity=Verbosity.quiet, report_multiple_bugs=False)
    @given(case=_strategy(operation), data=st.data())
    def run(case: Case, data: st.DataObject) -> None:
        real_ids = {}
        if pools and data.draw(st.booleans(), label="real ids"):
            real_ids = {name: data.draw(st.sampled_from(ids), label=name) for name, ids in pools.items()}
        _send(stack, caller, operation, turn, case, real_ids)

    run()


def _server_errors(stack: ContractStack) -> str:
    stack.log.seek(0)
    log = stack.log.read().decode(errors="replace")
    tracebacks = [part for part in re.split(r"\n(?=\S)", log) if "Traceback" in part]
    return "\n".join(tracebacks[-5:])


def _record(turn: Turn) -> None:
    """Per caller, the run's figures, for bench/contract/run.sh (VOLUMAP_CONTRACT_REPORT names the file)."""
    path = os.environ.get("VOLUMAP_CONTRACT_REPORT")
    if not path:
        return
    with open(path, "a") as report:
        report.write(json.dumps({"caller": turn.caller, "requests": turn.requests, "seconds": round(turn.seconds, 2),
                                 "statuses": turn.statuses, "findings": len(turn.findings), "seed": SEED}) + "\n")


@pytest.mark.parametrize("caller_name", CALLERS)
def test_every_operation_answers_as_documented(contract: ContractStack, caller_name: str) -> None:
    stack = contract
    stack.cast.restore()
    caller = stack.cast.callers[caller_name]
    operations = _operations(stack)
    turn = Turn(caller_name)
    started = time.monotonic()
    deadline = started + BUDGET_S / len(CALLERS)
    for index, operation in enumerate(operations):
        examples = EXAMPLES
        if turn.requests:
            per_request = (time.monotonic() - started) / turn.requests
            left = max(0.0, deadline - time.monotonic()) / (len(operations) - index)
            examples = max(1, min(EXAMPLES, int(left / per_request)))
        _run_operation(stack, caller, operation, turn, examples)
    turn.seconds = time.monotonic() - started
    _record(turn)

    findings = "\n\n".join(f"{f.operation}: {f.summary}\n    {f.reproduction}" for f in turn.findings.values())
    assert not turn.findings, (
        f"{len(turn.findings)} contract violations as {caller_name} (seed {SEED}):\n\n{findings}\n\n"
        f"Server tracebacks:\n{_server_errors(stack)}"
    )


def test_contract_callers_are_who_they_claim(contract: ContractStack) -> None:
    """The cast is what the run relies on: people signed in with their roles, the token accepted."""
    cast = contract.cast
    cast.restore()
    url = f"{contract.base_url}/api/v1/organisations/{cast.organisation['id']}/manage"

    roles = {name: cast.callers[name].http.get(url, headers=cast.callers[name].headers(), timeout=10)
             for name in ("owner", "editor", "api_token")}
    me = {name: cast.callers[name].http.get(f"{contract.base_url}/api/v1/me", timeout=10).json()
          for name in ("resident", "moderator", "admin")}
    anonymous = requests.get(f"{contract.base_url}/api/v1/me", timeout=10)

    assert [roles[name].json()["your_role"] for name in ("owner", "editor", "api_token")] == ["owner", "editor", None]
    assert [sorted(me[name]["roles"]) for name in ("resident", "moderator", "admin")] == [
        ["resident"], ["moderator", "resident"], ["admin", "resident"]]
    assert anonymous.status_code == 401
