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
cmd-community = 查看或修改本社群设置（管理员）
core-link-code = 你的关联码是 { $code }。请在 { $minutes } 分钟内，用另一个平台的账号发送 /link { $code }。
core-link-bad-code = 关联码不存在或已过期，发送 /link 获取新的关联码。
core-link-same = 这个关联码就是你当前的账号。
core-link-other-community = 这个关联码属于另一个社群。
core-link-platform-taken = 该成员已经关联了 { $platform } 账号。
core-link-done = 关联成功！你的打卡、积分和等级现在与 { $name } 共享。
core-community-show = 社群 { $name }（{ $slug }）
    时区：{ $timezone }，每天 { $day_start }:00 开始
    语言：{ $locale }
    插件：{ $plugins }
    聊天：{ $chats }
core-community-set = 已将 { $key } 设为 { $value }。
core-community-unknown-key = 无法设置“{ $key }”。可设置：timezone、day_start、locale、plugins。
core-community-bad-value = “{ $value }”不是 { $key } 的有效值。
core-community-code = 社群码 { $code }。请在 { $minutes } 分钟内，由另一个群的管理员在那里发送 /community join { $code }。
core-community-joined = 本群现在属于社群 { $name }。
