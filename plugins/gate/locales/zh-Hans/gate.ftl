cmd-gate_queue = 等待管理员审核的入群申请（含回答与按钮）
cmd-gate_approve = 通过队列中的一份申请
cmd-gate_decline = 拒绝队列中的一份申请，并说明理由
cmd-gate_undo = 撤销一次反垃圾处理：恢复成员权限并清除警告
cmd-gate_log = 查看门槛的处理记录（全部或某位成员）
cmd-appeal = 请管理员复核对你的最近一次处理
arg-number = 编号
arg-why = 理由

## The door
gate-welcome = 你好！加入 { $community } 前，请在这里回答几个问题。你有 { $minutes } 分钟。
gate-rules-default = 友善交流，不跑题，不发广告和垃圾信息。
gate-rules-short = 群规
gate-ask-text = 第 { $number } / { $total } 题：{ $question }
    请直接在这里回复答案。
gate-ask-code = 第 { $number } / { $total } 题：{ $question }
    请直接在这里输入口令。
gate-ask-choice = 第 { $number } / { $total } 题：{ $question }
gate-ask-rules = 第 { $number } / { $total } 题：请阅读并同意群规。
    { $question }
gate-button-accept = 我同意群规
gate-answer-noted = 已记录：{ $answer }
gate-rules-accepted = 感谢你同意群规。
gate-answer-too-late = 这道题已经结束了。
gate-use-buttons = 请用上面的按钮作答。
gate-answer-too-short = 请多写一点（至少 { $length } 个字）。
gate-use-form = 请点上面的按钮作答：它会打开全部问题。
gate-form-intro = 你好！加入 { $community } 前，请点下面的按钮回答 { $total } 个问题。你有 { $minutes } 分钟。
gate-form-intro-public = 欢迎 { $who }！我无法私信你，所以在这里：加入 { $community } 前，请点下面的按钮回答 { $total } 个问题（只有你能用）。你有 { $minutes } 分钟。
gate-form-line = { $number }. { $question }
gate-form-line-rules = { $number }. 群规：{ $question }
gate-form-button = 回答问题
gate-form-title = 加入 { $community }
gate-form-question = 第 { $number } 题
gate-form-rules = 群规
gate-form-see-above = 完整的问题见带按钮的那条消息。
gate-form-received = 谢谢！已收到你的回答。
gate-approved = 欢迎加入 { $community }！你的申请已通过。
gate-queued = 谢谢！管理员会查看你的回答，结果会在这里通知你。
gate-declined = 抱歉，你加入 { $community } 的申请未通过：{ $reason }
gate-reason-answers = 回答不符合社群的要求。
gate-reason-incomplete = 回答不完整。
gate-reason-spam = 该账号疑似广告号。
gate-reason-timeout = 没有在规定时间内回答问题。

## The admins' queue
gate-queue-head = 申请 #{ $number }：{ $name } 申请加入 { $chat }。
gate-queue-unreachable = 无法私信对方，所以对方没有回答任何问题。
gate-queue-answer = { $number }. { $question } → { $answer } { $verdict }
gate-verdict-pass = ✅
gate-verdict-fail = ❌
gate-verdict-review = （请你判断）
gate-button-approve = ✅ 通过
gate-button-decline-answers = ❌ 回答不符
gate-button-decline-incomplete = ❌ 回答不完整
gate-button-decline-spam = ❌ 广告号
gate-queue-empty = 目前没有待审核的申请。
gate-no-application = 没有编号为 #{ $number } 的申请。
gate-already-decided = 申请 #{ $number } 已经处理过了。
gate-done-approved = 申请 #{ $number } 已通过。
gate-done-declined = 申请 #{ $number } 已拒绝。
gate-queue-approved = 申请 #{ $number }：{ $admin } 已通过。
gate-queue-declined = 申请 #{ $number }：{ $admin } 已拒绝。

## Missing rights, told once
gate-rights-invite_users = 我无法在 { $platform } 上通过或拒绝入群申请：请把我设为管理员，并给我“添加成员”的权限。
gate-rights-restrict_members = 我无法在 { $platform } 上禁言或移除成员：请把我设为管理员，并给我“封禁用户”的权限。
gate-rights-delete_messages = 我无法在 { $platform } 上删除垃圾消息：请把我设为管理员，并给我“删除消息”的权限。
gate-rights-manage_roles = 我无法在 { $platform } 上设置或解除新人身份组：我需要“管理身份组”权限。
gate-rights-role_order = 我无法在 { $platform } 上设置或解除新人身份组：请把我的身份组移到它上面。
gate-rights-ban_members = 我无法在 { $platform } 上封禁成员：我需要“封禁成员”权限。
gate-rights-kick_members = 我无法在 { $platform } 上移出成员：我需要“踢出成员”权限。
gate-rights-other = 我在 { $platform } 上缺少权限：{ $right }。

## Spam rules
gate-rule-invites = 其他群组的邀请链接
gate-rule-patterns = 广告
gate-rule-channel_forwards = 频道转发
gate-rule-mentions = 大量 @ 他人
gate-rule-links = 链接（你的等级还不能发链接）
gate-rule-repeats = 重复刷屏
gate-step-warn = 警告
gate-step-mute = 禁言
gate-step-ban = 封禁
gate-step-kick = 移出
gate-you-warn = 你的消息已被删除：{ $rule }。这是第 { $warnings } 次警告。如有误判，请发送 /appeal 加上理由。
gate-you-mute = 你的消息已被删除：{ $rule }。累计 { $warnings } 次警告，你被禁言 { $minutes } 分钟。可以在这里 /appeal 申诉。
gate-you-ban = 你的消息已被删除：{ $rule }。累计 { $warnings } 次警告，你已被封禁。可以在这里 /appeal 申诉。
gate-you-kick = 你的消息已被删除：{ $rule }。累计 { $warnings } 次警告，你已被移出群组。可以在这里 /appeal 申诉。
gate-notice-warn = { $name }，你的消息已被删除：{ $rule }（第 { $warnings } 次警告）。
gate-notice-mute = { $name } 被禁言 { $minutes } 分钟：{ $rule }。
gate-notice-ban = { $name } 已被封禁：{ $rule }。
gate-notice-kick = { $name } 已被移出：{ $rule }。
gate-you-undone = 管理员撤销了对“{ $rule }”的处理：你的权限已恢复，警告已清除。

## The admins' log
gate-log-action = #{ $number } { $step }：{ $name }（{ $user }），{ $rule }，第 { $warnings } 次警告。被删内容：{ $text }
gate-button-undo = ↩️ 撤销
gate-log-undone = #{ $number } 已由 { $admin } 撤销。被删内容：{ $text }
gate-undone-toast = 处理 #{ $number } 已撤销。
gate-no-action = 没有编号为 #{ $number } 的处理记录。
gate-already-undone = 处理 #{ $number } 已经撤销过了。
gate-log-appeal = { $name } 对 #{ $number }（{ $rule }）提出申诉：{ $text }
gate-appeal-sent = 你的申诉已发送给管理员。
gate-appeal-empty = 请写明理由：/appeal <理由>。
gate-appeal-nothing = 没有可以申诉的处理：门槛没有对你采取过措施。
gate-log-application = 申请 #{ $number }：{ $state }（{ $user }），处理人 { $by }，理由：{ $reason }。回答：{ $answers }
gate-log-line = 处理 #{ $number }：{ $step }（{ $user }），{ $rule }{ $undone ->
    [yes] ，已撤销
   *[no] {""}
}。内容：{ $text }
gate-log-empty = 门槛还没有任何处理记录。
gate-state-asking = 答题中
gate-state-queued = 等待管理员
gate-state-approved = 已通过
gate-state-declined = 已拒绝
gate-state-expired = 已超时
