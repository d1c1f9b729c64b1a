cmd-roll = 掷骰子
cmdname-roll = 掷骰
cmd-hello = 打招呼
cmd-apply = 用表单申请
dtest-apply = 在这里申请
dtest-applied = 谢谢 { $name }：第 { $round } 轮，{ $level }。
