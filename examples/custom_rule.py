"""A custom rule beside the default ones: congratulate people who just changed jobs.

Run it with ``python examples/custom_rule.py``. It builds a small network in memory,
adds the rule to the default policy and prints the day's agenda.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
import pendulum

from relnet import Channel, Circle, Contact, Engine, InMemoryStore, Interaction, Reason, Settings
from relnet.model import epoch_us
from relnet.policy import Candidate, Context, Proposal, Suppression, default_rules
from relnet.policy.dates import add_days

DAY_US = 86_400_000_000


@attrs.frozen
class NewJob:
    """Contacts tagged ``new-job`` get congratulations, unless you reached them recently."""

    name: str = "new_job"
    base: float = 75.0
    quiet_days: int = 14

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        if "new-job" not in context.contact.tags:
            return ()
        reach = context.summary.last_reach
        now_us = epoch_us(context.now)
        if reach is not None and reach >= now_us - self.quiet_days * DAY_US:
            if not context.explaining:
                return ()
            when = context.local_date(reach).isoformat()
            return (Suppression(Reason.KEEP_IN_TOUCH, f"you wrote to {context.name} on {when}"),)
        return (
            Proposal(
                Reason.KEEP_IN_TOUCH,
                due=add_days(context.today, 1),
                available=context.today,
                base=self.base,
                why=f"{context.name} has a new job; a short note goes a long way.",
                action=f"Congratulate {context.name}",
            ),
        )


def main() -> None:
    now = pendulum.datetime(2026, 11, 25, 9, 30, tz="Europe/London")
    store = InMemoryStore(settings=Settings(timezone="Europe/London"))
    store.add_contact(Contact("Ada Lovelace", id="ada", tags={"new-job"}))
    store.add_contact(Contact("Bo Chen", id="bo", tags={"new-job"}, circle=Circle.ACQUAINTANCE))
    store.add_contact(Contact("Cy Dunn", id="cy", circle=Circle.CLOSE))
    store.add_interaction(
        Interaction(["ada"], now.subtract(days=3), Channel.EMAIL, direction="outbound")
    )
    store.add_interaction(Interaction(["cy"], now.subtract(days=40), Channel.MEETING))

    engine = Engine(rules=default_rules().plus(NewJob()))
    agenda = engine.agenda(store, now=now)
    for item in agenda:
        print(f"{item.priority:6.1f}  {item.text}")
    congratulated = [item.contact for item in agenda if item.text.startswith("Congratulate")]
    # Bo is congratulated; Ada was written to three days ago, so she is not.
    assert congratulated == ["bo"], congratulated
    print(engine.explain(store, "ada", now=now).considered[-1].line)


if __name__ == "__main__":
    main()
