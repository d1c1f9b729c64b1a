cmd-invite = my personal invite link and poster
cmd-invites = my referrals: confirmed, pending, void (add "why" for each)
cmd-invites_top = the referral board: 7, 30 days or the campaign
cmd-referral = referral admin: stats, queue, export, add, remove, void, block, unblock
arg-period = period

referrals-no-community = Referrals work in a community's group, or privately once you are a member.
referrals-no-links = This community's platforms make no invite links here, so there is nothing to share yet.
referrals-invite = Your personal invite. Friends who join through it and stay count for you: { $count ->
    [one] one so far
   *[other] { $count } so far
}.
referrals-invite-link = { $platform }: { $url }
referrals-next = { $left ->
    [one] One more
   *[other] { $left } more
} for the next reward ({ $points } points).
referrals-all-done = You have reached every reward of this campaign. Thank you!
referrals-mine = Your referrals: { $confirmed } confirmed, { $pending } pending, { $void } void, { $held } waiting for an admin. Counting toward rewards: { $score }.
referrals-why-line = { $name }: { $status ->
    [pending] pending
    [confirmed] confirmed
    [void] void
    [hold] on hold
    [uncertain] uncertain
   *[other] unknown
}{ $reason ->
    [none] {""}
   *[other] {" "}({ $reason })
}
referrals-why-none = Nobody has joined through your link yet.
referrals-reason-not-ours = not a link the bot made
referrals-reason-revoked = a revoked link
referrals-reason-no-link = joined without a link
referrals-reason-race = joined at the same moment as others; { $invites } invites possible
referrals-reason-blacklisted = the inviter is blacklisted
referrals-reason-self = self-invite
referrals-reason-rejoin = rejoin
referrals-reason-young-account = account { $days } days old
referrals-reason-velocity = on hold: { $joins } joins in { $minutes } minutes
referrals-reason-left = left after { $seconds } s
referrals-reason-admin = voided by an admin
referrals-board-empty = No confirmed referrals yet.
referrals-board-title = Referral board ({ $period ->
    [week] 7 days
    [month] 30 days
   *[other] this campaign
})
referrals-board-line = { $rank }. { $name }: { $count }{ $badge }
referrals-stats = Joins: { $joins } (confirmed { $confirmed }, pending { $pending }, void { $void }, on hold { $held }, uncertain { $uncertain }, unknown { $unknown }). Confirmation rate: { $rate }%. Top referrers:
referrals-policy = { $platform }: { $rewards ->
    [yes] referrals earn rewards
   *[other] recognition only (the board), no rewards
} (rewards_on in [plugins.referrals])
referrals-queue-empty = Nothing waits for review.
referrals-queue-hold = { $name }'s link: { $joins } joins on hold (too many too fast).
referrals-queue-uncertain = { $name } joined on Discord at the same moment as others: { $count } inviters possible. Who gets it?
referrals-queue-prize = Send { $name } the prize for { $step } referrals: { $prize }
referrals-button-approve = Approve
referrals-button-void = Void
referrals-button-credit = Credit { $name }
referrals-button-sent = Prize sent
referrals-held-done = { $count } joins { $verdict ->
    [approve] approved
   *[other] voided
}.
referrals-already-done = Already handled.
referrals-resolved = Done.
referrals-prize-noted = Noted as sent.
referrals-admin-who = Name the member: /referral { "<action>" } @member
referrals-admin-adjust-usage = Use /referral add @member 2 reason (or remove), with a number from 1 to 1000 and a reason.
referrals-adjusted = { $name }: { $amount } toward the rewards, noted.
referrals-voided = { $name }: { $count } joins voided.
referrals-blocked = { $name } is blacklisted: their links credit nobody.
referrals-unblocked = { $name } is off the blacklist.
referrals-exported = { $count } joins exported.
referrals-step-reached = You reached { $count ->
    [one] one referral
   *[other] { $count } referrals
}!{ $points ->
    [0] {""}
   *[other] {" "}+{ $points } points.
}{ $cards ->
    [0] {""}
    [one] {" "}+1 make-up card.
   *[other] {" "}+{ $cards } make-up cards.
}{ $prize ->
    [none] {""}
   *[other] {" "}An admin will send you: { $prize }.
}
referrals-confirmed = A friend you invited is now confirmed: { $count } counting toward { $goal ->
    [0] rewards
   *[other] the next reward at { $goal }
}. Here is your poster with it.
referrals-poster-headline = Join us, grow together
referrals-poster-progress = { $count }/{ $goal } joined
referrals-poster-next = { $left } more for { $points } points
referrals-poster-all-done = Every reward reached
referrals-poster-scan = Scan to join
