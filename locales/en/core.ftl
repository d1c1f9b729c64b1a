core-error = Something went wrong on my side (ref { $ref }). The organisers can look it up.
core-usage = Usage: { $usage }
core-unknown-command = I don't know /{ $command }. Send /help to see what I can do.
core-group-only = /{ $command } works in a group chat.
core-private-only = /{ $command } works in a private chat with me.
core-no-community = Use this in your community's group first, so I know which community you mean.
core-plugin-disabled = /{ $command } is not enabled in this community.
core-not-allowed = Only admins can use /{ $command }.
core-not-allowed-button = Only admins can press this button.
core-cooldown = Please wait { $seconds ->
    [one] one second
   *[other] { $seconds } seconds
} before using this again.
core-rate-limited = You're sending commands too fast; I'll ignore them for a minute.
core-button-expired = This button no longer works.
core-button-not-yours = This button is for someone else.
core-private-sent = I've answered you in a private message.
core-private-closed = I can't message you privately yet: open a chat with me, press Start, then ask again.
core-private-open-chat = Open a chat with me
core-private-ask-in-private-chat = Ask me that in a private chat, please.
core-help-title = Here's what you can do:
core-help-line = { $usage } — { $description }
cmd-help = show what you can do
cmd-link = link your accounts on other platforms (get or enter a code)
cmd-community = show or change this community's settings, bind or unbind chats (admins)
core-link-code = Your link code is { $code }. Within { $minutes } minutes, send /link { $code } from your other account; then confirm here. Keep it to yourself: it works once.
cmd-link-code = the code from your other account (leave empty to get one)
cmd-community-action = show, set, code, join, chats or unbind
cmd-community-action-show = show the settings
cmd-community-action-set = change a setting
cmd-community-action-code = a code to bind another chat
cmd-community-action-join = bind this chat with a code
cmd-community-action-chats = list the bound chats
cmd-community-action-unbind = unbind a chat
cmd-community-key = the setting, the code or the chat
cmd-community-value = the new value
core-link-bad-code = That code is unknown or has expired. Send /link to get a new one.
core-link-same = That code is your own account already.
core-link-other-community = That code belongs to another community.
core-link-platform-taken = That member already has a { $platform } account linked.
core-link-done = Linked: { $other } is now part of { $name }, sharing streaks, points and tiers. Either account can undo this for a day.
core-community-show = Community { $name } ({ $slug })
    Time zone: { $timezone }, day starts at { $day_start }:00
    Language: { $locale }
    Plugins: { $plugins }
    Chats: { $chats }
core-community-set = Set { $key } to { $value }.
core-community-unknown-key = I can't set “{ $key }”. Settable: timezone, day_start, locale, plugins.
core-community-bad-value = “{ $value }” is not a valid value for { $key }.
core-community-code = Community code { $code }. Within { $minutes } minutes, an admin of the other chat sends /community join { $code } there. It works once; give it only to that admin.
core-community-joined = { $chat } now belongs to the community { $name }. Its admins are not admins of { $name }. Either side's admins can undo this.
core-not-allowed-joined = This chat joined another chat's community, so /{ $command } is for that community's own admins.
core-link-waiting = Almost done: your account { $name } must confirm. I've asked it privately.
core-link-first-unreachable = I can't reach the account that made this code privately. It should open a private chat with me and send /link again.
core-link-confirm-ask = { $name } ({ $platform }) wants to link to your account: the two would share streaks, points and history. Was that you?
core-link-confirm-button = Yes, link
core-link-refuse-button = No
core-link-refused = Not linked: { $other } stays a separate account.
core-link-undo-button = Undo
core-link-undone = Unlinked: { $other } is a separate account again.
core-link-undo-too-late = This link can no longer be undone here (a day has passed, or it was undone already).
core-community-bad-code = That code is unknown or has expired. An admin of the other chat can send /community code for a new one.
core-community-already-joined = This chat already belongs to that community.
core-community-undo-button = Undo
core-community-chats = Chats of { $name }:
    { $chats }
core-community-chat-line = { $number }. { $chat } — { $state ->
    [joined] joined by code
    [home] home
   *[inactive] bot removed
}
core-community-no-such-chat = There is no chat number { $number }. Send /community chats to see the list.
core-community-unbind-home = { $chat } is one of the community's own chats; only a chat that joined by code can be unbound.
core-community-unbound = { $chat } no longer belongs to { $name }; it has a community of its own again.
core-anonymous-admin = You're posting as the group (anonymous admin), so I can't tell who you are: /{ $command } needs you to post as yourself. Turn off "Remain anonymous" in your admin rights, or ask in a private chat with me.
core-arg-missing = /{ $command } needs { $argument }.
    Usage: { $usage }
core-arg-extra = I didn't expect “{ $value }” at the end.
    Usage: { $usage }
core-arg-bad-date = “{ $value }” is not a date ({ $argument }): write it as YYYY-MM-DD or MM-DD, or today or yesterday.
    Usage: { $usage }
core-arg-no-member = There is no member “{ $value }” here: mention them with @ (they must have written in this chat before).
    Usage: { $usage }
core-arg-bad-choice = “{ $value }” is not one of { $choices } ({ $argument }).
    Usage: { $usage }
core-arg-bad-number = “{ $value }” is not a whole number ({ $argument }).
    Usage: { $usage }
core-arg-bad-value = “{ $value }” does not work as { $argument }.
    Usage: { $usage }
arg-who = member
arg-day = day
arg-reason = reason
arg-code = code
arg-key = key
arg-value = value
arg-action = action

# Discord roles the bot gives restricted members (bot.member_restrictions); the bot's language
core-restriction-role-messages = Read only
core-restriction-role-media = No media
core-restriction-role-links = No links
core-form-expired = This form has expired. Ask for a new one.
core-form-not-here = This button opens a form, which this platform cannot show.
core-form-invalid = Please fill in “{ $field }” as asked.
