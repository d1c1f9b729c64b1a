## Course camps (训练营)

cmd-camps = list the camp cohorts open for enrolment
cmd-camp = run camps (admins): reload, open, list, queue, stats, export, excuse, move, remove, announce
cmd-camp-action = what to do
cmd-camp-action-reload = read the camp files again
cmd-camp-action-open = open a cohort: <camp> <start date>
cmd-camp-action-list = list this community's cohorts
cmd-camp-details = what the action needs
arg-action = action
arg-details = details

camps-phase-upcoming = enrolling
camps-phase-running = running
camps-phase-ended = ended
camps-phase-closed = closed
camps-seats-left = { $left ->
    [0] full
    [one] 1 seat left
   *[other] { $left } seats left
} of { $seats }
camps-seats-open = { $taken } enrolled, no seat limit
camps-cohort-line = 📚 { $title } — { $cohort }: { $start } to { $end } ({ $timezone }), { $phase }; enrolment until { $until }; { $seats }
camps-open-title = Cohorts open for enrolment:
camps-none-open = No cohort is open for enrolment right now.
camps-enrol-button = Enrol in { $cohort }

camps-reloaded = Loaded { $count ->
    [one] 1 camp
   *[other] { $count } camps
}: { $camps }.
camps-reload-problems = { $count ->
    [one] 1 problem; that file was left out:
   *[other] { $count } problems; those files were left out:
}
camps-problem = • { $problem }
camps-open-usage = Write /camp open <camp> <start date> [tz=Area/City] [seats=N] [enrol=FROM..UNTIL], e.g. /camp open python 2026-03-09 tz=Asia/Shanghai seats=30 enrol=2026-03-01..2026-03-10.
camps-open-bad-option = “{ $option }” is not an option of /camp open: use tz=Area/City, seats=N or enrol=FROM..UNTIL.
camps-open-bad-timezone = “{ $value }” is not a time zone: write one like Asia/Shanghai, Europe/Berlin or UTC.
camps-open-bad-seats = “{ $value }” is not a number of seats: write a whole number from 1 to { $most }.
camps-open-bad-window = “{ $value }” is not an enrolment window: write FROM..UNTIL, ..UNTIL or FROM.. with dates as YYYY-MM-DD.
camps-open-window-backwards = The enrolment window “{ $value }” closes before it opens.
camps-open-window-after-start = The enrolment window “{ $value }” opens after the start ({ $start }).
camps-unknown-camp = There is no camp “{ $camp }”. Camps: { $known }.
camps-bad-start = “{ $value }” is not a start date: write it as YYYY-MM-DD.
camps-start-past = { $start } is in the past: a cohort starts today or later.
camps-opened = Cohort { $cohort } opened.
camps-opened-how = Members enrol with /enroll { $cohort } (or /camps).
camps-no-cohorts = This community has no cohorts yet. Open one with /camp open <camp> <start date>.

## Enrolment (招生)
cmd-enroll = enrol in a camp cohort (its name, or the one open)
cmd-enroll-cohort = the cohort's name (see /camps)
arg-cohort = cohort
cmd-camp-action-queue = enrolments waiting for approval
cmd-camp-action-remove = remove a member: @member [reason]

camps-unknown-cohort = There is no cohort “{ $cohort }”. See /camps for the cohorts open for enrolment.
camps-enrol-which = Several cohorts are open: { $cohorts }. Write /enroll <cohort>.
camps-cohort-gone = This cohort no longer exists.
camps-enrol-closed = Enrolment in { $cohort } is closed (it ran until { $until }).
camps-enrol-removed = You were removed from { $cohort }; ask an organiser if you think this is a mistake.
camps-enrol-already-enrolled = You are already enrolled in { $cohort }.
camps-enrol-already-auditing = You are in { $cohort } already, auditing. Do the catch-up work to come back.
camps-enrol-already-pending = Your enrolment in { $cohort } is waiting for an organiser's approval.
camps-enrol-already-waiting = You are on the waitlist of { $cohort } already; I'll tell you when a seat frees.
camps-enrol-other-cohort = You are already in { $other }, a cohort of the same camp that has not ended, so you cannot enrol in { $cohort } too.
camps-enrol-open-direct = I need to ask you a few things privately, but I cannot message you: open a private chat with me, then enrol again.
camps-enrol-asked-privately = I've sent you the enrolment steps for { $cohort } in a private message.
camps-ask-code = To enrol in { $cohort }, send me the enrolment code.
camps-ask-question = Question { $number } of { $count }: { $question }
    { $hint }
camps-ask-choose = Choose an answer below.
camps-ask-write = Write your answer here.
camps-code-wrong = That is not the enrolment code of { $cohort }. Try again, or ask an organiser for it.
camps-answer-with-buttons = Please answer with one of the buttons above.
camps-answer-stale = That question has been answered already.
camps-enrol-pending = Thanks! Your enrolment in { $cohort } now waits for an organiser's approval; I'll tell you.
camps-enrolled = 🎉 You are enrolled in { $title } ({ $cohort }). Day 1 is { $start } ({ $timezone }).
camps-full = { $cohort } is full. Join the waitlist? When a seat frees, the first on the list gets it.
camps-waitlist-button = Join the waitlist
camps-waiting = You are number { $position } on the waitlist of { $cohort }.
camps-seat-freed = 🎉 A seat freed up in { $cohort } and it is yours: you are enrolled. Day 1 is { $start }.
camps-declined = Your enrolment in { $cohort } was not accepted this time.
camps-removed = You were removed from { $cohort }. Reason: { $reason }
camps-queue-empty = No enrolment is waiting for approval.
camps-queue-title = { $count ->
    [one] 1 enrolment waits
   *[other] { $count } enrolments wait
} for approval:
camps-queue-line = • { $who } → { $cohort } ({ $answers })
camps-approve-button = ✅ { $who }
camps-decline-button = ❌ { $who }
camps-approved-toast = { $who } approved.
camps-declined-toast = { $who } declined.
camps-decided-already = Someone decided on this enrolment already.
camps-remove-usage = Write /camp remove @member [reason].
camps-no-such-member = There is no member “{ $value }” here: mention them with @.
camps-removed-done = { $who } was removed from { $cohort }.
camps-not-enrolled = { $who } is in no cohort of this community that is running or enrolling.

## Opening, tasks, pods, progress (开营, 打卡学习, 分组, 进度)
cmd-progress = your progress in your camp cohort, against the graduation rule
cmd-pod = your pod (分组) and its leader
cmd-board = your cohort's board: days done, overall and pod by pod
cmd-camp_dm = daily tasks by private message: on or off
cmd-camp_dm-mode = on or off
cmd-camp_dm-mode-on = send me each day's task
cmd-camp_dm-mode-off = only post them in the group
cmd-camp-action-move = move a member to a pod: @member <pod number>
arg-mode = on or off

camps-welcome = 🏕 { $title } ({ $cohort }) opens today! { $days } days, { $start } to { $end } ({ $timezone }).
camps-welcome-rules = Rules: { $rules }
camps-welcome-schedule = Schedule:
camps-schedule-line = • Day { $day } ({ $date }, { $time }): { $title }
camps-pod-line = Pod { $number } ({ $count ->
    [one] 1 member
   *[other] { $count } members
}, leader first):{" "}
camps-task = 📖 Day { $day } of { $days }: { $title } — due { $due } ({ $timezone }).
camps-task-material = { $material }
camps-task-link = More: { $link }
camps-task-checkin = When you have done it, check in with /checkin.
camps-task-homework = This day has homework; when you have done it, check in with /checkin.
camps-pod-joined = You joined pod { $number } of { $cohort }. See it with /pod.
camps-pod-moved = An organiser moved you to pod { $number } of { $cohort }. See it with /pod.
camps-nudge = You have missed { $missed } days in a row of { $cohort }. Catch up: do day { $day } ({ $title }) and check in today. You can do it!
camps-tell-leader = { $who } in your pod { $number } has missed { $missed } days in a row. A word from you may help.
camps-auditing = You missed { $missed } days in a row of { $cohort }, so you are now auditing: you keep reading, off the board. Check in on a day's task to come back.
camps-back-from-auditing = Welcome back to { $cohort }: you are on the board again.

camps-not-in-a-cohort = You are not in a camp cohort here. See /camps.
camps-progress-head = 📈 { $title } ({ $cohort }), day { $day } of { $days }
camps-progress-days = Days done: { $done } of { $needed } needed ({ $more ->
    [0] the rule is met
   *[other] { $more } more
}) { $marks }
camps-progress-homework = Homework: { $submitted } submitted, { $accepted } accepted ({ $needed } of { $tasks } needed); average score { $score }
camps-progress-showcases = Showcase (优秀作业): { $shown } shown ({ $needed } needed)
camps-status-on-track = ✅ On track to graduate.
camps-status-at-risk = ⚠️ At risk: you are behind the pace the graduation rule asks.
camps-status-out-of-reach = ❌ The graduation rule can no longer be met in this cohort.
camps-status-auditing = 👀 Auditing: check in on a day's task to come back.
camps-no-pod-yet = Pods of { $cohort } are formed at the opening on { $start }.
camps-pod-mine = Your pod in { $cohort }:
camps-board-title = 🏆 { $cohort }: days done · ⭐ average homework score
camps-board-line = { $rank }. { $who } — { $done }
camps-board-line-scored = { $rank }. { $who } — { $done } · ⭐ { $score }
camps-board-pods = Pods (average days done · ⭐ score):
camps-board-pod-line = Pod { $number }: { $average } ({ $count ->
    [one] 1 member
   *[other] { $count } members
})
camps-board-pod-line-scored = Pod { $number }: { $average } · ⭐ { $score } ({ $count ->
    [one] 1 member
   *[other] { $count } members
})
camps-dm-on = You will get each day's task of { $cohort } by private message.
camps-dm-off = Daily tasks of { $cohort } will only be posted in the group.
camps-move-usage = Write /camp move @member <pod number>.
camps-no-such-pod = { $cohort } has no pod { $number }. Its pods: { $pods }.
camps-moved-done = { $who } moved to pod { $number }.

## Graduation and the organisers' views (结营, 运营)
cmd-camp_named = be named in your cohort's closing post: on or off
cmd-camp_named-mode = on or off
cmd-camp_named-mode-on = name me among the graduates
cmd-camp_named-mode-off = leave my name out
cmd-camp-action-stats = a cohort's numbers: enrolled, active today, a funnel by day, at risk, pods
cmd-camp-action-export = CSV of members × days, and of scores
cmd-camp-action-excuse = excuse days: @member <days> <reason>
cmd-camp-action-announce = post to a cohort's chats and DMs: [cohort] <text>

camps-closing = 🎓 { $title } ({ $cohort }) is over: { $count ->
    [0] no one met the graduation rule this time
    [one] 1 graduate
   *[other] { $count } graduates
} of { $members }. Thank you all!
camps-closing-names = Congratulations:{" "}
camps-certificate = 🎓 You graduated from { $title }! Your certificate's code is { $code }; anyone can check it at { $url }
camps-certificate-heading = Certificate of completion
camps-certificate-line = { $start } – { $end }
camps-verify-valid-title = Certificate verified
camps-verify-valid = This is a real certificate: { $name } completed { $title }, { $start } to { $end } (code { $code }, issued { $issued }).
camps-verify-unknown-title = No such certificate
camps-verify-unknown = No certificate has the code { $code }. Check the code on the certificate.
camps-named-on = You will be named in the closing post of { $cohort } if you graduate.
camps-named-off = Your name will be left out of the closing post of { $cohort }.

camps-which-cohort = Which cohort? Name it first: { $cohorts }.
camps-stats-head = 📊 { $cohort }, day { $day } of { $days }
camps-stats-enrolled = Enrolled { $enrolled }, done today { $today }, on the waitlist { $waiting }, waiting for approval { $pending }
camps-stats-funnel = Done by day: { $funnel }
camps-stats-at-risk = At risk or auditing ({ $count }): { $names }
camps-stats-pod = Pod { $number }: { $count } members, { $average } days done on average, { $risky } at risk
camps-export-days = Days done in { $cohort }: one row per member, one column per day (checkin, excused, homework).
camps-export-scores = Homework and scores in { $cohort }.
camps-excuse-usage = Write /camp excuse @member <days> <reason>, days as 3, 3,5 or 2-4.
camps-bad-days = “{ $value }” are not days of this camp (1 to { $days }): write 3, 3,5 or 2-4.
camps-excused = An organiser excused day { $days } of { $cohort } for you ({ $reason }): it counts as done.
camps-excused-done = Excused { $who }: day { $days } of { $cohort }.
camps-announce-usage = Write /camp announce [cohort] <text>.
camps-announcement = 📣 { $cohort }: { $text }
camps-announced = Announced in { $cohort }'s chats and sent to { $count ->
    [one] 1 member
   *[other] { $count } members
} privately.
camps-enrol-tier = { $cohort } is open to members of tier { $tier } and above.
camps-invite = Your way into the chats of { $cohort } (each link lets one person in): { $links }
camps-progress-card = Day { $day } of { $days } · { $done } done of { $needed } needed
cmd-pod_lead = volunteer to lead your pod (组长), before the opening
camps-lead-thanks = Thank you! At the opening of { $cohort }, volunteers lead their pods.
camps-lead-too-late = The pods of { $cohort } are formed already; ask an organiser.

## Pods' places, time zones, rebalancing, mentors
cmd-camp_tz = your time zone, for the pods (e.g. Asia/Shanghai)
cmd-camp_tz-zone = a time zone as Area/City, or UTC
arg-zone = time zone
cmd-camp-action-rebalance = merge pods that drop-outs left too small: [cohort]
cmd-camp-action-mentor = make a mentor: @member [cohort] [pod number]
camps-pod-place-title = Pod { $number } · { $cohort }
camps-pod-welcome = 👋 Pod { $number } of { $cohort }: this is your pod's place to talk. Members:{" "}
camps-pod-welcome-leader = Your leader (组长): { $leader }
camps-pod-newcomer = 👋 Welcome { $who } to pod { $number } of { $cohort }!
camps-pod-addressed = For pod { $number }:{" "}
camps-pod-place = Your pod talks here: { $where }
camps-pod-rebalanced = Pod { $old } of { $cohort } had too few active members, so it joined the others: you are now in pod { $number }. See it with /pod.
camps-pod-new-leader = You now lead (组长) pod { $number } of { $cohort }, as its leader dropped out. Thank you!
camps-tell-mentor = { $who } (pod { $number } of { $cohort }) has missed { $missed } days in a row. They had a nudge; a word from you may help.
camps-rebalanced-none = The pods of { $cohort } need no rebalancing: each has enough active members.
camps-rebalanced = Rebalanced the pods of { $cohort }: { $count ->
    [one] 1 member moved
   *[other] { $count } members moved
}. Each was told.
camps-rebalanced-line = • { $who }: pod { $old } → pod { $number }
camps-mentor-usage = Write /camp mentor @member [cohort] [pod number].
camps-mentor-already = { $who } is a mentor of { $cohort } already.
camps-mentor-told = You are now a mentor of { $cohort }. You will hear privately when a member starts dropping out.
camps-mentor-told-pod = You are now a mentor of { $cohort }, for pod { $number }. You will hear privately when a member of it starts dropping out.
camps-mentor-done = { $who } is now a mentor of { $cohort }.
camps-mentor-done-pod = { $who } is now a mentor of { $cohort }, for pod { $number }.
camps-bad-timezone = “{ $value }” is not a time zone: write one like Asia/Shanghai, Europe/Berlin or UTC.
camps-tz-set = Your time zone is now { $zone }: the pods of { $cohort } are formed with it at the opening.
camps-tz-set-late = Your time zone is now { $zone }: it counts when the pods of { $cohort } are rebalanced.

## Homework and review (作业点评)
cmd-submit = send your homework for today's task (or: /submit <day> <your work>)
cmd-submit-work = [day] your work: words, a link; photos or files with it
arg-work = work
cmd-homework = your homework tasks and their status
cmd-review = review the next homework in your queue
cmd-comment = add a comment to the homework you are reviewing
cmd-comment-words = your comment
arg-words = words
camps-submit-no-task = There is no homework to send today in { $cohort }. Tasks with homework open now: { $days }. Send /submit <day> <your work>, or /homework to see them.
camps-submit-locked = Day { $day }'s task is still locked: it opens { $at } ({ $timezone }).
camps-submit-refused = Day { $day }'s homework was due { $due } ({ $timezone }); this task takes no late work.
camps-submit-empty = Your homework for day { $day } is empty: send words, a link, a photo or a file with /submit.
camps-submit-file-too-big = A file is too big: each may be at most { $most } MB.
camps-submitted = 📬 Homework for day { $day } ({ $title }) received, version { $version }. You will hear when it is reviewed.
camps-submitted-late = 📬 Homework for day { $day } ({ $title }) received, version { $version }, marked late. You will hear when it is reviewed.
camps-pick-task = Which task is this homework for? Choose, then send your work (words, photos, files or a link) as your next message.
camps-pick-task-button = Day { $day }: { $title }
camps-send-your-work = Send your homework for day { $day } ({ $title }) now: your next message here (words, photos, files or a link) is it.
camps-stale-button = This button is out of date.
camps-homework-title = 📚 Your homework in { $cohort }:
camps-homework-line = • Day { $day } ({ $title }): { $status }{ $version ->
    [0] {""}
   *[other] , version { $version }
}{ $late }
camps-homework-missing = missing
camps-homework-late = missing, late
camps-homework-locked = not open yet
camps-homework-submitted = submitted, waiting for a reviewer
camps-homework-in-review = in review
camps-homework-accepted = ✅ accepted
camps-homework-changes = ✏️ changes asked
camps-homework-was-late = {" "}(late)
camps-review-assigned = 📝 A homework of day { $day } in { $cohort } is yours to review. Send /review when you are ready.
camps-review-nothing = You have nothing to review here.
camps-review-queue-empty = No homework of { $cohort } is waiting for review. Thank you!
camps-review-card = 📝 Review: day { $day } ({ $title }) by { $who }, version { $version } ({ $cohort })
camps-review-card-late = ⏰ Sent after the due time.
camps-review-card-text = { $text }
camps-review-card-score = • { $criterion } (0–{ $max }): { $score }
camps-review-card-how = Score each criterion, add a comment with /comment <words> if you like, then accept or ask for changes.
camps-accept-button = ✅ Accept
camps-changes-button = ✏️ Ask for changes
camps-scored = { $criterion }: { $score } of { $max }
camps-review-score-all = Score every criterion first.
camps-review-stale = This review is no longer yours to do: it was finished, handed to someone else, or the work changed. Send /review for the next one.
camps-review-sent-accept = Accepted. Thank you for your review!
camps-review-sent-changes = Changes asked. Thank you for your review!
camps-review-done = Review sent: { $verdict }.
camps-verdict-accept = accepted
camps-verdict-changes = changes asked
camps-comment-noted = Your comment on day { $day }'s homework is noted.
camps-reviewed = 📝 Your homework for day { $day } ({ $title }), version { $version }, was reviewed: average score { $score } of 3.
camps-reviewed-criterion = • { $criterion }: { $score } of { $max }
camps-reviewed-comment = 💬 { $comment }
camps-reviewed-accepted = ✅ Accepted. Well done!
camps-reviewed-changes = ✏️ Changes are asked: tap below to send a new version.
camps-resubmit-button = Send a new version
camps-review-nudge = ⏰ A homework of day { $day } in { $cohort } has waited { $hours } hours for your review. Send /review.
camps-review-reassigned = The homework of day { $day } in { $cohort } you were to review went to someone else, as it waited too long.
cmd-camp-action-homework = homework per task: submitted, late, in review, accepted, changes, scores: [cohort]
cmd-camp-action-reviewers = reviewers' latency (median, p90) and who is late: [cohort]
camps-hw-stats-head = 📚 Homework of { $cohort }, per task:
camps-hw-stats-line = • Day { $day } ({ $title }): { $submitted } submitted ({ $late } late), { $review } in review, { $accepted } accepted, { $changes } changes asked; scores { $scores }
camps-reviewers-head = 🧑‍🏫 Reviewers of { $cohort } (hours from assignment to review):
camps-reviewers-line = • { $who }: { $count } done, median { $median } h, p90 { $p90 } h
camps-reviewers-late = Late now: { $names }
camps-showcase-offer = 🌟 Showcase (优秀作业) of { $cohort }, days { $first } to { $last }: the best-scored and the most-reacted homework. Pick what to show; each author is asked first.
camps-showcase-candidate = • { $who }, day { $day } ({ $score }): { $text }
camps-showcase-pick-button = ⭐ { $who }, day { $day } ({ $score })
camps-showcase-candidate-reacted = • { $who }, day { $day } ({ $reactions ->
    [one] 1 reaction
   *[other] { $reactions } reactions
}): { $text }
camps-showcase-pick-reacted = ⭐ { $who }, day { $day } ({ $reactions ->
    [one] 1 reaction
   *[other] { $reactions } reactions
})
camps-showcase-picked-already = That homework has been picked already.
camps-showcase-asked = { $who } is asked whether it may be shown.
camps-showcase-consent = 🌟 A mentor picked your homework for day { $day } ({ $title }) for the showcase (优秀作业) of { $cohort }. May we show it in the cohort's chats?
camps-showcase-yes = Yes, show it
camps-showcase-no = No, thanks
camps-showcase-declined = It stays private. Well done anyway!
camps-showcase-thanks = Thank you: it is in the showcase now.
camps-showcase-post = 🌟 Showcase (优秀作业) of { $cohort }: { $who }, day { $day } ({ $title })
camps-showcase-link = The original: { $link }
camps-export-submissions = Every homework submission of { $cohort } (each version, its reviews and scores), as CSV.
camps-submit-too-late = Day { $day }'s homework was taken late until { $until } ({ $timezone }); that time has passed.
