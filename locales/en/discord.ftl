# Discord adapter: slash command option hints and interaction notes.
discord-option-int = a whole number
discord-option-word = a word
discord-option-rest = text
discord-option-date = a day: today, yesterday, YYYY-MM-DD or MM-DD
discord-option-choice = pick one
discord-option-member = a member
discord-done = Done.
discord-answered-privately = Answered privately.
discord-guild-not-served = This server is not served by this bot.
