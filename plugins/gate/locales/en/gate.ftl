cmd-gate_queue = the applications waiting for an admin, with their answers and buttons
cmd-gate_approve = let in an application from the queue
cmd-gate_decline = decline an application from the queue, with a reason
cmd-gate_undo = undo a spam action: the member's rights back, the warning cleared
cmd-gate_log = the gate's decisions, for everyone or one member
cmd-appeal = ask the admins to look again at the gate's last action on you
arg-number = number
arg-why = why

## The door
gate-welcome = Hello! To join { $community }, please answer a few questions here. You have { $minutes } minutes.
gate-rules-default = Be kind, stay on topic, and no ads or spam.
gate-rules-short = the rules
gate-ask-text = Question { $number } of { $total }: { $question }
    Reply here with your answer.
gate-ask-code = Question { $number } of { $total }: { $question }
    Type the code here.
gate-ask-choice = Question { $number } of { $total }: { $question }
gate-ask-rules = Question { $number } of { $total }: please read the rules and accept them.
    { $question }
gate-button-accept = I accept the rules
gate-answer-noted = Noted: { $answer }
gate-rules-accepted = Thank you for accepting the rules.
gate-answer-too-late = This question is no longer open.
gate-use-buttons = Please answer with the buttons above.
gate-answer-too-short = Please write a little more (at least { $length } characters).
gate-use-form = Please answer with the button above: it opens the questions.
gate-form-intro = Hello! To join { $community }, answer { $total ->
    [one] one question
   *[other] { $total } questions
} with the button below. You have { $minutes } minutes.
gate-form-intro-public = Welcome, { $who }! I can't write to you privately, so here it is: to join { $community }, answer { $total ->
    [one] one question
   *[other] { $total } questions
} with the button below (only you can use it). You have { $minutes } minutes.
gate-form-line = { $number }. { $question }
gate-form-line-rules = { $number }. The rules: { $question }
gate-form-button = Answer the questions
gate-form-title = Joining { $community }
gate-form-question = Question { $number }
gate-form-rules = The rules
gate-form-see-above = The whole question is in the message with the button.
gate-form-received = Thank you! Your answers are in.
gate-approved = Welcome to { $community }! Your request was approved.
gate-queued = Thank you! An admin will look at your answers, and you will hear back here.
gate-declined = Sorry, your request to join { $community } was declined: { $reason }
gate-reason-answers = the answers did not match what the community asks.
gate-reason-incomplete = the answers were incomplete.
gate-reason-spam = the account looks like spam.
gate-reason-timeout = the questions were not answered in time.

## The admins' queue
gate-queue-head = Application #{ $number }: { $name } asks to join { $chat }.
gate-queue-unreachable = I could not write to them privately, so they answered nothing.
gate-queue-answer = { $number }. { $question } → { $answer } { $verdict }
gate-verdict-pass = ✅
gate-verdict-fail = ❌
gate-verdict-review = (for you to judge)
gate-button-approve = ✅ Approve
gate-button-decline-answers = ❌ Wrong answers
gate-button-decline-incomplete = ❌ Incomplete
gate-button-decline-spam = ❌ Spam
gate-queue-empty = No application is waiting.
gate-no-application = There is no application #{ $number }.
gate-already-decided = Application #{ $number } was already decided.
gate-done-approved = Application #{ $number } approved.
gate-done-declined = Application #{ $number } declined.
gate-queue-approved = Application #{ $number }: approved by { $admin }.
gate-queue-declined = Application #{ $number }: declined by { $admin }.

## Missing rights, told once
gate-rights-invite_users = I can't approve or decline join requests on { $platform }: make me an admin with the right to add members.
gate-rights-restrict_members = I can't mute or remove members on { $platform }: make me an admin with the right to ban users.
gate-rights-delete_messages = I can't delete spam on { $platform }: make me an admin with the right to delete messages.
gate-rights-manage_roles = I can't give or lift the newcomer role on { $platform }: I need the Manage Roles permission.
gate-rights-role_order = I can't give or lift the newcomer role on { $platform }: move my role above it.
gate-rights-ban_members = I can't ban members on { $platform }: I need the Ban Members permission.
gate-rights-kick_members = I can't remove members on { $platform }: I need the Kick Members permission.
gate-rights-other = I lack a right on { $platform }: { $right }.

## Spam rules
gate-rule-invites = invite links to other groups
gate-rule-patterns = advertising
gate-rule-channel_forwards = forwards from channels
gate-rule-mentions = mass mentions
gate-rule-links = links (not yet allowed for your tier)
gate-rule-repeats = the same message repeated
gate-step-warn = warned
gate-step-mute = muted
gate-step-ban = banned
gate-step-kick = removed
gate-you-warn = Your message was removed: { $rule }. This is warning { $warnings }. If you think this is a mistake, send /appeal and your reason.
gate-you-mute = Your message was removed: { $rule }. After { $warnings } warnings you are muted for { $minutes } minutes. You can /appeal here.
gate-you-ban = Your message was removed: { $rule }. After { $warnings } warnings you were banned. You can /appeal here.
gate-you-kick = Your message was removed: { $rule }. After { $warnings } warnings you were removed from the group. You can /appeal here.
gate-notice-warn = { $name }, your message was removed: { $rule } (warning { $warnings }).
gate-notice-mute = { $name } is muted for { $minutes } minutes: { $rule }.
gate-notice-ban = { $name } was banned: { $rule }.
gate-notice-kick = { $name } was removed: { $rule }.
gate-you-undone = An admin undid the action for { $rule }: your rights are back and the warning is cleared.

## The admins' log
gate-log-action = #{ $number } { $step }: { $name } ({ $user }), { $rule }, warning { $warnings }. Deleted text: { $text }
gate-button-undo = ↩️ Undo
gate-log-undone = #{ $number } undone by { $admin }. Deleted text: { $text }
gate-undone-toast = Action #{ $number } undone.
gate-no-action = There is no action #{ $number }.
gate-already-undone = Action #{ $number } was already undone.
gate-log-appeal = Appeal from { $name } about #{ $number } ({ $rule }): { $text }
gate-appeal-sent = Your appeal was sent to the admins.
gate-appeal-empty = Tell the admins why: /appeal <why>.
gate-appeal-nothing = There is nothing to appeal: the gate took no action on you.
gate-log-application = Application #{ $number }: { $state } ({ $user }), by { $by }, reason: { $reason }. Answers: { $answers }
gate-log-line = Action #{ $number }: { $step } ({ $user }), { $rule }{ $undone ->
    [yes] , undone
   *[no] {""}
}. Text: { $text }
gate-log-empty = The gate has decided nothing yet.
gate-state-asking = answering
gate-state-queued = waiting for an admin
gate-state-approved = approved
gate-state-declined = declined
gate-state-expired = timed out
