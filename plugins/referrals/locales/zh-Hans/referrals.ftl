cmd-invite = 我的专属邀请链接和海报
cmd-invites = 我的邀请：已确认、待确认、无效（加 "why" 看每一位）
cmd-invites_top = 邀请排行榜：7 天、30 天或本期活动
cmd-referral = 邀请管理：stats、queue、export、add、remove、void、block、unblock
arg-period = 时间段

referrals-no-community = 邀请功能在社群的群里使用，或成为成员后私聊使用。
referrals-no-links = 本社群的平台在这里不能生成邀请链接，暂时没有可分享的。
referrals-invite = 你的专属邀请。通过它加入并留下的朋友都算你的：目前 { $count } 位。
referrals-invite-link = { $platform }：{ $url }
referrals-next = 再邀请 { $left } 位可得下一个奖励（{ $points } 积分）。
referrals-all-done = 你已拿到本期活动的全部奖励，谢谢！
referrals-mine = 你的邀请：已确认 { $confirmed }，待确认 { $pending }，无效 { $void }，待管理员审核 { $held }。计入奖励：{ $score }。
referrals-why-line = { $name }：{ $status ->
    [pending] 待确认
    [confirmed] 已确认
    [void] 无效
    [hold] 审核中
    [uncertain] 不确定
   *[other] 未知
}{ $reason ->
    [none] {""}
   *[other] （{ $reason }）
}
referrals-why-none = 还没有人通过你的链接加入。
referrals-reason-not-ours = 不是机器人生成的链接
referrals-reason-revoked = 已作废的链接
referrals-reason-no-link = 没有通过链接加入
referrals-reason-race = 与他人同时加入，可能是 { $invites } 个邀请之一
referrals-reason-blacklisted = 邀请人在黑名单中
referrals-reason-self = 自己邀请自己
referrals-reason-rejoin = 重复加入
referrals-reason-young-account = 账号仅 { $days } 天
referrals-reason-velocity = 审核中：{ $minutes } 分钟内 { $joins } 人加入
referrals-reason-left = { $seconds } 秒后退出
referrals-reason-admin = 管理员判为无效
referrals-board-empty = 还没有已确认的邀请。
referrals-board-title = 邀请排行榜（{ $period ->
    [week] 7 天
    [month] 30 天
   *[other] 本期活动
}）
referrals-board-line = { $rank }. { $name }：{ $count }{ $badge }
referrals-stats = 加入：{ $joins }（已确认 { $confirmed }，待确认 { $pending }，无效 { $void }，审核中 { $held }，不确定 { $uncertain }，未知 { $unknown }）。确认率：{ $rate }%。邀请最多的成员：
referrals-policy = { $platform }：{ $rewards ->
    [yes] 邀请可获奖励
   *[other] 仅展示（排行榜），不发奖励
}（[plugins.referrals] 的 rewards_on）
referrals-queue-empty = 没有待审核的内容。
referrals-queue-hold = { $name } 的链接：{ $joins } 人加入过快，审核中。
referrals-queue-uncertain = { $name } 与他人同时在 Discord 加入：可能是 { $count } 位邀请人之一。算谁的？
referrals-queue-prize = 请给 { $name } 发放邀请 { $step } 人的奖品：{ $prize }
referrals-button-approve = 通过
referrals-button-void = 判为无效
referrals-button-credit = 算 { $name } 的
referrals-button-sent = 奖品已发
referrals-held-done = { $count } 人{ $verdict ->
    [approve] 已通过
   *[other] 已判为无效
}。
referrals-already-done = 已经处理过了。
referrals-resolved = 完成。
referrals-prize-noted = 已记为发放。
referrals-admin-who = 请指定成员：/referral { "<操作>" } @成员
referrals-admin-adjust-usage = 用法：/referral add @成员 2 原因（或 remove），数字 1 到 1000，并写明原因。
referrals-adjusted = { $name }：调整 { $amount } 位邀请，已记录。
referrals-voided = { $name }：{ $count } 次加入判为无效。
referrals-blocked = { $name } 已加入黑名单：其链接不再计入任何人。
referrals-unblocked = { $name } 已移出黑名单。
referrals-exported = 已导出 { $count } 次加入。
referrals-step-reached = 你已邀请 { $count } 位！{ $points ->
    [0] {""}
   *[other] +{ $points } 积分。
}{ $cards ->
    [0] {""}
   *[other] +{ $cards } 张补签卡。
}{ $prize ->
    [none] {""}
   *[other] 管理员会给你发放：{ $prize }。
}
referrals-confirmed = 你邀请的一位朋友已确认：{ $goal ->
    [0] 计入奖励 { $count } 位
   *[other] { $count }/{ $goal } 已助力
}。这是更新后的海报。
referrals-poster-headline = 邀你加入，一起成长
referrals-poster-progress = { $count }/{ $goal } 已助力
referrals-poster-next = 再邀 { $left } 人得 { $points } 积分
referrals-poster-all-done = 全部奖励已达成
referrals-poster-scan = 扫码加入
