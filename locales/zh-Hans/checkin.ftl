## 打卡

cmd-checkin = 今日打卡，可附上备注或照片
cmd-makeup = 用补卡补上漏掉的一天（日期或“昨天”）
cmd-away = 提前请假，接下来几天不打卡也不断签
cmd-remind = 设置提醒：on（群里提醒）、dm（私信）或 off（关闭）
cmd-timezone = 设置你自己的时区，决定你的一天从何时开始（reset 恢复社群时区）
cmd-streak = 查看连续打卡：当前、最长、累计、补卡、冻结和本月概况
cmd-why = 逐日解释你的连续打卡是怎么算的
cmd-calendar = 以图片查看某月打卡日历（YYYY-MM）
cmd-rank = 排行榜：week、month 或 all；按 streak、total 或 points
cmd-checkin_rules = 查看本社群的打卡规则
cmd-checkin_stats = 打卡统计（管理员）
cmd-checkin_fix = 为成员补上或撤销某天的打卡（管理员）
cmd-checkin_export = 导出某月打卡记录 CSV（管理员）
cmd-checkin-note = 今天做了什么（可选）
cmd-makeup-day = 漏掉的那天：昨天、YYYY-MM-DD 或 MM-DD
cmd-away-days = 从今天起请假几天
cmd-away-reason = 原因（可选）
cmd-remind-mode = on、dm 或 off
cmd-remind-mode-on = 群里提醒
cmd-remind-mode-dm = 私信提醒
cmd-remind-mode-off = 不提醒
cmd-timezone-zone = 时区，例如 Asia/Shanghai，或 reset
cmd-streak-who = 查看谁的（不填就是你自己）
cmd-why-day = 要解释的日期（不填就是今天）
cmd-calendar-month = 月份：YYYY-MM，或今年的月份数字
cmd-rank-period = 本周、本月或全部
cmd-rank-period-week = 本周
cmd-rank-period-month = 本月
cmd-rank-period-all = 全部
cmd-rank-metric = 连续天数、累计天数或积分
cmd-rank-metric-streak = 当前连续天数
cmd-rank-metric-total = 累计打卡天数
cmd-rank-metric-points = 积分
cmd-checkin_fix-who = 哪位成员
cmd-checkin_fix-day = 日期：YYYY-MM-DD 或 MM-DD
cmd-checkin_fix-action = 补上或撤销打卡
cmd-checkin_fix-action-add = 补上打卡
cmd-checkin_fix-action-remove = 撤销打卡
cmd-checkin_fix-reason = 原因（记入审计日志）
cmd-checkin_export-month = 月份：YYYY-MM，或今年的月份数字

checkin-done = ✅ { $who } 打卡成功，今天第 { $count } 位。已连续 { $streak } 天（最长 { $longest } 天）。{ $points ->
    [0] 本次没有积分。
   *[other] +{ $points } 积分。
}
checkin-already = 你今天 { $time } 已经打过卡了，明天见！
checkin-already-elsewhere = 你今天 { $time } 已经在 { $platform } 打过卡了，明天见！
checkin-outside-window = 只能在 { $start } 到 { $end } 之间打卡。
checkin-rest-day = 今天是休息日：不计入也不断签，好好休息！
checkin-proof-needed = 打卡需要至少 { $chars } 个字的备注或一张照片，例如 /checkin 读了20页书。
checkin-proof-needed-note = 打卡需要至少 { $chars } 个字的备注，例如 /checkin 读了20页书。
checkin-milestone = 🎉 { $who } 连续打卡 { $days } 天！奖励 { $bonus } 积分。
checkin-card-earned = 🎟 你获得了一张补卡（共 { $cards } 张）。
checkin-freeze-earned = ❄️ 你获得了一次冻结（共 { $freezes } 次）。

checkin-makeup-done = 🔁 { $who } 用补卡补上了 { $day }。已连续 { $streak } 天；剩余补卡 { $cards } 张。
checkin-makeup-future = { $day } 还没到。
checkin-makeup-today = { $day } 就是今天，直接 /checkin 吧。
checkin-makeup-before-join = { $day } 在你加入之前。
checkin-makeup-outside-window = { $day } 太久了：只能补最近 { $days } 天。
checkin-makeup-covered = { $day } 不需要补卡：已计入、已被保护或是休息日。
checkin-makeup-no-card = 你没有补卡。每连续打卡一周可获得一张。

checkin-away-done = 🏖 { $who } 请假 { $first } – { $last }（{ $days } 天）。原因：{ $reason }。连续记录会为 TA 保留。
checkin-away-bad-days = 请给出 1 到 { $cap } 的天数，例如 /away 2 出差。
checkin-away-cap = 超出了 { $month } 的请假额度（每月 { $cap } 天，还剩 { $left } 天）。

checkin-remind-on = 已开启提醒：连续记录快断时我会在群里提醒你。
checkin-remind-dm = 已改为私信提醒：连续记录快断时我会私信你。
checkin-remind-off = 已关闭提醒。
checkin-remind-group-title = ⏰ 这些连续记录快要中断了，快来 /checkin：
checkin-remind-group-line = { $who }：连续 { $streak } 天，{ $hours } 小时后中断
checkin-remind-dm-text = ⏰ 你已连续打卡 { $streak } 天，{ $hours } 小时后就会中断。发送 /checkin 打卡吧。

checkin-timezone-show = 你的一天按 { $zone } 时区计算。用 /timezone Europe/Berlin 修改。
checkin-timezone-set = 你的一天现在按 { $zone } 时区计算。
checkin-timezone-bad = 不认识时区“{ $zone }”。请用 IANA 名称，例如 Asia/Shanghai。

checkin-streak = 🔥 { $who }：当前连续 { $current } 天，最长 { $longest } 天，累计 { $total } 天。
    补卡：{ $cards } · 冻结：{ $freezes }{ $next ->
    [0] {""}
   *[other] {""} · 下一个里程碑：{ $next } 天
}
    { $month }：{ $glance }

checkin-why-title = { $who } 的连续打卡逐日说明：
checkin-why-checked = { $day } 已打卡：连续 { $before } → { $after }
checkin-why-made-up = { $day } 用补卡补签：连续 { $before } → { $after }
checkin-why-admin-added = { $day } 由 { $admin } 补记（{ $reason }）：连续 { $before } → { $after }
checkin-why-missed-reset = { $day } 断签：{ $deadline_day } { $deadline } 前没有打卡；连续记录清零（{ $before } → 0）
checkin-why-missed = { $day } 未打卡：{ $deadline_day } { $deadline } 前没有打卡
checkin-why-removed = { $day } 的打卡被 { $admin } 撤销（{ $reason }）；连续 { $before } → { $after }
checkin-why-frozen = { $day } 由冻结保护：连续保持 { $after } 天
checkin-why-repaired = { $day } 自动修复（宽松规则）：连续保持 { $after } 天
checkin-why-leave = { $day } 请假：连续保持 { $after } 天
checkin-why-rest = { $day } 休息日：连续保持 { $after } 天
checkin-why-and = { " · " }
checkin-why-card = 获得一张补卡
checkin-why-freeze = 获得一次冻结
checkin-why-milestone = 达成 { $days } 天
checkin-why-nothing = 还没有可以解释的内容：你的第一天还没结束。

checkin-calendar-title = { $name } · { $year }年{ $month }月
checkin-calendar-weekdays = 一 二 三 四 五 六 日
checkin-calendar-checked = 已打卡
checkin-calendar-made-up = 补卡
checkin-calendar-frozen = 冻结
checkin-calendar-leave = 请假
checkin-calendar-rest = 休息
checkin-calendar-missed = 断签
checkin-calendar-caption = 你在 { $month } 的打卡日历。
checkin-button-calendar = 📅 我的日历
checkin-button-rank = 🏆 排行榜
checkin-button-checkin-now = ✅ 现在打卡
checkin-button-makeup = 🎟 用补卡
checkin-button-stale = 这条提醒是 { $day } 的。发送 /checkin 打今天的卡。
checkin-streak-lost = 你 { $streak } 天的连续打卡在 { $day } 中断了。你有 { $cards } 张补卡：用一张就能接上。
checkin-calendar-bad-month = “{ $value }”不是月份，请写成 YYYY-MM（例如 2026-03），或今年的月份数字（例如 3）。

checkin-period-week = 本周
checkin-period-month = 本月
checkin-period-all = 总榜
checkin-rank-title-streak = 🏆 当前连续打卡榜
checkin-rank-title-total = 🏆 打卡天数榜（{ $period }）
checkin-rank-title-points = 🏆 打卡积分榜（{ $period }）
checkin-rank-line-streak = { $rank }. { $name } — { $value } 天
checkin-rank-line-total = { $rank }. { $name } — { $value } 天
checkin-rank-line-points = { $rank }. { $name } — { $value } 分
checkin-rank-you-streak = 你：第 { $rank } 名，{ $value } 天
checkin-rank-you-total = 你：第 { $rank } 名，{ $value } 天
checkin-rank-you-points = 你：第 { $rank } 名，{ $value } 分
checkin-rank-you-none = 你还没上榜：/checkin 打卡即可上榜。
checkin-rank-empty = 还没有人上榜。

checkin-rules-classic = 规则：经典 — 每天打卡，漏一天连续记录清零。
checkin-rules-forgiving = 规则：宽松 — 每 { $every } 天可自动修复一次漏卡，否则清零。
checkin-rules-workdays = 规则：工作日 — { $rest }是休息日，不计入也不断签。
checkin-rules-window = 规则：时段 — 只能在 { $start } 到 { $end }（当地时间）之间打卡。
checkin-rules-day = 每天从 { $hour }:00 开始（{ $zone }）；/timezone 可设置你自己的时区。
checkin-rules-window-day = 每个时段算作它开始的那一天。
checkin-rules-points = 每次打卡得 { $points } 积分。发送 /checkin 或 { $keywords }。
checkin-rules-makeup = /makeup 可用补卡补最近 { $days } 天内漏掉的一天；每连续 { $every } 天获得一张补卡（最多 { $max } 张）。
checkin-rules-freezes = 冻结（每连续 { $every } 天获得一次，最多 { $max } 次）会自动保护漏掉的一天。
checkin-rules-leave = /away 请假：每月最多 { $days } 天；请假不计入也不断签。
checkin-rules-milestones = 里程碑：{ $list } 天，每个奖励 { $bonus } 积分。
checkin-rules-proof = 打卡需要至少 { $chars } 个字的备注或一张照片。
checkin-weekday-mon = 周一
checkin-weekday-tue = 周二
checkin-weekday-wed = 周三
checkin-weekday-thu = 周四
checkin-weekday-fri = 周五
checkin-weekday-sat = 周六
checkin-weekday-sun = 周日

checkin-stats-today = 今日：{ $active } 名活跃成员中 { $checked } 人已打卡。
checkin-stats-trend = 近 7 天：{ $trend }
checkin-stats-longest = 最长连续：{ $list }
checkin-stats-at-risk = 有风险（近 3 天漏了 2 天）：{ $count } 人 — { $list }
checkin-stats-away = 今天请假：{ $count } 人 — { $list }

checkin-fix-add-done = ✔ 已为 { $who } 补记 { $day }（{ $reason }）。当前连续 { $streak } 天，最长 { $longest } 天。
checkin-fix-remove-done = ✔ 已撤销 { $who } 在 { $day } 的打卡（{ $reason }）。当前连续 { $streak } 天，最长 { $longest } 天。
checkin-fix-future = { $day } 还没到。
checkin-fix-before-join = { $day } 在该成员加入之前。
checkin-fix-already = 该成员 { $day } 已经打过卡了。
checkin-fix-not-found = 该成员在 { $day } 没有打卡记录。

checkin-export-done = { $month } 的打卡记录：共 { $count } 行。

checkin-digest-title = 📋 { $day } 打卡日报
checkin-digest-counts = 已打卡：{ $checked } · 补卡：{ $late } · 未打卡：{ $missed } · 活跃成员：{ $active }
checkin-digest-rate = 打卡率：{ $rate }%（7 天平均 { $average }%）· 趋势：{ $trend }
checkin-digest-missed-by = 想念你们：{ " " }
checkin-list-separator = { "、" }
arg-note = 备注
arg-month = 月份
arg-days = 天数
arg-zone = 时区
arg-mode = 方式
arg-period = 时段
arg-metric = 指标
