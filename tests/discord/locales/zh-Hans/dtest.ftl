cmd-roll = 掷骰子
cmdname-roll = 掷骰
cmd-hello = 打招呼
