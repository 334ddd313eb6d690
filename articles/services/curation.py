"""Editors' corrections of the directory, seen from the articles' side.

`people` merges its own rows and sends a signal; the receivers in articles/signals.py call
`move_official_rows` / `move_unit_rows` here to move what articles own (mentions, events), so
that a merge loses nothing and `people` never imports `articles`.
"""

from __future__ import annotations

from django.db import transaction

from articles.models import Event, OfficialMention, PositionSighting, UnitMention
from people.models import Official, Position, Unit


def move_official_rows(*, source: Official, target: Official) -> None:
    """After a merge of `source` into `target`: their mentions and events become target's."""
    for mention in OfficialMention.objects.filter(official=source):
        twin = OfficialMention.objects.filter(article=mention.article, official=target).first()
        if twin is None:
            mention.official = target
            mention.save()
            continue
        twin.titles = list(dict.fromkeys([*twin.titles, *mention.titles]))
        twin.rank = twin.rank or mention.rank
        twin.unit = twin.unit or mention.unit
        twin.confidence = max(twin.confidence, mention.confidence)
        twin.confirmed = twin.confirmed or mention.confirmed
        twin.save()
        mention.delete()
    Event.objects.filter(lead_official=source).update(lead_official=target)
    for event in Event.objects.filter(officials=source):
        event.officials.remove(source)
        event.officials.add(target)


def move_position_rows(*, source: Position, target: Position) -> None:
    """Before a merge deletes `source`: the articles that show it show `target`."""
    shown = PositionSighting.objects.filter(position=target).values("article_id")
    PositionSighting.objects.filter(position=source).exclude(article_id__in=shown).update(
        position=target
    )


def move_unit_rows(*, source: Unit, target: Unit) -> None:
    """After a merge of `source` into `target`: their mentions and events become target's."""
    for mention in UnitMention.objects.filter(unit=source):
        twin = UnitMention.objects.filter(article=mention.article, unit=target).first()
        if twin is None:
            mention.unit = target
            mention.save()
            continue
        twin.confidence = max(twin.confidence, mention.confidence)
        twin.save()
        mention.delete()
    OfficialMention.objects.filter(unit=source).update(unit=target)
    Event.objects.filter(host_unit=source).update(host_unit=target)
    for event in Event.objects.filter(units=source):
        event.units.remove(source)
        event.units.add(target)


@transaction.atomic
def split_official(
    *, official: Official, mentions: list[OfficialMention], name: str = ""
) -> Official:
    """Move some of an official's mentions to a new official (two people with one name).

    The positions seen only through the moved articles go with them.
    """
    if not mentions:
        raise ValueError("Chọn ít nhất một lần nhắc đến để tách.")
    if any(m.official_id != official.pk for m in mentions):
        raise ValueError("Các lần nhắc đến phải thuộc về cán bộ đang tách.")
    if len(mentions) == official.mentions.count():
        raise ValueError("Không thể tách tất cả: hãy sửa trực tiếp cán bộ này.")
    # No rank, title or unit typed on the new record: readers see those of its published
    # mentions (articles.selectors.with_public_facts), and the unit tells the two apart.
    new = Official.objects.create(name=name or official.name, unit=mentions[-1].unit)
    moved_articles = [m.article_id for m in mentions]
    OfficialMention.objects.filter(pk__in=[m.pk for m in mentions]).update(
        official=new, confirmed=True
    )
    for event in Event.objects.filter(officials=official, articles__in=moved_articles).distinct():
        event.officials.remove(official)
        event.officials.add(new)
        if event.lead_official_id == official.pk:
            event.lead_official = new
            event.save(update_fields=["lead_official"])
    kept_units = set(
        OfficialMention.objects.filter(official=official).values_list("unit_id", flat=True)
    )
    for position in Position.objects.filter(official=official):
        if position.unit_id in {m.unit_id for m in mentions} and position.unit_id not in kept_units:
            position.official = new
            position.save()
    return new
