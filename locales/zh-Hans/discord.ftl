# Discord 适配器：斜杠命令参数提示与交互提示。
discord-option-int = 一个整数
discord-option-word = 一个词
discord-option-rest = 文字
discord-option-date = 日期：今天、昨天、YYYY-MM-DD 或 MM-DD
discord-option-choice = 选一个
discord-option-member = 一位成员
discord-done = 完成。
discord-answered-privately = 已私下回复。
discord-guild-not-served = 本机器人不服务这个服务器。
