## Check-in streaks (打卡)

cmd-checkin = check in for today, with an optional note or photo
cmd-makeup = fill a missed day with a make-up card (a date or "yesterday")
cmd-away = declare planned leave for the next days
cmd-remind = choose reminders: on (in the group), dm (private message) or off
cmd-timezone = set your own time zone for your day boundary ("reset" to use the community's)
cmd-streak = show a streak: current, longest, total, cards, freezes and this month
cmd-why = explain your streak day by day
cmd-calendar = your month as a calendar image (YYYY-MM)
cmd-rank = leaderboard: week, month or all; by streak, total or points
cmd-checkin_rules = show this community's check-in rules
cmd-checkin_stats = check-in statistics for organisers (admins)
cmd-checkin_fix = add or remove a member's check-in for a day (admins)
cmd-checkin_export = download a month's check-ins as CSV (admins)
cmd-checkin-note = what you did today (optional)
cmd-makeup-day = the missed day: yesterday, YYYY-MM-DD or MM-DD
cmd-away-days = how many days, from today
cmd-away-reason = why (optional)
cmd-remind-mode = on, dm or off
cmd-remind-mode-on = in the group
cmd-remind-mode-dm = by private message
cmd-remind-mode-off = no reminders
cmd-timezone-zone = a time zone such as Asia/Shanghai, or "reset"
cmd-streak-who = whose streak (you, if left out)
cmd-why-day = the day to explain (today, if left out)
cmd-calendar-month = the month: YYYY-MM, or a month number of this year
cmd-rank-period = week, month or all time
cmd-rank-period-week = this week
cmd-rank-period-month = this month
cmd-rank-period-all = all time
cmd-rank-metric = streak, total or points
cmd-rank-metric-streak = current streak
cmd-rank-metric-total = days checked in
cmd-rank-metric-points = points
cmd-checkin_fix-who = the member
cmd-checkin_fix-day = the day: YYYY-MM-DD or MM-DD
cmd-checkin_fix-action = add or remove the check-in
cmd-checkin_fix-action-add = add a check-in
cmd-checkin_fix-action-remove = remove the check-in
cmd-checkin_fix-reason = why (kept in the audit log)
cmd-checkin_export-month = the month: YYYY-MM, or a month number of this year


checkin-done = ✅ { $who } checked in — { $count ->
    [one] the first today
   *[other] number { $count } today
}. Streak: { $streak ->
    [one] 1 day
   *[other] { $streak } days
} (longest { $longest }). { $points ->
    [0] No points this time.
    [one] +1 point.
   *[other] +{ $points } points.
}
checkin-already = You already checked in today at { $time }. See you tomorrow!
checkin-already-elsewhere = You already checked in today at { $time } on { $platform }. See you tomorrow!
checkin-outside-window = Check-ins are open from { $start } to { $end } only.
checkin-rest-day = Today is a rest day: it neither counts nor breaks your streak. Enjoy it!
checkin-proof-needed = To count, a check-in needs a note of at least { $chars ->
    [one] one character
   *[other] { $chars } characters
} or a photo, e.g. /checkin read 20 pages.
checkin-proof-needed-note = To count, a check-in needs a note of at least { $chars ->
    [one] one character
   *[other] { $chars } characters
}, e.g. /checkin read 20 pages.
checkin-milestone = 🎉 { $who } reached a { $days }-day streak! +{ $bonus ->
    [one] 1 bonus point
   *[other] { $bonus } bonus points
}.
checkin-card-earned = 🎟 You earned a make-up card ({ $cards ->
    [one] 1 card
   *[other] { $cards } cards
} held).
checkin-freeze-earned = ❄️ You earned a streak freeze ({ $freezes ->
    [one] 1 freeze
   *[other] { $freezes } freezes
} held).

checkin-makeup-done = 🔁 { $who } made up { $day } with a card. Streak: { $streak ->
    [one] 1 day
   *[other] { $streak } days
}; { $cards ->
    [0] no cards left.
    [one] 1 card left.
   *[other] { $cards } cards left.
}
checkin-makeup-future = { $day } has not happened yet.
checkin-makeup-today = { $day } is today: just /checkin.
checkin-makeup-before-join = { $day } is before you joined.
checkin-makeup-outside-window = { $day } is too long ago: make-ups reach back { $days ->
    [one] one day
   *[other] { $days } days
}.
checkin-makeup-covered = { $day } needs no make-up: it is already counted, covered or a rest day.
checkin-makeup-no-card = You have no make-up card. You earn one for every week of streak.

checkin-away-done = 🏖 { $who } is on leave { $first } – { $last } ({ $days ->
    [0] no days: those are rest days
    [one] 1 day
   *[other] { $days } days
}). Reason: { $reason }. Their streak waits for them.
checkin-away-bad-days = Give a number of days from 1 to { $cap }, e.g. /away 2 trip.
checkin-away-cap = That is more leave than { $month } allows ({ $cap ->
    [one] 1 day
   *[other] { $cap } days
} a month; { $left ->
    [0] none
    [one] 1 day
   *[other] { $left } days
} left).

checkin-remind-on = Reminders on: I'll mention you in the group if your streak is at risk.
checkin-remind-dm = Reminders by private message: I'll write to you if your streak is at risk.
checkin-remind-off = Reminders off.
checkin-remind-group-title = ⏰ Streaks ending soon — check in with /checkin:
checkin-remind-group-line = { $who }: { $streak ->
    [one] 1-day streak
   *[other] { $streak }-day streak
} ends in { $hours ->
    [one] 1 h
   *[other] { $hours } h
}
checkin-remind-dm-text = ⏰ Your { $streak }-day streak ends in { $hours ->
    [one] 1 h
   *[other] { $hours } h
}. Check in with /checkin.

checkin-timezone-show = Your day follows the time zone { $zone }. Change it with /timezone Europe/Berlin.
checkin-timezone-set = Your day now follows the time zone { $zone }.
checkin-timezone-bad = I don't know the time zone “{ $zone }”. Use an IANA name such as Europe/Berlin or Asia/Shanghai.

checkin-streak = 🔥 { $who }: current streak { $current ->
    [one] 1 day
   *[other] { $current } days
}, longest { $longest ->
    [one] 1 day
   *[other] { $longest } days
}, { $total ->
    [one] 1 day
   *[other] { $total } days
} in total.
    Make-up cards: { $cards } · Freezes: { $freezes }{ $next ->
    [0] {""}
   *[other] {""} · Next milestone: { $next } days
}
    { $month }: { $glance }

checkin-why-title = How { $who }'s streak was decided:
checkin-why-checked = { $day } checked in: streak { $before } → { $after }
checkin-why-made-up = { $day } made up with a card: streak { $before } → { $after }
checkin-why-admin-added = { $day } added by { $admin } ({ $reason }): streak { $before } → { $after }
checkin-why-missed-reset = { $day } missed: no check-in before { $deadline } on { $deadline_day }; streak reset ({ $before } → 0)
checkin-why-missed = { $day } missed: no check-in before { $deadline } on { $deadline_day }
checkin-why-removed = { $day } check-in removed by { $admin } ({ $reason }); streak { $before } → { $after }
checkin-why-frozen = { $day } covered by a freeze: streak stays { $after }
checkin-why-repaired = { $day } repaired automatically (forgiving rules): streak stays { $after }
checkin-why-leave = { $day } on leave: streak stays { $after }
checkin-why-rest = { $day } rest day: streak stays { $after }
checkin-why-and = { " · " }
checkin-why-card = earned a make-up card
checkin-why-freeze = earned a freeze
checkin-why-milestone = reached { $days } days
checkin-why-nothing = Nothing to explain yet: your first day is not over.

checkin-calendar-title = { $name } · { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }
checkin-calendar-weekdays = Mon Tue Wed Thu Fri Sat Sun
checkin-calendar-checked = checked in
checkin-calendar-made-up = made up
checkin-calendar-frozen = frozen
checkin-calendar-leave = leave
checkin-calendar-rest = rest day
checkin-calendar-missed = missed
checkin-calendar-caption = Your check-ins in { $month }.
checkin-button-calendar = 📅 My calendar
checkin-button-rank = 🏆 Rank
checkin-button-checkin-now = ✅ Check in now
checkin-button-makeup = 🎟 Use a make-up card
checkin-button-stale = This reminder was for { $day }. Send /checkin to check in today.
checkin-streak-lost = Your { $streak }-day streak ended on { $day }. You have { $cards ->
    [one] a make-up card
   *[other] { $cards } make-up cards
}: use one to win it back.
checkin-calendar-bad-month = “{ $value }” is not a month; write it as YYYY-MM (e.g. 2026-03), or a month number of this year (e.g. 3).

checkin-period-week = this week
checkin-period-month = this month
checkin-period-all = all time
checkin-rank-title-streak = 🏆 Current streaks
checkin-rank-title-total = 🏆 Check-in days, { $period }
checkin-rank-title-points = 🏆 Check-in points, { $period }
checkin-rank-line-streak = { $rank }. { $name } — { $value ->
    [one] 1 day
   *[other] { $value } days
}
checkin-rank-line-total = { $rank }. { $name } — { $value ->
    [one] 1 day
   *[other] { $value } days
}
checkin-rank-line-points = { $rank }. { $name } — { $value ->
    [one] 1 point
   *[other] { $value } points
}
checkin-rank-you-streak = You: #{ $rank } with { $value ->
    [one] 1 day
   *[other] { $value } days
}
checkin-rank-you-total = You: #{ $rank } with { $value ->
    [one] 1 day
   *[other] { $value } days
}
checkin-rank-you-points = You: #{ $rank } with { $value ->
    [one] 1 point
   *[other] { $value } points
}
checkin-rank-you-none = You are not on this board yet: /checkin to get on it.
checkin-rank-empty = Nobody yet.

checkin-rules-classic = Rules: classic — check in every day; a missed day resets the streak.
checkin-rules-forgiving = Rules: forgiving — a missed day is repaired automatically once every { $every ->
    [one] day
   *[other] { $every } days
}; otherwise it resets the streak.
checkin-rules-workdays = Rules: workdays — { $rest } are rest days: they neither count nor break the streak.
checkin-rules-window = Rules: window — check in between { $start } and { $end } (local time); outside it nothing counts.
checkin-rules-day = A day starts at { $hour }:00 ({ $zone }); /timezone sets your own zone.
checkin-rules-window-day = Each day's window belongs to the day it opens on.
checkin-rules-points = Each check-in gives { $points ->
    [one] 1 point
   *[other] { $points } points
}. Say /checkin or { $keywords }.
checkin-rules-makeup = /makeup fills a missed day of the last { $days ->
    [one] day
   *[other] { $days } days
} with a card; you earn a card every { $every } streak days (at most { $max } held).
checkin-rules-freezes = A freeze (one every { $every } streak days, at most { $max } held) covers a missed day automatically.
checkin-rules-leave = /away declares leave: up to { $days ->
    [one] 1 day
   *[other] { $days } days
} a month; leave neither counts nor breaks.
checkin-rules-milestones = Milestones: { $list } days, each with { $bonus ->
    [one] 1 bonus point
   *[other] { $bonus } bonus points
}.
checkin-rules-proof = A check-in needs a note of at least { $chars ->
    [one] one character
   *[other] { $chars } characters
} or a photo.
checkin-weekday-mon = Monday
checkin-weekday-tue = Tuesday
checkin-weekday-wed = Wednesday
checkin-weekday-thu = Thursday
checkin-weekday-fri = Friday
checkin-weekday-sat = Saturday
checkin-weekday-sun = Sunday

checkin-stats-today = Today: { $checked } of { $active ->
    [one] 1 active member
   *[other] { $active } active members
} checked in.
checkin-stats-trend = Last 7 days: { $trend }
checkin-stats-longest = Longest streaks: { $list }
checkin-stats-at-risk = At risk (missed 2 of the last 3 days): { $count } — { $list }
checkin-stats-away = On leave today: { $count } — { $list }

checkin-fix-add-done = ✔ Added { $day } for { $who } ({ $reason }). Streak now { $streak }, longest { $longest }.
checkin-fix-remove-done = ✔ Removed { $day } for { $who } ({ $reason }). Streak now { $streak }, longest { $longest }.
checkin-fix-future = { $day } has not happened yet.
checkin-fix-before-join = { $day } is before that member joined.
checkin-fix-already = { $day } is already checked in for that member.
checkin-fix-not-found = That member has no check-in on { $day }.

checkin-export-done = Check-ins of { $month }: { $count ->
    [one] 1 row
   *[other] { $count } rows
}.

checkin-digest-title = 📋 Check-in digest for { $day }
checkin-digest-counts = Checked in: { $checked } · Late (made up): { $late } · Missed: { $missed } · Active members: { $active }
checkin-digest-rate = Rate: { $rate }% (7-day average { $average }%) · Trend: { $trend }
checkin-digest-missed-by = We missed you:{ " " }
checkin-list-separator = { ", " }
arg-note = note
arg-month = month
arg-days = days
arg-zone = time zone
arg-mode = mode
arg-period = period
arg-metric = metric
