"""Deterministic synthetic networks: realistic, valid, and as large as a benchmark needs.

:func:`network` builds a whole owner's network from a handful of numbers. The same
arguments always give the same records, ids included (everything comes from one
``random.Random(seed)``; the clock is never read), so a synthetic network can stand in
for a fixture, a benchmark input or a property-test example:

>>> import pendulum
>>> from relnet.synth import network
>>> net = network(
...     50,
...     400,
...     seed=7,
...     start=pendulum.datetime(2024, 1, 1, tz="Europe/London"),
...     end=pendulum.datetime(2025, 1, 1, tz="Europe/London"),
... )
>>> len(net.contacts), len(net.interactions)
(50, 400)
>>> net == network(
...     50,
...     400,
...     seed=7,
...     start=pendulum.datetime(2024, 1, 1, tz="Europe/London"),
...     end=pendulum.datetime(2025, 1, 1, tz="Europe/London"),
... )
True
>>> store = net.to_store()

What it holds:

* contacts in Dunbar's layers (about 1 % inner, 3 % close, 10 % active, half in the wider
  network and a third acquaintances), with names, organizations, headlines, tags,
  interests, roles (mentors, mentees, recruiters…), emails, phones, profile URLs, time
  zones, birthdays (a 29 February and a year-less one among them), a few cadences of
  their own, communities, introducers, and a few archived, do-not-contact or snoozed
  people;
* bursty interactions between ``start`` and ``end`` on every channel and in every
  direction: meetings (some followed by a thank-you), calls, videos, events with several
  participants, asks with their replies (some unanswered, some chased three times in
  vain), auto-replies, inbound mail left pending, social posts, notes, intros made for
  you and by you, advice from mentors and value given and received;
* goals (with cadences, targets and deadlines), commitments (yours and theirs, kept,
  overdue and upcoming), communities and the events that event interactions name.

Every record is built through its model constructor, so it is valid, and names only
records of the same network. Every instant is ``start`` plus whole seconds, in one of a
few IANA zones.
How it is built: in phases, each a function that returns a frozen plan the next one
takes, all drawing from one ``random.Random(seed)`` in a fixed order, each decision with
its own draw (or one draw cut into named fields):

1. the window (:mod:`relnet.synth._window`): the bounds as whole seconds, and the zones;
2. people (:mod:`relnet.synth._people`): circles, roles, introducers, names, how often
   each comes up;
3. gatherings (:mod:`relnet.synth._gatherings`): communities, memberships and events;
4. goals (:mod:`relnet.synth._goals`): the owner's goals and whom each links;
5. the schedule (:mod:`relnet.synth._schedule`): the busy spells episodes cluster in;
6. the history (:mod:`relnet.synth._episodes`): episodes played until the network holds
   exactly the interactions asked for, with the promises made on the way;
7. records (:mod:`relnet.synth._records`): contacts and commitments from the plans.

The generator needs no test tools; :mod:`relnet.testing.synth` re-exports it for code
written before it moved here.
"""

from relnet.synth._network import SyntheticNetwork, network
from relnet.synth._vocabulary import OWNER_TIMEZONE as OWNER_TIMEZONE  # a fact, not in __all__

__all__ = ["SyntheticNetwork", "network"]
