"""gwstd rules: the code catalogue and the domain rules, so that a code in a report can be looked up."""

# No `from __future__ import annotations`: typer reads the command's annotations at start-up.
from gwstd.cli.options import CodesFormat, CodesFormatOption

NAME, SHORT_HELP = "rules", "列出所有问题代码及其说明。"


def command(fmt: CodesFormatOption = CodesFormat.human) -> None:
    """列出所有问题代码及其标题、说明和示例,以及每条领域规则的代码、检查范围、说明和通过/不通过的示例。"""
    from gwstd.cli.output import finish, report_to
    from gwstd.diagnostics.codes import CODES
    from gwstd.reports.base import CodesReport
    from gwstd.rules.registry import RULES

    report_to("codes", fmt.value, CodesReport(codes=tuple(CODES.values()), rules=RULES))
    finish()
