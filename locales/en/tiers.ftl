## Tier roles (会员层级)

cmd-tier = your tier, XP, next threshold and activity; "why" shows XP by source
cmd-levels = the XP board: all time or this season
cmd-tier_stats = tier distribution, promotions and step-downs this month (admins)
cmd-tier_set = set a member's earned tier, with a reason (admins)
cmd-tier_grant = grant a tier for some days, with a reason (admins)
cmd-tier_revoke = end a member's granted tier, with a reason (admins)
cmd-tier_queue = members waiting for approval to a top tier (admins)
cmd-tier_schedule = who is warned and who steps down when (admins)
cmd-tier_export = download every member's tier and XP as CSV (admins)
cmd-tier_season = start a new season, keeping a share of season XP (admins)
cmd-xp = give or take a member's XP, with a reason (admins)
cmd-tier-detail = "why": your XP by source for the last 30 days
cmd-tier-detail-why = XP by source
cmd-levels-period = all time or this season
cmd-levels-period-season = this season
cmd-levels-period-all = all time
cmd-tier_set-who = the member
cmd-tier_set-tier = the tier's key, e.g. core
cmd-tier_set-reason = why (kept in the audit)
cmd-tier_grant-who = the member
cmd-tier_grant-tier = the tier's key, e.g. elder
cmd-tier_grant-days = for how many days
cmd-tier_grant-reason = why (kept in the audit)
cmd-tier_revoke-who = the member
cmd-tier_revoke-reason = why (kept in the audit)
cmd-tier_season-reason = a note for the audit (optional)
cmd-xp-action = give or take
cmd-xp-action-give = give XP
cmd-xp-action-take = take XP
cmd-xp-who = the member
cmd-xp-amount = how much XP
cmd-xp-reason = why (kept in the audit)
arg-detail = detail
arg-tier = tier
arg-xp = XP
arg-amount = amount

tiers-status = Your tier: { $tier } · level { $level } · { $xp } XP ({ $into }/{ $needed } into this level)
tiers-next = Next: { $tier } at { $xp } XP ({ $left } to go)
tiers-top = You are in the top tier.
tiers-needs-streak = It also asks for { $days } days in a row of { $kind }.
tiers-needs-count = It also asks for { $count ->
    [one] one { $kind }
   *[other] { $count } × { $kind }
}.
tiers-needs-approval = It is given after an admin's approval.
tiers-needs-approval-waiting = You are eligible: an admin will review it.
tiers-floor = Activity: { $recent } XP in the last { $days } days; { $tier } asks for { $floor }.
tiers-steps-down-on = If it stays below, you step down to { $tier } on { $date }.
tiers-granted-until = Granted: { $tier } until { $date }.
tiers-privileges = Privileges: { $list }
tiers-why-title = Your XP by source, last { $days } days:
tiers-why-line = { $source }: { $xp } XP ({ $times ->
    [one] once
   *[other] { $times } times
})
tiers-why-none = Nothing yet. Check in, hand in homework or take part to earn XP.
tiers-board-title = XP board, all time:
tiers-board-title-season = XP board, this season:
tiers-board-line = { $place }. { $name } · level { $level } · { $xp } XP · { $tier }
tiers-board-empty = Nobody has XP yet.

tiers-promoted-public = 🎉 { $who } is now { $tier }!
tiers-promoted-private = 🎉 You are now { $tier }! Thank you for taking part.
tiers-approval-waiting = You are eligible for { $tier }. An admin will review it and I'll tell you either way.
tiers-approval-approved = An admin approved you for { $tier }. Welcome!
tiers-approval-declined = An admin declined { $tier } for now. Keep taking part: you keep your current tier.
tiers-floor-warning = Heads-up: to keep { $tier } you need { $need } more XP within the last { $days } days. If not, you step down one tier on { $date }.
tiers-stepped-down = You stepped down from { $old } to { $new } after a quiet spell. Your XP is all kept; become active again to climb back.
tiers-grant-received = You have been granted { $tier } until { $date }.
tiers-grant-ending = Your granted { $tier } ends on { $date }.
tiers-chat-invite = As { $tier } you may join the tier's own chat: { $link } (a link for you alone)
tiers-grant-ended = Your granted { $tier } has ended; you are back at the tier you earned.

tiers-rights-role_order = I can't give tier roles on { $platform }: my role sits below { $detail }. Move my role above the tier roles in the server settings.
tiers-rights-manage_roles = I can't give tier roles on { $platform }: I need the Manage Roles permission.
tiers-rights-manage_tags = I can't show tiers as member tags on { $platform }: make me an admin with the right to edit member tags.

tiers-no-such-tier = There is no tier “{ $tier }”. Tiers: { $choices }.
tiers-reason-needed = Give a reason: it is kept in the audit.
tiers-bad-days = Give a number of days from 1 to { $max }.
tiers-bad-amount = Give an amount of XP from 1 to 1000000.
tiers-set-done = { $who } now holds { $tier } (audited).
tiers-grant-done = { $who } holds { $tier } until { $date } (audited).
tiers-revoke-done = { $who }'s granted tier has ended (audited).
tiers-revoke-nothing = { $who } holds no granted tier.
tiers-xp-give-done = Gave { $who } { $amount } XP; they have { $xp } XP now (audited).
tiers-xp-take-done = Took { $amount } XP from { $who }; they have { $xp } XP now (audited).
tiers-queue-empty = Nobody is waiting for approval.
tiers-queue-item = { $who } is eligible for { $tier }.
tiers-approve-button = Approve
tiers-decline-button = Decline
tiers-queue-approved = Approved { $who }.
tiers-queue-declined = Declined { $who }.
tiers-queue-decided = Already decided.
tiers-schedule-empty = Nobody is below their tier's activity floor.
tiers-schedule-title = Below the activity floor:
tiers-schedule-line = { $who } ({ $tier }): steps down on { $date }, warned { $warned }
tiers-export-done = { $count } members' tiers and XP.
tiers-season-done = A new season began for { $count } members; { $keep }% of season XP kept.
tiers-stats-title = Tiers:
tiers-stats-tier = { $tier }: { $count }
tiers-stats-month = This month: { $promoted } promoted, { $stepped } stepped down, { $granted } granted.
tiers-stats-queue = Waiting for approval: { $waiting }; granted tiers running: { $grants }.
tiers-stats-rights = Missing bot right: { $problem }
tiers-rights-restrict_members = I can't keep tiers from posting links or media on { $platform }: make me an admin with the right to restrict members.
cmd-tier_sync = place members on the current tier ladder again: one now, or everyone in the background (admins)
cmd-tier_sync-who = the member (none: everyone)
tiers-sync-one-done = { $who } holds { $tier }; their roles, tag and restrictions were set again on every platform.
tiers-sync-all-started = Re-syncing { $count } members to the current tiers, { $pace } a second; each moved member is audited.
cmd-tier_threshold = change a tier's XP threshold for this community; members move in the background (admins)
cmd-tier_threshold-tier = the tier's key, e.g. core
cmd-tier_threshold-xp = the XP from which it is earned, or "default" for the settings' own
tiers-threshold-done = { $tier } is now earned from { $after } XP (it was { $before }; audited). Re-syncing { $count } members to it, { $pace } a second.
tiers-threshold-lowest = { $tier } is the lowest tier: it holds every member from 0 XP.
tiers-threshold-bad-xp = Give the XP as a whole number from 0 to { $max }, or "default".
tiers-threshold-order = Thresholds must climb: { $tier } needs from { $low } XP ({ $below }) to { $high } XP ({ $above }).
tiers-threshold-order-top = Thresholds must climb: { $tier } needs at least { $low } XP ({ $below }).
