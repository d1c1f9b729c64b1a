## Course camps (训练营)

cmd-camps = list the camp cohorts open for enrolment
cmd-camp = run camps (admins): reload, open, list
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
camps-open-usage = Write /camp open <camp> <start date>, e.g. /camp open python 2026-03-09.
camps-unknown-camp = There is no camp “{ $camp }”. Camps: { $known }.
camps-bad-start = “{ $value }” is not a start date: write it as YYYY-MM-DD.
camps-start-past = { $start } is in the past: a cohort starts today or later.
camps-opened = Cohort { $cohort } opened.
    { $line }
    Members enrol with /enroll { $cohort } (or /camps).
camps-no-cohorts = This community has no cohorts yet. Open one with /camp open <camp> <start date>.
