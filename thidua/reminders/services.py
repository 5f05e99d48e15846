"""E-mail reminders of deadlines: who gets which, once.

Policy (settings, from the environment):
- `THIDUA_REMINDER_DAYS` (default "7,1,0,-3"): thresholds in days before the due date; 0 is the
  due day, a negative number a reminder that many days after it (overdue).
- Each run sends, for each open deadline, the most urgent threshold already reached, unless it
  was sent before. So a run missed on the exact day (server down) catches up the next day, and
  a deadline first seen 3 days before its date gets the "1 day" reminder later and no "7 days"
  one. A deadline stays open until the work is done, so overdue ones get the last threshold once.
- Recipients: active users with an e-mail who hold, for the deadline's year (or every year), the
  acting unit's officer or head role; the Trưởng/Phó trưởng cụm for a cluster's own deadlines
  (explicit grants, and the officers and heads of the leading units); the province office for
  province-level ones. One e-mail per person per run, listing all their deadlines.
- A `SentReminder` row per (deadline, due date, threshold, person) is written in the same
  transaction as the e-mail is sent: if sending fails nothing is recorded and the next run
  retries; a unique constraint makes a concurrent second run skip what the first one sent.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from thidua.core.deadlines import Deadline
from thidua.organisations.models import CLUSTER_ROLES, UNIT_ROLES, ClusterMembership, ClusterRole, Role, RoleAssignment, Unit
from thidua.reminders import providers
from thidua.reminders.models import SentReminder
from thidua.reminders.selectors import status_text

logger = logging.getLogger(__name__)


def threshold_reached(days_left: int, thresholds: list[int]) -> int | None:
    """The most urgent threshold already reached: the smallest one not below `days_left`."""
    reached = [t for t in thresholds if days_left <= t]
    return min(reached) if reached else None


@dataclass
class ReminderItem:
    deadline: Deadline
    threshold: int
    days_left: int
    unit_name: str = ""

    @property
    def status(self) -> str:
        return status_text(self.days_left)

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def link(self) -> str:
        return settings.SITE_URL.rstrip("/") + self.deadline.url


@dataclass
class ReminderMail:
    recipient: object  # the user
    items: list[ReminderItem] = field(default_factory=list)


@dataclass
class ReminderRun:
    today: datetime.date
    dry_run: bool
    mails: list[ReminderMail] = field(default_factory=list)  # sent (or, in a dry run, to send)
    failed: list[str] = field(default_factory=list)  # addresses whose e-mail could not be sent

    @property
    def item_count(self) -> int:
        return sum(len(mail.items) for mail in self.mails)


def _recipients(deadlines: list[Deadline]) -> dict[Deadline, list]:
    """deadline -> the users who must act on it and can be e-mailed. A fixed number of queries."""
    unit_ids = {d.unit_id for d in deadlines if d.audience == "unit"}
    cluster_years = {(d.cluster_id, d.role_year) for d in deadlines if d.audience == "cluster"}
    leading: dict[tuple[int, int], set[int]] = defaultdict(set)  # (cluster, year) -> leading units
    if cluster_years:
        for cluster_id, year, unit_id in ClusterMembership.objects.filter(
            cluster_id__in={c for c, _ in cluster_years}, year__in={y for _, y in cluster_years},
            role__in=[ClusterRole.LEADER, ClusterRole.VICE],
        ).values_list("cluster_id", "year", "unit_id"):
            leading[(cluster_id, year)].add(unit_id)
    unit_ids |= {u for units in leading.values() for u in units}
    wanted = Q(role__in=UNIT_ROLES, unit_id__in=unit_ids)
    if cluster_years:
        wanted |= Q(role__in=CLUSTER_ROLES, cluster_id__in={c for c, _ in cluster_years})
    if any(d.audience == "office" for d in deadlines):
        wanted |= Q(role=Role.PROVINCE_OFFICE)
    grants = list(
        RoleAssignment.objects.filter(wanted, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username")
    )

    def holders(match) -> list:
        users = {}
        for grant in grants:
            if match(grant):
                users.setdefault(grant.user_id, grant.user)
        return list(users.values())

    def applies(grant, year: int) -> bool:
        return grant.year is None or grant.year == year

    result: dict[Deadline, list] = {}
    for d in deadlines:
        year = d.role_year
        if d.audience == "unit":
            result[d] = holders(lambda g: g.role in UNIT_ROLES and g.unit_id == d.unit_id and applies(g, year))
        elif d.audience == "cluster":
            units = leading[(d.cluster_id, year)]
            result[d] = holders(
                lambda g: applies(g, year) and (
                    (g.role in CLUSTER_ROLES and g.cluster_id == d.cluster_id)
                    or (g.role in UNIT_ROLES and g.unit_id in units)
                )
            )
        else:
            result[d] = holders(lambda g: g.role == Role.PROVINCE_OFFICE and applies(g, year))
    return result


def reminders_plan(today: datetime.date) -> list[ReminderMail]:
    """The e-mails a run on `today` would send: each recipient's deadlines at a threshold reached
    and not yet reminded. Reads only."""
    thresholds = settings.THIDUA_REMINDER_DAYS
    due_now = []
    for deadline in providers.open_deadlines(today):
        threshold = threshold_reached(deadline.days_left(today), thresholds)
        if threshold is not None:
            due_now.append((deadline, threshold))
    if not due_now:
        return []
    recipients = _recipients([d for d, _ in due_now])
    sent = set(
        SentReminder.objects.filter(object_key__in={d.key for d, _ in due_now}).values_list(
            "object_key", "due", "days_before", "recipient_id"
        )
    )
    unit_ids = {d.unit_id for d, _ in due_now if d.unit_id}
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name")) if unit_ids else {}
    mails: dict[int, ReminderMail] = {}
    for deadline, threshold in due_now:
        for user in recipients[deadline]:
            if (deadline.key, deadline.due, threshold, user.pk) in sent:
                continue
            mail = mails.setdefault(user.pk, ReminderMail(user))
            mail.items.append(
                ReminderItem(deadline, threshold, deadline.days_left(today), names.get(deadline.unit_id, ""))
            )
    return sorted(mails.values(), key=lambda m: m.recipient.get_username())


def _message(mail: ReminderMail, today: datetime.date) -> EmailMultiAlternatives:
    overdue = sum(item.overdue for item in mail.items)
    subject = f"[ThiĐua] Nhắc việc: {len(mail.items)} việc sắp đến hạn"
    if overdue:
        subject = f"[ThiĐua] Nhắc việc: {len(mail.items)} việc cần làm, {overdue} việc đã quá hạn"
    context = {
        "recipient": mail.recipient,
        "name": mail.recipient.get_full_name() or mail.recipient.get_username(),
        "items": mail.items,
        "today": today,
        "site_url": settings.SITE_URL.rstrip("/"),
        "province": settings.THIDUA_PROVINCE_NAME,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("reminders/email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.recipient.email],
    )
    message.attach_alternative(render_to_string("reminders/email.html", context), "text/html")
    return message


def _send_one(mail: ReminderMail, today: datetime.date) -> ReminderMail | None:
    """Record and send one person's e-mail atomically; returns what was sent (None: nothing)."""
    with transaction.atomic():
        kept = []
        for item in mail.items:
            try:
                with transaction.atomic():
                    SentReminder.objects.create(
                        object_key=item.deadline.key, kind=item.deadline.kind, due=item.deadline.due,
                        days_before=item.threshold, recipient=mail.recipient, email=mail.recipient.email,
                    )
            except IntegrityError:
                continue  # another run has just sent it
            kept.append(item)
        if not kept:
            return None
        sent = ReminderMail(mail.recipient, kept)
        _message(sent, today).send(fail_silently=False)  # raising rolls the records back
        return sent


def reminders_send(*, today: datetime.date | None = None, dry_run: bool = False) -> ReminderRun:
    """Send today's reminders (see the module's docstring for the policy). A dry run only plans."""
    today = today or timezone.localdate()
    run = ReminderRun(today=today, dry_run=dry_run)
    for mail in reminders_plan(today):
        if dry_run:
            run.mails.append(mail)
            continue
        try:
            sent = _send_one(mail, today)
        except Exception:  # one bad address or a mail server hiccup must not stop the others
            logger.exception("Reminder to %s could not be sent", mail.recipient.email)
            run.failed.append(mail.recipient.email)
            continue
        if sent:
            run.mails.append(sent)
    logger.info(
        "Reminders %s: %d e-mails, %d deadlines%s", today.isoformat(), len(run.mails), run.item_count,
        " (dry run)" if dry_run else "",
    )
    return run
