core-error = 出了点问题（编号 { $ref }），管理员可以据此排查。
core-usage = 用法：{ $usage }
core-unknown-command = 我不认识 /{ $command }。发送 /help 查看可用命令。
core-group-only = /{ $command } 需要在群里使用。
core-private-only = /{ $command } 需要私聊我使用。
core-no-community = 请先在你所在社群的群里使用，我才知道你指的是哪个社群。
core-plugin-disabled = 本社群没有启用 /{ $command }。
core-not-allowed = 只有管理员可以使用 /{ $command }。
core-not-allowed-button = 只有管理员可以点这个按钮。
core-cooldown = 请等 { $seconds } 秒后再试。
core-rate-limited = 你发命令太快了，接下来一分钟内我会先忽略。
core-button-expired = 这个按钮已失效。
core-button-not-yours = 这个按钮不是给你的。
core-private-sent = 我已私信回复你。
core-private-closed = 我还不能私信你：请先打开和我的私聊并点“开始”，然后再问一次。
core-private-open-chat = 打开与我的私聊
core-private-ask-in-private-chat = 请在和我的私聊里问这个。
core-help-title = 你可以使用这些命令：
core-help-line = { $usage } — { $description }
cmd-help = 查看可用命令
cmd-link = 关联你在其他平台的账号（获取或输入关联码）
cmd-community = 查看或修改本社群设置，绑定或解绑群（管理员）
core-link-code = 你的关联码是 { $code }。请在 { $minutes } 分钟内，用你的另一个账号发送 /link { $code }，然后在这里确认。请勿外传：关联码只能用一次。
cmd-link-code = 另一个账号给你的关联码（留空则获取一个）
cmd-community-action = show、set、code、join、chats 或 unbind
cmd-community-action-show = 查看设置
cmd-community-action-set = 修改一项设置
cmd-community-action-code = 获取绑定其他群的代码
cmd-community-action-join = 用代码绑定本群
cmd-community-action-chats = 列出已绑定的群
cmd-community-action-unbind = 解绑一个群
cmd-community-key = 要修改的设置、代码或群
cmd-community-value = 新的值
core-link-bad-code = 关联码不存在或已过期，发送 /link 获取新的关联码。
core-link-same = 这个关联码就是你当前的账号。
core-link-other-community = 这个关联码属于另一个社群。
core-link-platform-taken = 该成员已经关联了 { $platform } 账号。
core-link-done = 已关联：{ $other } 现在并入 { $name }，共享打卡、积分和等级。一天内任一账号都可以撤销。
core-community-show = 社群 { $name }（{ $slug }）
    时区：{ $timezone }，每天 { $day_start }:00 开始
    语言：{ $locale }
    插件：{ $plugins }
    聊天：{ $chats }
core-community-set = 已将 { $key } 设为 { $value }。
core-community-unknown-key = 无法设置“{ $key }”。可设置：timezone、day_start、locale、plugins。
core-community-bad-value = “{ $value }”不是 { $key } 的有效值。
core-community-code = 社群码 { $code }。请在 { $minutes } 分钟内，由另一个群的管理员在那里发送 /community join { $code }。社群码只能用一次，只交给那位管理员。
core-community-joined = { $chat } 现在属于社群 { $name }。它的管理员不会因此成为 { $name } 的管理员。双方管理员都可以撤销。
core-not-allowed-joined = 本群是通过社群码加入其他社群的，/{ $command } 只能由该社群自己的管理员使用。
core-link-waiting = 还差一步：需要你的账号 { $name } 确认，我已私信询问。
core-link-first-unreachable = 我无法私信生成这个关联码的账号。请让那个账号先私聊我，再重新发送 /link。
core-link-confirm-ask = { $name }（{ $platform }）想关联到你的账号：两个账号将共享打卡、积分和记录。是你本人吗？
core-link-confirm-button = 是，关联
core-link-refuse-button = 不是
core-link-refused = 未关联：{ $other } 仍是独立账号。
core-link-undo-button = 撤销
core-link-undone = 已取消关联：{ $other } 重新成为独立账号。
core-link-undo-too-late = 这次关联已无法在这里撤销（已超过一天，或已撤销）。
core-community-bad-code = 社群码不存在或已过期。请另一个群的管理员发送 /community code 获取新的。
core-community-already-joined = 本群已经属于那个社群。
core-community-undo-button = 撤销
core-community-chats = { $name } 的群：
    { $chats }
core-community-chat-line = { $number }. { $chat } — { $state ->
    [joined] 通过社群码加入
    [home] 本社群的群
   *[inactive] 机器人已被移出
}
core-community-no-such-chat = 没有第 { $number } 个群。发送 /community chats 查看列表。
core-community-unbind-home = { $chat } 是本社群自己的群，只有通过社群码加入的群才能解绑。
core-community-unbound = { $chat } 不再属于 { $name }，重新拥有自己的社群。
core-anonymous-admin = 你正以群组身份（匿名管理员）发言，我无法知道你是谁：/{ $command } 需要你以自己的身份发送。请在管理员权限里关闭“保持匿名”，或私聊我使用。
core-arg-missing = /{ $command } 还需要{ $argument }。
    用法：{ $usage }
core-arg-extra = 结尾多了“{ $value }”，我没看懂。
    用法：{ $usage }
core-arg-bad-date = “{ $value }”不是日期（{ $argument }）：请写成 YYYY-MM-DD 或 MM-DD，或者“今天”“昨天”。
    用法：{ $usage }
core-arg-no-member = 这里没有成员“{ $value }”：请用 @ 提到对方（对方需要在本群发过言）。
    用法：{ $usage }
core-arg-bad-choice = “{ $value }”不是 { $choices } 之一（{ $argument }）。
    用法：{ $usage }
core-arg-bad-number = “{ $value }”不是整数（{ $argument }）。
    用法：{ $usage }
core-arg-bad-value = “{ $value }”不能用作{ $argument }。
    用法：{ $usage }
arg-who = 成员
arg-day = 日期
arg-reason = 原因
arg-code = 代码
arg-key = 设置项
arg-value = 值
arg-action = 操作

# Discord roles the bot gives restricted members (bot.member_restrictions); the bot's language
core-restriction-role-messages = 只读
core-restriction-role-media = 禁发媒体
core-restriction-role-links = 禁发链接
core-form-expired = 这个表单已失效，请重新获取。
core-form-not-here = 这个按钮会打开一个表单，但此平台无法显示表单。
core-form-invalid = 请按要求填写“{ $field }”。
