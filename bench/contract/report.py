"""The contract run's figures per caller (the lines tests/contract/test_openapi_contract.py writes to
VOLUMAP_CONTRACT_REPORT) as a Markdown table."""

from __future__ import annotations

import json
import sys


def main(path: str) -> None:
    with open(path) as report:
        turns = [json.loads(line) for line in report if line.strip()]
    print("| caller | requests | time (s) | requests/s | answers by status | findings |")
    print("| --- | ---: | ---: | ---: | --- | ---: |")
    for turn in turns:
        statuses = ", ".join(f"{status}: {count}" for status, count in sorted(turn["statuses"].items()))
        rate = turn["requests"] / turn["seconds"] if turn["seconds"] else 0.0
        print(f"| {turn['caller']} | {turn['requests']:,} | {turn['seconds']:.1f} | {rate:.0f} | {statuses} "
              f"| {turn['findings']} |")
    requests = sum(turn["requests"] for turn in turns)
    seconds = sum(turn["seconds"] for turn in turns)
    print(f"| **all** | **{requests:,}** | **{seconds:.1f}** | **{requests / seconds if seconds else 0:.0f}** | | "
          f"**{sum(turn['findings'] for turn in turns)}** |")
    if turns:
        print(f"\nHypothesis seed {turns[0]['seed']}.")


if __name__ == "__main__":
    main(sys.argv[1])
